#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/cli.hpp"
#include "codebook/codebook_io.hpp"
#include "coding/coding.hpp"
#include "importers/document_builder.hpp"
#include "importers/readers.hpp"
#include "base/error.hpp"
#include "test_support.hpp"

using namespace inzicht;
using inzicht::testing::TempDir;

namespace {

constexpr const char* kTranscript =
    "Fictief testinterview\n\n"
    "Interviewer: Wat hield je tegen?\n\n"
    "Anna: Vooral de kosten. Ik had geen tijd naast mijn werk. De drempels waren hoog.\n\n"
    "Interviewer: En de kosten van de opleiding?\n\n"
    "Anna: De Kosten waren 2000 euro. Mijn werkgever betaalde uiteindelijk.\n";

constexpr const char* kCodebook =
    "codebook: test\n"
    "codes:\n"
    "  - name: drempels\n"
    "    codable: false\n"
    "    children:\n"
    "      - name: kosten  # geld\n"
    "        description: Wat het kost.\n"
    "        rules:\n"
    "          - keywords: [kosten, euro]\n"
    "      - name: tijd\n"
    "        rules:\n"
    "          - keywords: [geen tijd]\n"
    "  - name: hefbomen\n"
    "    children:\n"
    "      - name: werkgever\n"
    "        rules:\n"
    "          - keywords: [werkgever*]\n";

model::Document transcript() {
  return importers::build_document(importers::read_text(kTranscript, "T.txt"), "T.txt", "txt", {});
}

struct Fixture {
  TempDir dir;
  std::string project_path = dir / "p.inzicht";
  std::string codebook_path = dir / "llo.yaml";
  store::Project project = store::Project::create(project_path, "p");

  Fixture() {
    testing::write_file(codebook_path, kCodebook);
    project.add_document(transcript(), {"T", "/T.txt", "h"}, std::string("learner"));
    coding::load_codebook(project, codebook_path, false);
  }
};

using inzicht::testing::run_cli;

}  // namespace

TEST_SUITE("coding") {
  TEST_CASE("a span is chosen by range, turn, sentence or a quote that occurs once") {
    const auto document = transcript();
    const text::CodePointIndex index(document.text);
    coding::Selector by_turn;
    by_turn.turn = 1;
    CHECK(index.slice(coding::select_span(document, by_turn)) ==
          "Vooral de kosten. Ik had geen tijd naast mijn werk. De drempels waren hoog.");
    coding::Selector by_sentence;
    by_sentence.sentence = 2;
    CHECK(index.slice(coding::select_span(document, by_sentence)) ==
          "Ik had geen tijd naast mijn werk.");
    coding::Selector by_quote;
    by_quote.quote = "geen tijd";
    const Span quoted = coding::select_span(document, by_quote);
    CHECK(index.slice(quoted) == "geen tijd");
    coding::Selector by_range;
    by_range.range = coding::parse_range(std::to_string(quoted.start) + ":" +
                                         std::to_string(quoted.end));
    CHECK(coding::select_span(document, by_range) == quoted);
  }

  TEST_CASE("an ambiguous or missing quote lists the candidates with their positions") {
    const auto document = transcript();
    coding::Selector twice;
    twice.quote = "de kosten";
    CHECK_THROWS_WITH_AS(coding::select_span(document, twice),
                         doctest::Contains("occurs 2 times"), InputError);
    coding::Selector accents;
    accents.quote = "DE KOSTEN WAREN";
    try {
      coding::select_span(document, accents);
      FAIL("expected an error");
    } catch (const InputError& e) {
      const std::string message = e.what();
      CHECK(message.find("differ only in case or accents") != std::string::npos);
      CHECK(message.find("[De Kosten waren]") != std::string::npos);
    }
    coding::Selector nowhere;
    nowhere.quote = "vakantie";
    CHECK_THROWS_WITH_AS(coding::select_span(document, nowhere),
                         doctest::Contains("not in the text"), InputError);
    CHECK_THROWS_AS(coding::parse_range("12-40"), InputError);
    CHECK_THROWS_AS(coding::parse_range("40:12"), InputError);
  }

  TEST_CASE("loading a YAML codebook writes ids back once and keeps them") {
    Fixture f;
    const std::string with_ids = testing::read_file(f.codebook_path);
    CHECK(with_ids.find("# geld") != std::string::npos);  // comments survive
    const auto codebook = codebook::parse_yaml(with_ids, "llo.yaml");
    for (const auto& code : codebook.codes) CHECK(f.project.codebook().find(code.path)->guid == code.guid);
    const auto again = coding::load_codebook(f.project, f.codebook_path, false);
    CHECK_FALSE(again.ids_written);
    CHECK(again.merge.unchanged.size() == 5);
    CHECK(testing::read_file(f.codebook_path) == with_ids);
  }

  TEST_CASE("a REFI-QDA codebook keeps the rules the project already has") {
    Fixture f;
    const std::string qdc = codebook::write_qdc(f.project.codebook());
    testing::write_file(f.dir / "exchange.qdc", qdc);
    const auto load = coding::load_codebook(f.project, f.dir / "exchange.qdc", false);
    CHECK(load.merge.added.empty());
    CHECK(f.project.codebook().find("drempels/kosten")->rules.size() == 1);
  }

  TEST_CASE("autocode codes respondent sentences, is idempotent, and a dry run changes nothing") {
    Fixture f;
    coding::AutocodeOptions dry;
    dry.dry_run = true;
    const auto preview = coding::autocode(f.project, dry);
    CHECK(f.project.codings({}).empty());
    CHECK_FALSE(preview.hits.empty());

    const auto first = coding::autocode(f.project, {});
    // kosten: "Vooral de kosten." and "De Kosten waren 2000 euro." (one unit, two hits);
    // the interviewer's question about kosten is not coded.
    CHECK(first.added.at("drempels/kosten") == 2);
    CHECK(first.added.at("drempels/tijd") == 1);
    CHECK(first.added.at("hefbomen/werkgever") == 1);
    const auto second = coding::autocode(f.project, {});
    CHECK(second.added.at("drempels/kosten") == 0);
    CHECK(f.project.codings({}).size() == 4);

    coding::AutocodeOptions replace;
    replace.replace = true;
    replace.codes = {"drempels"};
    const auto replaced = coding::autocode(f.project, replace);
    CHECK(replaced.removed == 3);
    CHECK(replaced.added.at("drempels/kosten") == 2);
    CHECK(replaced.added.count("hefbomen/werkgever") == 0);
    CHECK(f.project.codings({}).size() == 4);
  }

  TEST_CASE("a rule with where codes no turn of a case known to be otherwise") {
    TempDir dir;
    const std::string p = dir / "p.inzicht";
    testing::write_file(dir / "L1.txt", "I: What held you back?\n\nR: The time, mostly.\n");
    testing::write_file(dir / "P1.txt", "I: What do they ask?\n\nR: Time, always time.\n");
    testing::write_file(dir / "N1.txt", "I: And you?\n\nR: No time at all.\n");
    // In the focus group Sam and Ruth both speak of time; only Ruth is a learner.
    testing::write_file(dir / "speakers.csv", "case,group\nRuth,learner\nSam,provider\n");
    testing::write_file(dir / "cb.yaml",
                        "codes:\n  - name: learners\n    rules:\n"
                        "      - keywords: [time]\n        where: group=learner\n"
                        "  - name: anyone\n    rules:\n      - keywords: [time]\n");
    REQUIRE(testing::inzicht_cli({"-p", p, "init", "--name", "t", "--language", "en"}).status == 0);
    REQUIRE(
        testing::inzicht_cli({"-p", p, "import", dir / "L1.txt", "--group", "learner"}).status ==
        0);
    REQUIRE(
        testing::inzicht_cli({"-p", p, "import", dir / "P1.txt", "--group", "provider"}).status ==
        0);
    REQUIRE(testing::inzicht_cli({"-p", p, "import", dir / "N1.txt"}).status == 0);  // no group
    REQUIRE(testing::inzicht_cli({"-p", p, "import", testing::fixture("focusgroup/group-1.txt"),
                                  "--case-per-speaker"})
                .status == 0);
    REQUIRE(testing::inzicht_cli({"-p", p, "attributes", "import", dir / "speakers.csv"}).status ==
            0);
    REQUIRE(testing::inzicht_cli({"-p", p, "codebook", "load", dir / "cb.yaml"}).status == 0);
    // The project keeps the condition, and writes it back.
    auto project = store::Project::open(p);
    REQUIRE(project.codebook().find("learners")->rules.size() == 1);
    CHECK(project.codebook().find("learners")->rules[0].where ==
          std::vector<std::pair<std::string, std::string>>{{"group", "learner"}});
    CHECK(codebook::write_yaml(project.codebook()).find("where: [group=learner]") !=
          std::string::npos);
    const auto coded = [&](const std::string& code) {
      std::vector<std::string> out;
      for (const auto& segment : coding::segments(project, {{code}, {}, {}, {}}, 0)) {
        out.push_back(segment.coding.document + ": " + segment.text);
      }
      return out;
    };
    REQUIRE(testing::inzicht_cli({"-p", p, "autocode"}).status == 0);
    // L1 (a learner), N1 (nothing says it is not one) and Ruth, not P1 or Sam.
    CHECK(coded("learners") ==
          std::vector<std::string>{"L1.txt: The time, mostly.", "N1.txt: No time at all.",
                                   "group-1.txt: I had the time, but the platform was a puzzle."});
    CHECK(coded("anyone").size() == 5);
    // A case's attribute changed: the next autocode follows it.
    testing::write_file(dir / "groups.csv", "case,group\nP1,learner\n");
    REQUIRE(testing::inzicht_cli({"-p", p, "attributes", "import", dir / "groups.csv"}).status ==
            0);
    REQUIRE(testing::inzicht_cli({"-p", p, "autocode"}).status == 0);
    CHECK(coded("learners").size() == 4);
    // A condition on an attribute no case has keeps the rule from nothing, and says so.
    testing::write_file(dir / "typo.yaml",
                        "codes:\n  - name: typo\n    rules:\n"
                        "      - keywords: [time]\n        where: grup=learner\n");
    REQUIRE(testing::inzicht_cli({"-p", p, "codebook", "load", dir / "typo.yaml"}).status == 0);
    const auto typo = testing::inzicht_cli({"-p", p, "autocode", "--dry-run"});
    CHECK(typo.status == 0);
    CHECK(typo.err.find("rules keep to cases by 'grup'") != std::string::npos);
    CHECK(typo.err.find("'group'") == std::string::npos);
  }

  TEST_CASE("autocode that writes as it goes stores what one write at the end does, or nothing") {
    TempDir dir;
    testing::write_file(dir / "A.txt", "I: Hoe ging het?\n\nR: De tijd was op. De kosten ook.\n");
    testing::write_file(dir / "B.txt", "I: En jij?\n\nR: Geen tijd. Mijn werkgever betaalde.\n");
    testing::write_file(dir / "Z.txt",
                        "I: Hoe ging het?\n\nR: ik had eigenlijk nooit echt de tijd om naast "
                        "mijn werk en het gezin nog een opleiding te volgen want dat kostte te "
                        "veel avonden!\n");
    const auto make = [&](const std::string& name, bool runaway) {
      const std::string path = dir / name;
      REQUIRE(testing::inzicht_cli({"-p", path, "init", "--name", "t"}).status == 0);
      for (const char* file : {"A.txt", "B.txt"}) {
        REQUIRE(testing::inzicht_cli({"-p", path, "import", dir / file}).status == 0);
      }
      if (runaway) REQUIRE(testing::inzicht_cli({"-p", path, "import", dir / "Z.txt"}).status == 0);
      const std::string codebook = dir / (name + ".yaml");
      testing::write_file(codebook,
                          std::string(kCodebook) + (runaway ? "      - name: zin\n        rules:\n"
                                                              "          - regex: '(\\w+\\s?)+$'\n"
                                                            : ""));
      auto project = store::Project::open(path);
      coding::load_codebook(project, codebook, false);
      return project;
    };
    const auto listing = [](const store::Project& project) {
      std::vector<std::string> out;
      for (const store::Coding& c : project.codings({})) {
        out.push_back(c.document + " " + c.code + " " + std::to_string(c.span.start) + ":" +
                      std::to_string(c.span.end));
      }
      return out;
    };
    auto at_end = make("end.inzicht", false);
    auto as_they_come = make("stream.inzicht", false);
    coding::AutocodeOptions streaming;
    streaming.held_codings = 1;
    const auto one = coding::autocode(at_end, {});
    const auto many = coding::autocode(as_they_come, streaming);
    CHECK(one.added == many.added);
    const auto stored = static_cast<std::int64_t>(listing(at_end).size());
    CHECK(stored == 3);  // kosten in A; tijd and werkgever in B
    CHECK(listing(at_end) == listing(as_they_come));
    streaming.replace = true;
    coding::AutocodeOptions replace;
    replace.replace = true;
    const auto replaced_one = coding::autocode(at_end, replace);
    const auto replaced_many = coding::autocode(as_they_come, streaming);
    CHECK(replaced_one.removed == stored);
    CHECK(replaced_many.removed == stored);
    CHECK(replaced_one.added == replaced_many.added);
    CHECK(listing(at_end) == listing(as_they_come));
    // A rule that runs away after a document's codings were written undoes them.
    auto failing = make("fail.inzicht", true);
    coding::AutocodeOptions write_early;
    write_early.held_codings = 1;
    CHECK_THROWS_WITH_AS(coding::autocode(failing, write_early),
                         doctest::Contains("code \"hefbomen/zin\", rule 1"), InputError);
    CHECK(failing.codings({}).empty());
  }

  TEST_CASE("autocode on several threads codes and records the same as on one") {
    // The study's codebook (regexes, `not` lists, near) on the study's learners.
    TempDir dir;
    std::vector<std::string> seen;
    for (const unsigned threads : {1u, 4u}) {
      CAPTURE(threads);
      const std::string path = dir / ("p" + std::to_string(threads) + ".inzicht");
      auto project = store::Project::create(path, "p");
      REQUIRE(testing::inzicht_cli({"-p", path, "import", testing::fixture("../../corpus/learners")})
                  .status == 0);
      const std::string codebook = dir / ("llo" + std::to_string(threads) + ".yaml");
      testing::write_file(codebook, testing::read_file(testing::fixture("../../codebooks/llo.yaml")));
      project = store::Project::open(path);
      coding::load_codebook(project, codebook, false);
      coding::AutocodeOptions options;
      options.threads = threads;
      coding::AutocodeOptions dry = options;
      dry.dry_run = true;
      std::string out;
      for (const auto& hit : coding::autocode(project, dry).hits) {
        out += hit.document + " " + hit.code_path + " " + std::to_string(hit.span.start) + " " +
               hit.rule + " " + hit.text + "\n";
        for (const std::string& word : hit.words) out += word + ",";
      }
      const auto result = coding::autocode(project, options);
      for (const auto& [code, added] : result.added) out += code + " " + std::to_string(added) + "\n";
      for (const auto& segment : coding::segments(project, {}, 0)) {
        const store::Coding& c = segment.coding;
        out += std::to_string(c.id) + " " + c.document + " " + c.code + " " +
               std::to_string(c.span.start) + ":" + std::to_string(c.span.end) + " " +
               segment.text + "\n";
        REQUIRE(segment.origin);
        out += segment.origin->rule + " " + segment.origin->rules_hash;
        for (const std::string& word : segment.origin->words) out += "," + word;
        out += "\n";
      }
      CHECK(result.documents == 18);
      CHECK(out.size() > 10000);
      seen.push_back(out);
    }
    CHECK(seen[0] == seen[1]);
  }

  TEST_CASE("segments come back with speaker, text and sentences of context") {
    Fixture f;
    coding::autocode(f.project, {});
    store::CodingFilter filter;
    filter.code_paths = {"drempels/tijd"};
    const auto found = coding::segments(f.project, filter, 1);
    REQUIRE(found.size() == 1);
    CHECK(found[0].speaker == "Anna");
    CHECK(found[0].text == "Ik had geen tijd naast mijn werk.");
    CHECK(found[0].before == "Vooral de kosten.");
    CHECK(found[0].after == "De drempels waren hoog.");
  }

  TEST_CASE("the coding commands work from the command line") {
    Fixture f;
    std::string out, err;
    const std::string p = f.project_path;
    REQUIRE(run_cli({"-p", p, "code", "T", "drempels/tijd", "--quote", "geen tijd", "--coder",
                     "bert", "--memo", "letterlijk"},
                    out, err) == 0);
    CHECK(out.find("Coded T.txt") != std::string::npos);
    REQUIRE(run_cli({"-p", p, "code", "T", "drempels/tijd", "--quote", "geen tijd", "--coder",
                     "bert"},
                    out, err) == 0);
    CHECK(out.find("Already coded") != std::string::npos);
    CHECK(run_cli({"-p", p, "code", "T", "drempels", "--turn", "1", "--coder", "bert"}, out, err) ==
          1);
    CHECK(err.find("not codable") != std::string::npos);
    CHECK(run_cli({"-p", p, "code", "T", "drempels/tijd", "--turn", "1", "--sentence", "1"}, out,
                  err) == 2);

    REQUIRE(run_cli({"-p", p, "segments", "--coder", "bert", "--format", "json"}, out, err) == 0);
    auto json = nlohmann::json::parse(out);
    REQUIRE(json.size() == 1);
    CHECK(json[0]["text"] == "geen tijd");
    CHECK(json[0]["memo"] == "letterlijk");
    const std::string id = std::to_string(json[0]["coding"].get<int>());

    REQUIRE(run_cli({"-p", p, "memo", "add", "--coding", id, "Twijfelgeval", "--coder", "bert"},
                    out, err) == 0);
    REQUIRE(run_cli({"-p", p, "memo", "list", "--format", "json"}, out, err) == 0);
    CHECK(nlohmann::json::parse(out).size() == 1);

    REQUIRE(run_cli({"-p", p, "autocode", "--dry-run", "--format", "json"}, out, err) == 0);
    CHECK(nlohmann::json::parse(out).size() == 4);
    REQUIRE(run_cli({"-p", p, "autocode"}, out, err) == 0);
    CHECK(out.find("4 coding(s) added") != std::string::npos);
    REQUIRE(run_cli({"-p", p, "autocode"}, out, err) == 0);
    CHECK(out.find("0 coding(s) added") != std::string::npos);
    REQUIRE(run_cli({"-p", p, "segments", "--where", "group=learner", "--code", "hefbomen",
                     "--format", "csv"},
                    out, err) == 0);
    CHECK(out.find("hefbomen/werkgever,auto") != std::string::npos);

    REQUIRE(run_cli({"-p", p, "uncode", id}, out, err) == 0);
    CHECK(out.find("Removed 1") != std::string::npos);
    REQUIRE(run_cli({"-p", p, "codebook", "list", "--format", "json"}, out, err) == 0);
    json = nlohmann::json::parse(out);
    CHECK(json[1]["code"] == "drempels/kosten");
    CHECK(json[1]["codings"] == 2);
    REQUIRE(run_cli({"-p", p, "codebook", "export", "--format", "qdc", "-o", f.dir / "out.qdc"},
                    out, err) == 0);
    CHECK(testing::read_file(f.dir / "out.qdc").find("<CodeBook") != std::string::npos);
  }

  TEST_CASE("codings import from CSV places every quote or adds nothing") {
    Fixture f;
    testing::write_file(f.dir / "gold.csv",
                        "document,code,quote\n"
                        "T,drempels/tijd,\"Ik had geen tijd naast mijn werk.\"\n"
                        "T.txt,drempels/kosten,De Kosten waren 2000 euro.\n");
    auto result = coding::import_codings(f.project, {f.dir / "gold.csv"}, "gold");
    CHECK(result.rows == 2);
    CHECK(result.added == 2);
    result = coding::import_codings(f.project, {f.dir / "gold.csv"}, "gold");
    CHECK(result.added == 0);

    testing::write_file(f.dir / "bad.csv",
                        "document,code,quote\n"
                        "T,hefbomen/werkgever,Mijn werkgever betaalde uiteindelijk.\n"
                        "T,drempels/kosten,de kosten\n"
                        "T,drempels/onbekend,Vooral de kosten.\n"
                        "X,drempels/kosten,Vooral de kosten.\n");
    try {
      coding::import_codings(f.project, {f.dir / "bad.csv"}, "gold");
      FAIL("expected an error");
    } catch (const InputError& e) {
      const std::string message = e.what();
      CHECK(message.find("3 row(s) cannot be placed") != std::string::npos);
      CHECK(message.find("bad.csv:3: T.txt: the quote occurs 2 times") != std::string::npos);
      CHECK(message.find("bad.csv:4: no code 'drempels/onbekend'") != std::string::npos);
      CHECK(message.find("bad.csv:5: no document named 'X'") != std::string::npos);
    }
    store::CodingFilter gold;
    gold.coders = {"gold"};
    CHECK(f.project.codings(gold).size() == 2);  // the good row of bad.csv was not added
  }
}
