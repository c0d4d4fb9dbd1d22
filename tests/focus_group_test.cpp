// Focus groups: `import --case-per-speaker` makes each respondent speaker a case, and every
// analysis that groups by case counts per participant.

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "analysis/coding_data.hpp"
#include "store/project.hpp"
#include "test_support.hpp"

using namespace inzicht;
using inzicht::testing::fixture;
using inzicht::testing::inzicht_cli;
using inzicht::testing::TempDir;

namespace {

nlohmann::json json_of(const std::vector<std::string>& args) {
  const auto result = inzicht_cli(args);
  REQUIRE_MESSAGE(result.status == 0, result.err);
  return nlohmann::json::parse(result.out);
}

// group-1.txt: a moderator and three participants (Dana, Sam, Ruth), each with attributes,
// coded by the fixture codebook's rules.
struct FocusGroup {
  TempDir dir;
  std::string path = dir / "groups.inzicht";
  std::string import_out;
  FocusGroup() {
    REQUIRE(
        inzicht_cli({"-p", path, "init", "--name", "Focus groups", "--language", "en"}).status ==
        0);
    const auto imported = inzicht_cli({"-p", path, "import", fixture("focusgroup/group-1.txt"),
                                       "--case-per-speaker", "--group", "participant"});
    REQUIRE_MESSAGE(imported.status == 0, imported.err);
    import_out = imported.out;
    REQUIRE(
        inzicht_cli({"-p", path, "attributes", "import", fixture("focusgroup/cases.csv")}).status ==
        0);
    REQUIRE(
        inzicht_cli({"-p", path, "codebook", "load", fixture("focusgroup/codebook.yaml")}).status ==
        0);
    const auto coded = inzicht_cli({"-p", path, "autocode"});
    REQUIRE_MESSAGE(coded.status == 0, coded.err);
  }
  std::vector<std::string> with(std::vector<std::string> args) const {
    args.insert(args.begin(), {"-p", path});
    return args;
  }
};

}  // namespace

TEST_SUITE("focus groups") {
  TEST_CASE("each respondent speaker becomes a case; the moderator stays with the file's case") {
    FocusGroup f;
    CHECK(f.import_out.find("a case per speaker: Dana, Sam, Ruth") != std::string::npos);
    const auto cases = json_of(f.with({"cases", "--format", "json"}));
    std::map<std::string, nlohmann::json> by_name;
    for (const auto& c : cases) by_name[c["case"].get<std::string>()] = c;
    REQUIRE(by_name.size() == 4);
    for (const char* name : {"Dana", "Sam", "Ruth", "group-1"}) {
      REQUIRE(by_name.count(name));
      CHECK(by_name[name]["documents"] == 1);
      CHECK(by_name[name]["group"] == "participant");
    }
    CHECK(by_name["Dana"]["sector"] == "care");
    const auto docs = json_of(f.with({"docs", "--format", "json"}));
    REQUIRE(docs.size() == 1);
    CHECK(docs[0]["case"] == "group-1");
    CHECK(docs[0]["note"] == "a case per respondent speaker");
    // Moderator is an interviewer by name: not a case, and its turn is no participant's.
    const auto turns = json_of(f.with({"show", "group-1", "--format", "json"}))["turns"];
    CHECK(turns[0]["speaker"] == "Moderator");
    CHECK(turns[0]["role"] == "interviewer");
  }

  TEST_CASE("frequencies, filters, segments, queries, search and words count per participant") {
    FocusGroup f;
    // By case: Sam's shifts, Dana's fee and tutor, Ruth's computer; no column for the
    // moderator's case (autocode codes respondent turns).
    const auto by_case = json_of(f.with({"freq", "--by", "case", "--format", "json"}));
    std::map<std::string, nlohmann::json> row;
    for (const auto& r : by_case) row[r["code"].get<std::string>()] = r;
    CHECK(row["barriers/time"]["Sam"] == 2);
    CHECK(row["barriers/time"]["Dana"] == 0);
    CHECK(row["barriers/cost"]["Dana"] == 2);
    CHECK(row["barriers/digital"]["Ruth"] == 3);
    CHECK(row["levers/tutor"]["Dana"] == 2);
    CHECK(row["levers/employer"]["Dana"] == 1);
    CHECK(row["levers/employer"]["Sam"] == 1);
    CHECK(!row["barriers"].contains("group-1"));  // nothing of the moderator's is coded
    CHECK(row["barriers"]["total"] == 7);
    // By an attribute of the speakers' cases.
    const auto by_sector = json_of(f.with({"freq", "--by", "sector", "--format", "json"}));
    for (const auto& r : by_sector) {
      if (r["code"] == "barriers/digital") {
        CHECK(r["retail"] == 3);
        CHECK(r["care"] == 0);
      }
    }
    // --where picks one participant's codings out of the shared document.
    const auto care = json_of(f.with({"freq", "--where", "sector=care", "--format", "json"}));
    for (const auto& r : care) {
      if (r["code"] == "levers/tutor") CHECK(r["codings"] == 2);
      if (r["code"] == "barriers/time") CHECK(r["codings"] == 0);
      if (r["code"] == "levers") CHECK(r["cases"] == 1);
    }
    const auto segments =
        json_of(f.with({"segments", "--code", "levers/employer", "--format", "json"}));
    REQUIRE(segments.size() == 2);
    CHECK(segments[0]["case"] == "Dana");
    CHECK(segments[1]["case"] == "Sam");
    const auto only_sam =
        json_of(f.with({"segments", "--where", "sector=logistics", "--format", "json"}));
    CHECK(only_sam.size() == 3);  // two shifts, one employer
    for (const auto& s : only_sam) CHECK(s["case"] == "Sam");
    const auto query =
        json_of(f.with({"query", "barriers AND [sector=logistics]", "--format", "json"}));
    REQUIRE(query.size() == 2);
    for (const auto& s : query) CHECK(s["case"] == "Sam");
    // Of the three participants (the moderator's case has nothing coded), one spoke of a tutor.
    const auto pct = json_of(f.with({"freq", "--format", "json"}));
    for (const auto& r : pct) {
      if (r["code"] == "levers/tutor")
        CHECK(r["cases_pct"].get<double>() == doctest::Approx(100.0 / 3));
    }
    const auto count = json_of(f.with({"query", "levers", "--count", "--format", "json"}));
    CHECK(count[0]["cases"] == 2);
    CHECK(count[0]["documents"] == 1);
    const auto hits = json_of(f.with({"search", "computer", "--format", "json"}));
    REQUIRE(hits.size() == 2);
    for (const auto& hit : hits) CHECK(hit["case"] == "Ruth");
    const auto words = json_of(f.with({"words", "--where", "case=Ruth", "--format", "json"}));
    bool computer = false;
    for (const auto& w : words) {
      CHECK(w["word"] != "shifts");  // Sam's word, not Ruth's
      if (w["word"] == "computer") computer = w["count"] == 2;
    }
    CHECK(computer);
  }

  TEST_CASE("a coding that starts on the label or spans two speakers goes to the first speaker") {
    FocusGroup f;
    // "Dana: Money, mostly." — the turn's words start after the label.
    const auto turns = json_of(f.with({"show", "group-1", "--format", "json"}))["turns"];
    const std::int64_t dana = turns[1]["start"];
    const std::int64_t sam_end = turns[2]["end"];
    const auto coded =
        inzicht_cli(f.with({"code", "group-1", "barriers", "--coder", "ann", "--range",
                            std::to_string(dana - 6) + ":" + std::to_string(sam_end)}));
    REQUIRE_MESSAGE(coded.status == 0, coded.err);
    const store::Project project = store::Project::open(f.path);
    const analysis::CodingData data(project);
    bool found = false;
    for (const analysis::CodingInfo& coding : data.codings()) {
      if (data.coders()[coding.coder] != "ann") continue;
      found = true;
      CHECK(data.cases()[coding.case_index].name == "Dana");
    }
    CHECK(found);
    // A passage of the moderator's belongs to the file's case, one of a participant's turn to
    // theirs; an empty span at a turn's start to that turn.
    const Offset moderator = turns[0]["start"];
    CHECK(data.cases()[data.case_of(0, {moderator, moderator + 5})].name == "group-1");
    CHECK(data.cases()[data.case_of(0, {dana, dana + 5})].name == "Dana");
    CHECK(data.cases()[data.case_of(0, {dana, dana})].name == "Dana");
    CHECK(data.cases()[data.case_of(0, {0, 5})].name == "group-1");  // the title
    // The file's own case takes part only once something of it is coded.
    CHECK(data.cases_of(0).size() == 3);
    REQUIRE(inzicht_cli(f.with({"code", "group-1", "levers", "--coder", "ann", "--turn", "0"}))
                .status == 0);
    const analysis::CodingData coded_moderator(project);
    CHECK(coded_moderator.cases_of(0).size() == 4);
    const auto pct = json_of(f.with({"freq", "--format", "json"}));
    for (const auto& r : pct) {
      if (r["code"] == "levers/tutor") CHECK(r["cases_pct"].get<double>() == doctest::Approx(25.0));
    }
  }

  TEST_CASE("a speaker label met again joins its case with a warning; replace keeps the cases") {
    FocusGroup f;
    const auto second = inzicht_cli(f.with({"import", fixture("focusgroup/group-2.txt"),
                                            "--case-per-speaker", "--group", "participant"}));
    REQUIRE_MESSAGE(second.status == 0, second.err);
    CHECK(second.err.find("speaker 'Sam' of group-2.txt joins the case of that name") !=
          std::string::npos);
    CHECK(second.err.find("Lena") == std::string::npos);  // a new case, no warning
    const auto cases = json_of(f.with({"cases", "--format", "json"}));
    for (const auto& c : cases) {
      if (c["case"] == "Sam") CHECK(c["documents"] == 2);
      if (c["case"] == "Lena") CHECK(c["documents"] == 1);
    }
    // Sam's words in both sessions are one case's.
    REQUIRE(inzicht_cli(f.with({"autocode"})).status == 0);
    const auto website = json_of(f.with({"freq", "--by", "case", "--format", "json"}));
    for (const auto& r : website) {
      if (r["code"] == "barriers/cost") {
        CHECK(r["Lena"] == 2);  // "fee" twice
        CHECK(r["Sam"] == 1);   // "cost" in the second session
      }
    }
    // An unchanged file with --replace and no flag stays a document of speakers' cases.
    const auto again = inzicht_cli(f.with({"import", fixture("focusgroup/group-1.txt"), "--replace",
                                           "--speaker-pattern", "^(?<speaker>[A-Z][a-z]+): "}));
    REQUIRE_MESSAGE(again.status == 0, again.err);
    const auto segments = json_of(
        f.with({"segments", "--code", "levers/tutor", "--doc", "group-1", "--format", "json"}));
    REQUIRE(segments.size() == 2);
    CHECK(segments[0]["case"] == "Dana");
  }

  TEST_CASE("a file imported without a case per speaker gets them when imported again with it") {
    TempDir dir;
    const std::string p = dir / "p.inzicht";
    REQUIRE(inzicht_cli({"-p", p, "init", "--language", "en"}).status == 0);
    REQUIRE(inzicht_cli({"-p", p, "import", fixture("focusgroup/group-1.txt")}).status == 0);
    REQUIRE(
        inzicht_cli({"-p", p, "codebook", "load", fixture("focusgroup/codebook.yaml")}).status ==
        0);
    REQUIRE(inzicht_cli({"-p", p, "code", "group-1", "levers", "--coder", "ann", "--turn", "5"})
                .status == 0);
    auto cases = json_of({"-p", p, "cases", "--format", "json"});
    CHECK(cases.size() == 1);
    const auto again =
        inzicht_cli({"-p", p, "import", fixture("focusgroup/group-1.txt"), "--case-per-speaker"});
    REQUIRE_MESSAGE(again.status == 0, again.err);
    CHECK(again.out.find("resplit") != std::string::npos);
    cases = json_of({"-p", p, "cases", "--format", "json"});
    CHECK(cases.size() == 4);
    const auto segments = json_of({"-p", p, "segments", "--format", "json"});
    REQUIRE(segments.size() == 1);
    CHECK(segments[0]["case"] == "Dana");  // turn 5 is Dana's tutor
  }

  TEST_CASE("pseudonyms rename a speaker's case and keep its turns with it") {
    FocusGroup f;
    const std::string key = f.dir / "groups.key";
    REQUIRE(
        inzicht_cli(f.with({"pseudonyms", "add", "Dana", "--as", "Pia", "--key", key})).status ==
        0);
    const auto applied = inzicht_cli(f.with({"pseudonyms", "apply", "--key", key}));
    REQUIRE_MESSAGE(applied.status == 0, applied.err);
    const auto by_case = json_of(f.with({"freq", "--by", "case", "--format", "json"}));
    for (const auto& r : by_case) {
      CHECK(!r.contains("Dana"));
      if (r["code"] == "levers/tutor") CHECK(r["Pia"] == 2);
      if (r["code"] == "barriers/time") CHECK(r["Sam"] == 2);
    }
  }
}
