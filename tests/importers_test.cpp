#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>

#include "base/error.hpp"
#include "importers/case_attributes.hpp"
#include "importers/content_hash.hpp"
#include "importers/document_builder.hpp"
#include "importers/import_batch.hpp"
#include "importers/layouts.hpp"
#include "importers/readers.hpp"
#include "importers/speaker_labels.hpp"
#include "store/search_query.hpp"
#include "test_support.hpp"

using namespace inzicht;
using inzicht::testing::fixture;
using inzicht::testing::slice;

namespace {

model::Document build_text(const std::string& text, const importers::TurnOptions& options = {}) {
  return importers::build_document(importers::read_text(text, "test.txt"), "test.txt", "txt",
                                   options);
}

// Every turn's span must slice out exactly the speaker's words: no label, no edge space.
void check_turn_invariants(const model::Document& document) {
  Offset previous_end = 0;
  for (const auto& turn : document.turns) {
    CHECK(turn.span.start >= previous_end);
    CHECK(turn.span.end <= document.length);
    const std::string words = slice(document, turn.span);
    REQUIRE_FALSE(words.empty());
    CHECK(words.front() != ' ');
    CHECK(words.back() != ' ');
    CHECK(words.back() != '\n');
    previous_end = turn.span.end;
  }
  for (const auto& paragraph : document.paragraphs) {
    REQUIRE(paragraph.turn < document.turns.size());
    CHECK(document.turns[paragraph.turn].span.contains(paragraph.span));
  }
  for (const auto& sentence : document.sentences) {
    REQUIRE(sentence.paragraph < document.paragraphs.size());
    CHECK(document.paragraphs[sentence.paragraph].span.contains(sentence.span));
  }
}

}  // namespace

TEST_SUITE("importers") {
  TEST_CASE("speaker labels of every documented form are recognised") {
    const importers::SpeakerLabels labels;
    struct Example {
      const char* line;
      const char* speaker;
      const char* rest;
      std::optional<std::int64_t> time;
    };
    const Example examples[] = {
        {"Anna: ja hoor", "Anna", "ja hoor", std::nullopt},
        {"I: Hoe gaat het?", "I", "Hoe gaat het?", std::nullopt},
        {"Interviewer:  Welkom", "Interviewer", "Welkom", std::nullopt},
        {"[Sanne] Dat klopt.", "Sanne", "Dat klopt.", std::nullopt},
        {"**Bram:** Ik wil wel.", "Bram", "Ik wil wel.", std::nullopt},
        {"**Bram**: Ik wil wel.", "Bram", "Ik wil wel.", std::nullopt},
        {"[00:12:34] Interviewer: Goed.", "Interviewer", "Goed.", 754000},
        {"(12:34) R: Nee.", "R", "Nee.", 754000},
        {"00:12:34 Onderzoeker: Dank.", "Onderzoeker", "Dank.", 754000},
        {"Dhr. de Vries: Precies.", "Dhr. de Vries", "Precies.", std::nullopt},
        {"José-María: Sí.", "José-María", "Sí.", std::nullopt},
    };
    for (const auto& example : examples) {
      CAPTURE(example.line);
      const auto label = labels.match(example.line);
      REQUIRE(label.has_value());
      CHECK(label->speaker == example.speaker);
      const text::CodePointIndex index(example.line);
      CHECK(index.slice({label->content, index.size()}) == example.rest);
      CHECK(label->time_ms == example.time);
    }
  }

  TEST_CASE("prose, times and annotations are not speaker labels") {
    const importers::SpeakerLabels labels;
    CHECK_FALSE(labels.match("10:30 begon de les").has_value());
    CHECK_FALSE(labels.match("Zie https://example.org voor meer").has_value());
    CHECK_FALSE(labels.match("[lacht] ja dat was het").has_value());
    CHECK_FALSE(labels.match("Dit is een heel lange zin met veel woorden: nee").has_value());
    // Four words could be a name, but only a weak one.
    const auto weak = labels.match("Toen zei ik: nee");
    REQUIRE(weak.has_value());
    CHECK(weak->weak);
  }

  TEST_CASE("interviewer roles come from the default names and from options") {
    const importers::SpeakerLabels defaults;
    for (const char* name : {"I", "Int", "Interviewer", "interviewster", "ONDERZOEKER", "Q",
                             "Interviewer 2", "Int."}) {
      CAPTURE(name);
      CHECK(defaults.role_of(name) == model::Role::interviewer);
    }
    CHECK(defaults.role_of("R") == model::Role::respondent);
    CHECK(defaults.role_of("Anna") == model::Role::respondent);
    const importers::SpeakerLabels custom({"Moderator", "Lotte"});
    CHECK(custom.role_of("moderator") == model::Role::interviewer);
    CHECK(custom.role_of("Lotte") == model::Role::interviewer);
  }

  TEST_CASE("a transcript with labels becomes turns that slice the speakers' words") {
    const auto document = build_text(
        "Interview 4, fictief\n\nInterviewer: Hoe kwam u erbij?\n\nAnna: Via mijn werk. Ik "
        "was bv. helpende.\nDat duurde lang.\n\nAnna: Nog iets.\n\nI: Dank u.\n");
    check_turn_invariants(document);
    REQUIRE(document.turns.size() == 4);
    CHECK(document.turns[0].speaker == "Interviewer");
    CHECK(document.turns[0].role == model::Role::interviewer);
    CHECK(slice(document, document.turns[0].span) == "Hoe kwam u erbij?");
    CHECK(document.turns[1].speaker == "Anna");
    CHECK(document.turns[1].role == model::Role::respondent);
    CHECK(slice(document, document.turns[1].span) ==
          "Via mijn werk. Ik was bv. helpende.\nDat duurde lang.");
    CHECK(slice(document, document.turns[2].span) == "Nog iets.");
    CHECK(document.turns[3].role == model::Role::interviewer);
    // The title line belongs to no turn but stays in the text.
    CHECK(document.text.rfind("Interview 4, fictief\n", 0) == 0);
    // "bv." does not end a sentence: three sentences in Anna's first paragraph.
    std::vector<std::string> first;
    for (const auto& sentence : document.sentences) {
      if (sentence.paragraph == 1) first.push_back(slice(document, sentence.span));
    }
    CHECK(first == std::vector<std::string>{"Via mijn werk.", "Ik was bv. helpende.",
                                            "Dat duurde lang."});
  }

  TEST_CASE("offsets count code points, not bytes") {
    const auto document = build_text("Interviewer: Één vraag?\n\nRespondent: Geïnterviewd, ja.\n");
    REQUIRE(document.turns.size() == 2);
    CHECK(document.turns[0].span.start == 13);
    CHECK(document.turns[0].span.end == 23);
    CHECK(slice(document, document.turns[1].span) == "Geïnterviewd, ja.");
    CHECK(document.length == text::count_code_points(document.text));
  }

  TEST_CASE("text is stored in NFC") {
    const auto document = build_text("R: cafe\xCC\x81 en e\xCC\x81" "e\xCC\x81" "n\n");  // decomposed é
    CHECK(document.text == "R: café en één");
    CHECK(slice(document, document.turns[0].span) == "café en één");
  }

  TEST_CASE("a plain text kept whole builds the same document as its lines") {
    // read_owned_text leaves the text whole (Extracted::plain) and the builder splits it;
    // read_text makes a Line per line. Both must give the same document, to the offset.
    const char* texts[] = {
        "",
        "\n",
        "\n\n\n",
        "Eén regel zonder einde",
        "R: cafe\xCC\x81 en e\xCC\x81"
        "e\xCC\x81"
        "n\n",
        "Eerste alinea\nloopt door.\n\nTweede alinea.\n",
        "Eerste.\nTweede.\nDerde.\n\n",
        "Interviewer:\nHoe was het?\n\nR:\nGoed.\n",
        "  \t\nI: Hoe kwam u erbij?\r\nR: Via mijn werk.\r\n\r\n\f\nR: En toen. Nog iets.\n\n\n",
        "Sanne: Ik dacht toen echt:\nToen zei ik: nee.\nSanne: Klaar.\n\nI: Oké.",
        // Layouts: the whole text is made into lines before they are recognised.
        "[Jane Doe] 10:02:34\nHoe gaat het?\n\n[Piet] 10:02:40\nGoed, dank je.\n",
        "Jane Doe  0:05\nHallo daar.\n\nPiet Jansen  0:09\nHoi.\n\nTranscribed by "
        "https://otter.ai\n",
        "0:0:0.0 --> 0:0:3.760\nJane Doe\nHallo.\n\n0:0:4.0 --> 0:0:6.0\nPiet\nHoi.\n",
    };
    int layouts = 0;
    for (const char* bytes : texts) {
      CAPTURE(std::string(bytes));
      importers::Extracted lines = importers::read_text(bytes, "t.txt");
      importers::Extracted whole = importers::read_owned_text(bytes, "t.txt");
      CHECK(lines.plain == std::nullopt);
      REQUIRE(whole.plain.has_value());
      importers::recognise_text_layout(lines, "txt");
      importers::recognise_text_layout(whole, "txt");
      const model::Document a = importers::build_document(std::move(lines), "t.txt", "txt", {});
      const model::Document b = importers::build_document(std::move(whole), "t.txt", "txt", {});
      CHECK(a.text == b.text);
      CHECK(a.length == b.length);
      CHECK(a.layout == b.layout);
      layouts += !b.layout.empty();
      REQUIRE(a.turns.size() == b.turns.size());
      for (std::size_t i = 0; i < a.turns.size(); ++i) {
        CHECK(a.turns[i].speaker == b.turns[i].speaker);
        CHECK(a.turns[i].role == b.turns[i].role);
        CHECK(a.turns[i].span == b.turns[i].span);
        CHECK(a.turns[i].time_ms == b.turns[i].time_ms);
      }
      REQUIRE(a.paragraphs.size() == b.paragraphs.size());
      for (std::size_t i = 0; i < a.paragraphs.size(); ++i) {
        CHECK(a.paragraphs[i].span == b.paragraphs[i].span);
        CHECK(a.paragraphs[i].turn == b.paragraphs[i].turn);
      }
      REQUIRE(a.sentences.size() == b.sentences.size());
      for (std::size_t i = 0; i < a.sentences.size(); ++i) {
        CHECK(a.sentences[i].span == b.sentences[i].span);
        CHECK(a.sentences[i].paragraph == b.sentences[i].paragraph);
      }
    }
    CHECK(layouts == 3);  // Zoom, Otter and Teams: each made into lines first
  }

  TEST_CASE("a speaker named once in prose does not split a turn") {
    const auto document = build_text(
        "Sanne: Ik dacht toen echt:\nToen zei ik: nee.\nSanne: Klaar.\n\nI: Oké.\n");
    check_turn_invariants(document);
    REQUIRE(document.turns.size() == 3);
    CHECK(slice(document, document.turns[0].span) == "Ik dacht toen echt:\nToen zei ik: nee.");
  }

  TEST_CASE("without speaker labels every paragraph is a respondent turn") {
    SUBCASE("blank lines separate paragraphs") {
      const auto document = build_text("Eerste alinea\nloopt door.\n\nTweede alinea.\n");
      REQUIRE(document.turns.size() == 2);
      CHECK(document.turns[0].role == model::Role::respondent);
      CHECK(document.turns[0].speaker.empty());
      CHECK(slice(document, document.turns[0].span) == "Eerste alinea\nloopt door.");
    }
    SUBCASE("without blank lines every line is a paragraph") {
      const auto document = build_text("Eerste.\nTweede.\nDerde.\n");
      CHECK(document.turns.size() == 3);
    }
  }

  TEST_CASE("a label alone on its line takes the words of the lines below") {
    const auto document = build_text("Interviewer:\nHoe was het?\n\nR:\nGoed.\n");
    REQUIRE(document.turns.size() == 2);
    CHECK(slice(document, document.turns[0].span) == "Hoe was het?");
    CHECK(slice(document, document.turns[1].span) == "Goed.");
  }

  TEST_CASE("a speaker pattern replaces the built-in labels") {
    importers::TurnOptions options;
    options.speaker_pattern = R"(^(?<speaker>[A-Z]{2,3}) > )";
    options.interviewers = {"INT"};
    const auto document = build_text("INT > Vraag een?\nRES > Antwoord: ja.\n", options);
    REQUIRE(document.turns.size() == 2);
    CHECK(document.turns[0].role == model::Role::interviewer);
    CHECK(document.turns[1].speaker == "RES");
    CHECK(slice(document, document.turns[1].span) == "Antwoord: ja.");
    options.speaker_pattern = "(unclosed";
    CHECK_THROWS_AS(build_text("x", options), InputError);
  }

  TEST_CASE("WebVTT voices become turns with timestamps, consecutive cues merged") {
    const std::string bytes = testing::read_file(fixture("mixed/webinar.vtt"));
    const auto document = importers::build_document(importers::read_vtt(bytes, "webinar.vtt"),
                                                    "webinar.vtt", "vtt", {});
    check_turn_invariants(document);
    REQUIRE(document.turns.size() == 3);
    CHECK(document.turns[0].role == model::Role::interviewer);
    CHECK(document.turns[1].speaker == "Sanne");
    CHECK(document.turns[1].time_ms == 4500);
    CHECK(slice(document, document.turns[1].span) ==
          "Via een collega, eigenlijk. Zij had het ook gedaan. De website was & bleef vaag over "
          "de kosten.");
    CHECK(document.turns[2].time_ms == 12000);
  }

  TEST_CASE("SubRip cues take speakers from labels and continue the last speaker") {
    const std::string bytes = testing::read_file(fixture("mixed/gesprek.srt"));
    const auto document = importers::build_document(importers::read_srt(bytes, "gesprek.srt"),
                                                    "gesprek.srt", "srt", {});
    check_turn_invariants(document);
    REQUIRE(document.turns.size() == 3);
    CHECK(document.turns[1].speaker == "Karim");
    CHECK(slice(document, document.turns[1].span) ==
          "In september, met de avondopleiding. Het was zwaar naast mijn werk.");
    CHECK(document.turns[1].time_ms == 3200);
  }

  TEST_CASE("malformed subtitle files name the line") {
    CHECK_THROWS_WITH_AS(importers::read_vtt("WEBVTT\n\n1\nnot a time\nhallo\n", "x.vtt"),
                         doctest::Contains("x.vtt:4"), InputError);
    CHECK_THROWS_WITH_AS(importers::read_vtt("hallo\n", "x.vtt"),
                         doctest::Contains("not a WebVTT file"), InputError);
    CHECK_THROWS_WITH_AS(importers::read_srt("1\n00:00:01 -> 2\nhoi\n", "x.srt"),
                         doctest::Contains("x.srt:2"), InputError);
  }

  TEST_CASE("a Windows-1252 transcript keeps its accents") {
    const auto document = importers::read_document(fixture("mixed/legacy-1252.txt"), {});
    CHECK(document.encoding == "windows-1252");
    REQUIRE(document.turns.size() == 4);
    CHECK(slice(document, document.turns[1].span) ==
          "Heel goed, één keer per week in het café naast het station. Ik was geïnterviewd, nee.");
    CHECK(document.text.find('\r') == std::string::npos);
  }

  TEST_CASE("case attributes are read from RFC 4180 CSV with numbers recognised") {
    const std::string csv =
        "\xEF\xBB\xBF" "case,group,age,score,note\r\n"
        "L01,learner,34,\"2,5\",\"zegt \"\"ja\"\", \nmaar\"\r\n"
        "P01,provider,,7.25,\r\n";
    const auto rows = importers::parse_attributes_csv(csv, "cases.csv");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].first == "L01");
    CHECK(std::get<std::string>(*rows[0].second.at("group")) == "learner");
    CHECK(std::get<std::int64_t>(*rows[0].second.at("age")) == 34);
    CHECK(std::get<double>(*rows[0].second.at("score")) == doctest::Approx(2.5));
    CHECK(std::get<std::string>(*rows[0].second.at("note")) == "zegt \"ja\", \nmaar");
    CHECK_FALSE(rows[1].second.at("age").has_value());
    CHECK(std::get<double>(*rows[1].second.at("score")) == doctest::Approx(7.25));
  }

  TEST_CASE("identifiers that look like numbers stay text") {
    CHECK(std::holds_alternative<std::string>(importers::attribute_value("007")));
    CHECK(std::holds_alternative<std::string>(importers::attribute_value("1.2.3")));
    CHECK(std::holds_alternative<std::string>(importers::attribute_value("25-34")));
    CHECK(std::get<std::int64_t>(importers::attribute_value("-12")) == -12);
    CHECK(std::get<std::int64_t>(importers::attribute_value("0")) == 0);
  }

  TEST_CASE("bad attribute files name the line") {
    CHECK_THROWS_WITH_AS(importers::parse_attributes_csv("case,a\nL1,1,2\n", "c.csv"),
                         doctest::Contains("c.csv:2: 3 fields"), InputError);
    CHECK_THROWS_WITH_AS(importers::parse_attributes_csv("case,a\nL1,\"open\n", "c.csv"),
                         doctest::Contains("c.csv:2: a quoted field is never closed"), InputError);
    CHECK_THROWS_WITH_AS(importers::parse_attributes_csv("case,a\nL1,1\nL1,2\n", "c.csv"),
                         doctest::Contains("c.csv:3: case 'L1' appears twice"), InputError);
    CHECK_THROWS_WITH_AS(importers::parse_attributes_csv("case,a\nL1,caf\xe9\n", "c.csv"),
                         doctest::Contains("c.csv:2: not UTF-8"), InputError);
  }

  TEST_CASE("SHA-256 matches the FIPS 180-2 examples") {
    // FIPS 180-2, appendix B.1 and B.2.
    CHECK(importers::sha256_hex("abc") ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(importers::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(importers::sha256_hex("") ==
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  TEST_CASE("codings move to the nearest occurrence of their text in a new version") {
    const std::string old_text = "ja ja nee ja";
    const std::string new_text = "Vooraf. ja ja nee ja";
    std::vector<store::StoredCoding> codings(3);
    codings[0].id = 1;
    codings[0].span = {3, 5};  // the second "ja"
    codings[1].id = 2;
    codings[1].span = {6, 9};  // "nee"
    codings[2].id = 3;
    codings[2].span = {0, 2};
    const auto moved = importers::relocate_codings(old_text, new_text, codings);
    CHECK(moved.lost.empty());
    CHECK(moved.moved.at(1) == Span{11, 13});
    CHECK(moved.moved.at(2) == Span{14, 17});
    CHECK(moved.moved.at(3) == Span{8, 10});
    const auto gone = importers::relocate_codings(old_text, "ja ja", codings);
    REQUIRE(gone.lost.size() == 1);
    CHECK(gone.lost[0] == 2);
  }
}

namespace {

// A folder of transcripts of several formats, with a file that is not text, one with no
// words and one with the bytes of another in the middle.
void write_folder(const std::filesystem::path& folder) {
  std::filesystem::create_directories(folder);
  for (const char* name : {"gesprek.srt", "groepsgesprek.md", "interview-anna.txt",
                           "legacy-1252.txt", "webinar.vtt"}) {
    std::filesystem::copy_file(fixture(std::string("mixed/") + name), folder / name);
  }
  for (int i = 0; i < 24; ++i) {
    std::string text = "Interviewer: Wat had u nodig, deelnemer " + std::to_string(i) + "?\n\n";
    for (int k = 0; k <= i % 5; ++k) {
      text += "R: Vooral tijd. De werkgever betaalde niet (o.a. de reiskosten). Maar ik "
              "zette door, week " + std::to_string(k) + ".\n\nI: En toen?\n\n";
    }
    text += "R: Eindelijk een diploma ó zo fijn.\n";
    char name[32];
    std::snprintf(name, sizeof name, "T%02d.txt", i);
    testing::write_file(folder / name, text);
  }
  testing::write_file(folder / "T07b.txt", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  testing::write_file(folder / "T12b.txt", "  \n\n \t\n");
  std::filesystem::copy_file(folder / "T03.txt", folder / "T15b.txt");
}

// Everything import wrote that a researcher could see, in one string.
std::string project_contents(store::Project& project) {
  std::string out;
  for (const auto& summary : project.documents()) {
    out += std::to_string(summary.id) + " " + summary.name + " " + summary.case_name + " " +
           summary.format + " " + summary.encoding + " " + summary.content_hash + " " +
           std::to_string(summary.length) + " " + summary.layout + "\n";
    const model::Document document = project.load_document(summary.name);
    out += document.text + "\n";
    for (const auto& turn : document.turns) {
      out += "turn " + turn.speaker + " " + std::to_string(turn.span.start) + " " +
             std::to_string(turn.span.end) + " " + model::to_string(turn.role) + " " +
             std::to_string(turn.time_ms.value_or(-1)) + "\n";
    }
    for (const auto& p : document.paragraphs) {
      out += "paragraph " + std::to_string(p.turn) + " " + std::to_string(p.span.start) + " " +
             std::to_string(p.span.end) + "\n";
    }
    for (const auto& s : document.sentences) {
      out += "sentence " + std::to_string(s.paragraph) + " " + std::to_string(s.span.start) +
             " " + std::to_string(s.span.end) + "\n";
    }
  }
  for (const auto& c : project.cases()) out += "case " + c.name + "\n";
  for (const char* words : {"werkgever", "diploma", "reiskosten"}) {
    for (const auto& hit : project.search({store::fts_query(words), std::nullopt, 1000})) {
      out += std::string("hit ") + words + " " + hit.document + " " + std::to_string(hit.turn) +
             "\n";
    }
  }
  out += "language " + project.language() + "\n";
  return out;
}

std::string results_of(const std::vector<importers::ImportResult>& results) {
  std::string out;
  for (const auto& r : results) {
    out += r.path + "|" + importers::to_string(r.status) + "|" + r.document + "|" + r.case_name +
           "|" + r.message + "|" + std::to_string(r.turns);
    for (const auto& warning : r.warnings) out += "|" + warning;
    out += "\n";
  }
  return out;
}

}  // namespace

TEST_SUITE("importers") {
  TEST_CASE("a folder imports the same on several threads as on one, bad files named") {
    testing::TempDir dir;
    write_folder(dir.path() / "folder");
    std::string contents, results;
    for (const unsigned threads : {1u, 4u, 0u}) {
      CAPTURE(threads);
      const std::string path = dir / ("p" + std::to_string(threads) + ".inzicht");
      auto project = store::Project::create(path, "p");
      importers::ImportOptions options;
      options.threads = threads;
      const auto imported = importers::import_paths(project, {dir / "folder"}, options);
      const std::string got = results_of(imported);
      if (results.empty()) {
        results = got;
        contents = project_contents(project);
        continue;
      }
      CHECK(got == results);
      CHECK(project_contents(project) == contents);
    }
    // The bad files in the middle failed, named, and are not in; the files after them are.
    auto project = store::Project::open(dir / "p1.inzicht");
    CHECK(results.find("T07b.txt|failed|T07b.txt||T07b.txt: not a text file") !=
          std::string::npos);
    CHECK(results.find("T12b.txt|failed|T12b.txt||") != std::string::npos);
    CHECK(results.find("same content as T03.txt") != std::string::npos);
    CHECK_FALSE(project.find_document("T07b.txt"));
    CHECK_FALSE(project.find_document("T12b.txt"));
    CHECK(project.find_document("T23.txt"));
    CHECK(project.documents().size() == 5 + 24 + 1);
    // Imported again: every file unchanged (or failing again), nothing written.
    const auto again = importers::import_paths(project, {dir / "folder"}, {});
    for (const auto& result : again) {
      CAPTURE(result.path);
      CHECK((result.status == importers::ImportStatus::unchanged ||
             result.status == importers::ImportStatus::failed));
    }
    CHECK(project_contents(project) == contents);
  }
}
