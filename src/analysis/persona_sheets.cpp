// The tables `inzicht personas` writes.

#include <map>

#include "analysis/personas.hpp"

namespace inzicht::analysis {

namespace {

std::string summary(const CodingData& data, const std::vector<std::size_t>& cases,
                    const std::string& attribute) {
  std::map<std::string, int> counts;
  for (std::size_t c : cases) ++counts[data.attribute(c, attribute)];
  std::string out;
  for (const auto& [value, count] : counts) {
    if (!out.empty()) out += ", ";
    out += (value.empty() ? "(none)" : value) + " " + std::to_string(count);
  }
  return out;
}

table::Cell code_cell(const CodingData& data, std::optional<std::size_t> code) {
  if (!code) return std::monostate{};
  return data.codes()[*code].path;
}

}  // namespace

std::vector<table::Sheet> persona_sheets(const CodingData& data, const PersonaSet& set,
                                          const std::vector<std::string>& show) {
  const CaseClustering& clustering = set.clustering;
  std::map<std::size_t, std::size_t> row_of;  // case index → clustered row
  for (std::size_t i = 0; i < clustering.profiles.cases.size(); ++i) {
    row_of[clustering.profiles.cases[i]] = i;
  }
  auto dominant = [&](std::size_t case_index) -> table::Cell {
    const auto d = set.dominant[row_of.at(case_index)];
    return d ? code_cell(data, set.by_codes[*d]) : table::Cell{};
  };

  table::Table personas{{"persona", "name", "code", "size", "secondary", "central_case",
                          "silhouette", "definition", "description"},
                         {}};
  for (const std::string& name : show) personas.columns.push_back(name);
  table::Table members{{"persona", "case", "role", "share", "dominant"}, {}};
  for (const std::string& name : show) members.columns.push_back(name);
  table::Table distinguishing{
      {"persona", "code", "members_with", "members", "others_with", "others", "lift", "p"}, {}};
  table::Table top{{"persona", "category", "rank", "code", "cases", "share"}, {}};
  table::Table quotes{{"persona", "case", "document", "code", "quote"}, {}};

  const auto total = static_cast<std::int64_t>(clustering.profiles.cases.size());
  for (std::size_t p = 0; p < set.personas.size(); ++p) {
    const Persona& persona = set.personas[p];
    const auto number = static_cast<std::int64_t>(p + 1);
    const auto size = static_cast<std::int64_t>(persona.members.size());
    double silhouette = 0;
    for (std::size_t c : persona.members) {
      silhouette += clustering.silhouettes.values[row_of.at(c)];
    }
    std::vector<table::Cell> row{number,
                                  persona.name,
                                  code_cell(data, persona.code),
                                  size,
                                  static_cast<std::int64_t>(persona.secondary.size()),
                                  data.cases()[persona.central_case].name,
                                  silhouette / static_cast<double>(size),
                                  persona.definition,
                                  persona.description};
    for (const std::string& name : show) row.emplace_back(summary(data, persona.members, name));
    personas.rows.push_back(std::move(row));

    for (std::size_t c : persona.members) {
      std::vector<table::Cell> line{number, data.cases()[c].name, std::string("member"),
                                     std::monostate{}, dominant(c)};
      for (const std::string& name : show) line.emplace_back(data.attribute(c, name));
      members.rows.push_back(std::move(line));
    }
    for (const SecondaryMember& secondary : persona.secondary) {
      std::vector<table::Cell> line{number, data.cases()[secondary.case_index].name,
                                     std::string("secondary"), secondary.share,
                                     dominant(secondary.case_index)};
      for (const std::string& name : show)
        line.emplace_back(data.attribute(secondary.case_index, name));
      members.rows.push_back(std::move(line));
    }
    for (const CodeEvidence& code : persona.distinguishing) {
      distinguishing.rows.push_back({number, data.codes()[code.code].path, code.members_with, size,
                                     code.others_with, total - size, code.lift, code.p});
    }
    for (const auto& [category, codes] : persona.top) {
      for (std::size_t rank = 0; rank < codes.size(); ++rank) {
        top.rows.push_back(
            {number, category, static_cast<std::int64_t>(rank + 1),
             data.codes()[codes[rank].code].path, codes[rank].members_with,
             static_cast<double>(codes[rank].members_with) / static_cast<double>(size)});
      }
    }
    for (const PersonaQuote& quote : persona.quotes) {
      quotes.rows.push_back({number, data.cases()[persona.central_case].name,
                             data.documents()[quote.document].name, data.codes()[quote.code].path,
                             quote.text});
    }
  }
  for (std::size_t c : set.unplaced) {
    std::vector<table::Cell> line{std::monostate{}, data.cases()[c].name, std::string("unplaced"),
                                   std::monostate{}, std::monostate{}};
    for (const std::string& name : show) line.emplace_back(data.attribute(c, name));
    members.rows.push_back(std::move(line));
  }
  std::vector<table::Sheet> sheets{{"personas", std::move(personas)},
                                    {"members", std::move(members)},
                                    {"distinguishing", std::move(distinguishing)},
                                    {"top", std::move(top)},
                                    {"quotes", std::move(quotes)}};
  if (clustering.choice) sheets.push_back(k_sheet(clustering));
  return sheets;
}

}  // namespace inzicht::analysis
