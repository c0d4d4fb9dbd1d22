// The study report's clustering, persona cards and customer journey maps.

#include <algorithm>
#include <map>

#include "analysis/journey.hpp"
#include "analysis/quotes.hpp"
#include "report/charts.hpp"
#include "report/study_sections.hpp"

namespace inzicht::report {

namespace {

// A p-value as a reader scans it: "p < 0.001" below that, else "p = " and three decimals.
std::string p_text(double p) { return p < 0.001 ? "p < 0.001" : "p = " + fixed(p, 3); }

std::string percent(std::int64_t part, std::int64_t whole) {
  if (whole == 0) return "–";
  return fixed(100.0 * static_cast<double>(part) / static_cast<double>(whole), 0) + "%";
}

// "P01 (cvo), P04 (cvo)": cases with the value of `attribute` where they have one.
std::string case_list(const analysis::CodingData& data, const std::vector<std::size_t>& cases,
                      const std::string& attribute) {
  std::string out;
  for (const std::size_t c : cases) {
    if (!out.empty()) out += ", ";
    out += data.cases()[c].name;
    const std::string value = data.attribute(c, attribute);
    if (!value.empty()) out += " (" + value + ")";
  }
  return out;
}

// The attribute that tells the clustered cases apart, for labelling members: the first of
// these that some member has.
std::string member_attribute(const analysis::CodingData& data, const analysis::PersonaSet& set) {
  for (const char* name : {"provider_type", "type", "sector"}) {
    for (const std::size_t c : set.clustering.profiles.cases) {
      if (!data.attribute(c, name).empty()) return name;
    }
  }
  return {};
}

bool missing(HtmlDocument& html, const std::optional<analysis::PersonaSet>& set,
             const std::string& why) {
  if (set) return false;
  html.paragraph("Geen persona's in dit project: " + why + ".");
  return true;
}

}  // namespace

void clustering_section(HtmlDocument& html, const analysis::CodingData& data,
                        const std::optional<analysis::PersonaSet>& set, const std::string& why) {
  html.section("clustering", "Clustering van de aanbieders");
  if (missing(html, set, why)) return;
  const analysis::CaseClustering& clustering = set->clustering;
  const std::size_t n = clustering.profiles.cases.size();
  std::vector<std::string> labels;
  for (const std::size_t c : clustering.profiles.cases) labels.push_back(data.cases()[c].name);
  std::vector<DendrogramLink> links;
  for (const analysis::Merge& merge : clustering.dendrogram) {
    links.push_back({merge.left, merge.right, merge.height});
  }
  // The cut lies between the last merge kept and the first one undone.
  std::optional<double> cut;
  if (clustering.k >= 2 && clustering.k <= n && n >= 2) {
    const double undone = clustering.dendrogram[n - clustering.k].height;
    const double kept =
        n - clustering.k >= 1 ? clustering.dendrogram[n - clustering.k - 1].height : 0.0;
    cut = (undone + kept) / 2;
  }
  std::string category = "de categorie";
  if (!set->by_codes.empty()) {
    if (const auto parent = data.codes()[set->by_codes.front()].parent) {
      category = "'" + data.codes()[*parent].path + "'";
    }
  }
  html.note(std::to_string(n) + " cases geclusterd op hun profiel: per code onder " + category +
            " het aandeel van hun coderingen door alle codeurs (cosinusafstand, gemiddelde "
            "koppeling, zoals "
            "inzicht personas standaard doet); de stippellijn snijdt de boom in k = " +
            std::to_string(clustering.k) +
            " clusters, één per dominante code. Kleur: de persona van elke case." +
            (set->unplaced.empty() ? std::string()
                                   : " Niet geplaatst (geen codering om op te clusteren): " +
                                         case_list(data, set->unplaced, "") + "."));
  html.raw(dendrogram(labels, links, cut, clustering.labels, "Dendrogram van de cases"));
  table::Table table{{"persona", "naam", "cases", "gemiddeld silhouet"}, {}};
  for (std::size_t p = 0; p < set->personas.size(); ++p) {
    double sum = 0;
    std::int64_t members = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (clustering.labels[i] != p) continue;
      sum += clustering.silhouettes.values[i];
      ++members;
    }
    table.rows.push_back({static_cast<std::int64_t>(p + 1), code_label(set->personas[p].name),
                          members, members ? table::Cell{sum / static_cast<double>(members)} : table::Cell{}});
  }
  html.table(table, 0, 2);
  if (clustering.silhouettes.mean) {
    html.note("Gemiddeld silhouet over alle cases: " + fixed(*clustering.silhouettes.mean, 2) +
              " (1: elke case ligt veel dichter bij de eigen cluster dan bij de volgende).");
  }
}

void personas_section(HtmlDocument& html, const analysis::CodingData& data,
                      const std::optional<analysis::PersonaSet>& set, const std::string& why) {
  html.section("personas", "Persona's");
  if (missing(html, set, why)) return;
  const std::string attribute = member_attribute(data, *set);
  html.note(
      "Per persona: de ambitie die haar benoemt, de leden (met hun type), de codes die ze "
      "onderscheiden (lift: hoeveel vaker leden de code hebben dan alle geclusterde cases; p: "
      "Fisher's exacte toets, eenzijdig, zonder correctie voor meervoudig toetsen — lees p als "
      "rangorde) en citaten uit de case die het dichtst bij het midden van de persona ligt.");
  html.raw("<div class=\"cards\">");
  for (std::size_t p = 0; p < set->personas.size(); ++p) {
    const analysis::Persona& persona = set->personas[p];
    const auto members = static_cast<std::int64_t>(persona.members.size());
    std::string body;
    // A description from the names file says it in the study's words; else the codebook's.
    const std::string& about =
        persona.description.empty() ? persona.definition : persona.description;
    if (!about.empty()) body += "<p><em>" + escape_html(about) + "</em></p>";
    body += HtmlDocument::paragraph_html(
        std::to_string(members) + " leden: " + case_list(data, persona.members, attribute) + ".");
    if (!persona.secondary.empty()) {
      std::string also;
      for (const analysis::SecondaryMember& secondary : persona.secondary) {
        if (!also.empty()) also += ", ";
        also += data.cases()[secondary.case_index].name + " (" + fixed(100 * secondary.share, 0) +
                "% van de ambitiecoderingen)";
      }
      body += HtmlDocument::paragraph_html("Ook deels deze ambitie: " + also + ".");
    }
    for (const auto& [category, codes] : persona.top) {
      if (codes.empty()) continue;
      std::string line;
      for (const analysis::CodeEvidence& code : codes) {
        if (!line.empty()) line += "; ";
        line += code_label(data.codes()[code.code].path) + " (" +
                std::to_string(code.members_with) + "/" + std::to_string(members) + ")";
      }
      body += "<p><strong>" + escape_html(code_label(category)) + ":</strong> " +
              escape_html(line) + "</p>";
    }
    // What sets the persona apart, as a reader takes it in on a card.
    const std::int64_t others =
        static_cast<std::int64_t>(set->clustering.profiles.cases.size()) - members;
    std::string apart;
    for (std::size_t i = 0; i < persona.distinguishing.size() && i < 5; ++i) {
      const analysis::CodeEvidence& code = persona.distinguishing[i];
      apart += "<li>" + escape_html(code_label(data.codes()[code.code].path)) + ": " +
               percent(code.members_with, members) + " van de leden, " +
               percent(code.others_with, others) + " van de anderen (lift " + fixed(code.lift, 1) +
               ", " + p_text(code.p) + ")</li>";
    }
    if (!apart.empty())
      body += "<p><strong>Onderscheidt zich door:</strong></p><ul>" + apart + "</ul>";
    for (const analysis::PersonaQuote& quote : persona.quotes) {
      const std::size_t case_index = data.case_of(quote.document, quote.span);
      body += HtmlDocument::quote_html(quote.text, data.cases()[case_index].name + ", " +
                                                       code_label(data.codes()[quote.code].path));
    }
    html.card(std::to_string(p + 1) + ". " + code_label(persona.name), body);
  }
  html.raw("</div>");
}

void journeys_section(HtmlDocument& html, const analysis::CodingData& data,
                      const std::optional<analysis::PersonaSet>& set, const std::string& why) {
  html.section("klantreizen", "Klantreizen");
  if (missing(html, set, why)) return;
  const analysis::JourneyOptions options;
  for (const std::string& prefix : {options.phases, options.thresholds, options.levers}) {
    if (!data.find_code(prefix)) {
      html.paragraph("Geen klantreizen: het codeboek heeft geen '" + prefix + "'.");
      return;
    }
  }
  const analysis::Journey journey = analysis::journey(data, *set, options);
  std::vector<std::size_t> phases;
  for (const std::size_t code : data.subtree(data.code_index(options.phases))) {
    if (data.codes()[code].codable) phases.push_back(code);
  }
  html.note(
      "Per persona en per fase van de reis (van de detectie van een opleidingsnood tot de "
      "evaluatie van de eerste editie): de drempels en hefbomen die in dezelfde alinea als de "
      "fase ter sprake komen, met het aantal alinea's, de drie vaakste per cel, en een citaat "
      "bij de vaakste. Op een smal scherm schuift de tabel opzij.");
  using Cells = std::map<std::size_t, std::vector<const analysis::JourneyCell*>>;  // by phase
  const auto cells_of = [&](const std::vector<analysis::JourneyCell>& all, std::size_t persona) {
    Cells cells;
    for (const analysis::JourneyCell& cell : all) {
      if (cell.persona == persona) cells[cell.phase].push_back(&cell);
    }
    for (auto& [phase, list] : cells) {
      std::stable_sort(list.begin(), list.end(),
                       [](const auto* a, const auto* b) { return a->units > b->units; });
    }
    return cells;
  };
  const auto row_html = [&](const std::string& title, const Cells& cells) {
    std::string row = "<tr><th scope=\"row\">" + escape_html(title) + "</th>";
    for (const std::size_t phase : phases) {
      row += "<td>";
      const auto found = cells.find(phase);
      if (found != cells.end()) {
        row += "<ul>";
        for (std::size_t i = 0; i < found->second.size() && i < 3; ++i) {
          const analysis::JourneyCell& cell = *found->second[i];
          row += "<li>" + escape_html(code_label(data.codes()[cell.other].path)) + " (" +
                 std::to_string(cell.units) + ")</li>";
        }
        row += "</ul>";
        const std::string& quote = found->second.front()->quote;
        if (!quote.empty()) row += "<q>" + escape_html(analysis::shorten(quote, 160)) + "</q>";
      }
      row += "</td>";
    }
    return row + "</tr>";
  };
  for (std::size_t p = 0; p < set->personas.size(); ++p) {
    html.subheading(std::to_string(p + 1) + ". " + code_label(set->personas[p].name));
    std::string map = "<div class=\"scroll\"><table class=\"journey\"><thead><tr><th></th>";
    for (const std::size_t phase : phases) {
      map += "<th>" + escape_html(code_label(data.codes()[phase].path)) + "</th>";
    }
    map += "</tr></thead><tbody>";
    map += row_html("Drempels", cells_of(journey.thresholds, p));
    map += row_html("Hefbomen", cells_of(journey.levers, p));
    html.raw(map + "</tbody></table></div>");
  }
  if (journey.tensions.empty()) return;
  html.subheading("Spanningsvelden");
  html.note(
      "Aandeel van de leden van elke persona dat het spanningsveld aankaart; de laatste "
      "kolom over alle geclusterde cases.");
  Heatmap tensions;
  tensions.decimals = 2;
  tensions.low = 0;
  tensions.high = 1;
  for (const analysis::Persona& persona : set->personas)
    tensions.columns.push_back(code_label(persona.name));
  tensions.columns.emplace_back("alle cases");
  const auto placed = static_cast<double>(set->clustering.profiles.cases.size());
  for (const analysis::TensionPrevalence& tension : journey.tensions) {
    tensions.rows.push_back(code_label(data.codes()[tension.tension].path));
    std::vector<std::optional<double>> row;
    for (std::size_t p = 0; p < set->personas.size(); ++p) {
      const auto members = static_cast<double>(set->personas[p].members.size());
      row.emplace_back(members > 0 ? static_cast<double>(tension.cases[p]) / members : 0.0);
    }
    row.emplace_back(placed > 0 ? static_cast<double>(tension.all_cases) / placed : 0.0);
    tensions.values.push_back(std::move(row));
  }
  html.raw(heatmap(tensions, "Spanningsvelden per persona (aandeel van de leden)"));
}

}  // namespace inzicht::report
