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
#include "report/strings.hpp"
#include "report/study_sections.hpp"

namespace inzicht::report {

namespace {

std::string leaf(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

table::Cell estimate_cell(const analysis::Estimate& estimate) {
  if (estimate.value) return *estimate.value;
  return {};
}

// "every coder (auto, gold)" or "coder 'auto'", for the notes under figures.
std::string coders_text(const analysis::CodingData& data, const std::vector<std::string>& coders,
                        const Words& t) {
  if (coders.empty()) {
    std::string all;
    for (const std::string& coder : data.coders()) all += (all.empty() ? "" : ", ") + coder;
    return t("coders.every", {all});
  }
  std::string named;
  for (const std::string& coder : coders) named += (named.empty() ? "'" : ", '") + coder + "'";
  return t(coders.size() == 1 ? "coders.one" : "coders.some", {named});
}

}  // namespace

std::string code_label(const std::string& path) {
  std::string label = leaf(path);
  std::replace(label.begin(), label.end(), '_', ' ');
  return label;
}

void corpus_section(HtmlDocument& html, const analysis::CodingData& data,
                    const StudyReportOptions& options, const Words& t) {
  html.section("corpus", t("corpus.title"));
  std::map<std::string, std::int64_t> cases, documents, words;
  std::vector<std::size_t> all;
  for (std::size_t d = 0; d < data.documents().size(); ++d) all.push_back(d);
  data.load_words(all);  // from PROJECT-structure when it is current, else on worker threads
  std::set<std::size_t> seen;
  bool grouped = false;
  for (const analysis::CaseInfo& info : data.cases())
    grouped = grouped || info.attributes.count("group");
  for (std::size_t d = 0; d < data.documents().size(); ++d) {
    const analysis::DocumentInfo& document = data.documents()[d];
    std::string group = grouped ? data.attribute(document.case_index, "group") : t("corpus.all");
    if (group.empty()) group = t("corpus.no_group");
    ++documents[group];
    for (const std::size_t c : data.cases_of(d)) {  // with a case per speaker, several
      if (!seen.insert(c).second) continue;
      std::string of = grouped ? data.attribute(c, "group") : t("corpus.all");
      ++cases[of.empty() ? t("corpus.no_group") : of];
    }
    words[group] += data.words_in(d, {0, data.length(d)});
  }
  table::Table table{{grouped ? t("corpus.group") : "", t("corpus.cases"), t("corpus.documents"),
                      t("corpus.words"), t("corpus.words_per_document")},
                     {}};
  for (const auto& [group, n] : documents) {
    table.rows.push_back({group, cases[group], n, words[group],
                          static_cast<double>(words[group]) / static_cast<double>(n)});
  }
  html.table(table, 0, 0);
  // The make-up of a group by an attribute that defines it, as the study asks.
  for (const auto& [group, attribute] : options.breakdowns) {
    std::map<std::string, std::int64_t> counts;
    for (const analysis::CaseInfo& info : data.cases()) {
      const auto g = info.attributes.find("group");
      const auto a = info.attributes.find(attribute);
      if ((group.empty() || (g != info.attributes.end() && g->second == group)) &&
          a != info.attributes.end()) {
        ++counts[a->second];
      }
    }
    if (counts.empty()) continue;
    std::vector<Bar> bars;
    for (const auto& [value, n] : counts) bars.push_back({value, static_cast<double>(n), 0});
    const std::string title =
        t("corpus.breakdown", {group.empty() ? t("corpus.cases") : group, attribute});
    html.subheading(title);
    html.raw(bar_chart(bars, title));
  }
}

bool codebook_section(HtmlDocument& html, const analysis::CodingData& data,
                      const StudyReportOptions& options, const Words& t) {
  analysis::FrequencyOptions frequency;
  frequency.selection.coders = options.coders;
  const std::vector<analysis::CodingInfo> counted = data.select(frequency.selection);
  if (counted.empty()) return false;
  html.section("codebook", t("codebook.title"));
  html.note(t("codebook.note", {coders_text(data, options.coders, t)}));
  const table::Table table = analysis::frequencies(data, frequency);
  // Per top-level code with codes below it, a chart of those codes; the top-level codes
  // without any (all of a flat codebook) share one chart.
  std::map<std::string, std::int64_t> cases_of;
  for (const auto& row : table.rows) {
    cases_of[std::get<std::string>(row[0])] = std::get<std::int64_t>(row[3]);
  }
  std::vector<Bar> flat;
  std::size_t category = 0;
  for (std::size_t c = 0; c < data.codes().size(); ++c) {
    const analysis::CodeInfo& code = data.codes()[c];
    if (code.depth != 0) continue;
    const std::vector<std::size_t> below = data.subtree(c);
    if (below.size() == 1) {
      if (code.codable)
        flat.push_back({code_label(code.path), static_cast<double>(cases_of[code.path]), 0});
      continue;
    }
    std::vector<Bar> bars;
    for (const std::size_t b : below) {
      const analysis::CodeInfo& child = data.codes()[b];
      // Sub-categories (drempels/lerenden) are shown through their codes.
      if (b == c || !child.codable) continue;
      bars.push_back({child.path.substr(code.path.size() + 1),
                      static_cast<double>(cases_of[child.path]), category});
    }
    ++category;
    if (bars.empty()) continue;
    html.subheading(code.path);
    html.raw(bar_chart(bars, t("codebook.chart", {code.path})));
  }
  if (!flat.empty()) {
    const std::string title = category == 0 ? t("codebook.codes") : t("codebook.other_codes");
    html.subheading(title);
    html.raw(bar_chart(flat, t("codebook.chart", {title})));
  }
  html.subheading(t("codebook.all"));
  html.table(table, 0, 1);
  return true;
}

bool cooccurrence_section(HtmlDocument& html, const analysis::CodingData& data,
                          const StudyReportOptions& options, const Words& t) {
  analysis::CooccurOptions cooccur;
  cooccur.selection.codes = options.cooccur_codes;
  cooccur.selection.coders = options.coders;
  cooccur.scope = analysis::CooccurScope::paragraph;
  const analysis::Cooccurrence result = analysis::cooccurrence(data, cooccur);
  // Only codes that occur, the most frequent first when there are many, so the map stays
  // readable; then back in codebook order.
  std::vector<std::size_t> shown;
  for (std::size_t i = 0; i < result.codes.size(); ++i) {
    if (result.occurrences[i] > 0) shown.push_back(i);
  }
  constexpr std::size_t kMostShown = 20;
  const bool capped = shown.size() > kMostShown;
  if (capped) {
    std::stable_sort(shown.begin(), shown.end(), [&](std::size_t a, std::size_t b) {
      return result.occurrences[a] > result.occurrences[b];
    });
    shown.resize(kMostShown);
    std::sort(shown.begin(), shown.end());
  }
  // Two codes make the smallest map worth reading; without a pair that co-occurs, none.
  bool any_pair = false;
  for (const std::size_t a : shown) {
    for (const std::size_t b : shown) any_pair = any_pair || (a != b && result.both[a][b] > 0);
  }
  if (shown.size() < 2 || !any_pair) return false;
  html.section("cooccurrence", t("cooccurrence.title"));
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
  std::string about = t("cooccurrence.all_codes");
  if (!options.cooccur_codes.empty()) {
    about.clear();
    for (const std::string& code : options.cooccur_codes)
      about += (about.empty() ? "" : ", ") + code;
  }
  html.note(t("cooccurrence.note", {about, coders_text(data, options.coders, t)}) +
            (capped ? " " + t("cooccurrence.most_frequent", {std::to_string(shown.size())})
                    : std::string()));
  html.raw(heatmap(map, t("cooccurrence.chart")));
  return true;
}

bool agreement_section(HtmlDocument& html, const analysis::CodingData& data,
                       const StudyReportOptions& options, const Words& t) {
  analysis::AgreementOptions agreement;
  agreement.coders = options.agreement_coders.empty() ? data.coders() : options.agreement_coders;
  if (agreement.coders.size() < 2) return false;
  for (const analysis::CodeInfo& code : data.codes()) {
    if (code.depth == 0) agreement.codes.push_back(code.path);
  }
  const analysis::AgreementResult result = analysis::agreement(data, agreement);
  if (result.documents == 0) return false;
  html.section("agreement", t("agreement.title"));
  table::Table table{{t("agreement.category"), t("agreement.sentences")}, {}};
  for (const std::string& coder : result.coders)
    table.columns.push_back(t("agreement.coder", {coder}));
  const bool two = result.coders.size() == 2;
  for (const std::string& column :
       {t("agreement.share_agreed"), std::string(two ? "Cohen κ" : "Fleiss κ"),
        std::string("Brennan–Prediger"), std::string("Krippendorff α")}) {
    table.columns.push_back(column);
  }
  const auto add = [&](const std::string& name, const analysis::VariableAgreement& variable) {
    std::vector<table::Cell> row{name, variable.complete};
    for (const std::int64_t coded : variable.coded) row.emplace_back(coded);
    for (const analysis::Estimate* estimate :
         {&variable.percent, &variable.kappa, &variable.brennan_prediger, &variable.alpha}) {
      row.push_back(estimate_cell(*estimate));
    }
    table.rows.push_back(std::move(row));
  };
  for (const analysis::VariableAgreement& variable : result.codes) add(variable.name, variable);
  add(t("agreement.all_categories"), result.overall);
  std::string coders;
  for (std::size_t i = 0; i < result.coders.size(); ++i) {
    coders += (i == 0                          ? ""
               : i + 1 == result.coders.size() ? t("and")
                                               : ", ") +
              "'" + result.coders[i] + "'";
  }
  html.note(t("agreement.note", {coders, std::to_string(result.documents)}));
  html.table(table, 0, 3);
  std::vector<Bar> bars;
  for (const analysis::VariableAgreement& variable : result.codes) {
    if (variable.alpha.value) {
      bars.push_back({variable.name, std::max(0.0, *variable.alpha.value), 0});
    }
  }
  if (!bars.empty()) html.raw(bar_chart(bars, t("agreement.chart"), "", 1));
  return true;
}

std::string study_report(const store::Project& project, const StudyReportOptions& given) {
  StudyReportOptions options = given;
  if (options.language.empty()) options.language = report_language(project.language());
  if (options.language != "nl" && options.language != "en") {
    throw InputError("the report is written in nl or en, not '" + options.language + "'");
  }
  const Words t(options.language);
  const analysis::CodingData data(project);
  const model::Codebook codebook = project.codebook();
  // Names the study gives must exist: a typo would otherwise leave a section out unseen.
  for (const std::string& coder : options.coders) data.coder_index(coder);
  for (const std::string& coder : options.agreement_coders) data.coder_index(coder);
  for (const std::string& code : options.cooccur_codes) data.code_index(code);
  HtmlDocument html(project.name(), t("report.subtitle", {project.path()}), options.language);
  if (!data.documents().empty()) corpus_section(html, data, options, t);
  codebook_section(html, data, options, t);
  cooccurrence_section(html, data, options, t);
  agreement_section(html, data, options, t);
  // Personas, their clustering and their journeys come from one clustering, made when the
  // study names the category that names personas. When it cannot be made, the sections
  // say why: the study asked for them.
  if (options.persona_by) {
    std::optional<analysis::PersonaSet> set;
    std::string why;
    analysis::PersonaOptions personas;
    if (!options.persona_group.empty()) {
      personas.cluster.profile.cases = {{"group", options.persona_group}};
    }
    personas.by = *options.persona_by;
    if (options.names_path) personas.labels = codebook::read_persona_labels(*options.names_path);
    if (!data.find_code(*options.persona_by)) {
      why = "het codeboek heeft geen categorie '" + *options.persona_by + "'";
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
  }
  if (options.requirements_group) requirements_section(html, data, codebook, options);
  if (options.reviews_path) ranking_section(html, codebook, options);
  return html.str();
}

}  // namespace inzicht::report
