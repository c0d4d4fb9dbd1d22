#include "analysis/review.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "analysis/coding_data.hpp"
#include "analysis/requirements.hpp"
#include "cli/cli.hpp"
#include "codebook/codebook_io.hpp"
#include "coding/coding.hpp"
#include "importers/document_builder.hpp"
#include "importers/readers.hpp"
#include "base/error.hpp"
#include "base/files.hpp"
#include "store/project.hpp"
#include "test_support.hpp"
#include "text/text.hpp"

using namespace inzicht;

namespace {

constexpr const char* kCodebook =
    "codebook: eisen\n"
    "codes:\n"
    "  - name: behoeften\n"
    "    codable: false\n"
    "    children:\n"
    "      - name: kosten\n"
    "        fields:\n"
    "          theme: kosten\n"
    "          requirement: De pagina noemt de kosten.\n"
    "      - name: rooster\n"
    "        fields:\n"
    "          theme: flexibiliteit\n"
    "          requirement: De pagina noemt het rooster.\n"
    "      - name: contact\n"
    "        fields:\n"
    "          theme: begeleiding\n"
    "          requirement: De pagina noemt een contactpersoon.\n"
    "      - name: sfeer\n"
    "  - name: drempels\n"
    "    codable: false\n"
    "    children:\n"
    "      - name: tijd\n";

// Learners A and D (zorg) and B (techniek); C is a provider.
constexpr const char* kInterviewA =
    "Interviewer: Dus de kosten waren toen het eerste dat je zocht?\n\n"
    "Anna: Ja. De kosten wilde ik eerst weten, want het collegegeld is hoog. Ook de kosten van "
    "de boeken telden zwaar mee voor mij. Het rooster ook.\n\n"
    "Interviewer: En verder?\n\n"
    "Anna: Een vaste contactpersoon die je kunt bellen als er iets is.\n";
constexpr const char* kInterviewB =
    "Interviewer: Wat miste je?\n\n"
    "Bram: De prijs stond er niet, dus de kosten bleven onduidelijk voor mij. Wanneer de lessen "
    "waren wist ik ook niet, het rooster kwam pas laat.\n\n"
    "Interviewer: En verder?\n\n"
    "Bram: Ik wilde iemand om te bellen, een contactpersoon.\n";
constexpr const char* kInterviewD =
    "Interviewer: Wat was belangrijk?\n\n"
    "Dirk: Kosten.\n\n"
    "Interviewer: Nog meer?\n\n"
    "Dirk: Wat ik echt wilde weten was wanneer de lessen zouden zijn, op welke avond, hoe laat "
    "ze begonnen en of dat rooster het hele jaar hetzelfde bleef, want met mijn diensten in het "
    "ziekenhuis, de kinderen die naar school moeten en een partner die ook onregelmatig werkt, "
    "kan ik niet zomaar elke week een andere avond vrijmaken zonder dat alles in het honderd "
    "loopt en iedereen er last van heeft.\n";
constexpr const char* kInterviewC =
    "Interviewer: Hoe ging het?\n\n"
    "Carla: De kosten droegen wij.\n\n"
    "Interviewer: Dank je.\n\n"
    "Carla: Graag gedaan.\n";

struct NeedsProject {
  testing::TempDir dir;
  std::string path = dir / "eisen.inzicht";
  store::Project project = store::Project::create(path, "eisen");

  void add(const char* text, const std::string& name, const std::string& group) {
    project.add_document(importers::build_document(importers::read_text(text, name + ".txt"),
                                                   name + ".txt", "txt", {}),
                         {name, "/" + name + ".txt", name}, group);
  }

  void code(const std::string& document, const std::string& quote, const std::string& code,
            const std::string& coder = "ann") {
    const model::Document loaded = project.load_document(document);
    coding::Selector selector;
    selector.quote = quote;
    project.add_codings(
        {{document, code, coder, coding::select_span(loaded, selector), std::nullopt}});
  }

  NeedsProject() {
    testing::write_file(dir / "codebook.yaml", kCodebook);
    add(kInterviewA, "A", "learner");
    add(kInterviewB, "B", "learner");
    add(kInterviewC, "C", "provider");
    add(kInterviewD, "D", "learner");
    project.set_attributes({{"A", {{"sector", store::AttributeValue{std::string("zorg")}}}},
                            {"B", {{"sector", store::AttributeValue{std::string("techniek")}}}},
                            {"D", {{"sector", store::AttributeValue{std::string("zorg")}}}}});
    coding::load_codebook(project, dir / "codebook.yaml", false);
    // kosten: A (interviewer question, two respondent sentences), B, D ("Kosten."); C is no
    // learner. rooster: A, B, and D by bob only. contact: A, B. sfeer has no requirement.
    code("A.txt", "Dus de kosten waren toen het eerste dat je zocht?", "behoeften/kosten");
    code("A.txt", "De kosten wilde ik eerst weten, want het collegegeld is hoog.",
         "behoeften/kosten");
    code("A.txt", "kosten van de boeken", "behoeften/kosten");
    code("B.txt", "De prijs stond er niet, dus de kosten bleven onduidelijk voor mij.",
         "behoeften/kosten");
    code("D.txt", "Kosten.", "behoeften/kosten");
    code("C.txt", "De kosten droegen wij.", "behoeften/kosten");
    code("A.txt", "Het rooster ook.", "behoeften/rooster");
    code("B.txt", "het rooster kwam pas laat", "behoeften/rooster");
    code("D.txt", "of dat rooster het hele jaar hetzelfde bleef", "behoeften/rooster", "bob");
    code("A.txt", "Een vaste contactpersoon die je kunt bellen als er iets is.",
         "behoeften/contact");
    code("B.txt", "Ik wilde iemand om te bellen, een contactpersoon.", "behoeften/contact");
    code("B.txt", "De prijs stond er niet", "behoeften/sfeer");
  }
};

using inzicht::testing::run_cli;

// Five sites scored on the three requirements of kCodebook; S1, S2 HBO, S3, S4, S5 MBO.
constexpr const char* kReviews =
    "site,code,score,note\n"
    "S1,behoeften/kosten,2,\n"
    "S1,behoeften/rooster,2,\n"
    "S1,behoeften/contact,0,Geen contact\n"
    "S2,behoeften/kosten,1,Prijs in pdf\n"
    "S2,behoeften/rooster,0,\n"
    "S2,behoeften/contact,2,\n"
    "S3,behoeften/kosten,0,\n"
    "S3,behoeften/rooster,1,\n"
    "S3,behoeften/contact,1,\n"
    "S4,behoeften/kosten,2,\n"
    "S4,behoeften/rooster,1,\n"
    "S4,behoeften/contact,2,\n"
    "S5,behoeften/kosten,2,\n"
    "S5,behoeften/rooster,1,\n"
    "S5,behoeften/contact,1,\n";
constexpr const char* kSites =
    "site,name,type,region\n"
    "S1,Hogeschool Een,HBO,Noord\n"
    "S2,Hogeschool Twee,HBO,Zuid\n"
    "S3,ROC Drie,MBO,Oost\n"
    "S4,ROC Vier,MBO,West\n"
    "S5,ROC Vijf,MBO,Midden\n";

model::Codebook test_codebook() { return codebook::parse_yaml(kCodebook, "codebook.yaml"); }

// The message of the InputError `f` throws.
template <typename F>
std::string input_error(F f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_SUITE("review") {
  TEST_CASE("needs voiced by enough learners become ranked requirements") {
    NeedsProject fixture;
    const analysis::CodingData data(fixture.project);
    const model::Codebook book = fixture.project.codebook();
    analysis::RequirementOptions options;
    options.min_cases = 2;
    const analysis::Requirements all = analysis::requirements(data, book, options);
    CHECK(all.group_cases == 3);
    CHECK(all.values == std::vector<std::string>{"techniek", "zorg"});
    REQUIRE(all.kept.size() == 3);
    // kosten: A, B, D (C is a provider); rooster: A, B, D (bob); contact: A, B.
    CHECK(all.kept[0].code.id == "behoeften/kosten");
    CHECK(all.kept[0].cases == 3);
    CHECK(all.kept[0].by == std::vector<std::int64_t>{1, 2});
    CHECK(all.kept[1].code.id == "behoeften/rooster");
    CHECK(all.kept[1].cases == 3);
    CHECK(all.kept[2].code.id == "behoeften/contact");
    CHECK(all.kept[2].code.theme == "begeleiding");
    CHECK(all.kept[2].code.text == "De pagina noemt een contactpersoon.");
    CHECK(all.left_out.empty());

    SUBCASE("a threshold leaves out needs voiced by too few") {
      options.min_cases = 3;
      const analysis::Requirements three = analysis::requirements(data, book, options);
      REQUIRE(three.kept.size() == 2);
      CHECK(three.left_out == std::vector<std::string>{"behoeften/contact"});
    }
    SUBCASE("only the chosen coders count, and ties keep codebook order") {
      options.coders = {"ann"};
      const analysis::Requirements ann = analysis::requirements(data, book, options);
      REQUIRE(ann.kept.size() == 3);
      CHECK(ann.kept[1].code.id == "behoeften/rooster");
      CHECK(ann.kept[1].cases == 2);
      CHECK(ann.kept[2].code.id == "behoeften/contact");
      CHECK(ann.kept[2].cases == 2);
    }
    SUBCASE("the table has a column per sector and the share of the group") {
      const table::Table table = analysis::requirements_table(all);
      CHECK(table.columns == std::vector<std::string>{"rank", "id", "theme", "cases", "cases_pct",
                                                      "techniek", "zorg", "requirement",
                                                      "quote_1_case", "quote_1", "quote_2_case",
                                                      "quote_2"});
      CHECK(std::get<std::int64_t>(table.rows[2][0]) == 3);
      CHECK(std::get<double>(table.rows[2][4]) == doctest::Approx(66.667).epsilon(0.001));
      CHECK(std::get<std::int64_t>(table.rows[2][5]) == 1);
      CHECK(std::get<std::int64_t>(table.rows[2][6]) == 1);
      CHECK(std::get<std::string>(table.rows[2][7]) == "De pagina noemt een contactpersoon.");
    }
    SUBCASE("unknown codes, groups and attributes are refused") {
      options.prefix = "behoeften/prijs";
      CHECK_THROWS_AS(analysis::requirements(data, book, options), NotFoundError);
      options.prefix = "drempels";
      CHECK_THROWS_AS(analysis::requirements(data, book, options), InputError);
      options.prefix = "behoeften";
      options.group = "docent";
      CHECK_THROWS_AS(analysis::requirements(data, book, options), InputError);
      options.group = "learner";
      options.by = "regio";
      CHECK_THROWS_AS(analysis::requirements(data, book, options), InputError);
    }
  }

  TEST_CASE("quotes are short whole respondent sentences from two different cases") {
    NeedsProject fixture;
    const analysis::CodingData data(fixture.project);
    analysis::RequirementOptions options;
    options.min_cases = 1;
    const analysis::Requirements result =
        analysis::requirements(data, fixture.project.codebook(), options);
    const analysis::Requirement& kosten = result.kept[0];
    REQUIRE(kosten.quotes.size() == 2);
    // Shorter candidates lose: the interviewer's question (49 code points, 10 words) and
    // Dirk's "Kosten." (one word). Anna's coded words are widened to their sentence (54, 11
    // words), and her other sentence (61) is passed over for Bram's (66), from another case.
    CHECK(kosten.quotes[0].case_name == "A");
    CHECK(kosten.quotes[0].text == "Ook de kosten van de boeken telden zwaar mee voor mij.");
    CHECK(kosten.quotes[1].case_name == "B");
    CHECK(kosten.quotes[1].text ==
          "De prijs stond er niet, dus de kosten bleven onduidelijk voor mij.");

    SUBCASE("a long sentence is cut at a word to at most 300 code points") {
      options.coders = {"bob"};
      const analysis::Requirements bob =
          analysis::requirements(data, fixture.project.codebook(), options);
      REQUIRE(bob.kept.size() == 1);
      REQUIRE(bob.kept[0].quotes.size() == 1);
      const std::string& text = bob.kept[0].quotes[0].text;
      CHECK(text.rfind("Wat ik echt wilde weten", 0) == 0);
      CHECK(text.size() >= 3);
      CHECK(text.substr(text.size() - 3) == "…");
      CHECK(text::count_code_points(text) <= 300);
      CHECK(text.find(" …") == std::string::npos);
    }
    SUBCASE("a quote of few words comes after a longer one") {
      options.coders = {"ann"};
      options.prefix = "behoeften/rooster";
      const analysis::Requirements rooster =
          analysis::requirements(data, fixture.project.codebook(), options);
      REQUIRE(rooster.kept.size() == 1);
      REQUIRE(rooster.kept[0].quotes.size() == 2);
      // Anna's "Het rooster ook." has three words: Bram's whole sentence comes first.
      CHECK(rooster.kept[0].quotes[0].case_name == "B");
      CHECK(rooster.kept[0].quotes[1].text == "Het rooster ook.");
    }
  }

  TEST_CASE("learner weights count the cases of the group that voiced each need") {
    NeedsProject fixture;
    const analysis::CodingData data(fixture.project);
    CHECK(analysis::cases_voicing(data, {"behoeften/kosten", "behoeften/contact"}, "learner") ==
          std::vector<std::int64_t>{3, 2});
    CHECK(analysis::cases_voicing(data, {"behoeften/rooster"}, "learner", {"bob"}) ==
          std::vector<std::int64_t>{1});
    CHECK(analysis::cases_voicing(data, {"behoeften/kosten"}, "provider") ==
          std::vector<std::int64_t>{1});
    const auto ids = analysis::requirement_codes(test_codebook());
    REQUIRE(ids.size() == 3);
    CHECK(ids[1].id == "behoeften/rooster");
    CHECK(ids[1].theme == "flexibiliteit");
  }

  TEST_CASE("site scores are shares of attainable points, ranked overall and per level") {
    const analysis::ReviewFile reviews =
        analysis::parse_reviews(kReviews, "reviews.csv", test_codebook());
    const analysis::SiteList sites = analysis::parse_sites(kSites, "sites.csv");
    CHECK(reviews.scores.size() == 15);
    CHECK(reviews.scores[2].note == "Geen contact");
    CHECK(reviews.scores[2].line == 4);
    const analysis::Review result = analysis::review(reviews, sites, test_codebook(), {});
    // Unweighted, 3 requirements × 2 = 6 attainable points per site:
    //   S1 2+2+0 = 4 → 66.67   S2 1+0+2 = 3 → 50     S3 0+1+1 = 2 → 33.33
    //   S4 2+1+2 = 5 → 83.33   S5 2+1+1 = 4 → 66.67 (tied with S1: rank 2 for both)
    REQUIRE(result.ranking.size() == 5);
    CHECK(result.levels == std::vector<std::string>{"HBO", "MBO"});
    const std::vector<std::string> order = {"S4", "S1", "S5", "S2", "S3"};
    const std::vector<std::int64_t> ranks = {1, 2, 2, 4, 5};
    const std::vector<std::int64_t> level_ranks = {1, 1, 2, 2, 3};
    for (std::size_t i = 0; i < order.size(); ++i) {
      CAPTURE(i);
      CHECK(result.ranking[i].site == order[i]);
      CHECK(result.ranking[i].rank == ranks[i]);
      CHECK(result.ranking[i].level_rank == level_ranks[i]);
    }
    CHECK(result.ranking[0].points == 5);
    CHECK(result.ranking[0].attainable == 6);
    CHECK(*result.ranking[0].pct == doctest::Approx(83.3333));
    CHECK(result.ranking[0].name == "ROC Vier");
    CHECK(result.ranking[0].level == "MBO");

    SUBCASE("themes are averaged overall and per level") {
      // kosten:        all (2+1+0+2+2)/10 = 70   HBO (2+1)/4 = 75   MBO (0+2+2)/6 = 66.67
      // flexibiliteit: all (2+0+1+1+1)/10 = 50   HBO (2+0)/4 = 50   MBO (1+1+1)/6 = 50
      // begeleiding:   all (0+2+1+2+1)/10 = 60   HBO (0+2)/4 = 50   MBO (1+2+1)/6 = 66.67
      REQUIRE(result.themes.size() == 3);
      CHECK(result.themes[0].theme == "kosten");
      CHECK(result.themes[0].requirements == 1);
      CHECK(*result.themes[0].all.pct() == doctest::Approx(70));
      CHECK(*result.themes[0].by_level[0].pct() == doctest::Approx(75));
      CHECK(*result.themes[0].by_level[1].pct() == doctest::Approx(66.6667));
      CHECK(result.themes[1].theme == "flexibiliteit");
      CHECK(*result.themes[1].all.pct() == doctest::Approx(50));
      CHECK(*result.themes[2].by_level[1].pct() == doctest::Approx(66.6667));
    }
    SUBCASE("the best site of each level leads its level on some themes") {
      // HBO: S1 (66.67; level 7/12 = 58.33) beats HBO on flexibiliteit 100 vs 50 (+50) and
      // kosten 100 vs 75 (+25), not on begeleiding (0 vs 50).
      // MBO: S4 (83.33; level 11/18 = 61.11) beats MBO on kosten 100 vs 66.67 and
      // begeleiding 100 vs 66.67 (+33.33 each, codebook order), not on flexibiliteit (50).
      REQUIRE(result.best.size() == 2);
      const analysis::BestSite& hbo = result.best[0];
      CHECK(hbo.level == "HBO");
      CHECK(result.ranking[hbo.site].site == "S1");
      CHECK(*hbo.level_total.pct() == doctest::Approx(58.3333));
      REQUIRE(hbo.leads.size() == 2);
      CHECK(hbo.leads[0].theme == "flexibiliteit");
      CHECK(hbo.leads[0].site_pct == doctest::Approx(100));
      CHECK(hbo.leads[0].level_pct == doctest::Approx(50));
      CHECK(hbo.leads[1].theme == "kosten");
      const analysis::BestSite& mbo = result.best[1];
      CHECK(result.ranking[mbo.site].site == "S4");
      CHECK(*mbo.level_total.pct() == doctest::Approx(61.1111));
      REQUIRE(mbo.leads.size() == 2);
      CHECK(mbo.leads[0].theme == "kosten");
      CHECK(mbo.leads[0].level_pct == doctest::Approx(66.6667));
      CHECK(mbo.leads[1].theme == "begeleiding");
    }
    SUBCASE("the sheets are ranking, by_level, themes and best") {
      const auto sheets = analysis::review_sheets(result);
      REQUIRE(sheets.size() == 4);
      CHECK(sheets[0].name == "ranking");
      CHECK(sheets[1].name == "by_level");
      CHECK(sheets[1].table.rows.size() == 5);
      CHECK(std::get<std::string>(sheets[1].table.rows[2][2]) == "S4");
      CHECK(sheets[2].table.columns ==
            std::vector<std::string>{"theme", "requirements", "all", "HBO", "MBO"});
      CHECK(sheets[3].name == "best");
      REQUIRE(sheets[3].table.rows.size() == 4);
      CHECK(std::get<double>(sheets[3].table.rows[0][8]) == doctest::Approx(50));
    }
  }

  TEST_CASE("weights by learners change the ranking") {
    const analysis::Review result = analysis::review(
        analysis::parse_reviews(kReviews, "reviews.csv", test_codebook()), std::nullopt,
        test_codebook(),
        {{"behoeften/kosten", 3}, {"behoeften/rooster", 1}, {"behoeften/contact", 2}});
    // Weights kosten 3, rooster 1, contact 2: attainable 2 × (3+1+2) = 12 per site.
    //   S1 6+2+0 = 8 → 66.67   S2 3+0+4 = 7 → 58.33   S3 0+1+2 = 3 → 25
    //   S4 6+1+4 = 11 → 91.67  S5 6+1+2 = 9 → 75
    const std::vector<std::string> order = {"S4", "S5", "S1", "S2", "S3"};
    REQUIRE(result.ranking.size() == 5);
    for (std::size_t i = 0; i < order.size(); ++i) CHECK(result.ranking[i].site == order[i]);
    CHECK(result.ranking[1].points == 9);
    CHECK(result.ranking[1].attainable == 12);
    CHECK(*result.ranking[4].pct == doctest::Approx(25));
    // Without sites there are no levels: the best site is the best of "all".
    CHECK(result.levels.empty());
    REQUIRE(result.best.size() == 1);
    CHECK(result.best[0].level == "all");
    CHECK(result.ranking[result.best[0].site].site == "S4");
    const auto sheets = analysis::review_sheets(result);
    REQUIRE(sheets.size() == 3);
    CHECK(sheets[1].name == "themes");
    CHECK(std::holds_alternative<std::monostate>(sheets[0].table.rows[0][3]));  // no level
    // A requirement weighted 0 (no learner voiced it) adds nothing attainable.
    const analysis::Review zero =
        analysis::review(analysis::parse_reviews(kReviews, "reviews.csv", test_codebook()),
                         std::nullopt, test_codebook(), {{"behoeften/kosten", 1}});
    CHECK(zero.ranking[0].attainable == 2);
    CHECK(zero.themes.size() == 3);
    CHECK_FALSE(zero.themes[1].all.pct());
  }

  TEST_CASE("every problem in a review file is reported with its line") {
    SUBCASE("a missing column") {
      const std::string message = input_error([] {
        analysis::parse_reviews("site,code,note\nS1,behoeften/kosten,x\n", "r.csv",
                                test_codebook());
      });
      CHECK(message == "r.csv:1: missing column 'score'");
    }
    SUBCASE("scores out of range, wrong field counts, empty fields and duplicates") {
      const std::string message = input_error([] {
        analysis::parse_reviews(
            "site,code,score,note\n"
            "S1,behoeften/kosten,2,\n"
            "S1,behoeften/rooster,3,\n"
            "S1,behoeften/contact,x,\n"
            "S2,behoeften/kosten,,\n"
            "S2,behoeften/rooster,1\n"
            ",behoeften/contact,1,\n"
            "S1,behoeften/kosten,1,\n",
            "r.csv", test_codebook());
      });
      CHECK(message ==
            "r.csv:3: score '3' must be 0, 1 or 2\n"
            "r.csv:4: score 'x' must be 0, 1 or 2\n"
            "r.csv:5: score '' must be 0, 1 or 2\n"
            "r.csv:6: 3 fields, but the header has 4\n"
            "r.csv:7: the site is empty\n"
            "r.csv:8: site S1 is scored on behoeften/kosten already (line 2)");
    }
    SUBCASE("unknown requirement ids and sites missing from the sites file, with the rest") {
      const std::string message = input_error([] {
        analysis::parse_reviews(
            "site,code,score,note\n"
            "S1,behoeften/kosten,2,\n"
            "S1,behoeften/prijs,2,\n"
            "S1,behoeften/sfeer,1,\n"
            "S9,behoeften/kosten,1,\n"
            "S1,drempels/tijd,0,\n"
            "S2,behoeften/kosten,7,\n",
            "r.csv", test_codebook(), analysis::parse_sites(kSites, "sites.csv"));
      });
      CHECK(message ==
            "r.csv:3: unknown requirement 'behoeften/prijs': there is no such code\n"
            "r.csv:4: unknown requirement 'behoeften/sfeer': the code has no requirement "
            "field\n"
            "r.csv:5: site S9 is not in sites.csv\n"
            "r.csv:6: unknown requirement 'drempels/tijd': the code has no requirement field\n"
            "r.csv:7: score '7' must be 0, 1 or 2");
      // A review file made in code is checked when scored.
      const analysis::ReviewFile made{"made.csv", {{"S1", "behoeften/prijs", 1, "", 2}}};
      CHECK(input_error([&] { analysis::review(made, std::nullopt, test_codebook(), {}); }) ==
            "made.csv:2: unknown requirement 'behoeften/prijs': there is no such code");
    }
    SUBCASE("a sites file without a type column, with a site twice or without a type") {
      CHECK(input_error([] { analysis::parse_sites("site,name\nS1,Een\n", "s.csv"); }) ==
            "s.csv:1: missing column 'type'");
      CHECK(
          input_error([] { analysis::parse_sites("site,type\nS1,HBO\nS2,\nS1,MBO\n", "s.csv"); }) ==
          "s.csv:3: site S2 has no type (its level)\n"
          "s.csv:4: site S1 is listed already (line 2)");
    }
    SUBCASE("an empty file or one without scores") {
      CHECK(input_error([] { analysis::parse_reviews("", "r.csv", test_codebook()); }) ==
            "r.csv: empty file; expected a header row with site,code,score");
      CHECK(input_error([] {
              analysis::parse_reviews("site,code,score\n", "r.csv", test_codebook());
            }) == "r.csv:1: no scores below the header");
    }
  }

  TEST_CASE("requirements and review run from the command line as JSON") {
    NeedsProject fixture;
    const std::string p = fixture.path;
    std::string out, err;
    REQUIRE(run_cli({"-p", p, "requirements", "--min-cases", "3", "--format", "json"}, out, err) ==
            0);
    const auto requirements = nlohmann::json::parse(out);
    REQUIRE(requirements.size() == 2);
    CHECK(requirements[0]["id"] == "behoeften/kosten");
    CHECK(requirements[0]["rank"] == 1);
    CHECK(requirements[0]["cases"] == 3);
    CHECK(requirements[0]["zorg"] == 2);
    CHECK(requirements[0]["quote_2_case"] == "B");
    CHECK(err.find("Left out 1 need(s)") != std::string::npos);
    CHECK(err.find("behoeften/contact") != std::string::npos);

    testing::write_file(fixture.dir / "reviews.csv", kReviews);
    testing::write_file(fixture.dir / "sites.csv", kSites);
    REQUIRE(run_cli({"-p", p, "review", fixture.dir / "reviews.csv", "--sites",
                     fixture.dir / "sites.csv", "--weights", "learners", "--format", "json"},
                    out, err) == 0);
    const auto review = nlohmann::json::parse(out);
    // Learner weights from the fixture: kosten 3, rooster 3, contact 2; attainable 16.
    //   S4 6+3+4 = 13 → 81.25 leads; S1 6+6+0 = 12 → 75 leads HBO.
    CHECK(review["ranking"][0]["site"] == "S4");
    CHECK(review["ranking"][0]["points"] == 13);
    CHECK(review["ranking"][0]["attainable"] == 16);
    CHECK(review["by_level"][0]["site"] == "S1");
    CHECK(review["themes"].size() == 3);
    CHECK(review["best"][0]["level"] == "HBO");

    testing::write_file(fixture.dir / "bad.csv", "site,code,score\nS1,behoeften/kosten,4\n");
    CHECK(run_cli({"-p", p, "review", fixture.dir / "bad.csv"}, out, err) == 1);
    CHECK(out.empty());
    CHECK(err.find("bad.csv:2: score '4' must be 0, 1 or 2") != std::string::npos);
    CHECK(run_cli({"-p", p, "review", fixture.dir / "reviews.csv", "--weights", "alle"}, out,
                  err) == 2);
    CHECK(run_cli({"-p", p, "requirements", "--min-cases", "0"}, out, err) == 2);
  }

  TEST_CASE("the study report shows the requirements and the website ranking") {
    NeedsProject fixture;
    const std::string p = fixture.path;
    const std::string report = fixture.dir / "report.html";
    testing::write_file(fixture.dir / "reviews.csv", kReviews);
    testing::write_file(fixture.dir / "sites.csv", kSites);
    std::string out, err;
    REQUIRE(run_cli({"-p", p, "report", "-o", report, "--coder", "ann", "--reviews",
                     fixture.dir / "reviews.csv", "--sites", fixture.dir / "sites.csv"},
                    out, err) == 0);
    const std::string html = read_file(report);
    CHECK(html.find("<h2>UX-eisen uit de behoeften van lerenden</h2>") != std::string::npos);
    // kosten and rooster reach three learners; contact only two, so it is left out.
    CHECK(html.find("De pagina noemt de kosten.") != std::string::npos);
    CHECK(html.find("De pagina noemt het rooster.") != std::string::npos);
    CHECK(html.find("De pagina noemt een contactpersoon.") == std::string::npos);
    CHECK(html.find("<h2>Websites getoetst aan de eisen</h2>") != std::string::npos);
    CHECK(html.find("<h3>Rangschikking HBO</h3>") != std::string::npos);
    CHECK(html.find(">S1 Hogeschool Een</text>") != std::string::npos);
    // Unweighted: S1 4 of 6 points leads HBO; the HBO sites pooled have 7 of 12.
    CHECK(html.find("HBO: S1 Hogeschool Een met 66.7% (gemiddeld op dit niveau 58.3%)") !=
          std::string::npos);
    // No providers with ambitions here: the persona sections say why.
    CHECK(html.find("Geen persona&#39;s in dit project") != std::string::npos);

    SUBCASE("a bad review file stops the report and leaves the old one") {
      testing::write_file(fixture.dir / "bad.csv", "site,code,score\nS1,behoeften/kosten,4\n");
      CHECK(run_cli({"-p", p, "report", "-o", report, "--reviews", fixture.dir / "bad.csv"}, out,
                    err) == 1);
      CHECK(err.find("bad.csv:2: score '4' must be 0, 1 or 2") != std::string::npos);
      CHECK(read_file(report) == html);
    }
  }
}
