#include "report/html.hpp"

#include <doctest/doctest.h>

#include <cstdio>

#include "analysis/agreement.hpp"
#include "analysis_fixture.hpp"
#include "base/error.hpp"
#include "report/charts.hpp"
#include "report/study_report.hpp"

using namespace inzicht;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_SUITE("html") {
  TEST_CASE("text is escaped for HTML and colours come from colour-blind-safe scales") {
    CHECK(report::escape_html("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;");
    CHECK(report::ramp_color(0) == "#440154");  // viridis ends
    CHECK(report::ramp_color(1) == "#FDE725");
    CHECK(report::ramp_color(2) == "#FDE725");
    CHECK(report::category_color(0) == "#0072B2");  // Okabe–Ito blue
    CHECK(report::category_color(8) == report::category_color(0));
  }

  TEST_CASE("a bar chart labels every bar with its value") {
    const std::string svg = report::bar_chart(
        {{"kosten", 40, 0}, {"tijd & geld", 20, 1}, {"duur", 2.5, 1}}, "Behoeften", "%");
    CHECK(svg.rfind("<svg", 0) == 0);
    CHECK(count(svg, "<rect") == 3);
    CHECK(svg.find(">tijd &amp; geld</text>") != std::string::npos);
    CHECK(svg.find(">40%</text>") != std::string::npos);
    CHECK(svg.find(">2.50%</text>") != std::string::npos);
    // The largest bar spans the whole bar area, the half one half of it.
    CHECK(svg.find("width=\"360.0\"") != std::string::npos);
    CHECK(svg.find("width=\"180.0\"") != std::string::npos);
  }

  TEST_CASE("a heatmap shows each value and leaves empty cells grey") {
    report::Heatmap map;
    map.rows = {"a", "b"};
    map.columns = {"x", "y"};
    map.values = {{0.0, 0.5}, {std::nullopt, 1.0}};
    const std::string svg = report::heatmap(map, "c");
    CHECK(count(svg, "<rect") == 4);
    CHECK(svg.find("fill=\"#f2f2f2\"") != std::string::npos);
    CHECK(svg.find("fill=\"#440154\"") != std::string::npos);
    CHECK(svg.find(">0.50</text>") != std::string::npos);
  }

  TEST_CASE("a dendrogram draws one link per merge and every leaf label") {
    // ((0,1) at 1, (2,3) at 2) at 5, in scipy's convention: clusters 4, 5, then 6.
    const std::string svg = report::dendrogram(
        {"P01", "P02", "P03", "P04"}, {{0, 1, 1}, {2, 3, 2}, {4, 5, 5}}, 3.0, {0, 0, 1, 1}, "tree");
    CHECK(count(svg, "<path") == 3);
    CHECK(count(svg, "<circle") == 4);
    CHECK(svg.find("stroke-dasharray") != std::string::npos);
    CHECK(svg.find(">P04</text>") != std::string::npos);
    // An inconsistent merge table gives an empty chart, not a crash.
    CHECK(report::dendrogram({"a", "b"}, {}, std::nullopt, {}, "t").find("<path") ==
          std::string::npos);
  }

  TEST_CASE("the HTML document is self-contained with a contents list") {
    report::HtmlDocument document("Rapport <LLO>", "fictief");
    document.section("corpus", "Corpus");
    document.paragraph("51 interviews & meer");
    document.table({{"code", "n", "pct"}, {{std::string("kosten"), std::int64_t{3}, 12.345}}});
    document.section("personas", "Persona's");
    document.card("Loopbaanlanceerder", report::HtmlDocument::quote_html("Wij starten", "P04"));
    const std::string html = document.str();
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(html.find("<title>Rapport &lt;LLO&gt;</title>") != std::string::npos);
    CHECK(html.find("href=\"#personas\"") != std::string::npos);
    CHECK(html.find("<td class=\"n\">12.35</td>") != std::string::npos);
    CHECK(html.find("51 interviews &amp; meer") != std::string::npos);
    CHECK(count(html, "<section") == 2);
    CHECK(count(html, "</section>") == 2);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("https://") == std::string::npos);
    CHECK(html.find("@media print") != std::string::npos);
  }
}

TEST_SUITE("html") {
  TEST_CASE("the study report shows the corpus, the frequencies and the co-occurrence") {
    testing::CodedProject fixture;
    report::StudyReportOptions options;
    options.coders = {"ann"};
    options.cooccur_codes = {"drempels", "hefbomen"};
    const std::string html = report::study_report(fixture.project, options);
    CHECK(html.find("<h2>Corpus</h2>") != std::string::npos);
    CHECK(html.find("<h2>Codeboek en frequenties</h2>") != std::string::npos);
    CHECK(html.find("<h2>Co-occurrentie</h2>") != std::string::npos);
    // Group rows: two learners and one provider; bars per code of each category.
    CHECK(html.find("<td>learner</td><td class=\"n\">2</td>") != std::string::npos);
    CHECK(html.find(">kosten</text>") != std::string::npos);
    CHECK(html.find(">werkgever</text>") != std::string::npos);
    CHECK(html.find("<script") == std::string::npos);
    // A coder the project does not have is an error naming the coders it has.
    options.coders = {"zed"};
    try {
      report::study_report(fixture.project, options);
      FAIL("no error for an unknown coder");
    } catch (const NotFoundError& error) {
      CHECK(std::string(error.what()).find("no coder 'zed'") != std::string::npos);
    }
  }

  TEST_CASE("the study report's agreement table holds the agreement command's figures") {
    testing::CodedProject fixture;
    report::StudyReportOptions options;
    options.coders = {"bob"};
    options.agreement_coders = {"ann", "bob"};
    const std::string html = report::study_report(fixture.project, options);
    CHECK(html.find("<h2>Overeenstemming tussen codeurs</h2>") != std::string::npos);
    const analysis::CodingData data(fixture.project);
    analysis::AgreementOptions agreement;
    agreement.coders = {"ann", "bob"};
    agreement.codes = {"drempels", "hefbomen"};
    const analysis::AgreementResult result = analysis::agreement(data, agreement);
    REQUIRE(result.codes.size() == 2);
    REQUIRE(result.codes[0].alpha.value);
    char alpha[32];
    std::snprintf(alpha, sizeof alpha, "%.3f", *result.codes[0].alpha.value);
    const std::string row = "<tr><td>drempels</td><td class=\"n\">" +
                            std::to_string(result.codes[0].complete) + "</td>";
    const auto at = html.find(row);
    REQUIRE(at != std::string::npos);
    const std::string line = html.substr(at, html.find("</tr>", at) - at);
    CHECK(line.find(std::string(">") + alpha + "</td>") != std::string::npos);
    CHECK(html.find("<td>alle categorieën samen</td>") != std::string::npos);
  }
}
