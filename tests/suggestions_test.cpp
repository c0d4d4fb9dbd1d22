#include <doctest/doctest.h>

#include "coding/coding.hpp"
#include "coding/suggestions.hpp"
#include "importers/document_builder.hpp"
#include "importers/readers.hpp"
#include "base/error.hpp"
#include "test_support.hpp"

using namespace inzicht;
using inzicht::testing::TempDir;

namespace {

constexpr const char* kTranscript =
    "Interviewer: Wat hield je tegen?\n\n"
    "Anna: Vooral de kosten. Ik had geen tijd naast mijn werk. De drempels waren hoog.\n\n"
    "Interviewer: En de kosten van de opleiding?\n\n"
    "Anna: De Kosten waren 2000 euro. Mijn werkgever betaalde uiteindelijk.\n";

std::string codebook_yaml(const std::string& kosten_terms) {
  return "codebook: test\n"
         "codes:\n"
         "  - name: drempels\n"
         "    codable: false\n"
         "    children:\n"
         "      - name: kosten\n"
         "        rules:\n"
         "          - keywords: [" +
         kosten_terms +
         "]\n"
         "      - name: tijd\n"
         "        rules:\n"
         "          - keywords: [geen tijd]\n";
}

struct Fixture {
  TempDir dir;
  std::string project_path = dir / "p.inzicht";
  std::string codebook_path = dir / "c.yaml";
  store::Project project = store::Project::create(project_path, "p");

  Fixture() {
    testing::write_file(codebook_path, codebook_yaml("kosten, euro"));
    project.add_document(
        importers::build_document(importers::read_text(kTranscript, "T.txt"), "T.txt", "txt", {}),
        {"T", "/T.txt", "h"}, std::string("learner"));
    coding::load_codebook(project, codebook_path, false);
  }
};

coding::AutocodeOptions suggest_options() {
  coding::AutocodeOptions options;
  options.suggest = true;
  return options;
}

}  // namespace

TEST_SUITE("suggestions") {
  TEST_CASE("autocode --suggest proposes the rules' codings with rule and words, codes nothing") {
    Fixture f;
    const auto result = coding::autocode(f.project, suggest_options());
    CHECK(result.added.at("drempels/kosten") == 2);
    CHECK(result.added.at("drempels/tijd") == 1);
    CHECK(f.project.coding_count() == 0);
    const auto all = coding::list_suggestions(f.project, {});
    REQUIRE(all.size() == 3);
    CHECK(all[0].code_path == "drempels/kosten");
    CHECK(all[0].source == "rule");
    CHECK(all[0].origin == "drempels/kosten#1");
    CHECK(all[0].words == std::vector<std::string>{"kosten"});
    CHECK(all[0].state == store::SuggestionState::pending);
    CHECK(coding::suggestion_texts(f.project, all)[0] == "Vooral de kosten.");
    CHECK(all[2].words == std::vector<std::string>{"Kosten", "euro"});
    // Again: the pending ones are replaced by the same, nothing doubles.
    coding::autocode(f.project, suggest_options());
    CHECK(coding::list_suggestions(f.project, {}).size() == 3);
    coding::SuggestionQuery only_tijd;
    only_tijd.codes = {"drempels/tijd"};
    CHECK(coding::list_suggestions(f.project, only_tijd).size() == 1);
    coding::SuggestionQuery unknown;
    unknown.codes = {"drempels/geld"};
    CHECK_THROWS_AS(coding::list_suggestions(f.project, unknown), NotFoundError);
  }

  TEST_CASE("accepting makes codings of the accepting coder; a rejection is remembered") {
    Fixture f;
    coding::autocode(f.project, suggest_options());
    const auto all = coding::list_suggestions(f.project, {});
    REQUIRE(all.size() == 3);
    coding::SuggestionChoice first;
    first.ids = {all[0].id};
    const auto accepted = coding::accept_suggestions(f.project, first, "lotte");
    CHECK(accepted.decided == 1);
    CHECK(accepted.codings_added == 1);
    const auto codings = f.project.codings({});
    REQUIRE(codings.size() == 1);
    CHECK(codings[0].coder == "lotte");
    CHECK(codings[0].span == all[0].span);
    // Accepting it twice is refused, and nothing changes.
    CHECK_THROWS_AS(coding::accept_suggestions(f.project, first, "lotte"), InputError);
    coding::SuggestionChoice missing;
    missing.ids = {all[1].id, 999};
    CHECK_THROWS_AS(coding::reject_suggestions(f.project, missing, "lotte"), NotFoundError);
    CHECK(coding::list_suggestions(f.project, {})[1].state == store::SuggestionState::pending);

    coding::SuggestionChoice second;
    second.ids = {all[2].id};
    CHECK(coding::reject_suggestions(f.project, second, "lotte").decided == 1);
    // Rerunning the rules proposes neither the accepted (coded now) nor the rejected unit.
    coding::autocode(f.project, suggest_options());
    const auto after = coding::list_suggestions(f.project, {});
    REQUIRE(after.size() == 3);
    CHECK(after[0].state == store::SuggestionState::accepted);
    CHECK(after[0].decided_by == "lotte");
    CHECK(after[1].state == store::SuggestionState::pending);
    CHECK(after[2].state == store::SuggestionState::rejected);

    // All of a code above a score; nothing chosen is refused.
    CHECK_THROWS_AS(coding::accept_suggestions(f.project, {}, "lotte"), InputError);
    coding::SuggestionChoice tijd;
    tijd.query.codes = {"drempels/tijd"};
    tijd.query.min_score = 0.5;
    CHECK(coding::accept_suggestions(f.project, tijd, "mo").codings_added == 1);
    CHECK(f.project.coding_count() == 2);
  }

  TEST_CASE("every auto coding records its rule and words, and a changed rule marks it outdated") {
    Fixture f;
    const auto first = coding::autocode(f.project, {});
    CHECK(first.added.at("drempels/kosten") == 2);
    CHECK(first.outdated.empty());
    store::CodingFilter kosten;
    kosten.code_paths = {"drempels/kosten"};
    auto segments = coding::segments(f.project, kosten, 0);
    REQUIRE(segments.size() == 2);
    REQUIRE(segments[1].origin);
    CHECK(segments[1].origin->rule == "drempels/kosten#1");
    CHECK(segments[1].origin->words == std::vector<std::string>{"Kosten", "euro"});
    CHECK_FALSE(segments[1].outdated);

    // New rules: "euro" only. The second unit is coded again; the first is out of date.
    testing::write_file(f.codebook_path, codebook_yaml("euro"));
    coding::load_codebook(f.project, f.codebook_path, false);
    const auto second = coding::autocode(f.project, {});
    CHECK(second.added.at("drempels/kosten") == 0);
    CHECK(second.outdated.at("drempels/kosten") == 1);
    CHECK_FALSE(second.outdated.count("drempels/tijd"));
    segments = coding::segments(f.project, kosten, 0);
    REQUIRE(segments.size() == 2);
    CHECK(segments[0].outdated);
    CHECK_FALSE(segments[1].outdated);
    CHECK(segments[1].origin->words == std::vector<std::string>{"euro"});

    coding::AutocodeOptions replace;
    replace.replace = true;
    const auto third = coding::autocode(f.project, replace);
    CHECK(third.outdated.empty());
    CHECK(coding::segments(f.project, kosten, 0).size() == 1);
  }

  TEST_CASE("the suggestions commands list, accept and reject from the command line") {
    Fixture f;
    const std::string p = f.project_path;
    auto run = testing::inzicht_cli({"-p", p, "autocode", "--suggest"});
    REQUIRE(run.status == 0);
    CHECK(run.out.find("3 pending suggestion(s)") != std::string::npos);
    run = testing::inzicht_cli({"-p", p, "suggestions", "list", "--format", "csv"});
    REQUIRE(run.status == 0);
    CHECK(run.out.find("drempels/kosten#1") != std::string::npos);
    CHECK(run.out.find("\"Kosten, euro\"") != std::string::npos);
    run = testing::inzicht_cli({"-p", p, "suggestions", "accept", "--code", "drempels/kosten",
                                "--coder", "lotte"});
    CHECK(run.status == 0);
    CHECK(run.out == "Accepted 2 suggestion(s) as coder lotte: 2 coding(s) added\n");
    run = testing::inzicht_cli({"-p", p, "suggestions", "reject", "--all", "--coder", "lotte"});
    CHECK(run.out.find("Rejected 1 suggestion(s)") != std::string::npos);
    run = testing::inzicht_cli({"-p", p, "suggestions", "accept", "x1"});
    CHECK(run.status == 1);
    run = testing::inzicht_cli({"-p", p, "suggestions", "list", "--state", "rejected",
                                "--format", "json"});
    CHECK(run.out.find("drempels/tijd") != std::string::npos);
    CHECK(run.out.find("drempels/kosten") == std::string::npos);
    run = testing::inzicht_cli({"-p", p, "autocode"});
    run = testing::inzicht_cli({"-p", p, "segments", "--explain", "--coder", "auto", "--format",
                                "csv"});
    CHECK(run.out.find("drempels/tijd#1,geen tijd,current") != std::string::npos);
  }
}
