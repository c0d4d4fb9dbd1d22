#include "analysis/personas.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "analysis/contingency.hpp"
#include "analysis/journey.hpp"
#include "cli/cli.hpp"
#include "codebook/codebook_io.hpp"
#include "coding/coding.hpp"
#include "importers/document_builder.hpp"
#include "importers/readers.hpp"
#include "base/error.hpp"
#include "report/study_report.hpp"
#include "store/project.hpp"
#include "test_support.hpp"

using namespace inzicht;
using namespace inzicht::analysis;
using inzicht::testing::TempDir;

namespace {

constexpr const char* kPersonaCodebook =
    "codebook: personas\n"
    "codes:\n"
    "  - name: ambities\n"
    "    codable: false\n"
    "    children:\n"
    "      - name: loopbaan\n"
    "        description: Mensen aan het werk helpen.\n"
    "      - name: vrijetijd\n"
    "        description: Leren voor het plezier.\n"
    "  - name: fasen\n"
    "    codable: false\n"
    "    children:\n"
    "      - name: detectie\n"
    "      - name: besluit\n"
    "  - name: drempels\n"
    "    codable: false\n"
    "    children:\n"
    "      - name: aanbieders\n"
    "        codable: false\n"
    "        children:\n"
    "          - name: geld\n"
    "  - name: hefbomen\n"
    "    codable: false\n"
    "    children:\n"
    "      - name: aanbieders\n"
    "        codable: false\n"
    "        children:\n"
    "          - name: partners\n"
    "  - name: spanningsvelden\n"
    "    codable: false\n"
    "    children:\n"
    "      - name: publiek_privaat\n";

// Six providers: A1–A3 want to get people to work (A3 also speaks of leisure), B1–B3 teach
// for pleasure; C, a newcomer in another group, only speaks of work; D, a provider, of no
// ambition. Every interview has
// the same three paragraphs, so what differs is only what is coded.
std::string interview(const std::string& speaker, bool krap) {
  return "Interviewer: Vertel.\n\n" + speaker +
         ": Wij helpen mensen aan werk. Ook helpen wij zoekers aan een baan. Leren is plezier. "
         "Plezier is de kern.\n\n" +
         speaker +
         ": De directie twijfelde. Het geld ontbrak. Zonder extra middelen van de overheid "
         "konden we die opleiding eigenlijk nooit echt opstarten." +
         (krap ? " De directie vond het geld krap." : "") + "\n\n" + speaker +
         ": Het begon met een vraag. Een partner hielp. Publiek of privaat blijft lastig.\n";
}

struct PersonaProject {
  TempDir dir;
  std::string path = dir / "personas.inzicht";
  store::Project project = store::Project::create(path, "personas");

  void add(const std::string& name, const std::string& group, bool krap = false) {
    project.add_document(
        importers::build_document(importers::read_text(interview(name, krap), name + ".txt"),
                                  name + ".txt", "txt", {}),
        {name, "/" + name + ".txt", name}, group);
  }
  void code(const std::string& name, const std::string& quote, const std::string& code) {
    const model::Document loaded = project.load_document(name + ".txt");
    coding::Selector selector;
    selector.quote = quote;
    project.add_codings(
        {{name + ".txt", code, "ann", coding::select_span(loaded, selector), std::nullopt}});
  }
  void code_all(const std::vector<std::string>& names, const std::string& quote,
                const std::string& code_path) {
    for (const std::string& name : names) code(name, quote, code_path);
  }

  PersonaProject() {
    testing::write_file(dir / "codebook.yaml", kPersonaCodebook);
    for (const char* name : {"A1", "A2", "A3", "B1", "B2", "B3"})
      add(name, "provider", name[1] == '1' && name[0] == 'A');
    add("C", "nieuw");
    add("D", "provider");  // speaks of no ambition at all
    coding::load_codebook(project, dir / "codebook.yaml", false);
    code_all({"A1", "A2", "A3", "C"}, "Wij helpen mensen aan werk.", "ambities/loopbaan");
    code_all({"A1", "A2", "A3", "C"}, "Ook helpen wij zoekers aan een baan.", "ambities/loopbaan");
    code_all({"A3", "B1", "B2", "B3"}, "Leren is plezier.", "ambities/vrijetijd");
    code_all({"B1", "B2", "B3"}, "Plezier is de kern.", "ambities/vrijetijd");
    const std::vector<std::string> all = {"A1", "A2", "A3", "B1", "B2", "B3"};
    code_all(all, "De directie twijfelde.", "fasen/besluit");
    code("D", "De directie twijfelde.", "fasen/besluit");
    code_all({"A1", "A2", "A3", "B1"}, "Het geld ontbrak.", "drempels/aanbieders/geld");
    code("A1", "De directie vond het geld krap.", "fasen/besluit");
    code("A1", "De directie vond het geld krap.", "drempels/aanbieders/geld");
    code_all(all, "Het begon met een vraag.", "fasen/detectie");
    code_all(all, "Een partner hielp.", "hefbomen/aanbieders/partners");
    code_all({"A1", "B1", "B2"}, "Publiek of privaat blijft lastig.",
             "spanningsvelden/publiek_privaat");
  }
};

PersonaOptions provider_options() {
  PersonaOptions options;
  options.cluster.profile.cases = {{"group", "provider"}};
  return options;
}

std::vector<std::string> names_of(const CodingData& data, const std::vector<std::size_t>& cases) {
  std::vector<std::string> names;
  for (std::size_t c : cases) names.push_back(data.cases()[c].name);
  return names;
}

}  // namespace

TEST_SUITE("personas") {
  TEST_CASE("Fisher's exact test reproduces the tea-tasting experiment") {
    // Fisher (1935), The Design of Experiments, §2: the lady identifies 3 of the 4 cups
    // with milk first. P(X ≥ 3) = (16 + 1)/70; two-sided 34/70 (scipy.stats.fisher_exact).
    const FisherResult tea = fisher_exact({3, 1, 1, 3});
    CHECK(tea.greater == doctest::Approx(17.0 / 70).epsilon(1e-12));
    CHECK(tea.less == doctest::Approx(69.0 / 70).epsilon(1e-12));
    CHECK(tea.two_sided == doctest::Approx(34.0 / 70).epsilon(1e-12));
  }

  TEST_CASE("Fisher's exact test matches scipy's documented example and hand counts") {
    // scipy.stats.fisher_exact docs: [[6, 2], [1, 4]] has two-sided p 0.1025641 = 4/39;
    // one-sided by hand from the hypergeometric terms: 37/429 and 427/429.
    const FisherResult scipy = fisher_exact({6, 2, 1, 4});
    CHECK(scipy.two_sided == doctest::Approx(4.0 / 39).epsilon(1e-12));
    CHECK(scipy.greater == doctest::Approx(37.0 / 429).epsilon(1e-12));
    CHECK(scipy.less == doctest::Approx(427.0 / 429).epsilon(1e-12));
    // [[3, 0], [0, 3]]: only the observed table is as extreme on its side, 1/C(6,3).
    CHECK(fisher_exact({3, 0, 0, 3}).greater == doctest::Approx(1.0 / 20));
    CHECK_THROWS_AS(fisher_exact({-1, 0, 0, 0}), InputError);
  }

  TEST_CASE("the adjusted Rand index matches worked examples") {
    // sklearn's adjusted_rand_score docs: [0,0,1,2] vs [0,0,1,1] = 0.5714…; by hand from
    // Hubert & Arabie's formula: index 1, expected 2·1/6, maximum 3/2 → (2/3)/(7/6) = 4/7.
    CHECK(adjusted_rand_index({0, 0, 1, 2}, {0, 0, 1, 1}) == doctest::Approx(4.0 / 7));
    CHECK(adjusted_rand_index({0, 0, 1, 1}, {1, 1, 0, 0}) == doctest::Approx(1.0));
    // sklearn docs: a labeling that splits every class is scored 0.
    CHECK(adjusted_rand_index({0, 0, 0, 0}, {0, 1, 2, 3}) == doctest::Approx(0.0));
    // By hand: [0,0,0,1,1,1] vs [0,0,1,1,2,2]: cells 2,1,1,2 → index 2; rows 3+3 = 6;
    // columns 1+1+1 = 3; total 15; expected 6·3/15 = 1.2; maximum 4.5 → 0.8/3.3.
    CHECK(adjusted_rand_index({0, 0, 0, 1, 1, 1}, {0, 0, 1, 1, 2, 2}) ==
          doctest::Approx(0.8 / 3.3));
    CHECK(adjusted_rand_index({}, {}) == doctest::Approx(1.0));
    CHECK_THROWS_AS(adjusted_rand_index({0}, {0, 1}), InputError);
  }

  TEST_CASE("cases with the same dominant ambition become one persona") {
    PersonaProject fixture;
    const CodingData data(fixture.project);
    const PersonaSet set = personas(data, fixture.project.codebook(), provider_options());
    REQUIRE(set.personas.size() == 2);  // two dominant ambitions, so k = 2
    const Persona& work = set.personas[0];
    const Persona& leisure = set.personas[1];
    CHECK(work.name == "loopbaan");
    CHECK(work.definition == "Mensen aan het werk helpen.");
    CHECK(names_of(data, work.members) == std::vector<std::string>{"A1", "A2", "A3"});
    CHECK(leisure.name == "vrijetijd");
    CHECK(names_of(data, leisure.members) == std::vector<std::string>{"B1", "B2", "B3"});
    CHECK(data.cases()[work.central_case].name == "A1");  // A1 and A2 tie; the first wins
    // D has no ambition coding to be clustered by.
    CHECK(names_of(data, set.unplaced) == std::vector<std::string>{"D"});

    SUBCASE("distinguishing codes carry lift and Fisher's p") {
      // loopbaan: 3 of 3 members, 0 of 3 others: lift 2, p = 1/20. geld: 3 of 3 and 1 of
      // 3: lift (3/3)/(4/6) = 1.5, p = C(4,3)/C(6,3) = 1/5.
      REQUIRE(work.distinguishing.size() == 2);
      CHECK(data.codes()[work.distinguishing[0].code].path == "ambities/loopbaan");
      CHECK(work.distinguishing[0].lift == doctest::Approx(2.0));
      CHECK(work.distinguishing[0].p == doctest::Approx(0.05));
      CHECK(data.codes()[work.distinguishing[1].code].path == "drempels/aanbieders/geld");
      CHECK(work.distinguishing[1].lift == doctest::Approx(1.5));
      CHECK(work.distinguishing[1].p == doctest::Approx(0.2));
    }
    SUBCASE("quotes come from the central case, the dominant ambition first") {
      REQUIRE(work.quotes.size() == 3);
      CHECK(work.quotes[0].text == "Wij helpen mensen aan werk.");
      CHECK(work.quotes[1].text == "Ook helpen wij zoekers aan een baan.");
      CHECK(work.quotes[2].text == "Het geld ontbrak.");
    }
    SUBCASE("a second ambition lists the case under that persona with its share") {
      REQUIRE(leisure.secondary.size() == 1);
      CHECK(data.cases()[leisure.secondary[0].case_index].name == "A3");
      CHECK(leisure.secondary[0].share == doctest::Approx(1.0 / 3));
      CHECK(work.secondary.empty());
    }
  }

  TEST_CASE("persona names and descriptions can be overridden from YAML and CSV") {
    PersonaProject fixture;
    const CodingData data(fixture.project);
    PersonaOptions options = provider_options();
    testing::write_file(fixture.dir / "names.yaml",
                        "loopbaan: {name: De loopbaanlanceerder, description: Aan het werk}\n"
                        "ambities/vrijetijd: De vrijetijdsontwikkelaar\n");
    options.labels = codebook::read_persona_labels(fixture.dir / "names.yaml");
    PersonaSet set = personas(data, fixture.project.codebook(), options);
    CHECK(set.personas[0].name == "De loopbaanlanceerder");
    CHECK(set.personas[0].description == "Aan het werk");
    CHECK(set.personas[1].name == "De vrijetijdsontwikkelaar");
    testing::write_file(fixture.dir / "names.csv",
                        "code,name,description\nvrijetijd,Vrij,Uit plezier\n");
    options.labels = codebook::read_persona_labels(fixture.dir / "names.csv");
    set = personas(data, fixture.project.codebook(), options);
    CHECK(set.personas[1].name == "Vrij");
    CHECK_THROWS_AS(codebook::read_persona_labels(fixture.dir / "missing.yaml"), InputError);
  }

  TEST_CASE("a new case is assigned to the persona with the nearest centroid") {
    PersonaProject fixture;
    const CodingData data(fixture.project);
    std::size_t c = 0;
    while (data.cases()[c].name != "C") ++c;
    PersonaSet set;
    const auto placements =
        assign_case(data, fixture.project.codebook(), provider_options(), c, &set);
    REQUIRE(placements.size() == 2);
    CHECK(set.personas[placements[0].persona].name == "loopbaan");
    // C's profile is (1, 0); the loopbaan centroid is (8/9, 1/9): cosine 1 − 8/√65.
    CHECK(placements[0].distance == doctest::Approx(1 - 8 / std::sqrt(65.0)));
    CHECK(placements[1].distance == doctest::Approx(1.0));  // orthogonal to (0, 1)
  }

  TEST_CASE("personas need two cases with a coding to cluster by") {
    PersonaProject fixture;
    const CodingData data(fixture.project);
    PersonaOptions options;
    options.cluster.profile.cases = {{"group", "nieuw"}};  // only C
    CHECK_THROWS_AS(personas(data, fixture.project.codebook(), options), InputError);
  }

  TEST_CASE("ward linkage with a non-euclidean distance is refused") {
    PersonaProject fixture;
    const CodingData data(fixture.project);
    ClusterOptions options;
    options.linkage = Linkage::ward;
    CHECK_THROWS_AS(cluster_cases(data, options), InputError);
    options.distance = Distance::euclidean;
    CHECK(cluster_cases(data, options).k == 2);
  }

  TEST_CASE("a weight multiplies the features under its prefix") {
    PersonaProject fixture;
    const CodingData data(fixture.project);
    ProfileOptions options;
    options.cases = {{"group", "provider"}};
    options.features = {"ambities", "fasen"};
    options.weights = {{"ambities", 2.0}};
    const Profiles profiles = case_profiles(data, options);
    REQUIRE(profiles.cases.size() == 7);
    REQUIRE(profiles.features.size() == 4);  // loopbaan, vrijetijd, detectie, besluit
    // A1: loopbaan 2, besluit 2 (two sentences), detectie 1 of 5 codings; loopbaan doubled.
    CHECK(profiles.counts[0] == std::vector<std::int64_t>{2, 0, 1, 2});
    CHECK(profiles.rows[0][0] == doctest::Approx(2 * 2.0 / 5));
    CHECK(profiles.rows[0][3] == doctest::Approx(2.0 / 5));
    options.weights = {{"drempels", 2.0}};
    CHECK_THROWS_AS(case_profiles(data, options), InputError);
    options.weights = {{"ambities", 0.0}};
    CHECK_THROWS_AS(case_profiles(data, options), InputError);
  }

  TEST_CASE("the journey counts phase and threshold codings in the same paragraph") {
    PersonaProject fixture;
    const CodingData data(fixture.project);
    const PersonaSet set = personas(data, fixture.project.codebook(), provider_options());
    const Journey map = journey(data, set, {});
    // besluit × geld: every A paragraph (A1 counts its paragraph once although it has two
    // pairs of codings), and B1's.
    REQUIRE(map.thresholds.size() == 2);
    CHECK(map.thresholds[0].persona == 0);
    CHECK(map.thresholds[0].units == 3);
    CHECK(map.thresholds[0].quote == "De directie vond het geld krap.");
    CHECK(map.thresholds[1].persona == 1);
    CHECK(map.thresholds[1].units == 1);
    CHECK(map.thresholds[1].quote == "Het geld ontbrak.");
    REQUIRE(map.levers.size() == 2);
    CHECK(map.levers[0].units == 3);
    CHECK(map.levers[1].units == 3);
    CHECK(data.codes()[map.levers[0].phase].path == "fasen/detectie");
    REQUIRE(map.tensions.size() == 1);
    CHECK(map.tensions[0].all_cases == 3);
    CHECK(map.tensions[0].cases == std::vector<std::int64_t>{1, 2});
  }

  TEST_CASE("a journey quote that stands on its own beats a short one") {
    PersonaProject fixture;
    const std::string long_quote =
        "Zonder extra middelen van de overheid konden we die opleiding eigenlijk nooit echt "
        "opstarten.";
    fixture.code("B1", long_quote, "drempels/aanbieders/geld");
    const CodingData data(fixture.project);
    const PersonaSet set = personas(data, fixture.project.codebook(), provider_options());
    const Journey map = journey(data, set, {});
    REQUIRE(map.thresholds.size() == 2);
    CHECK(map.thresholds[1].persona == 1);
    CHECK(map.thresholds[1].units == 1);  // still one paragraph
    CHECK(map.thresholds[1].quote == long_quote);
    // A1's sentence holding both codes is short, and so is every other candidate there.
    CHECK(map.thresholds[0].quote == "De directie vond het geld krap.");
  }

  TEST_CASE("the personas, journey and cluster commands write JSON") {
    PersonaProject fixture;
    auto run = [&](std::vector<std::string> args) {
      args.insert(args.begin(), {"-p", fixture.path});
      const testing::CliResult result = testing::inzicht_cli(args);
      INFO(result.err);
      REQUIRE(result.status == 0);
      return nlohmann::json::parse(result.out);
    };
    const auto personas_json = run({"personas", "--format", "json"});
    REQUIRE(personas_json["personas"].size() == 2);
    CHECK(personas_json["personas"][0]["name"] == "loopbaan");
    CHECK(personas_json["personas"][0]["size"] == 3);
    CHECK(personas_json["distinguishing"][0]["p"].get<double>() == doctest::Approx(0.05));
    // Six members, A3 as secondary, D unplaced.
    REQUIRE(personas_json["members"].size() == 8);
    CHECK(personas_json["members"][7]["role"] == "unplaced");
    CHECK(personas_json["members"][7]["persona"] == nullptr);

    const auto assign_json = run({"personas", "assign", "C", "--format", "json"});
    REQUIRE(assign_json.is_array());  // one sheet: an array of rows
    CHECK(assign_json[0]["name"] == "loopbaan");

    const auto journey_json = run({"journey", "--persona", "vrijetijd", "--format", "json"});
    REQUIRE(journey_json["thresholds"].size() == 1);
    CHECK(journey_json["thresholds"][0]["units"] == 1);
    CHECK(journey_json["tensions"][0]["vrijetijd"].get<double>() == doctest::Approx(2.0 / 3));

    const auto cluster_json = run({"cluster", "--cases", "group=provider", "--features", "ambities",
                                   "--auto", "--format", "json"});
    CHECK(cluster_json["clusters"].size() == 7);  // the cluster command keeps D
    CHECK(cluster_json["merges"].size() == 6);
    CHECK(cluster_json["k"][0]["k"] == 2);
  }

  TEST_CASE("the study report draws the dendrogram, the persona cards and the journey maps") {
    PersonaProject fixture;
    report::StudyReportOptions options;
    options.coder = "ann";
    const std::string html = report::study_report(fixture.project, options);
    const auto has = [&](const std::string& text) { return html.find(text) != std::string::npos; };
    CHECK(has("<h2>Clustering van de aanbieders</h2>"));
    CHECK(has("aria-label=\"Dendrogram van de cases\""));
    CHECK(has(">A1</text>"));
    CHECK(has("B3</text>"));
    CHECK(has("stroke-dasharray"));  // the cut
    CHECK(has("<h3>1. loopbaan</h3>"));
    CHECK(has("<h3>2. vrijetijd</h3>"));
    CHECK(has("<em>Mensen aan het werk helpen.</em>"));
    CHECK(has("3 leden: A1, A2, A3."));
    CHECK(has("Ook deels deze ambitie: A3 (33% van de ambitiecoderingen)."));
    CHECK(has("geld: 100% van de leden, 33% van de anderen (lift 1.5, p = 0.200)"));
    CHECK(has("<blockquote>Wij helpen mensen aan werk.<footer>— A1, loopbaan</footer>"));
    // Journey map: phases as columns, besluit × geld in three paragraphs of persona 1.
    CHECK(has("<th>besluit</th>"));
    CHECK(has("<li>geld (3)</li>"));
    CHECK(has("<q>De directie vond het geld krap.</q>"));
    CHECK(has("Spanningsvelden per persona"));
    // One coder only: no agreement to show, said in a sentence.
    CHECK(has("Geen vergelijking"));
    // Without the `by` category the persona sections say why.
    options.persona_by = "motieven";
    const std::string without = report::study_report(fixture.project, options);
    CHECK(without.find("het codeboek heeft geen categorie &#39;motieven&#39;") !=
          std::string::npos);
  }
}
