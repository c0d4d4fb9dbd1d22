#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

using namespace inzicht;
using inzicht::testing::CliResult;
using inzicht::testing::fixture;
using inzicht::testing::inzicht_cli;
using inzicht::testing::TempDir;

namespace {

// Runs the built binary through the shell; stdout captured, stderr to a file.
CliResult inzicht_binary(const std::string& args, const TempDir& dir) {
  const std::string err_file = dir / "stderr.txt";
  const std::string command = std::string(INZICHT_BINARY) + " " + args + " 2>" + err_file;
  CliResult result;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[4096];
  std::size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, n);
  const int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.err = testing::read_file(err_file);
  return result;
}

std::string quoted(const std::string& path) { return "'" + path + "'"; }

}  // namespace

TEST_SUITE("cli") {
  TEST_CASE("init creates a project and refuses to overwrite it") {
    TempDir dir;
    const std::string project = dir / "a.inzicht";
    auto result = inzicht_cli({"-p", project, "init", "--name", "Studie A"});
    CHECK(result.status == 0);
    CHECK(result.out.find("Studie A") != std::string::npos);
    result = inzicht_cli({"-p", project, "init"});
    CHECK(result.status == 1);
    CHECK(result.err.find("already exists") != std::string::npos);
  }

  TEST_CASE("usage errors exit with status 2 and unknown commands are not offered") {
    CHECK(inzicht_cli({}).status == 2);
    CHECK(inzicht_cli({"frobnicate"}).status == 2);
    CHECK(inzicht_cli({"docs", "--format", "yaml"}).status == 2);
    const auto help = inzicht_cli({"--help"});
    CHECK(help.status == 0);
    for (const char* command :
         {"init", "import", "attributes", "docs", "show", "cases", "search"}) {
      CAPTURE(command);
      CHECK(help.out.find(command) != std::string::npos);
    }
  }

  TEST_CASE("a batch import carries on past a bad file, lists it and exits 1") {
    TempDir dir;
    const std::string project = dir / "p.inzicht";
    REQUIRE(inzicht_cli({"-p", project, "init"}).status == 0);
    testing::write_file(dir / "binary.txt", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
    auto result = inzicht_cli({"-p", project, "import", fixture("mixed/interview-anna.txt"),
                               dir / "binary.txt", dir / "missing.txt", "--format", "csv"});
    CHECK(result.status == 1);
    CHECK(result.err.find("binary.txt") != std::string::npos);
    CHECK(result.err.find("missing.txt: no such file") != std::string::npos);  // named
    CHECK(result.out.find("interview-anna.txt,imported") != std::string::npos);
    const auto docs = inzicht_cli({"-p", project, "docs", "--format", "json"});
    const auto json = nlohmann::json::parse(docs.out);
    REQUIRE(json.size() == 1);
    CHECK(json[0]["document"] == "interview-anna.txt");
  }

  TEST_CASE("hostile and broken files are refused one by one and leave the project unchanged") {
    TempDir dir;
    const std::string project = dir / "p.inzicht";
    REQUIRE(inzicht_cli({"-p", project, "init"}).status == 0);
    REQUIRE(inzicht_cli({"-p", project, "import", fixture("mixed/gesprek.srt")}).status == 0);
    const auto before = inzicht_cli({"-p", project, "docs", "--format", "csv"}).out;
    const auto result =
        inzicht_cli({"-p", project, "import", fixture("office/png-renamed.docx"),
                     fixture("office/truncated.docx"), fixture("office/zip-bomb.docx"),
                     fixture("office/zip-bomb-lying.docx"), fixture("office/deep.docx")});
    CHECK(result.status == 1);
    for (const char* name : {"png-renamed.docx", "truncated.docx", "zip-bomb.docx",
                             "zip-bomb-lying.docx", "deep.docx"}) {
      CAPTURE(name);
      CHECK(result.err.find(std::string("inzicht: error: ") + name) != std::string::npos);
    }
    CHECK(inzicht_cli({"-p", project, "docs", "--format", "csv"}).out == before);
  }

  TEST_CASE("re-importing is skipped when unchanged and refused when changed") {
    TempDir dir;
    const std::string project = dir / "p.inzicht";
    REQUIRE(inzicht_cli({"-p", project, "init"}).status == 0);
    testing::write_file(dir / "T1.txt", "I: Vraag?\n\nR: Antwoord.\n");
    REQUIRE(inzicht_cli({"-p", project, "import", dir / "T1.txt"}).status == 0);
    auto again = inzicht_cli({"-p", project, "import", dir / "T1.txt", "--format", "csv"});
    CHECK(again.status == 0);
    CHECK(again.out.find(",unchanged,") != std::string::npos);
    testing::write_file(dir / "T1.txt", "I: Vraag?\n\nR: Een ander antwoord.\n");
    auto changed = inzicht_cli({"-p", project, "import", dir / "T1.txt"});
    CHECK(changed.status == 1);
    CHECK(changed.err.find("--replace") != std::string::npos);
    auto replaced = inzicht_cli({"-p", project, "import", dir / "T1.txt", "--replace"});
    CHECK(replaced.status == 0);
    const auto show =
        nlohmann::json::parse(inzicht_cli({"-p", project, "show", "T1", "--format", "json"}).out);
    CHECK(show["turns"][1]["text"] == "Een ander antwoord.");
  }

  TEST_CASE("attributes import sets case attributes and a bad file changes nothing") {
    TempDir dir;
    const std::string project = dir / "p.inzicht";
    REQUIRE(inzicht_cli({"-p", project, "init"}).status == 0);
    testing::write_file(dir / "cases.csv", "case,group,age\nL01,learner,34\nP01,provider,51\n");
    auto result = inzicht_cli({"-p", project, "attributes", "import", dir / "cases.csv"});
    CHECK(result.status == 0);
    testing::write_file(dir / "bad.csv", "case,group,age\nL01,provider,35\nP01,provider\n");
    result = inzicht_cli({"-p", project, "attributes", "import", dir / "bad.csv"});
    CHECK(result.status == 1);
    CHECK(result.err.find("bad.csv:3") != std::string::npos);
    const auto cases =
        nlohmann::json::parse(inzicht_cli({"-p", project, "cases", "--format", "json"}).out);
    REQUIRE(cases.size() == 2);
    CHECK(cases[0]["case"] == "L01");
    CHECK(cases[0]["group"] == "learner");
    CHECK(cases[0]["age"] == 34);
  }

  TEST_CASE("the built binary imports a folder of mixed formats into exact turns") {
    TempDir dir;
    const std::string project = quoted(dir / "mixed.inzicht");
    REQUIRE(inzicht_binary("-p " + project + " init", dir).status == 0);
    const auto imported = inzicht_binary(
        "-p " + project + " import --group learner --format json " + quoted(fixture("mixed")) +
            " " + quoted(fixture("office/interview.docx")) + " " +
            quoted(fixture("office/interview.odt")),
        dir);
    CAPTURE(imported.err);
    REQUIRE(imported.status == 0);
    const auto results = nlohmann::json::parse(imported.out);
    CHECK(results.size() == 7);

    const auto docs =
        nlohmann::json::parse(inzicht_binary("-p " + project + " docs --format json", dir).out);
    REQUIRE(docs.size() == 7);
    // Expected turns per document, and a few speakers' exact words.
    const std::map<std::string, std::size_t> expected_turns = {
        {"gesprek.srt", 3},     {"groepsgesprek.md", 4}, {"interview-anna.txt", 5},
        {"legacy-1252.txt", 4}, {"webinar.vtt", 3},      {"interview.docx", 9},
        {"interview.odt", 9}};
    for (const auto& doc : docs) {
      const std::string name = doc["document"];
      CAPTURE(name);
      CHECK(doc["turns"] == expected_turns.at(name));
      const auto show = nlohmann::json::parse(
          inzicht_binary("-p " + project + " show " + quoted(name) + " --format json", dir).out);
      const std::string text = show["text"];
      const inzicht::text::CodePointIndex index(text);
      for (const auto& turn : show["turns"]) {
        const Span span{turn["start"].get<Offset>(), turn["end"].get<Offset>()};
        CHECK(index.slice(span) == turn["text"].get<std::string>());
        const std::string words = turn["text"];
        CHECK(words.find(std::string(turn["speaker"]) + ":") != 0);
      }
      if (name == "interview-anna.txt") {
        CHECK(show["turns"][1]["speaker"] == "Anna");
        CHECK(show["turns"][1]["role"] == "respondent");
        CHECK(show["turns"][0]["role"] == "interviewer");
        CHECK(show["turns"][3]["text"] ==
              "Die was onduidelijk. De kosten stonden nergens, o.a. het examengeld "
              "ontbrak.\nIk heb toen gebeld met dhr. Visser van de administratie.");
      }
      if (name == "groepsgesprek.md") {
        CHECK(show["turns"][0]["speaker"] == "Onderzoeker");
        CHECK(show["turns"][0]["role"] == "interviewer");
        CHECK(show["turns"][1]["text"] ==
              "Ik wil wel. Wij zochten een deeltijdopleiding met "
              "avondlessen.");
      }
      if (name == "interview.docx" || name == "interview.odt") {
        CHECK(show["turns"][1]["role"] == "respondent");
        CHECK(show["turns"][4]["time_ms"] == 750000);
        CHECK(show["turns"][5]["text"] ==
              "Het STAP-budget, zie www.stapbudget.nl. Daar las ik ook ideeën van andere "
              "cursisten.");
      }
      if (name == "legacy-1252.txt") {
        CHECK(show["encoding"] == "windows-1252");
        CHECK(show["turns"][3]["text"] ==
              "De coördinator was erg behulpzaam en de financiële "
              "regeling was helder. Ook de crèche was geregeld.");
      }
    }

    const auto search = inzicht_binary(
        "-p " + project + " search 'cooordinator OR coordinator' --format json", dir);
    const auto hits = nlohmann::json::parse(search.out);
    REQUIRE(hits.size() == 1);
    CHECK(hits[0]["document"] == "legacy-1252.txt");
    CHECK(hits[0]["match"] == "coördinator");
    CHECK(hits[0]["speaker"] == "R");
    const auto phrase = nlohmann::json::parse(
        inzicht_binary("-p " + project + " search '\"de kosten\"' --format json", dir).out);
    REQUIRE(phrase.size() == 2);  // anna.txt and webinar.vtt
    const auto none = nlohmann::json::parse(
        inzicht_binary("-p " + project + " search kosten --group provider --format json", dir).out);
    CHECK(none.empty());
  }
}
