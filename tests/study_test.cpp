// A team's own study: an English project from init to report, the project language, the
// command line's consistency, and `inzicht run` on a study file.

#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "analysis/stopwords.hpp"
#include "base/error.hpp"
#include "report/strings.hpp"
#include "test_support.hpp"
#include "text/text.hpp"

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

// An English project with the two fictional interviews, their attributes and codebook.
struct EnglishProject {
  TempDir dir;
  std::string path = dir / "study.inzicht";
  EnglishProject() {
    REQUIRE(inzicht_cli({"-p", path, "init", "--name", "Returning learners"}).status == 0);
    const auto imported =
        inzicht_cli({"-p", path, "import", fixture("english"), "--format", "csv"});
    REQUIRE_MESSAGE(imported.status == 0, imported.err);
    REQUIRE(
        inzicht_cli({"-p", path, "attributes", "import", fixture("english/cases.csv")}).status ==
        0);
    std::filesystem::copy_file(fixture("english/codebook.yaml"), dir / "codebook.yaml");
    REQUIRE(inzicht_cli({"-p", path, "codebook", "load", dir / "codebook.yaml"}).status == 0);
  }
  std::vector<std::string> with(std::vector<std::string> args) const {
    args.insert(args.begin(), {"-p", path});
    return args;
  }
};

}  // namespace

TEST_SUITE("text") {
  TEST_CASE("the language of a transcript is told from its function words") {
    CHECK(text::detect_language(testing::read_file(fixture("english/interview-01.md"))) == "en");
    CHECK(text::detect_language(
              "Ik werk al twaalf jaar in de zorg en mijn werkgever wilde dat ik een opleiding "
              "ging volgen. Dat vond ik niet makkelijk, want ik heb twee kinderen en weinig tijd. "
              "Maar de docent was heel fijn en ook de andere deelnemers hielpen me. Ik heb het "
              "gehaald, maar het was zwaar, en ik zou het niet nog een keer doen zonder steun van "
              "mijn werkgever. Wat ik wel mis is een duidelijke planning op de website van de "
              "school, met de kosten erbij en een contactpersoon.") == "nl");
    CHECK(text::detect_language(
              "Ich arbeite seit zwölf Jahren in der Pflege und mein Arbeitgeber wollte, dass ich "
              "eine Weiterbildung mache. Das war nicht leicht, weil ich zwei Kinder habe und wenig "
              "Zeit. Aber die Dozentin war sehr nett und auch die anderen haben mir geholfen. Ich "
              "habe es geschafft, aber es war schwer, und ich würde es nicht noch einmal ohne die "
              "Hilfe von meinem Arbeitgeber machen, das ist sicher.") == "de");
    CHECK(text::detect_language(
              "Je travaille depuis douze ans dans la santé et mon employeur voulait que je suive "
              "une formation. Ce n'était pas facile, parce que j'ai deux enfants et peu de temps. "
              "Mais la formatrice était très gentille et les autres participants m'ont aidé aussi. "
              "Je l'ai réussie, mais c'était dur, et je ne le referais pas sans le soutien de mon "
              "employeur, c'est sûr, avec la famille et le travail.") == "fr");
    CHECK_FALSE(text::detect_language("Too short to tell.").has_value());
  }

  TEST_CASE("each language stems by its own Snowball stemmer and keeps its abbreviations") {
    CHECK(text::Stemmer("en").stem("struggled") == "struggl");
    CHECK(text::Stemmer("en").stem("struggling") == "struggl");
    CHECK(text::Stemmer("nl").stem("drempels") == "drempel");
    CHECK(text::Stemmer("de").stem("arbeitgebern") == text::Stemmer("de").stem("arbeitgeber"));
    CHECK_THROWS_AS(text::Stemmer("xx"), InputError);
    // "Dr." ends no English sentence; "e.g." neither.
    CHECK(text::sentences("I met Dr. Smith, e.g. on Monday. Then I left.", "en").size() == 2);
    CHECK(text::sentences("Ik sprak dhr. Jansen. Toen ging ik.", "nl").size() == 2);
  }

  TEST_CASE("near names suggest documents and codes a researcher mistyped") {
    const std::vector<std::string> names{"interview-01.md", "interview-02.txt", "notes.txt"};
    CHECK(text::near_names("interveiw-01", names) == std::vector<std::string>{"interview-01.md"});
    CHECK(text::near_names("drempels/tijdgebrk", {"drempels/lerenden/tijdgebrek"}) ==
          std::vector<std::string>{"drempels/lerenden/tijdgebrek"});
    CHECK(text::near_names("zzz", names).empty());
  }
}

TEST_SUITE("analysis") {
  TEST_CASE("stopword lists ship for nl, en, de and fr from data/stopwords") {
    for (const char* language : {"nl", "en", "de", "fr"}) {
      CAPTURE(language);
      CHECK(analysis::load_stopwords(language).size() > 100);
    }
    CHECK(analysis::load_stopwords("en").count("the"));
    CHECK(analysis::load_stopwords("de").count("und"));
    CHECK(analysis::load_stopwords("fr").count("les"));
    CHECK(analysis::load_stopwords("nl").count("gewoon"));
  }
}

TEST_SUITE("report") {
  TEST_CASE("every text of the report's catalogue has Dutch and English with the same places") {
    for (const std::string_view key : report::text_keys()) {
      CAPTURE(key);
      const std::vector<std::string> args{"\x01", "\x02", "\x03"};
      const std::string nl = report::text("nl", key, args);
      const std::string en = report::text("en", key, args);
      CHECK_FALSE(nl.empty());
      CHECK_FALSE(en.empty());
      for (const char* place : {"\x01", "\x02", "\x03"}) {
        CHECK((nl.find(place) == std::string::npos) == (en.find(place) == std::string::npos));
      }
    }
    CHECK_THROWS_AS(report::text("en", "no.such.key"), std::logic_error);
  }
}

TEST_SUITE("cli") {
  TEST_CASE("an English project stems, counts stopwords and splits sentences in English") {
    EnglishProject p;
    // Told from the first import's text.
    CHECK(inzicht_cli(p.with({"language"})).out == "en\n");
    const auto kwic = json_of(p.with({"kwic", "struggle", "--format", "json"}));
    REQUIRE(kwic.size() == 3);  // "struggled" twice in 01, once in 02
    CHECK(kwic[0]["match"] == "struggled");
    const auto words = json_of(p.with({"words", "--top", "5", "--format", "json"}));
    for (const auto& row : words) {
      CAPTURE(row["word"]);
      CHECK(row["word"] != "the");
      CHECK(row["word"] != "i");
    }
    // Only the respondent's words count: the interviewer's "course" questions do not.
    const auto dana =
        json_of(p.with({"words", "--speaker", "Dana Whitfield", "--top", "0", "--format", "json"}));
    const auto sam = json_of(p.with(
        {"words", "--speaker", "Sam Okafor,Dana Whitfield", "--top", "0", "--format", "json"}));
    CHECK(sam.size() > dana.size());
    // Autocode stems English rules: "cost*" and "struggl" forms, "employer" in both.
    const auto autocode = inzicht_cli(p.with({"autocode"}));
    CHECK_MESSAGE(autocode.status == 0, autocode.err);
    const auto freq = json_of(
        p.with({"freq", "--codes", "barriers/cost,levers/employer_support", "--format", "json"}));
    REQUIRE(freq.size() == 2);
    CHECK(freq[0]["cases"] == 2);
    CHECK(freq[1]["cases"] == 2);
    // Sentences as show --sentences numbers them are what code --sentence takes.
    const auto sentences =
        json_of(p.with({"show", "interview-02", "--sentences", "--format", "json"}));
    REQUIRE(sentences.size() > 5);
    CHECK(sentences[0]["sentence"] == 0);
    CHECK(inzicht_cli(
              p.with({"code", "interview-02", "website", "--sentence", "3", "--coder", "ann"}))
              .status == 0);
    const auto coded = json_of(p.with({"segments", "--coder", "ann", "--format", "json"}));
    REQUIRE(coded.size() == 1);
    CHECK(coded[0]["text"] == sentences[3]["text"]);
    CHECK(coded[0]["start"] == sentences[3]["start"]);
    // Changing the language is checked.
    CHECK(inzicht_cli(p.with({"language", "xx"})).status == 1);
    CHECK(inzicht_cli(p.with({"language", "de"})).status == 0);
    CHECK(inzicht_cli(p.with({"language"})).out == "de\n");
  }

  TEST_CASE("the command line takes comma lists and fails on unknown names everywhere") {
    EnglishProject p;
    REQUIRE(inzicht_cli(p.with({"autocode"})).status == 0);
    SUBCASE("freq and cooccur take --codes a,b") {
      CHECK(json_of(p.with({"freq", "--codes", "barriers,levers", "--format", "json"})).size() > 2);
      CHECK(inzicht_cli(p.with({"cooccur", "--codes", "barriers/time,barriers/cost,levers",
                                "--format", "json"}))
                .status == 0);
      CHECK(
          json_of(p.with({"segments", "--code", "barriers/cost,levers/tutor", "--format", "json"}))
              .size() >= 3);
    }
    SUBCASE("segments with an unknown code, coder or attribute fails as freq does") {
      for (const std::vector<std::string>& args :
           {std::vector<std::string>{"--code", "barriers/costs"},
            std::vector<std::string>{"--coder", "nobody"},
            std::vector<std::string>{"--where", "region=north"}}) {
        std::vector<std::string> segments{"segments"}, freq{"freq"};
        segments.insert(segments.end(), args.begin(), args.end());
        freq.insert(freq.end(), args.begin(), args.end());
        const auto a = inzicht_cli(p.with(segments));
        const auto b = inzicht_cli(p.with(freq));
        CAPTURE(a.err);
        CHECK(a.status == 1);
        CHECK(a.err == b.err);
      }
    }
    SUBCASE("search takes AND NOT as query does, and explains a lone NOT") {
      const auto hits =
          inzicht_cli(p.with({"search", "tutor AND NOT platform", "--format", "csv"}));
      CHECK_MESSAGE(hits.status == 0, hits.err);
      CHECK(hits.out.find("interview-01.md") != std::string::npos);
      CHECK(hits.out.find("interview-02.txt") == std::string::npos);
      const auto lone = inzicht_cli(p.with({"search", "NOT tutor"}));
      CHECK(lone.status == 1);
      CHECK(lone.err.find("NOT needs a word before it") != std::string::npos);
      CHECK(lone.err.find("fts5") == std::string::npos);
      CHECK(inzicht_cli(p.with({"search", "tutor AND"})).status == 1);
    }
    SUBCASE("code with an unknown code suggests the near ones") {
      const auto coded = inzicht_cli(p.with({"code", "interview-01", "tutr", "--turn", "1"}));
      CHECK(coded.status == 1);
      CHECK(coded.err.find("did you mean levers/tutor") != std::string::npos);
    }
    SUBCASE("the codebook's own name is kept and exported") {
      const auto exported = inzicht_cli(p.with({"codebook", "export", "--format", "yaml"}));
      CHECK(exported.out.find("codebook: Returning learners") != std::string::npos);
    }
  }

  TEST_CASE("the report of an English study has English sections for what it has, and no others") {
    EnglishProject p;
    REQUIRE(inzicht_cli(p.with({"autocode"})).status == 0);
    const std::string report = p.dir / "report.html";
    auto made = inzicht_cli(p.with({"report", "-o", report}));
    REQUIRE_MESSAGE(made.status == 0, made.err);
    std::string html = testing::read_file(report);
    CHECK(html.find("<html lang=\"en\">") != std::string::npos);
    CHECK(html.find("<h2>Corpus</h2>") != std::string::npos);
    CHECK(html.find("<h2>Codebook and frequencies</h2>") != std::string::npos);
    CHECK(html.find(">employer_support</text>") != std::string::npos);
    // One coder: no agreement; no personas, requirements or benchmark asked for.
    CHECK(html.find("Agreement") == std::string::npos);
    CHECK(html.find("Persona") == std::string::npos);
    CHECK(html.find("UX") == std::string::npos);
    CHECK(html.find("Geen") == std::string::npos);
    // A second coder brings the agreement section, comparing the coders there are.
    REQUIRE(inzicht_cli(
                p.with({"code", "interview-01", "barriers/time", "--turn", "1", "--coder", "ann"}))
                .status == 0);
    made = inzicht_cli(p.with({"report", "-o", report}));
    REQUIRE_MESSAGE(made.status == 0, made.err);
    html = testing::read_file(report);
    CHECK(html.find("<h2>Agreement between coders</h2>") != std::string::npos);
    CHECK(html.find("coder ann") != std::string::npos);
    CHECK(html.find("coder auto") != std::string::npos);
    // Dutch on request.
    REQUIRE(inzicht_cli(p.with({"report", "-o", report, "--language", "nl"})).status == 0);
    CHECK(testing::read_file(report).find("<h2>Codeboek en frequenties</h2>") != std::string::npos);
  }

  TEST_CASE("agreement takes speakers by name as well as by role") {
    EnglishProject p;
    REQUIRE(inzicht_cli(p.with({"autocode"})).status == 0);
    REQUIRE(inzicht_cli(
                p.with({"code", "interview-01", "barriers/time", "--turn", "1", "--coder", "ann"}))
                .status == 0);
    const auto units = [&](const std::string& speaker) {
      const auto json = json_of(
          p.with({"agreement", "--coders", "auto,ann", "--speaker", speaker, "--format", "json"}));
      return json["overall"][0]["units"].get<std::int64_t>();
    };
    CHECK(units("Interviewer") == units("interviewer"));
    CHECK(units("Dana Whitfield") == units("respondent"));
    CHECK(units("Dana Whitfield,Interviewer") == units("any"));
    CHECK(units("Sam Okafor") == 0);  // not in the one document both coders coded
    // query too: only Sam's turns.
    const auto sam =
        json_of(p.with({"query", "barriers", "--speaker", "Sam Okafor", "--format", "json"}));
    REQUIRE_FALSE(sam.empty());
    for (const auto& row : sam) CHECK(row["speaker"] == "Sam Okafor");
    const auto all = json_of(p.with({"query", "barriers", "--format", "json"}));
    CHECK(all.size() > sam.size());
  }

  TEST_CASE("a flat codebook gets a frequency chart of its codes") {
    TempDir dir;
    const std::string project = dir / "p.inzicht";
    REQUIRE(inzicht_cli({"-p", project, "init", "--language", "en"}).status == 0);
    testing::write_file(dir / "a.txt", "I: Why?\n\nR: The cost and the time.\n");
    testing::write_file(dir / "cb.yaml",
                        "codes:\n  - name: cost\n    rules: [{keywords: [cost]}]\n"
                        "  - name: time\n    rules: [{keywords: [time]}]\n");
    REQUIRE(inzicht_cli({"-p", project, "import", dir / "a.txt"}).status == 0);
    REQUIRE(inzicht_cli({"-p", project, "codebook", "load", dir / "cb.yaml"}).status == 0);
    REQUIRE(inzicht_cli({"-p", project, "autocode"}).status == 0);
    REQUIRE(inzicht_cli({"-p", project, "report", "-o", dir / "r.html"}).status == 0);
    const std::string html = testing::read_file(dir / "r.html");
    CHECK(html.find("<h3>Codes</h3>") != std::string::npos);
    CHECK(html.find(">cost</text>") != std::string::npos);
    CHECK(html.find(">time</text>") != std::string::npos);
  }

  TEST_CASE("run builds a study from its study file, the same report twice") {
    TempDir dir;
    const auto base = dir.path();
    std::filesystem::copy(fixture("english"), base / "interviews");
    testing::write_file(base / "study.yaml",
                        "study: Returning learners\n"
                        "project: out/study.inzicht\n"
                        "output: out\n"
                        "import:\n"
                        "  - path: interviews\n"
                        "    group: learner\n"
                        "attributes: interviews/cases.csv\n"
                        "codebook: interviews/codebook.yaml\n"
                        "autocode: true\n"
                        "analyses:\n"
                        "  - freq: {codes: [barriers, levers], output: tables/freq.csv}\n"
                        "  - words: {top: 10, output: words.csv}\n"
                        "  - kwic: {args: struggle, output: struggle.csv}\n"
                        "report:\n"
                        "  output: report.html\n"
                        "  breakdown: learner=sector\n");
    const std::string study = (base / "study.yaml").string();
    const auto first = inzicht_cli({"run", study});
    REQUIRE_MESSAGE(first.status == 0, first.err);
    CHECK(first.out.find("== inzicht import") != std::string::npos);
    const std::string report = testing::read_file((base / "out" / "report.html").string());
    CHECK(report.find("<h2>Codebook and frequencies</h2>") != std::string::npos);
    CHECK(report.find("learner by sector") != std::string::npos);
    CHECK(testing::read_file((base / "out" / "tables" / "freq.csv").string()).find("barriers") !=
          std::string::npos);
    CHECK(testing::read_file((base / "out" / "struggle.csv").string()).find("struggled") !=
          std::string::npos);
    // The codebook given is not touched (ids go into a copy).
    CHECK(testing::read_file((base / "interviews" / "codebook.yaml").string()) ==
          testing::read_file(fixture("english/codebook.yaml")));
    const auto second = inzicht_cli({"run", study});
    REQUIRE_MESSAGE(second.status == 0, second.err);
    CHECK(testing::read_file((base / "out" / "report.html").string()) == report);
  }

  TEST_CASE("run reports every problem of a study file with its line and runs nothing") {
    TempDir dir;
    testing::write_file(dir / "study.yaml",
                        "project: out/p.inzicht\n"      // 1
                        "langauge: en\n"                // 2
                        "import:\n"                     // 3
                        "  - path: missing-folder\n"    // 4
                        "analyses:\n"                   // 5
                        "  - freq: {cdes: barriers}\n"  // 6
                        "  - frobnicate: {}\n"          // 7
                        "report:\n"                     // 8
                        "  output: r.html\n"            // 9
                        "  by: ambities\n"              // 10
                        "  names: nowhere.yaml\n");     // 11
    const auto result = inzicht_cli({"run", dir / "study.yaml"});
    CHECK(result.status == 1);
    const std::string study = dir / "study.yaml";
    CHECK(result.err.find(study + ":2: unknown section 'langauge' (did you mean 'language'?)") !=
          std::string::npos);
    // Sections are checked first; with them right, the steps are.
    testing::write_file(dir / "study.yaml",
                        "project: out/p.inzicht\n"
                        "language: en\n"
                        "import:\n"
                        "  - path: missing-folder\n"
                        "analyses:\n"
                        "  - freq: {cdes: barriers}\n"
                        "  - frobnicate: {}\n"
                        "report:\n"
                        "  output: r.html\n"
                        "  by: ambities\n"
                        "  names: nowhere.yaml\n");
    const auto steps = inzicht_cli({"run", dir / "study.yaml"});
    CHECK(steps.status == 1);
    CHECK(steps.err.find(study + ":4: 'missing-folder' (for import) is not there") !=
          std::string::npos);
    CHECK(steps.err.find(study + ":6: unknown option 'cdes' for freq (did you mean 'codes'?)") !=
          std::string::npos);
    CHECK(steps.err.find(study + ":7: unknown command 'frobnicate'") != std::string::npos);
    CHECK(steps.err.find(study + ":11: 'nowhere.yaml' (names) is not there") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir.path() / "out"));
  }
}
