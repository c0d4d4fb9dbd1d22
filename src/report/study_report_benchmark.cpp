// The study report's UX requirements and website benchmark.

#include <algorithm>
#include <map>

#include "analysis/requirements.hpp"
#include "analysis/review.hpp"
#include "base/error.hpp"
#include "base/files.hpp"
#include "report/charts.hpp"
#include "report/study_sections.hpp"

namespace inzicht::report {

namespace {

// Colour index per theme, in order of first appearance.
std::size_t theme_index(std::map<std::string, std::size_t>& themes, const std::string& theme) {
  return themes.emplace(theme, themes.size()).first->second;
}

}  // namespace

void requirements_section(HtmlDocument& html, const analysis::CodingData& data,
                          const model::Codebook& codebook, const StudyReportOptions& options) {
  html.section("eisen", "UX-eisen uit de behoeften van lerenden");
  analysis::RequirementOptions requirement;
  requirement.group = options.learner_group;
  if (!data.find_code(requirement.prefix) ||
      analysis::requirement_codes(codebook, requirement.prefix).empty()) {
    html.paragraph("Geen UX-eisen: geen code onder '" + requirement.prefix +
                   "' heeft een requirement-veld in het codeboek.");
    return;
  }
  analysis::Requirements result;
  try {
    result = analysis::requirements(data, codebook, requirement);
  } catch (const InputError& error) {
    html.paragraph(std::string("Geen UX-eisen: ") + error.what() + ".");
    return;
  }
  html.note("Een behoefte wordt een eis voor de website van een school wanneer minstens " +
            std::to_string(requirement.min_cases) + " van de " +
            std::to_string(result.group_cases) + " lerenden ze uitspraken (alle codeurs); " +
            "gerangschikt naar dat aantal. Kleur: het thema." +
            (result.left_out.empty()
                 ? std::string()
                 : " Te weinig genoemd en weggelaten: " + std::to_string(result.left_out.size()) +
                       " behoefte(n)."));
  std::map<std::string, std::size_t> themes;
  std::vector<Bar> bars;
  for (const analysis::Requirement& kept : result.kept) {
    bars.push_back(
        {code_label(kept.code.id),
         100.0 * static_cast<double>(kept.cases) / static_cast<double>(result.group_cases),
         theme_index(themes, kept.code.theme)});
  }
  std::string legend = "Thema's: ";
  for (const auto& [theme, index] : themes) {
    legend += "<span style=\"color:" + category_color(index) + "\">■</span> " +
              escape_html(theme.empty() ? "(geen thema)" : theme) + " ";
  }
  html.raw("<p class=\"note\">" + legend + "</p>");
  html.raw(bar_chart(bars, "Aandeel van de lerenden dat de behoefte uitsprak", "%", 100));
  table::Table table{{"#", "eis", "thema", "lerenden", "citaat"}, {}};
  std::int64_t rank = 0;
  for (const analysis::Requirement& kept : result.kept) {
    std::string quote;
    if (!kept.quotes.empty()) {
      quote = "“" + kept.quotes.front().text + "” (" + kept.quotes.front().case_name + ")";
    }
    table.rows.push_back({++rank, kept.code.text, kept.code.theme,
                          std::to_string(kept.cases) + " (" +
                              fixed(100.0 * static_cast<double>(kept.cases) /
                                        static_cast<double>(result.group_cases),
                                    0) +
                              "%)",
                          quote});
  }
  html.table(table);
}

void ranking_section(HtmlDocument& html, const model::Codebook& codebook,
                     const StudyReportOptions& options) {
  html.section("websites", "Websites getoetst aan de eisen");
  if (!options.reviews_path) {
    html.paragraph(
        "Geen websitebeoordelingen meegegeven (inzicht report --reviews FILE.csv "
        "[--sites FILE.csv]).");
    return;
  }
  std::optional<analysis::SiteList> sites;
  if (options.sites_path) {
    sites = analysis::parse_sites(read_file(*options.sites_path), *options.sites_path);
  }
  const analysis::ReviewFile reviews = analysis::parse_reviews(
      read_file(*options.reviews_path), *options.reviews_path, codebook, sites);
  const analysis::Review review = analysis::review(reviews, sites, codebook, {});
  html.note(
      "Een expert scoorde elke website per eis: 0 afwezig, 1 gedeeltelijk, 2 volledig. "
      "De score van een site is haar aandeel van de haalbare punten; elke eis weegt even "
      "zwaar (inzicht review --weights learners weegt naar het aantal lerenden).");
  std::map<std::string, std::size_t> level_color;
  for (const std::string& level : review.levels) level_color.emplace(level, level_color.size());
  const std::vector<std::string> levels =
      review.levels.empty() ? std::vector<std::string>{""} : review.levels;
  for (const std::string& level : levels) {
    std::vector<Bar> bars;
    for (const analysis::SiteScore& site : review.ranking) {
      if (!level.empty() && site.level != level) continue;
      const std::string name = site.name.empty() ? site.site : site.site + " " + site.name;
      bars.push_back({name, site.pct.value_or(0), level.empty() ? 0 : level_color[level]});
    }
    const std::string title = level.empty() ? "Rangschikking" : "Rangschikking " + level;
    html.subheading(title);
    html.raw(bar_chart(bars, title + " (aandeel van de haalbare punten)", "%", 100));
  }
  html.subheading("Per thema");
  Heatmap themes;
  themes.decimals = 0;
  themes.low = 0;
  themes.high = 100;
  themes.columns = review.levels;
  themes.columns.emplace_back("alle sites");
  for (const analysis::ThemeScore& theme : review.themes) {
    themes.rows.push_back(theme.theme.empty() ? "(geen thema)" : theme.theme);
    std::vector<std::optional<double>> row;
    for (const analysis::Pooled& pooled : theme.by_level) row.push_back(pooled.pct());
    row.push_back(theme.all.pct());
    themes.values.push_back(std::move(row));
  }
  html.raw(heatmap(themes, "Gemiddelde score per thema (%)"));
  html.subheading("De beste site per niveau");
  for (const analysis::BestSite& best : review.best) {
    const analysis::SiteScore& site = review.ranking[best.site];
    std::string text = (best.level == "all" ? std::string("Alle sites") : best.level) + ": " +
                       site.site + (site.name.empty() ? "" : " " + site.name) + " met " +
                       (site.pct ? fixed(*site.pct, 1) : std::string("–")) + "%";
    if (const auto level = best.level_total.pct()) {
      text += " (gemiddeld op dit niveau " + fixed(*level, 1) + "%)";
    }
    if (!best.leads.empty()) {
      text += "; het verst voor op ";
      for (std::size_t i = 0; i < best.leads.size() && i < 3; ++i) {
        const analysis::ThemeLead& lead = best.leads[i];
        text += (i ? ", " : "") + lead.theme + " (" + fixed(lead.site_pct, 0) + "% tegen " +
                fixed(lead.level_pct, 0) + "%)";
      }
    }
    html.paragraph(text + ".");
  }
}

}  // namespace inzicht::report
