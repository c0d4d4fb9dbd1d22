#include <doctest/doctest.h>

#include <algorithm>

#include "analysis/coding_data.hpp"
#include "analysis/personas.hpp"
#include "analysis/stopwords.hpp"
#include "coding/coding.hpp"
#include "coding/suggest.hpp"
#include "coding/suggestions.hpp"
#include "coding/text_classifier.hpp"
#include "importers/document_builder.hpp"
#include "importers/readers.hpp"
#include "base/error.hpp"
#include "test_support.hpp"

using namespace inzicht;
using inzicht::testing::TempDir;

namespace {

constexpr const char* kCodebook =
    "codebook: leren\n"
    "codes:\n"
    "  - name: ambities\n"
    "    codable: false\n"
    "    children:\n"
    "      - name: loopbaan\n"
    "      - name: vrijetijd\n"
    "  - name: drempels\n"
    "    codable: false\n"
    "    children:\n"
    "      - name: kosten\n";

struct LearningProject {
  TempDir dir;
  std::string path = dir / "leren.inzicht";
  store::Project project = store::Project::create(path, "leren");

  void add(const std::string& name, const std::string& group, const std::string& text) {
    project.add_document(importers::build_document(importers::read_text(text, name + ".txt"),
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

  LearningProject() {
    testing::write_file(dir / "codebook.yaml", kCodebook);
    // A role name labels the one respondent turn (a name said once is not taken for a
    // label). Work providers talk of jobs and applications, leisure providers of hobbies and
    // painting; everyone of the cost of the course.
    const char* work[] = {"W1", "W2", "W3"};
    const char* leisure[] = {"V1", "V2", "V3"};
    for (const char* name : work) {
      add(name, "provider",
          "Interviewer: Vertel.\n\nRespondent: Wij helpen werkzoekers aan een nieuwe job. Het "
          "cursusgeld was te hoog voor velen. De sollicitatie oefenen we elke week. Het weer was goed.\n");
    }
    for (const char* name : leisure) {
      add(name, "provider",
          "Interviewer: Vertel.\n\nRespondent: Mensen komen voor hun hobby en het plezier van "
          "schilderen. De prijs viel mee. Aquarel schilderen geeft rust. Het weer was goed.\n");
    }
    add("N", "provider",
        "Interviewer: Vertel.\n\nRespondent: Bij ons draait het om de hobby: schilderen met "
        "aquarel, voor het plezier. Het cursusgeld was veel te hoog.\n");
    add("Q", "provider", "Interviewer: Vertel eens over het aanbod?\n");
    coding::load_codebook(project, dir / "codebook.yaml", false);
    for (const char* name : work) {
      code(name, "Wij helpen werkzoekers aan een nieuwe job.", "ambities/loopbaan");
      code(name, "De sollicitatie oefenen we elke week.", "ambities/loopbaan");
      code(name, "Het cursusgeld was te hoog voor velen.", "drempels/kosten");
    }
    for (const char* name : leisure) {
      code(name, "Mensen komen voor hun hobby en het plezier van schilderen.",
           "ambities/vrijetijd");
      code(name, "Aquarel schilderen geeft rust.", "ambities/vrijetijd");
    }
  }
};

std::size_t case_named(const analysis::CodingData& data, const std::string& name) {
  for (std::size_t c = 0; c < data.cases().size(); ++c) {
    if (data.cases()[c].name == name) return c;
  }
  FAIL("no case " << name);
  return 0;
}

}  // namespace

TEST_SUITE("learning") {
  TEST_CASE("logistic regression separates two kinds of sentence and names the words") {
    coding::FeatureSpace space;
    std::vector<coding::TextFeatures> texts;
    for (const char* text : {"De kosten waren hoog.", "Het kost te veel geld.",
                             "De kosten vielen tegen.", "Ik had geen tijd.",
                             "Het weer was mooi.", "Mijn werkgever hielp."}) {
      texts.push_back(space.features(text));
    }
    std::vector<coding::Example> examples;
    for (std::size_t i = 0; i < texts.size(); ++i) examples.push_back({&texts[i], i < 3, 1.0});
    const std::size_t features = space.size();  // features of unseen text add to the space
    const coding::LogisticModel model = coding::train_logistic(examples, features);
    const coding::TextFeatures unseen = space.features("De Kosten van de cursus.");
    const coding::TextFeatures other = space.features("Ik had geen tijd voor werk.");
    CHECK(model.score(unseen) > 0.5);
    CHECK(model.score(other) < 0.5);
    // "Kosten" is stemmed to the "kosten" of training; the reason is the word as written.
    const auto reasons = model.reasons(unseen, 3);
    REQUIRE_FALSE(reasons.empty());
    CHECK(reasons.front().find("Kosten") != std::string::npos);
    // The same examples in the same order give the same weights.
    CHECK(coding::train_logistic(examples, features).weights == model.weights);
  }

  TEST_CASE("suggest proposes a code for units nobody coded, with the words that weighed") {
    LearningProject f;
    coding::SuggestOptions options;
    options.codes = {"drempels/kosten"};
    options.dry_run = true;
    const coding::SuggestResult result = coding::suggest(f.project, options);
    CHECK(result.from == std::vector<std::string>{"ann"});
    REQUIRE(result.codes.size() == 1);
    CHECK(result.codes[0].unit == "sentence");
    CHECK(result.codes[0].positives == 3);
    // Only in the documents ann coded: W1–W3 (three more sentences each), V1–V3 (four).
    CHECK(result.codes[0].negatives == 3 * 3 + 3 * 4);
    // N's cost sentence: in a document nobody coded, proposed now.
    std::vector<std::string> where;
    for (const auto& s : result.suggestions) {
      where.push_back(s.document);
      CHECK(s.code_path == "drempels/kosten");
      CHECK(s.score >= 0.5);
      CHECK(s.source == "model");
      CHECK_FALSE(s.words.empty());
    }
    CHECK(where == std::vector<std::string>{"N.txt"});
    CHECK(f.project.suggestions({}).empty());  // a dry run stores nothing

    // Stored, then the same again: nothing new, the same places.
    options.dry_run = false;
    const auto stored = coding::suggest(f.project, options);
    CHECK(stored.added == 1);
    CHECK(coding::suggest(f.project, options).suggestions.size() == 1);
    CHECK(f.project.suggestions({}).size() == 1);

    // Rejecting N's makes it a negative the next time, and it is not proposed again.
    coding::SuggestionChoice reject;
    reject.query.documents = {"N"};
    reject.query.codes = {"drempels/kosten"};
    CHECK(coding::reject_suggestions(f.project, reject, "ann").decided == 1);
    const auto again = coding::suggest(f.project, options);
    CHECK(again.codes[0].rejected == 1);
    CHECK(again.codes[0].negatives == 3 * 3 + 3 * 4 + 1);
    for (const auto& s : again.suggestions) CHECK(s.document != "N.txt");

    // Unknown names are refused; too few examples are said.
    coding::SuggestOptions unknown;
    unknown.from = {"bob"};
    CHECK_THROWS_AS(coding::suggest(f.project, unknown), NotFoundError);
    coding::SuggestOptions strict;
    strict.codes = {"drempels"};
    strict.min_positives = 10;
    CHECK_THROWS_AS(coding::suggest(f.project, strict), InputError);
  }

  TEST_CASE("the codebook's description, criteria and examples of a code teach it too") {
    LearningProject f;
    testing::write_file(f.dir / "described.yaml",
                        std::string(kCodebook) +
                            "      - name: tijd\n"
                            "        description: Geen tijd hebben naast werk en gezin.\n"
                            "        include: [Te weinig tijd voor de lessen]\n"
                            "        examples: [\"Ik had gewoon geen tijd meer.\"]\n"
                            "        exclude: [Het weer en de prijs]\n");
    coding::load_codebook(f.project, f.dir / "described.yaml", false);
    f.add("T", "provider",
          "Interviewer: Vertel.\n\nRespondent: Onze mensen hebben vaak geen tijd. Het weer was "
          "goed.\n");
    coding::SuggestOptions options;
    options.codes = {"drempels/tijd"};
    options.dry_run = true;
    // Nobody coded drempels/tijd: its three codebook texts are what it is learned from.
    const auto result = coding::suggest(f.project, options);
    REQUIRE(result.codes.size() == 1);
    CHECK(result.codes[0].positives == 0);
    CHECK(result.codes[0].described == 3);
    CHECK(result.codes[0].skipped.empty());
    REQUIRE(result.suggestions.size() == 1);
    CHECK(result.suggestions[0].document == "T.txt");
    CHECK(result.suggestions[0].origin == "logreg from ann and the codebook (0+/24-, 3 codebook texts, sentences)");
    CHECK(std::find(result.suggestions[0].words.begin(), result.suggestions[0].words.end(),
                    "tijd") != result.suggestions[0].words.end());
    // Without the codebook there is nothing to learn it from.
    options.use_codebook = false;
    CHECK_THROWS_WITH_AS(coding::suggest(f.project, options),
                         doctest::Contains("or more units coded by ann to learn from"), InputError);
  }

  TEST_CASE("a held-out document is suggested for as if nobody had coded it") {
    LearningProject f;
    coding::SuggestOptions options;
    options.codes = {"ambities"};
    options.holdout = {"W1"};
    options.documents = {"W1"};
    options.dry_run = true;
    const auto result = coding::suggest(f.project, options);
    REQUIRE(result.codes.size() == 2);
    CHECK(result.codes[0].positives == 4);  // W2, W3: two sentences each
    std::vector<std::string> codes;
    for (const auto& s : result.suggestions) {
      CHECK(s.document == "W1.txt");
      codes.push_back(s.code_path);
    }
    CHECK(codes == std::vector<std::string>{"ambities/loopbaan", "ambities/loopbaan"});
  }

  TEST_CASE("a case without codings is placed by its words, with confidence and reasons") {
    LearningProject f;
    const analysis::CodingData data(f.project);
    analysis::PersonaOptions options;
    options.cluster.profile.cases = {{"group", "provider"}};
    options.stopwords = analysis::load_stopwords("nl");
    analysis::PersonaSet set;
    const auto placed = analysis::place_case(data, f.project.codebook(), options,
                                             case_named(data, "N"), analysis::PlaceBy::automatic,
                                             &set);
    CHECK(placed.by == analysis::PlaceBy::text);
    CHECK(placed.codings == 0);
    REQUIRE(placed.placements.size() == 2);
    CHECK(set.personas[placed.placements[0].persona].name == "vrijetijd");
    CHECK(placed.confidence > 0);
    CHECK(placed.confidence <= 1);
    REQUIRE_FALSE(placed.reasons.empty());
    const std::string reasons = placed.reasons[0] + " " + placed.reasons[1];
    CHECK((reasons.find("schilderen") != std::string::npos ||
           reasons.find("hobby") != std::string::npos || reasons.find("aquarel") != std::string::npos));

    // W1 has codings: placed by them, as before.
    const auto by_codings = analysis::place_case(data, f.project.codebook(), options,
                                                 case_named(data, "W1"),
                                                 analysis::PlaceBy::automatic, &set);
    CHECK(by_codings.by == analysis::PlaceBy::codings);
    CHECK(set.personas[by_codings.placements[0].persona].name == "loopbaan");
    CHECK(by_codings.reasons == std::vector<std::string>{"ambities/loopbaan"});

    // Q has neither codings nor respondent words: not placed, and said so.
    CHECK_THROWS_WITH_AS(
        analysis::place_case(data, f.project.codebook(), options, case_named(data, "Q"),
                             analysis::PlaceBy::automatic),
        doctest::Contains("cannot place case Q"), InputError);
    CHECK_THROWS_AS(analysis::place_case(data, f.project.codebook(), options,
                                         case_named(data, "N"), analysis::PlaceBy::codings),
                    InputError);
  }

  TEST_CASE(
      "placing by words also reads the case's sentences against the codebook's "
      "description of each persona's code") {
    LearningProject f;
    // D talks of growing as a person in words none of the members used; only the codebook's
    // description of ambities/vrijetijd has them.
    f.add("D", "provider",
          "Interviewer: Vertel.\n\nRespondent: Wij bieden van alles aan. Wie hier komt, zoekt "
          "persoonlijke groei en ontplooiing. De zaal is op de eerste verdieping.\n");
    const analysis::CodingData plain(f.project);
    analysis::PersonaOptions options;
    options.cluster.profile.cases = {{"group", "provider"}};
    options.stopwords = analysis::load_stopwords("nl");
    const auto undecided = analysis::place_case(plain, f.project.codebook(), options,
                                                case_named(plain, "D"), analysis::PlaceBy::text);
    REQUIRE(undecided.placements.size() == 2);
    // Without descriptions nothing of D's counts: both personas equally far.
    CHECK(undecided.placements[0].distance == doctest::Approx(1.0));
    CHECK(undecided.placements[1].distance == doctest::Approx(1.0));

    testing::write_file(f.dir / "described.yaml",
                        "codebook: leren\n"
                        "codes:\n"
                        "  - name: ambities\n"
                        "    codable: false\n"
                        "    children:\n"
                        "      - name: loopbaan\n"
                        "        description: Mensen aan een baan helpen.\n"
                        "      - name: vrijetijd\n"
                        "        description: Leren voor persoonlijke groei en ontplooiing.\n"
                        "        examples: [\"Ze komen uit interesse.\"]\n"
                        "  - name: drempels\n"
                        "    codable: false\n"
                        "    children:\n"
                        "      - name: kosten\n");
    coding::load_codebook(f.project, f.dir / "described.yaml", false);
    const analysis::CodingData data(f.project);
    analysis::PersonaSet set;
    const auto placed = analysis::place_case(data, f.project.codebook(), options,
                                             case_named(data, "D"), analysis::PlaceBy::text, &set);
    REQUIRE(placed.placements.size() == 2);
    CHECK(set.personas[placed.placements[0].persona].name == "vrijetijd");
    CHECK(placed.placements[0].distance < placed.placements[1].distance);
    CHECK(placed.placements[1].distance == doctest::Approx(1.0));
    REQUIRE_FALSE(placed.reasons.empty());
    CHECK(placed.reasons[0] == "\"Wie hier komt, zoekt persoonlijke groei en ontplooiing.\"");
  }

  TEST_CASE("a case without codings is placed by what the codebook's rules would code") {
    LearningProject f;
    // The same codes, now with rules; the project keeps its codings.
    testing::write_file(f.dir / "rules.yaml",
                        "codebook: leren\n"
                        "codes:\n"
                        "  - name: ambities\n"
                        "    codable: false\n"
                        "    children:\n"
                        "      - name: loopbaan\n"
                        "        rules:\n"
                        "          - keywords: [job, sollicitatie]\n"
                        "      - name: vrijetijd\n"
                        "        rules:\n"
                        "          - keywords: [hobby, aquarel]\n"
                        "  - name: drempels\n"
                        "    codable: false\n"
                        "    children:\n"
                        "      - name: kosten\n");
    coding::load_codebook(f.project, f.dir / "rules.yaml", false);
    const analysis::CodingData data(f.project);
    analysis::PersonaOptions options;
    options.cluster.profile.cases = {{"group", "provider"}};
    const std::vector<model::Document> documents = {f.project.load_document("N.txt")};
    analysis::PersonaSet set;
    const auto placed = analysis::place_case(data, f.project.codebook(), options,
                                             case_named(data, "N"), analysis::PlaceBy::rules,
                                             &set, documents);
    CHECK(placed.by == analysis::PlaceBy::rules);
    CHECK(placed.codings == 0);
    CHECK(placed.rule_codings == 1);  // one sentence holds hobby and aquarel
    CHECK(set.personas[placed.placements[0].persona].name == "vrijetijd");
    CHECK(placed.reasons == std::vector<std::string>{"ambities/vrijetijd (\"hobby\")"});
    // Automatic: no stored coding, and the rules find one: by rules.
    const auto automatic = analysis::place_case(data, f.project.codebook(), options,
                                                case_named(data, "N"),
                                                analysis::PlaceBy::automatic, nullptr, documents);
    CHECK(automatic.by == analysis::PlaceBy::rules);
    // Without its documents nothing can be coded by rules: by its words.
    CHECK(analysis::place_case(data, f.project.codebook(), options, case_named(data, "N"),
                               analysis::PlaceBy::automatic)
              .by == analysis::PlaceBy::text);
    // Nothing the rules find: placing by rules says so.
    CHECK_THROWS_WITH_AS(
        analysis::place_case(data, f.project.codebook(), options, case_named(data, "Q"),
                             analysis::PlaceBy::rules, nullptr,
                             {f.project.load_document("Q.txt")}),
        doctest::Contains("by rules"), InputError);
    const auto run = testing::inzicht_cli({"-p", f.path, "personas", "assign", "N", "--place",
                                           "rules", "--group", "provider"});
    CAPTURE(run.err);
    REQUIRE(run.status == 0);
    CHECK(run.out.find("1 coding(s) the rules of the clustered codes would make") !=
          std::string::npos);
  }

  TEST_CASE("suggest and personas assign work from the command line") {
    LearningProject f;
    auto run = testing::inzicht_cli({"-p", f.path, "suggest", "--codes", "drempels"});
    REQUIRE(run.status == 0);
    CHECK(run.out.find("1 suggestion(s), 1 new") != std::string::npos);
    run = testing::inzicht_cli({"-p", f.path, "suggestions", "list", "--source", "model",
                                "--format", "csv"});
    CHECK(run.out.find("logreg from ann (3+/21-, sentences)") != std::string::npos);
    run = testing::inzicht_cli({"-p", f.path, "personas", "assign", "N"});
    REQUIRE(run.status == 0);
    CHECK(run.out.find("N placed under persona") != std::string::npos);
    CHECK(run.out.find("by its words") != std::string::npos);
    run = testing::inzicht_cli({"-p", f.path, "personas", "assign", "Q"});
    CHECK(run.status == 1);
    CHECK(run.err.find("cannot place case Q") != std::string::npos);
  }
}
