// Hostile input and faults (issue 12): each test is an attack that once got through —
// a byte that poisoned every JSON listing, a coding moved onto another passage, a regex
// or search that never finished, a codebook that grew without bound — and checks the
// project afterwards as a user would, by its listings.

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "analysis/query.hpp"
#include "base/error.hpp"
#include "base/utf8.hpp"
#include "codebook/codebook_io.hpp"
#include "codebook/persona_names.hpp"
#include "codebook/study_file.hpp"
#include "importers/case_attributes.hpp"
#include "importers/extracted.hpp"
#include "importers/import_batch.hpp"
#include "importers/speaker_labels.hpp"
#include "table/table.hpp"
#include "test_support.hpp"
#include "text/kwic.hpp"
#include "text/text.hpp"

using namespace inzicht;
using inzicht::testing::CliResult;
using inzicht::testing::fixture;
using inzicht::testing::inzicht_cli;
using inzicht::testing::TempDir;

namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Every JSON listing a researcher might run parses.
void check_json_listings(const std::string& project) {
  for (const std::vector<std::string>& listing :
       {std::vector<std::string>{"docs"}, {"cases"}, {"codebook", "list"}, {"freq"}}) {
    std::vector<std::string> args = {"-p", project};
    args.insert(args.end(), listing.begin(), listing.end());
    args.insert(args.end(), {"--format", "json"});
    const CliResult result = inzicht_cli(args);
    CAPTURE(listing.front());
    CAPTURE(result.err);
    // `freq` of a project without a codebook may refuse; nothing may fail on bad text.
    CHECK_FALSE(contains(result.err, "json.exception"));
    if (listing.front() != "freq") CHECK(result.status == 0);
    if (result.status == 0) CHECK(nlohmann::json::accept(result.out));
  }
}

std::string new_project(const TempDir& dir) {
  const std::string project = dir / "p.inzicht";
  REQUIRE(inzicht_cli({"-p", project, "init"}).status == 0);
  return project;
}

std::vector<store::StoredCoding> one_coding(Span span) {
  std::vector<store::StoredCoding> codings(1);
  codings[0].id = 7;
  codings[0].span = span;
  return codings;
}

}  // namespace

TEST_SUITE("hostile") {
  // ---- 1. invalid UTF-8 and control characters ---------------------------------------

  TEST_CASE("names as bytes become valid UTF-8 with the bad bytes written out") {
    CHECK(inzicht::escape_invalid_utf8("bad\xff.txt") == "bad\\xFF.txt");
    CHECK(inzicht::escape_invalid_utf8("caf\xc3\xa9") == "caf\xc3\xa9");
    CHECK(inzicht::escape_invalid_utf8("a\xc3") == "a\\xC3");
    CHECK(inzicht::is_valid_utf8(inzicht::escape_invalid_utf8("\xed\xa0\x80\xf8\x80")));
    CHECK_THROWS_WITH_AS(inzicht::require_utf8("ab\xfe", "names.csv"),
                         "names.csv: not valid UTF-8 (byte 0xFE at byte 2)", InputError);
  }

  TEST_CASE("terminal control characters in names are shown escaped") {
    CHECK(inzicht::printable("a\x1b[2Jb") == "a\\x1B[2Jb");
    CHECK(inzicht::printable("tab\there\nnext") == "tab\there\nnext");
    CHECK(inzicht::printable("csi\xc2\x9b" "31m") == "csi\\u009B31m");
    CHECK(inzicht::printable("bad\xff") == "bad\\xFF");
    CHECK(inzicht::printable("geïnterviewd") == "geïnterviewd");
    std::ostringstream out;
    table::write(out, table::Table{{"name"}, {{std::string("\x1b]0;pwned\x07.txt")}}},
                  table::Format::table);
    CHECK_FALSE(contains(out.str(), "\x1b"));
    CHECK(contains(out.str(), "\\x1B]0;pwned\\x07.txt"));
  }

  TEST_CASE("a file name that is not UTF-8 imports under an escaped name and JSON still works") {
    TempDir dir;
    const std::string project = new_project(dir);
    const std::string file = dir / "bad\xff.txt";
    testing::write_file(file, "I: Vraag?\n\nR: Antwoord.\n");
    const CliResult imported = inzicht_cli({"-p", project, "import", file, "--format", "json"});
    CHECK(imported.status == 0);
    const auto rows = nlohmann::json::parse(imported.out);
    CHECK(rows[0]["document"] == "bad\\xFF.txt");
    CHECK(rows[0]["case"] == "bad\\xFF");
    check_json_listings(project);
    const CliResult search =
        inzicht_cli({"-p", project, "search", "antwoord", "--format", "json"});
    CHECK(search.status == 0);
    CHECK(nlohmann::json::parse(search.out)[0]["document"] == "bad\\xFF.txt");
    // The file is found again by its real path, and recognised as the same document.
    const CliResult again = inzicht_cli({"-p", project, "import", file, "--format", "csv"});
    CHECK(again.status == 0);
    CHECK(contains(again.out, ",unchanged,"));
  }

  TEST_CASE("a file name with terminal escapes is listed escaped") {
    TempDir dir;
    const std::string project = new_project(dir);
    const std::string file = dir / "\x1b[31mrood.txt";
    testing::write_file(file, "I: Vraag?\n\nR: Antwoord.\n");
    REQUIRE(inzicht_cli({"-p", project, "import", file}).status == 0);
    const CliResult docs = inzicht_cli({"-p", project, "docs"});
    CHECK_FALSE(contains(docs.out, "\x1b"));
    CHECK(contains(docs.out, "\\x1B[31mrood.txt"));
    // JSON keeps the name as it is: JSON escapes it itself.
    const auto json = nlohmann::json::parse(inzicht_cli({"-p", project, "docs", "--format",
                                                         "json"}).out);
    CHECK(json[0]["document"] == "\x1b[31mrood.txt");
    check_json_listings(project);
  }

  TEST_CASE("a QDC codebook with a name or description that is not UTF-8 is refused") {
    TempDir dir;
    const std::string project = new_project(dir);
    const std::string head =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes>\n";
    testing::write_file(dir / "name.qdc", head + "<Code name=\"tijd\xff\" isCodable=\"true\"/>\n"
                                                 "</Codes></CodeBook>\n");
    testing::write_file(dir / "description.qdc",
                        head + "<Code name=\"tijd\" isCodable=\"true\">"
                               "<Description>geen \xfe tijd</Description></Code>\n"
                               "</Codes></CodeBook>\n");
    for (const char* name : {"name.qdc", "description.qdc"}) {
      CAPTURE(name);
      const CliResult load = inzicht_cli({"-p", project, "codebook", "load", dir / name});
      CHECK(load.status == 1);
      CHECK(contains(load.err, std::string(name) + ":3: "));
      CHECK(contains(load.err, "not valid UTF-8"));
    }
    check_json_listings(project);
  }

  TEST_CASE("a codebook exported as QDC parses even when a stored name is damaged") {
    model::Codebook codebook;
    model::Code code;
    code.name = "tijd\xff\x01";
    code.path = code.name;
    code.description = "geen \xfe tijd\x1b";
    codebook.codes.push_back(code);
    const std::string xml = codebook::write_qdc(codebook);
    CHECK(inzicht::is_valid_utf8(xml));
    const model::Codebook back = codebook::parse_qdc(xml, "export.qdc");
    REQUIRE(back.codes.size() == 1);
    CHECK(back.codes[0].name == "tijd\\xFF");
  }

  TEST_CASE("a list of problems shows the first fifty and how many there are") {
    std::string xml = "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes>\n";
    for (int i = 0; i < 5000; ++i) xml += "<Code isCodable=\"true\"/>\n";
    xml += "</Codes></CodeBook>\n";
    try {
      (void)codebook::parse_qdc(xml, "many.qdc");
      FAIL("no error");
    } catch (const InputError& e) {
      const std::string message = e.what();
      CHECK(std::count(message.begin(), message.end(), '\n') == 50);
      CHECK(contains(message, "many.qdc:2: a <Code> has no name attribute"));
      CHECK(contains(message, "… and 4950 more problem(s), 5000 in all"));
    }
  }

  // ---- 2. import --replace never moves a coding onto another passage ------------------

  TEST_CASE("a coding whose words occur twice in the changed text is not moved") {
    const std::string old_text = "R: Ik had geen tijd naast mijn werk. Dus stopte ik.";
    const std::string new_text =
        "R: Mijn collega zei: Ik had geen tijd naast mijn werk. En ik zelf? Ik had geen tijd "
        "naast mijn werk, echt. Dus stopte ik.";
    const auto relocation = importers::relocate_codings(old_text, new_text, one_coding({3, 35}));
    CHECK(relocation.moved.empty());
    CHECK(relocation.lost.empty());
    REQUIRE(relocation.ambiguous.size() == 1);
    CHECK(relocation.ambiguous[0].id == 7);
    CHECK(relocation.ambiguous[0].quote == "Ik had geen tijd naast mijn werk");
    CHECK(relocation.ambiguous[0].occurrences == 2);
  }

  TEST_CASE("a coding in the changed text moves where its neighbourhood agrees") {
    const std::string old_text = "I: Vraag? R: Nou, ik had geen tijd, zei ik toen. Einde.";
    // A word changed before the coding and one after it; the neighbourhood on the right
    // still agrees, and its text occurs once.
    const std::string new_text = "I: Vraag? R: Tja, ik had geen tijd, zei ik toen. Slot.";
    const auto one = importers::relocate_codings(old_text, new_text, one_coding({18, 34}));
    CHECK(one.ambiguous.empty());
    CHECK(one.moved.at(7) == Span{18, 34});
    // Twice in the new text, but only one occurrence has the old words either side.
    const std::string twice =
        "I: Vraag? R: ik had geen tijd. Nou, ik had geen tijd, zei ik toen. Einde.";
    const auto agreeing = importers::relocate_codings(old_text, twice, one_coding({18, 34}));
    CHECK(agreeing.ambiguous.empty());
    CHECK(agreeing.moved.at(7) == Span{36, 52});
  }

  TEST_CASE("between two changes, a coding on a line that stayed goes with its line") {
    // Changed at the start and at the end: everything between is the changed middle.
    // "Ja, echt." occurs twice with the same three words either side, so its words alone
    // cannot tell the places apart; but each of the two lines occurs once in each version.
    const std::string middle =
        "R: de tijd was op Ja, echt. zei ik toen nog\n"
        "R: want de tijd was op Ja, echt. zei ik toen weer\n"
        "R: Zo ging het.\nR: Zo ging het.\n";
    const std::string old_text = "I: Begin.\n" + middle + "I: Eind.\n";
    const std::string new_text = "I: Een ander begin.\n" + middle + "I: Slot.\n";
    const auto coding_at = [](std::size_t at, std::size_t length) {
      return Span{static_cast<Offset>(at), static_cast<Offset>(at + length)};
    };
    for (const std::string& line : {std::string("nog"), std::string("weer")}) {
      const std::size_t old_at = old_text.rfind("Ja, echt.", old_text.find(line));
      const std::size_t new_at = new_text.rfind("Ja, echt.", new_text.find(line));
      const auto placed =
          importers::relocate_codings(old_text, new_text, one_coding(coding_at(old_at, 9)));
      CHECK(placed.ambiguous.empty());
      CHECK(placed.moved.at(7) == coding_at(new_at, 9));
    }
    // A line there twice is not placed by its line: by its words, which agree at one of
    // the two places.
    const auto repeated = importers::relocate_codings(
        old_text, new_text, one_coding(coding_at(old_text.find("Zo ging"), 12)));
    CHECK(repeated.ambiguous.empty());
    CHECK(repeated.moved.at(7) == coding_at(new_text.find("Zo ging"), 12));
  }

  TEST_CASE("import --replace refuses a doubtful coding and --force drops it, saying which") {
    TempDir dir;
    const std::string project = new_project(dir);
    const std::string file = dir / "T1.txt";
    testing::write_file(file, "I: Hoe ging het?\n\nR: Ik had geen tijd naast mijn werk. Dus "
                              "stopte ik.\n");
    REQUIRE(inzicht_cli({"-p", project, "import", file}).status == 0);
    testing::write_file(dir / "c.yaml",
                        "codes:\n  - name: tijdgebrek\n");
    REQUIRE(inzicht_cli({"-p", project, "codebook", "load", dir / "c.yaml"}).status == 0);
    REQUIRE(inzicht_cli({"-p", project, "code", "T1", "tijdgebrek", "--quote",
                         "Ik had geen tijd naast mijn werk"})
                .status == 0);
    const std::string before =
        inzicht_cli({"-p", project, "segments", "--format", "csv"}).out;
    testing::write_file(file,
                        "I: Hoe ging het?\n\nR: Mijn collega zei: Ik had geen tijd naast mijn "
                        "werk. En ik zelf? Ik had geen tijd naast mijn werk, echt. Dus stopte "
                        "ik.\n");
    const CliResult refused = inzicht_cli({"-p", project, "import", file, "--replace"});
    CHECK(refused.status == 1);
    CHECK(contains(refused.err, "T1.txt: not replaced: 1 coding(s) could not be placed"));
    CHECK(contains(refused.err, "coding ids 1;"));
    CHECK(contains(refused.err, "found 2 time(s)"));
    CHECK(inzicht_cli({"-p", project, "segments", "--format", "csv"}).out == before);
    const CliResult forced =
        inzicht_cli({"-p", project, "import", file, "--replace", "--force", "--format", "csv"});
    CHECK(forced.status == 0);
    CHECK(contains(forced.out, "0 coding(s) kept, 1 dropped by --force (coding ids 1)"));
    CHECK(nlohmann::json::parse(
              inzicht_cli({"-p", project, "segments", "--format", "json"}).out)
              .empty());
    check_json_listings(project);
  }

  TEST_CASE("import --replace moves hundreds of codings, each onto its own text") {
    // More codings than one statement moves (64): those before the change stay, those
    // after it shift, and each still quotes what it quoted.
    TempDir dir;
    const std::string project = new_project(dir);
    const std::string file = dir / "T1.txt";
    std::string text = "I: Vertel eens.\n\n";
    for (int i = 0; i < 300; ++i) {
      text += "R: Regel " + std::to_string(i) + " over mijn werk en " + std::to_string(i * 7) +
              " avonden.\n\n";
    }
    testing::write_file(file, text);
    REQUIRE(inzicht_cli({"-p", project, "import", file}).status == 0);
    testing::write_file(dir / "c.yaml",
                        "codes:\n  - name: werk\n    rules:\n      - regex: 'Regel \\d+'\n");
    REQUIRE(inzicht_cli({"-p", project, "codebook", "load", dir / "c.yaml"}).status == 0);
    REQUIRE(inzicht_cli({"-p", project, "autocode"}).status == 0);
    const auto quotes = [&] {
      std::vector<std::pair<std::int64_t, std::string>> result;
      for (const auto& segment : nlohmann::json::parse(
               inzicht_cli({"-p", project, "segments", "--format", "json"}).out)) {
        result.emplace_back(segment["coding"].get<std::int64_t>(),
                            segment["text"].get<std::string>());
      }
      std::sort(result.begin(), result.end());
      return result;
    };
    const auto before = quotes();
    REQUIRE(before.size() == 300);
    const std::size_t middle = text.find("R: Regel 100 ");
    text.insert(middle, "R: Een regel erbij, zonder nummer.\n\n");
    testing::write_file(file, text);
    const CliResult replaced = inzicht_cli({"-p", project, "import", file, "--replace"});
    REQUIRE(replaced.status == 0);
    CHECK(contains(replaced.out, "300 coding(s) kept"));
    CHECK(quotes() == before);
    const auto segments =
        nlohmann::json::parse(inzicht_cli({"-p", project, "segments", "--format", "json"}).out);
    for (const auto& segment : segments) {
      const auto start = segment["start"].get<std::int64_t>();
      if (segment["text"] == "Regel 100") CHECK(start == static_cast<std::int64_t>(middle) + 39);
      if (segment["text"] == "Regel 99") CHECK(start < static_cast<std::int64_t>(middle));
    }
    check_json_listings(project);
  }

  // ---- 3. hangs --------------------------------------------------------------------

  TEST_CASE("a regular expression that backtracks without end fails instead of hanging") {
    const std::string sentence =
        "ik had eigenlijk nooit echt de tijd om naast mijn werk en het gezin nog een "
        "opleiding te volgen want dat kostte te veel avonden!";
    const text::Regex runaway("(\\w+\\s?)+$");
    CHECK_THROWS_WITH_AS((void)runaway.find_all(sentence),
                         doctest::Contains("took too long on this text"), InputError);
    const text::Regex label("(?<speaker>(a+)+):");
    CHECK_THROWS_AS((void)label.match_prefix(std::string(40, 'a') + "!"), InputError);
    // An ordinary pattern over a long text is not stopped.
    std::string long_text;
    for (int i = 0; i < 20000; ++i) long_text += "de tijd en het werk, ";
    CHECK(text::Regex("\\bwerk\\b").find_all(long_text).size() == 20000);
  }

  TEST_CASE("a runaway rule names the code, rule and document; a runaway speaker pattern the "
            "file and line") {
    TempDir dir;
    const std::string project = new_project(dir);
    testing::write_file(dir / "T1.txt",
                        "I: Hoe ging het?\n\nR: ik had eigenlijk nooit echt de tijd om naast "
                        "mijn werk en het gezin nog een opleiding te volgen want dat kostte te "
                        "veel avonden!\n");
    REQUIRE(inzicht_cli({"-p", project, "import", dir / "T1.txt"}).status == 0);
    testing::write_file(dir / "c.yaml",
                        "codes:\n  - name: tijd\n    rules:\n      - regex: '(\\w+\\s?)+$'\n");
    REQUIRE(inzicht_cli({"-p", project, "codebook", "load", dir / "c.yaml"}).status == 0);
    for (const bool dry : {true, false}) {
      std::vector<std::string> args = {"-p", project, "autocode"};
      if (dry) args.push_back("--dry-run");
      const CliResult autocode = inzicht_cli(args);
      CHECK(autocode.status == 1);
      CHECK(contains(autocode.err, "T1.txt: code \"tijd\", rule 1: the regular expression"));
    }
    testing::write_file(dir / "T2.txt", "aaaa: hallo\n" + std::string(40, 'a') + "!\n");
    const CliResult import = inzicht_cli(
        {"-p", project, "import", dir / "T2.txt", "--speaker-pattern", "(?<speaker>(a+)+):"});
    CHECK(import.status == 1);
    CHECK(contains(import.err, "T2.txt: line 2: the speaker pattern failed"));
    check_json_listings(project);
  }

  TEST_CASE("keyword-in-context lines of one text are cut as keyword_in_context cuts them") {
    std::string turn;
    for (int i = 0; i < 2000; ++i) turn += "en de tijd, ";
    const text::KwicLines lines(turn, 40);
    for (const std::int64_t start : {3, 15, 12 * 1000 + 3, 12 * 1999 + 3}) {
      const text::Kwic one = text::keyword_in_context(turn, start, start + 2);
      const text::Kwic many = lines.at(start, start + 2);
      CHECK(one.left == many.left);
      CHECK(one.match == "de");
      CHECK(many.match == "de");
      CHECK(one.right == many.right);
    }
  }

  TEST_CASE("search lists every hit of a long turn") {
    TempDir dir;
    const std::string project = new_project(dir);
    std::string turn = "R:";
    for (int i = 0; i < 20000; ++i) turn += " de tijd";
    testing::write_file(dir / "T1.txt", turn + "\n");
    REQUIRE(inzicht_cli({"-p", project, "import", dir / "T1.txt"}).status == 0);
    const CliResult search =
        inzicht_cli({"-p", project, "search", "de", "--limit", "1", "--format", "csv"});
    CHECK(search.status == 0);
    CHECK(std::count(search.out.begin(), search.out.end(), '\n') == 20001);
  }

  TEST_CASE("a project path that is not a regular file is refused at once") {
    TempDir dir;
    const std::string fifo = dir / "pipe.inzicht";
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    const CliResult piped = inzicht_cli({"-p", fifo, "docs"});
    CHECK(piped.status == 1);
    CHECK(contains(piped.err, "pipe.inzicht: not an inzicht project (not a regular file)"));
    const CliResult directory = inzicht_cli({"-p", dir.path().string(), "docs"});
    CHECK(directory.status == 1);
    CHECK(contains(directory.err, "not a regular file but a directory"));
    const CliResult device = inzicht_cli({"-p", "/dev/zero", "docs"});
    CHECK(device.status == 1);
    CHECK(contains(device.err, "/dev/zero: not an inzicht project (not a regular file)"));
    // Given to import, a FIFO or device is named and refused, not read.
    const std::string project = new_project(dir);
    const std::string fifo_txt = dir / "pipe.txt";
    REQUIRE(mkfifo(fifo_txt.c_str(), 0600) == 0);
    const CliResult import = inzicht_cli({"-p", project, "import", fifo_txt, "/dev/null",
                                          dir / "missing.txt"});
    CHECK(import.status == 1);
    CHECK(contains(import.err, "pipe.txt: not a regular file or directory"));
    CHECK(contains(import.err, "/dev/null: not a regular file or directory"));
    CHECK(contains(import.err, "missing.txt: no such file or directory"));
    // Every other file a command reads, too: a FIFO blocks no codebook or CSV read, a
    // device is not read for ever, and a missing file is named.
    for (const std::string& path : {fifo_txt, std::string("/dev/zero"), dir / "gone.yaml"}) {
      const CliResult load = inzicht_cli({"-p", project, "codebook", "load", path});
      CHECK(load.status == 1);
      CHECK(contains(load.err, path + ": "));
    }
    CHECK(contains(inzicht_cli({"-p", project, "attributes", "import", dir / "gone.csv"}).err,
                   "gone.csv: no such file"));
  }

  // ---- 4. memory -------------------------------------------------------------------

  TEST_CASE("a codebook with YAML aliases or deep nesting is refused with its line") {
    const std::string aliases =
        "codes:\n"
        "  - name: a\n"
        "    children: &one\n"
        "      - name: b\n"
        "  - name: c\n"
        "    children: *one\n";
    CHECK_THROWS_WITH_AS((void)codebook::parse_yaml(aliases, "bomb.yaml"),
                         doctest::Contains("bomb.yaml:6: a YAML alias (*name)"), InputError);
    std::string deep = "codes: ";
    for (int i = 0; i < 5000; ++i) deep += "[";
    CHECK_THROWS_WITH_AS((void)codebook::parse_yaml(deep, "deep.yaml"),
                         doctest::Contains("deep.yaml:1: nested more than"), InputError);
  }

  TEST_CASE("a .docx part of millions of empty paragraphs is refused before its tree is built") {
    TempDir dir;
    const std::string project = new_project(dir);
    const CliResult import =
        inzicht_cli({"-p", project, "import", fixture("hostile/many-paragraphs.docx")});
    CHECK(import.status == 1);
    // Refused, by name, without building a tree of gigabytes (under ASan's memory too).
    CHECK(contains(import.err, "many-paragraphs.docx: "));
    check_json_listings(project);
  }

  TEST_CASE("a text of millions of short lines is refused by name, and one just under imports") {
    // Each line can be a turn, a paragraph and a sentence: 20 MB of "ja" lines once took
    // 1.3 GB. Past the line limit the file is refused and the project left as it was.
    TempDir dir;
    const std::string project = new_project(dir);
    const std::string many = dir / "many.txt";
    {
      std::ofstream out(many, std::ios::binary);
      for (std::uint64_t i = 0; i <= importers::kMaxTextLines; ++i) out << "ja\n";
    }
    const CliResult import = inzicht_cli({"-p", project, "import", many});
    CHECK(import.status == 1);
    CHECK(contains(import.err, "many.txt: more than 4000000 lines"));
    CHECK(inzicht_cli({"-p", project, "docs"}).out.find("many.txt") == std::string::npos);
    check_json_listings(project);
    // Short lines under the limit import, each its own turn.
    const std::string some = dir / "some.txt";
    {
      std::ofstream out(some, std::ios::binary);
      for (int i = 0; i < 1000; ++i) out << "ja\n";
    }
    REQUIRE(inzicht_cli({"-p", project, "import", some}).status == 0);
    CHECK(contains(inzicht_cli({"-p", project, "docs"}).out, "some.txt"));
  }

  TEST_CASE("YAML messages of a codebook name its file") {
    TempDir dir;
    const std::string project = new_project(dir);
    testing::write_file(dir / "bad.yaml", "codes:\n  - name: a\n    children: &x\n"
                                          "      - name: b\n  - name: c\n    children: *x\n");
    const CliResult load = inzicht_cli({"-p", project, "codebook", "load", dir / "bad.yaml"});
    CHECK(load.status == 1);
    CHECK(contains(load.err, "bad.yaml:6: a YAML alias"));
    CHECK_FALSE(contains(load.err, "codebook:"));
  }

  TEST_CASE("the sparse code-point index agrees with counting every code point") {
    std::mt19937 random(12);
    const std::vector<std::string> pieces = {"a", " ", "é", "ж", "€", "😀", "\xff", "\xc3",
                                             "\xe2\x82", "\n"};
    for (int round = 0; round < 50; ++round) {
      std::string text;
      const int length = static_cast<int>(random() % 200);
      for (int i = 0; i < length; ++i) text += pieces[random() % pieces.size()];
      // The byte start of every code point, as U8_NEXT counts them.
      std::vector<std::size_t> starts;
      for (std::size_t b = 0; b < text.size(); ++b) {
        const std::string_view all(text);
        if (text::count_code_points(all.substr(0, b + 1)) > text::count_code_points(all.substr(0, b))) {
          starts.push_back(b);
        }
      }
      const text::CodePointIndex index(text);
      CAPTURE(round);
      REQUIRE(index.size() == text::count_code_points(text));
      REQUIRE(static_cast<std::size_t>(index.size()) == starts.size());
      for (std::size_t k = 0; k < starts.size(); ++k) {
        CHECK(index.byte_at(static_cast<Offset>(k)) == starts[k]);
        CHECK(index.offset_at_byte(starts[k]) == static_cast<Offset>(k));
      }
      CHECK(index.byte_at(index.size()) == text.size());
      CHECK(index.offset_at_byte(text.size()) == index.size());
      if (index.size() > 40) {
        CHECK(index.slice({3, 40}) == std::string_view(text).substr(starts[3], starts[40] - starts[3]));
      }
    }
  }

  // ---- 5. clearer messages ---------------------------------------------------------

  TEST_CASE("a project whose schema version is negative gets a clear message") {
    TempDir dir;
    const std::string project = new_project(dir);
    {
      // PRAGMA user_version is the big-endian integer at byte 60 of the header.
      std::fstream file(project, std::ios::in | std::ios::out | std::ios::binary);
      file.seekp(60);
      file.write("\xff\xff\xff\xff", 4);
    }
    const CliResult docs = inzicht_cli({"-p", project, "docs"});
    CHECK(docs.status == 1);
    CHECK(contains(docs.err, "damaged project: its schema version is -1"));
    CHECK(inzicht_cli({"-p", project, "import", fixture("mixed/interview-anna.txt")}).status == 1);
  }

  TEST_CASE("commands that only read open the project read-only") {
    TempDir dir;
    const std::string project = new_project(dir);
    REQUIRE(inzicht_cli({"-p", project, "import", fixture("mixed/interview-anna.txt")}).status ==
            0);
    if (geteuid() == 0) {
      MESSAGE("running as root, who may write anywhere: read-only folder not tested");
      return;
    }
    std::filesystem::permissions(dir.path(), std::filesystem::perms::owner_read |
                                                 std::filesystem::perms::owner_exec);
    const CliResult docs = inzicht_cli({"-p", project, "docs", "--format", "json"});
    const CliResult search = inzicht_cli({"-p", project, "search", "opleiding"});
    std::filesystem::permissions(dir.path(), std::filesystem::perms::owner_all);
    CHECK(docs.status == 0);
    CHECK(nlohmann::json::parse(docs.out).size() == 1);
    CHECK(search.status == 0);
  }

  TEST_CASE("text read by a guessed encoding says so at import") {
    TempDir dir;
    const std::string project = new_project(dir);
    const CliResult import = inzicht_cli(
        {"-p", project, "import", fixture("mixed/legacy-1252.txt"), "--format", "json"});
    CHECK(import.status == 0);
    const auto rows = nlohmann::json::parse(import.out);
    const std::string message = rows[0]["message"];
    CHECK(contains(message, "not UTF-8: read as windows-1252, a guess"));
  }

  TEST_CASE("the case column of an attributes CSV is found by its name") {
    const auto rows =
        importers::parse_attributes_csv("group,Case,age\nlearner,L01,34\n", "cases.csv");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].first == "L01");
    CHECK(rows[0].second.count("Case") == 0);
    CHECK(rows[0].second.count("group") == 1);
    CHECK(rows[0].second.count("age") == 1);
  }

  TEST_CASE("a query keeps the brackets of an attribute condition") {
    TempDir dir;
    const std::string project = new_project(dir);
    REQUIRE(inzicht_cli({"-p", project, "import", fixture("mixed/interview-anna.txt"), "--group",
                         "learner"})
                .status == 0);
    testing::write_file(dir / "c.yaml", "codes:\n  - name: tijd\n");
    REQUIRE(inzicht_cli({"-p", project, "codebook", "load", dir / "c.yaml"}).status == 0);
    const CliResult query =
        inzicht_cli({"-p", project, "query", "tijd", "AND", "[group=learner]", "--count"});
    CAPTURE(query.err);
    CHECK(query.status == 0);
  }

  // Found by the vtt fuzzer: a cue time of 60 digits overflowed while it was read.
  TEST_CASE("a time with a part of many digits is no time, and a WebVTT file with one imports") {
    using inzicht::importers::parse_time_ms;
    CHECK(parse_time_ms("00:00:01.000") == 1000);
    CHECK(parse_time_ms("12:34") == (12 * 60 + 34) * 1000);
    CHECK_FALSE(parse_time_ms("1234:00").has_value());
    CHECK_FALSE(parse_time_ms(std::string(60, '1')).has_value());
    CHECK_FALSE(parse_time_ms(std::string(60, '1') + ":00").has_value());
    TempDir dir;
    const std::string project = new_project(dir);
    testing::write_file(dir / "long.vtt", "WEBVTT\n\n1\n00:00:01.000 --> " + std::string(60, '1') +
                                              "\nSpreker: Hallo daar.\n");
    const CliResult import = inzicht_cli({"-p", project, "import", dir / "long.vtt"});
    CAPTURE(import.err);
    CHECK(import.status <= 1);  // imported or refused with a message, never undefined
    check_json_listings(project);
  }

  // Found by the yaml_codebook fuzzer: 1,333 bytes of mangled codebook on which yaml-cpp
  // made millions of events (a second under ASan, past the fuzzer's timeout).
  TEST_CASE("a codebook on which the YAML parser loops is refused at once, with its line") {
    TempDir dir;
    const std::string project = new_project(dir);
    const CliResult load =
        inzicht_cli({"-p", project, "codebook", "load", fixture("hostile/yaml-cpp-loop.yaml")});
    CHECK(load.status == 1);
    CHECK(contains(load.err, "yaml-cpp-loop.yaml:19: more YAML values than the file has bytes"));
    const CliResult list = inzicht_cli({"-p", project, "codebook", "list", "--format", "json"});
    CHECK(list.status == 0);
    CHECK(nlohmann::json::parse(list.out).empty());
    check_json_listings(project);
  }

  // Found by the query fuzzer (10-million-run attempt): 2,680 bytes of mostly '(' overflowed
  // the stack of the recursive parser under ASan. A long chain of ANDs makes as deep a tree.
  TEST_CASE("a query nested or chained past the parser's bounds is refused with its position") {
    const auto refusal = [](const std::string& expression) {
      try {
        (void)analysis::parse_query(expression);
      } catch (const InputError& e) {
        return std::string(e.what());
      }
      return std::string("parsed");
    };
    CHECK(contains(refusal(std::string(2680, '(') + "a"),
                   "more than 100 parentheses or NOTs inside one another at position 101"));
    std::string nots;
    for (int i = 0; i < 5000; ++i) nots += "NOT ";
    CHECK(contains(refusal(nots + "a"), "more than 100 parentheses or NOTs inside one another"));
    std::string chain = "a";
    for (int i = 0; i < 100000; ++i) chain += " AND a";
    CHECK(contains(refusal(chain), "more than 1000 operators in one query"));
    // Within the bounds a query still parses.
    CHECK(refusal(std::string(100, '(') + "a" + std::string(100, ')')) == "parsed");
    std::string thousand = "a";
    for (int i = 0; i < 1000; ++i) thousand += " OR b";
    CHECK(refusal(thousand) == "parsed");
  }

  TEST_CASE("study files and persona names refuse YAML aliases as codebooks do") {
    CHECK_THROWS_WITH_AS(
        (void)codebook::parse_study("project: p.inzicht\nimport: &a\n  - folder: x\n"
                                    "autocode: *a\n",
                                    "study.yaml"),
        doctest::Contains("study.yaml:4: a YAML alias (*name)"), InputError);
    TempDir dir;
    testing::write_file(dir / "names.yaml", "a: &x {name: A}\nb: *x\n");
    CHECK_THROWS_WITH_AS((void)codebook::read_persona_labels(dir / "names.yaml"),
                         doctest::Contains("names.yaml:2: a YAML alias (*name)"), InputError);
  }
}
