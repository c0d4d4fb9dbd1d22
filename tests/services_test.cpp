// Transcripts as transcription services and podcast hosts write them: each fixture in
// tests/fixtures/services/ (written by make_fixtures.py there) is read through
// read_document, as `inzicht import` reads it, and checked against its known content:
// layout, speakers, turns, times and words.

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <map>

#include "importers/fillers.hpp"
#include "importers/import_batch.hpp"
#include "importers/transcript_readers.hpp"
#include "base/error.hpp"
#include "test_support.hpp"

using namespace inzicht;
using inzicht::testing::fixture;
using inzicht::testing::slice;

namespace {

struct Expected {
  std::string speaker;
  std::optional<std::int64_t> time_ms;
  std::string words;
};

model::Document read(const std::string& name, bool clean_fillers = false) {
  return importers::read_document(fixture("services/" + name), {}, std::nullopt, clean_fillers);
}

void check_turns(const model::Document& document, const std::vector<Expected>& expected) {
  CAPTURE(document.name);
  CAPTURE(document.text);
  REQUIRE(document.turns.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(i);
    const model::Turn& turn = document.turns[i];
    CHECK(turn.speaker == expected[i].speaker);
    CHECK(turn.time_ms == expected[i].time_ms);
    CHECK(slice(document, turn.span) == expected[i].words);
  }
}

std::string error_of(const std::string& path) {
  try {
    importers::read_document(path, {});
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_SUITE("services") {
  TEST_CASE("a Zoom WebVTT file gives one turn per speaker with the first cue's time") {
    const auto document = read("zoom.vtt");
    CHECK(document.layout == "Zoom WebVTT (Name: in numbered cues)");
    check_turns(document,
                {{"Sanne de Vries", 1250, "Welkom, Joris. Hoe ben je bij deze opleiding gekomen?"},
                 {"Joris Bakker", 5100,
                  "Ik werkte twaalf jaar in de logistiek. Toen ben ik gaan kijken naar het "
                  "onderwijs."},
                 {"Sanne de Vries", 13500, "En hoe combineer je dat met je werk?"},
                 {"Dr. Marleen van der Berg-Jansen (Host)", 15500,
                  "Mag ik even inbreken? De tijd is bijna om."}});
  }

  TEST_CASE("a Teams WebVTT file is told from Zoom's by its voices and cue ids") {
    const auto document = read("teams.vtt");
    CHECK(document.layout == "Teams WebVTT (<v Name>)");
    check_turns(document, {{"Sanne de Vries", 2000, "Fijn dat je er bent. Wat doe je nu?"},
                           {"Joris Bakker", 6000, "Ik geef sinds kort les op een mbo. Drie dagen "
                                                  "per week."}});
  }

  TEST_CASE("Whisper's WebVTT without speakers splits turns at pauses") {
    const auto document = read("whisper.vtt");
    CHECK(document.layout == "WebVTT without speakers (Whisper and others)");
    check_turns(document, {{"", 0, "Goedemiddag, ik ben Sanne. En ik ben Joris."},
                           {"", 9000, "Na een stilte van drie seconden een nieuwe beurt."}});
  }

  TEST_CASE("WhisperX SubRip speakers come from the [SPEAKER_00] prefixes") {
    const auto document = read("whisperx.srt");
    CHECK(document.layout == "WhisperX SubRip ([SPEAKER_00]: )");
    check_turns(document, {{"SPEAKER_00", 500, "Wat was de grootste drempel?"},
                           {"SPEAKER_01", 3200,
                            "De kosten, eerlijk gezegd. En de tijd naast mijn werk."}});
    CHECK(document.text.find("[SPEAKER_") == std::string::npos);
  }

  TEST_CASE("Zoom's text export takes [Name] hh:mm:ss headers and joins one speaker's blocks") {
    const auto document = read("zoom.txt");
    CHECK(document.layout == "Zoom transcript ([Name] time)");
    check_turns(document,
                {{"Sanne de Vries", 36125000, "Hoe ben je aan je studiefinanciering gekomen?"},
                 {"Joris Bakker", 36131000,
                  "Via het STAP-budget.\n\nDat vond ik op de website van het UWV."},
                 {"Sanne de Vries", 36150000, "Duidelijk, dank je."}});
    // The second block is a paragraph of its own inside the merged turn.
    CHECK(document.paragraphs.size() == 4);
  }

  TEST_CASE("Otter's text export keeps paragraphs and leaves its title and footer out") {
    const auto document = read("otter.txt");
    CHECK(document.layout == "Otter.ai transcript (Name  time)");
    check_turns(document,
                {{"Sanne de Vries", 5000, "Wat heeft je geholpen in het eerste jaar?"},
                 {"Joris Bakker", 9000,
                  "Mijn mentor. Zij belde elke week.\n\nZe wist ook wanneer ik het moeilijk had."},
                 {"Sanne de Vries", 62000, "Mooi."}});
    CHECK(document.text.find("Transcribed by https://otter.ai") != std::string::npos);
    CHECK(document.paragraphs.size() == 4);
  }

  TEST_CASE("a labelled transcript with a line ending in a time stays labelled") {
    testing::TempDir dir;
    testing::write_file(dir / "labelled.txt",
                        "Interviewer: Hoe laat begon de les?\nAnna: Om half acht.\n"
                        "Pauze  10:30\nInterviewer: En daarna?\nAnna: Koffie.\n"
                        "Einde opname  11:45\n");
    const auto document = importers::read_document(dir / "labelled.txt", {});
    CHECK(document.layout.empty());
    CHECK(document.turns.size() == 4);
  }

  TEST_CASE("Whisper JSON segments without speakers become cues joined until a pause") {
    const auto document = read("whisper.json");
    CHECK(document.layout == "Whisper JSON without speakers");
    check_turns(document, {{"", 0, "Goedemiddag, ik ben Sanne. En ik ben Joris."}});
  }

  TEST_CASE("WhisperX JSON takes the diarised speakers of its segments") {
    const auto document = read("whisperx.json");
    CHECK(document.layout == "WhisperX JSON (diarised)");
    check_turns(document, {{"SPEAKER_00", 31, "Wat kostte de opleiding?"},
                           {"SPEAKER_01", 2900,
                            "Ongeveer drieduizend euro. De werkgever betaalde de helft."}});
  }

  TEST_CASE("Podcasting 2.0 JSON joins words into turns, punctuation without a space") {
    const auto document = read("podcast.json");
    CHECK(document.layout == "Podcasting 2.0 JSON");
    check_turns(document, {{"Sanne de Vries", 500, "Was het zwaar?"},
                           {"Joris Bakker", 2000, "Soms, ja. Vooral tentamens."}});
  }

  TEST_CASE("Whisper TSV rows are cues in milliseconds") {
    const auto document = read("whisper.tsv");
    CHECK(document.layout == "Whisper TSV without speakers");
    check_turns(document, {{"", 0, "Goedemiddag, ik ben Sanne. En ik ben Joris."},
                           {"", 9000, "Na een stilte een nieuwe beurt."}});
  }

  TEST_CASE("a Podcasting 2.0 HTML transcript gives turns from cite, time and p") {
    const auto document = read("podcast.html");
    CHECK(document.layout == "Podcasting 2.0 HTML (<cite> <time> <p>)");
    check_turns(document,
                {{"Sanne de Vries", 0,
                  "Welkom bij de podcast. Vandaag praat ik met Joris & zijn mentor."},
                 {"Joris Bakker", 9000,
                  "Dank je. Ik ben na twaalf jaar logistiek leraar geworden.\nDat had ik nooit "
                  "gedacht."},
                 {"Sanne de Vries", 75000, "Café of niet, het is een mooi verhaal – echt."}});
    CHECK(document.text.find("niet in de tekst") == std::string::npos);
    CHECK(document.text.find("Transcript aflevering") == std::string::npos);
  }

  TEST_CASE("RTF text comes out of its groups, escapes and code page, tables skipped") {
    const auto document = read("interview.rtf");
    CHECK(document.text.find("NIET IN DE TEKST") == std::string::npos);
    CHECK(document.text.find("Riched20") == std::string::npos);
    check_turns(document,
                {{"Interviewer", std::nullopt, "Wat was het moeilijkste aan de overstap?"},
                 {"Joris", std::nullopt,
                  "Het financiële deel. Ik had €3.000 nodig en dat had ik niet.\nMijn werkgever "
                  "hielp."},
                 {"Interviewer", std::nullopt, "En daarna?"},
                 {"Joris", std::nullopt, "Toen ging het ‘vanzelf’."}});
    CHECK(document.turns[0].role == model::Role::interviewer);
  }

  TEST_CASE("a Teams .docx reads the name and time line and the words below it") {
    const auto document = read("teams.docx");
    CHECK(document.layout == "Teams transcript (Name  time)");
    check_turns(document, {{"Sanne de Vries", 3000, "Goedemorgen Joris, hoor je me?"},
                           {"Joris Bakker", 7000, "Ja, prima.\nIk zit in de trein."},
                           {"Sanne de Vries", 15000, "Dan beginnen we."}});
    CHECK(document.text.find("started transcription") != std::string::npos);
  }

  TEST_CASE("Teams' older transcripts have the time above the name and lose the time lines") {
    const auto document = read("teams-classic.docx");
    CHECK(document.layout == "Teams transcript (start --> end, name, words)");
    check_turns(document, {{"Sanne de Vries", 0, "Goedemorgen, zullen we beginnen?"},
                           {"Joris Bakker", 4100, "Ja, goed.\nIk ben er klaar voor."}});
    CHECK(document.text.find("-->") == std::string::npos);
  }

  TEST_CASE("a Google Meet transcript takes each time above its Name: line, notes in no turn") {
    const auto document = read("meet.docx");
    CHECK(document.layout == "times above Name: lines (Google Meet)");
    check_turns(document, {{"Sanne de Vries", 0, "Zullen we beginnen?"},
                           {"Joris Bakker", 5000, "Ja hoor."},
                           {"Sanne de Vries", 9000, "Mooi."}});
  }

  TEST_CASE("whisper.cpp JSON takes its offsets in milliseconds") {
    const auto document = read("whisper-cpp.json");
    CHECK(document.layout == "whisper.cpp JSON without speakers");
    check_turns(document, {{"", 0, "Hoe begon het? Met een open avond."}});
  }

  TEST_CASE("an Otter .docx reads like its text export") {
    const auto document = read("otter.docx");
    CHECK(document.layout == "Otter.ai transcript (Name  time)");
    check_turns(document, {{"Sanne de Vries", 5000, "Wat heeft je geholpen in het eerste jaar?"},
                           {"Joris Bakker", 9000, "Mijn mentor. Zij belde elke week."}});
  }

  TEST_CASE("a two-column Word table is read row by row as turns") {
    const auto document = read("table-2.docx");
    CHECK(document.layout == "Word table (speaker | text)");
    check_turns(document,
                {{"Interviewer", std::nullopt, "Hoe vond je de intake?"},
                 {"Joris", std::nullopt,
                  "Kort maar duidelijk.\nIk wist meteen waar ik stond.\nAlleen de kosten waren "
                  "onduidelijk."},
                 {"Interviewer", std::nullopt, "Dank je."}});
    CHECK(document.turns[0].role == model::Role::interviewer);
    CHECK(document.text.rfind("Transcript interview 7\nSpreker\tTekst\n", 0) == 0);
  }

  TEST_CASE("a table of themes and quotes stays a table, not turns") {
    // office/interview.docx holds "Thema | Citaat / Drempel | quote" among labelled
    // paragraphs: no speaker there speaks twice.
    const auto document = importers::read_document(fixture("office/interview.docx"), {});
    CHECK(document.layout.empty());
    CHECK(document.text.find("Thema\nCitaat\nDrempel") != std::string::npos);
  }

  TEST_CASE("a three-column Word table gives times, and its header row is no turn") {
    const auto document = read("table-3.docx");
    CHECK(document.layout == "Word table (time | speaker | text)");
    check_turns(document, {{"Sanne de Vries", 4000, "Wat zou je anders doen?"},
                           {"Joris Bakker", 9000, "Eerder beginnen."},
                           {"Sanne de Vries", 72000, "Waarom?"}});
    CHECK(document.text.rfind("Tijd\tSpreker\tTekst", 0) == 0);
  }

  TEST_CASE("a PDF is read without its running header, page numbers and hyphenation") {
    const auto document = read("interview.pdf");
    CHECK(document.text.find("vertrouwelijk") == std::string::npos);
    CHECK(document.text.find("Pagina") == std::string::npos);
    check_turns(document,
                {{"Interviewer", std::nullopt,
                  "Hoe kwam je bij deze opleiding terecht? Vertel er gerust uitgebreid over, we "
                  "hebben de tijd."},
                 {"Joris", std::nullopt,
                  "Ik werkte twaalf jaar in de logistiek en zocht iets met meer betekenis. Een "
                  "oud-collega vertelde over de zij-instroom in het onderwijs en de "
                  "informatie-avond van de hogeschool gaf de doorslag. Daarna ging het snel."},
                 {"Interviewer", std::nullopt, "Wat was de grootste drempel?"},
                 {"Joris", std::nullopt, "De kosten. Zonder het STAP-budget was het niet gelukt."}});
  }

  TEST_CASE("a scanned PDF without a text layer is refused with that reason") {
    const std::string message = error_of(fixture("services/scanned.pdf"));
    CHECK(message.find("scanned.pdf") != std::string::npos);
    CHECK(message.find("no text layer") != std::string::npos);
  }

  TEST_CASE("a small .docx full of empty paragraphs is refused before it is parsed") {
    const std::string message = error_of(fixture("services/empty-paragraphs.docx"));
    CHECK(message.find("empty-paragraphs.docx: word/document.xml") != std::string::npos);
    CHECK(message.find("XML tags is more than the limit") != std::string::npos);
  }

  TEST_CASE("fillers are removed only when asked, with the punctuation around them tidied") {
    CHECK(importers::remove_fillers("So, um, I went") == "So, I went");
    CHECK(importers::remove_fillers("Uh, we gingen eh naar huis.") == "We gingen naar huis.");
    CHECK(importers::remove_fillers("dat was het eh.") == "dat was het.");
    CHECK(importers::remove_fillers("Anna: Ehm, ja") == "Anna: Ja");
    CHECK(importers::remove_fillers("humor en umami, hmm") == "humor en umami,");
    testing::TempDir dir;
    const std::string original = "Interviewer: Ehm, hoe ging het?\nRespondent: Nou, uh, goed. Hm.\n";
    testing::write_file(dir / "fillers.txt", original);
    const auto kept = importers::read_document(dir / "fillers.txt", {});
    CHECK(kept.text == "Interviewer: Ehm, hoe ging het?\nRespondent: Nou, uh, goed. Hm.");
    const auto cleaned = importers::read_document(dir / "fillers.txt", {}, std::nullopt, true);
    CHECK(cleaned.text == "Interviewer: Hoe ging het?\nRespondent: Nou, goed.");
    REQUIRE(cleaned.turns.size() == 2);
    CHECK(slice(cleaned, cleaned.turns[1].span) == "Nou, goed.");
  }

  TEST_CASE("docs shows the layout and speakers found; show --turns the times") {
    testing::TempDir dir;
    const std::string project = dir / "p.inzicht";
    REQUIRE(testing::inzicht_cli({"-p", project, "init"}).status == 0);
    const auto imported = testing::inzicht_cli(
        {"-p", project, "import", fixture("services/teams.vtt"), fixture("services/table-3.docx"),
         fixture("services/interview.pdf"), fixture("services/podcast.json")});
    CAPTURE(imported.err);
    REQUIRE(imported.status == 0);
    const auto docs = nlohmann::json::parse(
        testing::inzicht_cli({"-p", project, "docs", "--format", "json"}).out);
    REQUIRE(docs.size() == 4);
    std::map<std::string, nlohmann::json> by_name;
    for (const auto& doc : docs) by_name[doc["document"]] = doc;
    CHECK(by_name["teams.vtt"]["layout"] == "Teams WebVTT (<v Name>)");
    CHECK(by_name["teams.vtt"]["speakers"] == "Sanne de Vries, Joris Bakker");
    CHECK(by_name["table-3.docx"]["layout"] == "Word table (time | speaker | text)");
    CHECK(by_name["table-3.docx"]["turns"] == 3);
    CHECK(by_name["interview.pdf"]["format"] == "pdf");
    CHECK(by_name["interview.pdf"]["speakers"] == "Interviewer, Joris");
    CHECK(by_name["podcast.json"]["layout"] == "Podcasting 2.0 JSON");
    const auto turns = testing::inzicht_cli(
        {"-p", project, "show", "table-3", "--turns", "--format", "csv"});
    CHECK(turns.out.find("Joris Bakker,respondent") != std::string::npos);
    CHECK(turns.out.find("00:01:12") != std::string::npos);
  }

  TEST_CASE("import --clean-fillers stores the cleaned text; without it the original") {
    testing::TempDir dir;
    testing::write_file(dir / "a.txt", "Interviewer: Um, hoe was het?\nRespondent: Eh, goed.\n");
    testing::write_file(dir / "b.txt", "Interviewer: Um, hoe was het?\nRespondent: Eh, goed.\n");
    const std::string project = dir / "p.inzicht";
    REQUIRE(testing::inzicht_cli({"-p", project, "init"}).status == 0);
    REQUIRE(testing::inzicht_cli({"-p", project, "import", dir / "a.txt"}).status == 0);
    REQUIRE(testing::inzicht_cli({"-p", project, "import", "--clean-fillers", dir / "b.txt"})
                .status == 0);
    CHECK(testing::inzicht_cli({"-p", project, "show", "a"}).out.find("Um, hoe was het?") !=
          std::string::npos);
    const auto cleaned = testing::inzicht_cli({"-p", project, "show", "b"}).out;
    CHECK(cleaned.find("Interviewer: Hoe was het?\nRespondent: Goed.") != std::string::npos);
  }

  TEST_CASE("hostile JSON, HTML and RTF are refused with the file and place") {
    testing::TempDir dir;
    const auto write = [&](const std::string& name, const std::string& bytes) {
      testing::write_file(dir / name, bytes);
      return error_of(dir / name);
    };
    CHECK(write("deep.json", std::string(100, '[') + std::string(100, ']'))
              .find("deep.json: JSON nested deeper than 64 levels") != std::string::npos);
    CHECK(write("broken.json", "{\"segments\": [{\"start\": 1, \"text\": \"a\"}")
              .find("broken.json: not valid JSON at byte") != std::string::npos);
    CHECK(write("other.json", "{\"name\": \"no transcript\"}").find("other.json: not a transcript") !=
          std::string::npos);
    CHECK(write("bad-time.json", "{\"segments\": [{\"start\": \"soon\", \"text\": \"a\"}]}")
              .find("bad-time.json: segment 1: start is not a number") != std::string::npos);
    CHECK(write("deep.rtf", "{\\rtf1 " + std::string(1000, '{') + "x" + std::string(1000, '}') + "}")
              .find("deep.rtf: RTF groups nested deeper than 256 levels") != std::string::npos);
    CHECK(write("plain.rtf", "hello").find("not an RTF file") != std::string::npos);
    const std::string pdf = write("fake.pdf", "%PDF-1.4\ngarbage");
    CHECK((pdf.find("fake.pdf: not a readable PDF") != std::string::npos ||
           pdf.find("fake.pdf: the PDF has no pages") != std::string::npos));
    CHECK(write("fake2.pdf", "no header").find("fake2.pdf: not a PDF file") != std::string::npos);
    CHECK(write("bad.tsv", "begin\ttext\n1\thallo\n").find("bad.tsv:1: not a Whisper TSV") !=
          std::string::npos);
    CHECK(write("bad-row.tsv", "start\tend\ttext\nx\t1\thallo\n")
              .find("bad-row.tsv:2: start is not a whole number") != std::string::npos);
    // Deep HTML costs nothing: no tree is built.
    std::string nested;
    for (int i = 0; i < 50000; ++i) nested += "<div>";
    testing::write_file(dir / "deep.html", nested + "<p>Anna: hallo</p>");
    const auto document = importers::read_document(dir / "deep.html", {});
    CHECK(document.turns.size() == 1);
  }
}
