#include "analysis/requirements.hpp"

#include <algorithm>
#include <set>
#include <tuple>

#include "analysis/quotes.hpp"
#include "base/error.hpp"

namespace inzicht::analysis {

namespace {

constexpr const char* kNone = "(none)";

}  // namespace

std::vector<RequirementCode> requirement_codes(const model::Codebook& codebook,
                                               const std::string& prefix) {
  std::vector<RequirementCode> out;
  for (const model::Code& code : codebook.codes) {
    if (!prefix.empty() && code.path != prefix && code.path.rfind(prefix + "/", 0) != 0) continue;
    const auto requirement = code.fields.find("requirement");
    if (requirement == code.fields.end() || requirement->second.empty()) continue;
    const auto theme = code.fields.find("theme");
    out.push_back({code.path, theme == code.fields.end() ? std::string() : theme->second,
                   requirement->second});
  }
  return out;
}

std::vector<std::int64_t> cases_voicing(const CodingData& data,
                                        const std::vector<std::string>& codes,
                                        const std::string& group_value,
                                        const std::vector<std::string>& coders) {
  std::vector<std::int64_t> out;
  for (const std::string& code : codes) {
    std::set<std::size_t> cases;
    for (const CodingInfo& coding : data.select({{code}, coders, {{"group", group_value}}})) {
      cases.insert(coding.case_index);
    }
    out.push_back(static_cast<std::int64_t>(cases.size()));
  }
  return out;
}

Requirements requirements(const CodingData& data, const model::Codebook& codebook,
                          const RequirementOptions& options) {
  data.select_codes({options.prefix});  // throws for an unknown prefix, naming near paths
  for (const std::string& coder : options.coders) data.coder_index(coder);
  const std::vector<RequirementCode> codes = requirement_codes(codebook, options.prefix);
  if (codes.empty()) {
    throw InputError("no code under '" + options.prefix +
                     "' has a requirement field (fields: requirement: in the codebook)");
  }
  const std::vector<bool> in_group = data.cases_where({{"group", options.group}});
  if (!options.by.empty()) data.cases_where({{options.by, ""}});  // checks the attribute

  Requirements result;
  std::set<std::size_t> group_cases;
  std::set<std::string> values;
  std::vector<std::size_t> documents;
  for (std::size_t d = 0; d < data.documents().size(); ++d) {
    bool any = false;
    for (const std::size_t c : data.cases_of(d)) {
      if (!in_group[c]) continue;
      any = true;
      group_cases.insert(c);
      if (!options.by.empty()) {
        const std::string value = data.attribute(c, options.by);
        values.insert(value.empty() ? kNone : value);
      }
    }
    if (any) documents.push_back(d);
  }
  if (group_cases.empty()) {
    throw InputError("no case with a document has the group '" + options.group + "'");
  }
  result.group_cases = static_cast<std::int64_t>(group_cases.size());
  result.values.assign(values.begin(), values.end());
  data.load_texts(documents);

  const auto value_index = [&](std::size_t case_index) {
    std::string value = data.attribute(case_index, options.by);
    if (value.empty()) value = kNone;
    return static_cast<std::size_t>(
        std::lower_bound(result.values.begin(), result.values.end(), value) -
        result.values.begin());
  };

  for (const RequirementCode& code : codes) {
    std::set<std::size_t> cases;
    std::vector<std::pair<QuoteCandidate, std::size_t>> candidates;  // and the case
    for (const CodingInfo& coding :
         data.select({{code.id}, options.coders, {{"group", options.group}}})) {
      const std::size_t case_index = coding.case_index;
      candidates.emplace_back(quote_candidate(data, coding.document, coding.span), case_index);
      cases.insert(case_index);
    }
    if (static_cast<std::int64_t>(cases.size()) < options.min_cases) {
      result.left_out.push_back(code.id);
      continue;
    }
    Requirement requirement{code, static_cast<std::int64_t>(cases.size()), {}, {}};
    requirement.by.assign(result.values.size(), 0);
    if (!options.by.empty()) {
      for (const std::size_t c : cases) ++requirement.by[value_index(c)];
    }
    std::sort(candidates.begin(), candidates.end(),
              [](const auto& a, const auto& b) { return a.first.key() < b.first.key(); });
    for (const auto& [candidate, case_index] : candidates) {
      if (requirement.quotes.size() == 2) break;
      const std::string& case_name = data.cases()[case_index].name;
      if (!requirement.quotes.empty() && requirement.quotes.front().case_name == case_name) {
        continue;
      }
      requirement.quotes.push_back({case_name, data.documents()[candidate.document].name,
                                    quote_text(data.text(candidate.document), candidate.span)});
    }
    result.kept.push_back(std::move(requirement));
  }
  // Codes come in codebook order, so a stable sort by cases ranks ties in that order.
  std::stable_sort(result.kept.begin(), result.kept.end(),
                   [](const Requirement& a, const Requirement& b) { return a.cases > b.cases; });
  return result;
}

table::Table requirements_table(const Requirements& requirements) {
  table::Table table;
  // Numbers before the long texts, so a terminal shows them first.
  table.columns = {"rank", "id", "theme", "cases", "cases_pct"};
  table.columns.insert(table.columns.end(), requirements.values.begin(), requirements.values.end());
  for (const char* column : {"requirement", "quote_1_case", "quote_1", "quote_2_case", "quote_2"}) {
    table.columns.emplace_back(column);
  }
  std::int64_t rank = 0;
  for (const Requirement& requirement : requirements.kept) {
    std::vector<table::Cell> row = {++rank, requirement.code.id, requirement.code.theme,
                                     requirement.cases,
                                     100.0 * static_cast<double>(requirement.cases) /
                                         static_cast<double>(requirements.group_cases)};
    for (const std::int64_t n : requirement.by) row.emplace_back(n);
    row.emplace_back(requirement.code.text);
    for (std::size_t q = 0; q < 2; ++q) {
      if (q < requirement.quotes.size()) {
        row.emplace_back(requirement.quotes[q].case_name);
        row.emplace_back(requirement.quotes[q].text);
      } else {
        row.emplace_back();
        row.emplace_back();
      }
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

}  // namespace inzicht::analysis
