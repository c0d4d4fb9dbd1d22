#include "report/study_report.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "analysis/agreement.hpp"
#include "analysis/coding_data.hpp"
#include "analysis/cooccurrence.hpp"
#include "analysis/frequencies.hpp"
#include "base/error.hpp"
#include "report/charts.hpp"
#include "report/html.hpp"
#include "report/study_sections.hpp"

namespace inzicht::report {

namespace {

std::string leaf(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool has_coder(const analysis::CodingData& data, const std::string& coder) {
  return std::find(data.coders().begin(), data.coders().end(), coder) != data.coders().end();
}

table::Cell estimate_cell(const analysis::Estimate& estimate) {
  if (estimate.value) return *estimate.value;
  return {};
}

}  // namespace

std::string code_label(const std::string& path) {
  std::string label = leaf(path);
  std::replace(label.begin(), label.end(), '_', ' ');
  return label;
}

void corpus_section(HtmlDocument& html, const analysis::CodingData& data) {
  html.section("corpus", "Corpus");
  std::map<std::string, std::int64_t> cases, documents, words;
  std::vector<std::size_t> all;
  for (std::size_t d = 0; d < data.documents().size(); ++d) all.push_back(d);
  data.load_texts(all);
  std::set<std::size_t> seen;
  for (std::size_t d = 0; d < data.documents().size(); ++d) {
    const analysis::DocumentInfo& document = data.documents()[d];
    std::string group = data.attribute(document.case_index, "group");
    if (group.empty()) group = "(geen groep)";
    ++documents[group];
    if (seen.insert(document.case_index).second) ++cases[group];
    words[group] += data.words_in(d, {0, data.length(d)});
  }
  table::Table table{{"groep", "cases", "documenten", "woorden", "woorden per document"}, {}};
  for (const auto& [group, n] : documents) {
    table.rows.push_back({group, cases[group], n, words[group],
                          static_cast<double>(words[group]) / static_cast<double>(n)});
  }
  html.table(table, 0, 0);
  // The make-up of each group by its defining attribute.
  for (const auto& [group, attribute] : std::vector<std::pair<std::string, std::string>>{
           {"learner", "sector"}, {"provider", "provider_type"}}) {
    std::map<std::string, std::int64_t> counts;
    for (const analysis::CaseInfo& info : data.cases()) {
      const auto g = info.attributes.find("group");
      const auto a = info.attributes.find(attribute);
      if (g != info.attributes.end() && g->second == group && a != info.attributes.end()) {
        ++counts[a->second];
      }
    }
    if (counts.empty()) continue;
    std::vector<Bar> bars;
    for (const auto& [value, n] : counts) bars.push_back({value, static_cast<double>(n), 0});
    html.subheading(group + " naar " + attribute);
    html.raw(bar_chart(bars, group + " naar " + attribute));
  }
}

void codebook_section(HtmlDocument& html, const analysis::CodingData& data,
                      const StudyReportOptions& options) {
  html.section("codeboek", "Codeboek en frequenties");
  if (!has_coder(data, options.coder)) {
    html.paragraph("Geen codes van codeur '" + options.coder + "' in dit project.");
    return;
  }
  html.note("Aantal cases met minstens één codering van codeur '" + options.coder +
            "', per code; een categorie telt de codes eronder mee.");
  analysis::FrequencyOptions frequency;
  frequency.selection.coders = {options.coder};
  const table::Table table = analysis::frequencies(data, frequency);
  std::size_t category = 0;
  std::vector<Bar> bars;
  std::string current;
  const auto flush = [&] {
    if (!bars.empty()) {
      html.subheading(current);
      html.raw(bar_chart(bars, current + ": cases per code"));
    }
    bars.clear();
  };
  for (const auto& row : table.rows) {
    const std::string& path = std::get<std::string>(row[0]);
    if (path.find('/') == std::string::npos) {
      flush();
      current = path;
      ++category;
      continue;
    }
    const auto cases = std::get<std::int64_t>(row[3]);
    // Sub-categories (drempels/lerenden) are shown through their codes.
    const analysis::CodeInfo& code = data.codes()[data.code_index(path)];
    if (!code.codable) continue;
    bars.push_back({path.substr(current.size() + 1), static_cast<double>(cases), category - 1});
  }
  flush();
  html.subheading("Alle codes");
  html.table(table, 0, 1);
}

void cooccurrence_section(HtmlDocument& html, const analysis::CodingData& data,
                          const StudyReportOptions& options) {
  html.section("coocurrentie", "Co-occurrentie");
  if (!has_coder(data, options.coder)) {
    html.paragraph("Geen coderingen om te vergelijken.");
    return;
  }
  std::vector<std::string> prefixes;
  for (const char* prefix : {"drempels", "hefbomen", "spanningsvelden"}) {
    if (data.find_code(prefix)) prefixes.emplace_back(prefix);
  }
  if (prefixes.empty()) return;
  analysis::CooccurOptions cooccur;
  cooccur.selection.codes = prefixes;
  cooccur.selection.coders = {options.coder};
  cooccur.scope = analysis::CooccurScope::paragraph;
  const analysis::Cooccurrence result = analysis::cooccurrence(data, cooccur);
  // Only codes that occur, so the map stays readable.
  std::vector<std::size_t> shown;
  for (std::size_t i = 0; i < result.codes.size(); ++i) {
    if (result.occurrences[i] > 0) shown.push_back(i);
  }
  Heatmap map;
  map.decimals = 2;
  map.low = 0;
  for (const std::size_t a : shown) {
    map.rows.push_back(leaf(result.codes[a]));
    map.columns.push_back(leaf(result.codes[a]));
    std::vector<std::optional<double>> row;
    for (const std::size_t b : shown) {
      const std::int64_t either = result.occurrences[a] + result.occurrences[b] - result.both[a][b];
      if (a == b || either == 0) {
        row.emplace_back();
      } else {
        row.emplace_back(static_cast<double>(result.both[a][b]) / static_cast<double>(either));
      }
    }
    map.values.push_back(std::move(row));
  }
  html.note(
      "c-coëfficiënt n12 / (n1 + n2 − n12) van drempels, hefbomen en spanningsvelden "
      "in dezelfde alinea (codeur '" +
      options.coder + "'); grijs: de code zelf.");
  html.raw(heatmap(map, "Co-occurrentie (c-coëfficiënt, alinea)"));
}

void agreement_section(HtmlDocument& html, const analysis::CodingData& data,
                       const StudyReportOptions& options) {
  html.section("overeenstemming", "Overeenstemming tussen codeurs");
  if (options.gold_coder == options.coder || !has_coder(data, options.gold_coder) ||
      !has_coder(data, options.coder)) {
    html.paragraph("Geen vergelijking: het project heeft geen codes van zowel codeur '" +
                   options.gold_coder + "' als '" + options.coder + "'.");
    return;
  }
  analysis::AgreementOptions agreement;
  agreement.coders = {options.gold_coder, options.coder};
  for (const analysis::CodeInfo& code : data.codes()) {
    if (code.depth == 0) agreement.codes.push_back(code.path);
  }
  const analysis::AgreementResult result = analysis::agreement(data, agreement);
  table::Table table{{"categorie", "zinnen", "codeur " + options.gold_coder, "codeur " + options.coder,
               "aandeel gelijk", "Cohen κ", "Brennan–Prediger", "Krippendorff α"},
              {}};
  const auto add = [&](const std::string& name, const analysis::VariableAgreement& variable) {
    table.rows.push_back({name, variable.complete, variable.coded.at(0), variable.coded.at(1),
                          estimate_cell(variable.percent), estimate_cell(variable.kappa),
                          estimate_cell(variable.brennan_prediger), estimate_cell(variable.alpha)});
  };
  for (const analysis::VariableAgreement& variable : result.codes) add(variable.name, variable);
  add("alle categorieën samen", result.overall);
  html.note("Codeur '" + options.coder + "' tegenover referentiecodeur '" + options.gold_coder +
            "' in de " + std::to_string(result.documents) +
            " documenten die beiden codeerden, per zin van een respondent: elke categorie is "
            "per zin aanwezig of niet (een code eronder telt mee). Een lege cel: niet "
            "gedefinieerd (bijvoorbeeld een categorie die geen van beiden gebruikte). "
            "Krippendorff raadt α ≥ 0,800 aan, en ≥ 0,667 voor voorlopige conclusies.");
  html.table(table, 0, 3);
  std::vector<Bar> bars;
  for (const analysis::VariableAgreement& variable : result.codes) {
    if (variable.alpha.value) {
      bars.push_back({variable.name, std::max(0.0, *variable.alpha.value), 0});
    }
  }
  if (!bars.empty()) {
    html.raw(bar_chart(bars, "Krippendorff α per categorie (negatief getoond als 0)", "", 1));
  }
}

std::string study_report(const store::Project& project, const StudyReportOptions& options) {
  const analysis::CodingData data(project);
  const model::Codebook codebook = project.codebook();
  HtmlDocument html(project.name(),
                    "Rapport gemaakt met inzicht uit het projectbestand " + project.path() + ".");
  corpus_section(html, data);
  codebook_section(html, data, options);
  cooccurrence_section(html, data, options);
  agreement_section(html, data, options);
  // Personas, their clustering and their journeys come from one clustering. A project
  // without the cases or codes for it gets the reason instead of the three sections.
  std::optional<analysis::PersonaSet> set;
  std::string why;
  analysis::PersonaOptions personas;
  personas.cluster.profile.cases = {{"group", options.persona_group}};
  personas.by = options.persona_by;
  if (options.names_path) personas.labels = codebook::read_persona_labels(*options.names_path);
  if (!data.find_code(options.persona_by)) {
    why = "het codeboek heeft geen categorie '" + options.persona_by + "'";
  } else {
    try {
      set = analysis::personas(data, codebook, personas);
    } catch (const InputError& error) {
      why = error.what();
    }
  }
  clustering_section(html, data, set, why);
  personas_section(html, data, set, why);
  journeys_section(html, data, set, why);
  requirements_section(html, data, codebook, options);
  ranking_section(html, codebook, options);
  return html.str();
}

}  // namespace inzicht::report
