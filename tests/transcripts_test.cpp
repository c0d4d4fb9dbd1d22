// Transcripts as other teams write them: Markdown speaker headings, unlabelled long texts,
// re-splitting, removing and renaming documents, folders with clashing names.

#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "importers/document_builder.hpp"
#include "importers/readers.hpp"
#include "importers/speaker_labels.hpp"
#include "test_support.hpp"

using namespace inzicht;
using inzicht::testing::inzicht_cli;
using inzicht::testing::TempDir;

namespace {

model::Document build_markdown(const std::string& text) {
  return importers::build_document(importers::read_text(text, "t.md"), "t.md", "md", {});
}

// A long interview in English prose without a single speaker label.
std::string unlabelled_interview() {
  std::string text;
  for (int i = 0; i < 40; ++i) {
    text +=
        "So how did the course go for you? Well, I struggled with the evening sessions "
        "because of my job, but the tutor was helpful.\n";
  }
  return text;
}

nlohmann::json json_of(const std::vector<std::string>& args) {
  const auto result = inzicht_cli(args);
  REQUIRE_MESSAGE(result.status == 0, result.err);
  return nlohmann::json::parse(result.out);
}

}  // namespace

TEST_SUITE("importers") {
  TEST_CASE("markdown speaker headings and bold names without a colon are speaker labels") {
    SUBCASE("### headings") {
      const auto document = build_markdown(
          "# Interview 3\n\n### Interviewer\n\nHow did you hear about the course?\n\n"
          "### Maria Lopez\n\nFrom a colleague.\nShe liked it.\n\n### Interviewer\n\nAnd "
          "then?\n\n### Maria Lopez\n\nI signed up.\n");
      REQUIRE(document.turns.size() == 4);
      CHECK(document.turns[0].speaker == "Interviewer");
      CHECK(document.turns[0].role == model::Role::interviewer);
      CHECK(document.turns[1].speaker == "Maria Lopez");
      CHECK(document.turns[1].role == model::Role::respondent);
      CHECK(testing::slice(document, document.turns[1].span) == "From a colleague.\nShe liked it.");
      CHECK(testing::slice(document, document.turns[3].span) == "I signed up.");
    }
    SUBCASE("**Name** without a colon") {
      const auto document = build_markdown(
          "**Interviewer** How did you hear about it?\n\n**Sam** From a friend.\n\n"
          "**Interviewer** Why?\n\n**Sam** Cheap.\n");
      REQUIRE(document.turns.size() == 4);
      CHECK(document.turns[1].speaker == "Sam");
      CHECK(testing::slice(document, document.turns[1].span) == "From a friend.");
    }
    SUBCASE("a section heading or bold word met once is not a speaker") {
      const auto document =
          build_markdown("## Background\n\nI: Where do you work?\n\nR: **Mostly** at home.\n");
      REQUIRE(document.turns.size() == 2);
      CHECK(document.turns[1].speaker == "R");
      CHECK(testing::slice(document, document.turns[1].span) == "**Mostly** at home.");
    }
  }
}

TEST_SUITE("cli") {
  TEST_CASE("a long transcript without speaker labels is flagged at import and in docs") {
    TempDir dir;
    const std::string project = dir / "p.inzicht";
    REQUIRE(inzicht_cli({"-p", project, "init"}).status == 0);
    testing::write_file(dir / "long.txt", unlabelled_interview());
    testing::write_file(dir / "short.txt", "Just one line of notes.\n");
    const auto imported =
        inzicht_cli({"-p", project, "import", dir / "long.txt", dir / "short.txt"});
    CHECK(imported.status == 0);
    CHECK(imported.err.find("warning: no speaker labels recognised: ") != std::string::npos);
    CHECK(imported.err.find("in long.txt; see --speaker-pattern") != std::string::npos);
    CHECK(imported.err.find("short.txt") == std::string::npos);
    const auto docs = json_of({"-p", project, "docs", "--format", "json"});
    REQUIRE(docs.size() == 2);
    CHECK(docs[0]["document"] == "long.txt");
    CHECK(docs[0]["speakers"] == "");
    CHECK(docs[0]["note"].get<std::string>().find("no speaker labels") != std::string::npos);
    CHECK(docs[1]["note"].is_null());
  }

  TEST_CASE(
      "import --replace with a speaker pattern re-splits an unchanged file, keeping codings") {
    TempDir dir;
    const std::string project = dir / "p.inzicht";
    REQUIRE(inzicht_cli({"-p", project, "init"}).status == 0);
    const std::string file = dir / "T1.txt";
    testing::write_file(file,
                        "Q) Where do you work?\n\nJane) At the hospital.\n\nQ) Since when?\n\n"
                        "Jane) Since 2019.\n");
    REQUIRE(inzicht_cli({"-p", project, "import", file}).status == 0);
    testing::write_file(dir / "cb.yaml", "codes:\n  - name: work\n");
    REQUIRE(inzicht_cli({"-p", project, "codebook", "load", dir / "cb.yaml"}).status == 0);
    REQUIRE(
        inzicht_cli({"-p", project, "code", "T1", "work", "--quote", "hospital", "--coder", "ann"})
            .status == 0);
    CHECK(json_of({"-p", project, "show", "T1", "--format", "json"})["turns"].size() == 4);

    SUBCASE("a bad pattern is refused even though the file is unchanged") {
      const auto bad = inzicht_cli(
          {"-p", project, "import", file, "--replace", "--speaker-pattern", "^(unclosed"});
      CHECK(bad.status == 1);
      CHECK(bad.err.find("pattern") != std::string::npos);
    }
    SUBCASE("a good pattern splits the turns anew") {
      const auto resplit = inzicht_cli({"-p", project, "import", file, "--replace",
                                        "--speaker-pattern", R"(^(\w+)\) )", "--format", "csv"});
      CHECK(resplit.status == 0);
      CHECK(resplit.out.find(",resplit,") != std::string::npos);
      CHECK(resplit.out.find("1 coding(s) kept") != std::string::npos);
      const auto show = json_of({"-p", project, "show", "T1", "--format", "json"});
      REQUIRE(show["turns"].size() == 4);
      CHECK(show["turns"][0]["speaker"] == "Q");
      CHECK(show["turns"][0]["role"] == "interviewer");
      CHECK(show["turns"][1]["speaker"] == "Jane");
      CHECK(show["turns"][1]["text"] == "At the hospital.");
      const auto segments = json_of({"-p", project, "segments", "--format", "json"});
      REQUIRE(segments.size() == 1);
      CHECK(segments[0]["text"] == "hospital");
      // Once split so, the same pattern again changes nothing.
      const auto again = inzicht_cli({"-p", project, "import", file, "--replace",
                                      "--speaker-pattern", R"(^(\w+)\) )", "--format", "csv"});
      CHECK(again.out.find(",unchanged,") != std::string::npos);
    }
  }

  TEST_CASE("docs remove asks for --force when codings would go, and docs rename keeps them") {
    TempDir dir;
    const std::string project = dir / "p.inzicht";
    REQUIRE(inzicht_cli({"-p", project, "init"}).status == 0);
    testing::write_file(dir / "A.txt", "I: Why?\n\nR: Because of money.\n");
    testing::write_file(dir / "B.txt", "I: Why?\n\nR: No time.\n");
    testing::write_file(dir / "cb.yaml", "codes:\n  - name: money\n");
    REQUIRE(inzicht_cli({"-p", project, "import", dir / "A.txt", dir / "B.txt"}).status == 0);
    REQUIRE(inzicht_cli({"-p", project, "codebook", "load", dir / "cb.yaml"}).status == 0);
    REQUIRE(inzicht_cli({"-p", project, "code", "A", "money", "--turn", "1"}).status == 0);

    const auto refused = inzicht_cli({"-p", project, "docs", "remove", "A"});
    CHECK(refused.status == 1);
    CHECK(refused.err.find("1 coding(s)") != std::string::npos);
    CHECK(refused.err.find("--force") != std::string::npos);
    CHECK(json_of({"-p", project, "docs", "--format", "json"}).size() == 2);

    const auto renamed = inzicht_cli({"-p", project, "docs", "rename", "A.txt", "Alice.txt"});
    CHECK_MESSAGE(renamed.status == 0, renamed.err);
    CHECK(inzicht_cli({"-p", project, "docs", "rename", "B", "Alice.txt"}).status == 1);
    auto segments = json_of({"-p", project, "segments", "--format", "json"});
    REQUIRE(segments.size() == 1);
    CHECK(segments[0]["document"] == "Alice.txt");

    const auto unknown = inzicht_cli({"-p", project, "docs", "remove", "Alise"});
    CHECK(unknown.status == 1);
    CHECK(unknown.err.find("did you mean Alice.txt") != std::string::npos);

    CHECK(inzicht_cli({"-p", project, "docs", "remove", "B"}).status == 0);
    const auto forced = inzicht_cli({"-p", project, "docs", "remove", "Alice", "--force"});
    CHECK(forced.status == 0);
    CHECK(forced.out.find("1 coding(s)") != std::string::npos);
    CHECK(json_of({"-p", project, "docs", "--format", "json"}).empty());
    CHECK(json_of({"-p", project, "segments", "--format", "json"}).empty());
    const auto search = inzicht_cli({"-p", project, "search", "money"});
    CHECK(search.out.find("Alice") == std::string::npos);
  }

  TEST_CASE("a folder imports with unique names, without READMEs, trimmed, duplicates flagged") {
    TempDir dir;
    const std::string project = dir / "p.inzicht";
    REQUIRE(inzicht_cli({"-p", project, "init"}).status == 0);
    const auto corpus = dir.path() / "corpus";
    std::filesystem::create_directories(corpus / "2023");
    std::filesystem::create_directories(corpus / "2024");
    testing::write_file(corpus / "README.md", "# About this corpus\n");
    testing::write_file(corpus / "2023" / "interview.txt", "I: Why?\n\nR: Money.\n");
    testing::write_file(corpus / "2024" / "interview.txt", "I: Why?\n\nR: Time.\n");
    testing::write_file(corpus / " spaced .txt", "I: Why?\n\nR: Distance.\n");
    testing::write_file(corpus / "copy.txt", "I: Why?\n\nR: Money.\n");
    const auto imported =
        inzicht_cli({"-p", project, "import", corpus.string(), "--format", "csv"});
    CHECK_MESSAGE(imported.status == 0, imported.err);
    CHECK(imported.out.find(",skipped,") != std::string::npos);
    CHECK(imported.err.find("copy.txt: same content as 2023/interview.txt") != std::string::npos);
    const auto docs = json_of({"-p", project, "docs", "--format", "json"});
    std::vector<std::string> names, cases;
    for (const auto& row : docs) {
      names.push_back(row["document"]);
      cases.push_back(row["case"]);
    }
    CHECK(names == std::vector<std::string>{"2023/interview.txt", "2024/interview.txt", "copy.txt",
                                            "spaced.txt"});
    CHECK(cases == std::vector<std::string>{"2023/interview", "2024/interview", "copy", "spaced"});
    // Named on its own, a README imports; re-importing the folder changes nothing.
    CHECK(inzicht_cli({"-p", project, "import", (corpus / "README.md").string()}).status == 0);
    const auto again = inzicht_cli({"-p", project, "import", corpus.string()});
    CHECK(again.status == 0);
    CHECK(again.out.find("0 imported, 4 unchanged, 1 skipped") != std::string::npos);
  }
}
