// Tests of the .docx and .odt readers and the ZIP and XML layers under them, on the
// fixtures that tests/fixtures/office/make_fixtures.py writes.

#include "importers/office_readers.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "package/xml_part.hpp"
#include "package/zip_archive.hpp"
#include "base/error.hpp"

namespace {

using inzicht::InputError;
using inzicht::importers::Extracted;
using inzicht::package::ZipArchive;
using inzicht::package::ZipLimits;

std::string fixture(const std::string& name) {
  const std::string path = std::string(INZICHT_FIXTURES) + "/office/" + name;
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in, "missing fixture " << path);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// The message of the InputError `action` throws; fails the test when it throws nothing,
// something else, or a message of more than one line.
std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const InputError& e) {
    const std::string message = e.what();
    CHECK_MESSAGE(message.find('\n') == std::string::npos, "not one line: " << message);
    return message;
  }
  FAIL("no InputError");
  return {};
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

using Lines = std::vector<std::pair<std::string, bool>>;

Lines lines_of(const Extracted& extracted) {
  Lines lines;
  for (const auto& line : extracted.lines) lines.emplace_back(line.text, line.starts_paragraph);
  return lines;
}

// EXPECTED_LINES in make_fixtures.py: interview.docx and interview.odt hold the same text.
const Lines kInterview = {
    {"Interview L01 \u2013 levenslang leren", true},
    {"Interviewer: Goedemiddag. Kunt u vertellen hoe u bij deze opleiding terechtkwam?", true},
    {"Respondent: Ik werkte al twaalf jaar in de logistiek. Na een reorganisatie ben ik gaan "
     "kijken naar een opleiding tot verpleegkundige.",
     true},
    {"Interviewer: Hoe combineert u dat met uw werk en gezin?", true},
    {"Respondent: Dat is zwaar, zeker \u2019s avonds.", true},
    {"Ik studeer na het eten, als de kinderen slapen. Dan ben ik \u00e9\u00e9n \u00e0 twee uur "
     "bezig.",
     false},
    {"[00:12:30]\tInterviewer: Wat heeft u geholpen bij de financi\u00eble kant?", true},
    {"Respondent: Het STAP-budget, zie www.stapbudget.nl. Daar las ik ook idee\u00ebn van "
     "andere cursisten.",
     true},
    {"", true},
    {"Respondent: Mijn coach was geweldig, zij heeft me door de eerste maanden geholpen. "
     "Ik was echt ge\u00efnteresseerd geraakt.",
     true},
    {"Thema", true},
    {"Citaat", true},
    {"Drempel", true},
    {"\u201cGeen tijd naast mijn werk.\u201d", true},
    {"Interviewer: Wat had u nodig?", true},
    {"flexibele lestijden", true},
    {"een vaste coach", true},
    {"Interviewer: Dank u wel voor dit gesprek op 12 maart 2024.   [einde opname]", true},
};

// Words the fixtures put only in text a reader must skip.
const char* const kNeverRead[] = {"KOPTEKST",   "VOETTEKST", "OPMERKING",   "VOETNOOT",
                                  "VERWIJDERD", "Toen",      "DOCPROPERTY", "MERGEFORMAT"};

void check_nothing_skipped_leaks(const Extracted& extracted) {
  for (const auto& line : extracted.lines) {
    for (const char* word : kNeverRead) {
      CHECK_MESSAGE(!contains(line.text, word), word << " in: " << line.text);
    }
    CHECK(!contains(line.text, "\n"));
  }
}

}  // namespace

TEST_SUITE("importers") {
  TEST_CASE("a Word transcript reads as its paragraphs, line breaks, tabs and table cells") {
    const Extracted extracted =
        inzicht::importers::read_docx(fixture("interview.docx"), "L01.docx");
    CHECK(extracted.encoding == "UTF-8");
    CHECK_FALSE(extracted.cues);
    const Lines lines = lines_of(extracted);
    REQUIRE(lines.size() == kInterview.size());
    for (std::size_t i = 0; i < lines.size(); ++i) {
      CAPTURE(i);
      CHECK(lines[i].first == kInterview[i].first);
      CHECK(lines[i].second == kInterview[i].second);
    }
  }

  TEST_CASE("an OpenDocument transcript reads as the same lines as its Word twin") {
    const Extracted extracted = inzicht::importers::read_odt(fixture("interview.odt"), "L01.odt");
    CHECK(extracted.encoding == "UTF-8");
    const Lines lines = lines_of(extracted);
    REQUIRE(lines.size() == kInterview.size());
    for (std::size_t i = 0; i < lines.size(); ++i) {
      CAPTURE(i);
      CHECK(lines[i].first == kInterview[i].first);
      CHECK(lines[i].second == kInterview[i].second);
    }
  }

  TEST_CASE("headers, footers, comments, footnotes, field codes and deletions stay out") {
    SUBCASE("docx") {
      check_nothing_skipped_leaks(
          inzicht::importers::read_docx(fixture("interview.docx"), "L01.docx"));
    }
    SUBCASE("odt") {
      check_nothing_skipped_leaks(
          inzicht::importers::read_odt(fixture("interview.odt"), "L01.odt"));
    }
  }

  TEST_CASE("a Word document is read by namespace, whatever prefixes it uses") {
    const Lines lines =
        lines_of(inzicht::importers::read_docx(fixture("other-prefix.docx"), "L02.docx"));
    const Lines expected = {{"Interviewer: Bent u er klaar voor?", true},
                            {"Respondent: Ja.", true}};
    CHECK(lines == expected);
  }

  TEST_CASE("a truncated docx gives one clear error") {
    const std::string message =
        error_of([] { inzicht::importers::read_docx(fixture("truncated.docx"), "L01.docx"); });
    CHECK(message ==
          "L01.docx: truncated ZIP archive: the central directory at its end is missing");
  }

  TEST_CASE("a PNG renamed to docx is not taken for a ZIP archive") {
    const std::string message =
        error_of([] { inzicht::importers::read_docx(fixture("png-renamed.docx"), "foto.docx"); });
    CHECK(message == "foto.docx: not a ZIP archive (it is a PNG image)");
  }

  TEST_CASE("an empty file is not a ZIP archive") {
    const std::string message = error_of([] { inzicht::importers::read_odt("", "leeg.odt"); });
    CHECK(message == "leeg.odt: empty file, not a ZIP archive");
  }

  TEST_CASE("a zip bomb is refused from its declared size before inflating") {
    const std::string message =
        error_of([] { inzicht::importers::read_docx(fixture("zip-bomb.docx"), "L01.docx"); });
    CHECK(message == "L01.docx: zip entry word/document.xml expands beyond 128 MiB (zip bomb?)");
  }

  TEST_CASE("a zip bomb that understates its size is stopped while inflating") {
    const std::string bytes = fixture("zip-bomb-lying.docx");
    SUBCASE("the per-entry limit") {
      const std::string message =
          error_of([&] { inzicht::importers::read_docx(bytes, "L01.docx"); });
      CHECK(message == "L01.docx: zip entry word/document.xml expands beyond 128 MiB (zip bomb?)");
    }
    SUBCASE("the limit over all entries") {
      ZipLimits limits;
      limits.max_total_bytes = 1 << 20;
      ZipArchive archive(bytes, "L01.docx", limits);
      const std::string message = error_of([&] { archive.read("word/document.xml"); });
      CHECK(message == "L01.docx: ZIP archive expands beyond 1 MiB in total (zip bomb?)");
    }
  }

  TEST_CASE("elements nested thousands deep are refused") {
    const std::string message =
        error_of([] { inzicht::importers::read_docx(fixture("deep.docx"), "L01.docx"); });
    CHECK(message == "L01.docx: word/document.xml: elements nested deeper than 256 levels");
  }

  TEST_CASE("malformed XML is reported with its part and byte offset") {
    const std::string bytes = fixture("malformed.docx");
    // The offset pugixml reports is that of the name in the end tag that does not match.
    const std::string xml = ZipArchive(bytes, "L01.docx").read("word/document.xml");
    const std::size_t end_tag = xml.find("</w:r></w:p></w:body>");
    REQUIRE(end_tag != std::string::npos);
    CHECK(error_of([&] { inzicht::importers::read_docx(bytes, "L01.docx"); }) ==
          "L01.docx: word/document.xml: XML error at byte " + std::to_string(end_tag + 2) +
              ": Start-end tags mismatch");
  }

  TEST_CASE("invalid UTF-8 in a part is reported with its byte offset") {
    const std::string bytes = fixture("bad-utf8.docx");
    const std::string xml = ZipArchive(bytes, "L01.docx").read("word/document.xml");
    const std::size_t latin1 = xml.find('\xe9');  // "café" written in Latin-1
    REQUIRE(latin1 != std::string::npos);
    CHECK(error_of([&] { inzicht::importers::read_docx(bytes, "L01.docx"); }) ==
          "L01.docx: word/document.xml: invalid UTF-8 at byte " + std::to_string(latin1));
  }

  TEST_CASE("a ZIP archive without the main part is not a document of that kind") {
    SUBCASE("a spreadsheet renamed to docx") {
      CHECK(error_of([] {
              inzicht::importers::read_docx(fixture("no-document.docx"), "L01.docx");
            }) == "L01.docx: not a Word document: no word/document.xml");
    }
    SUBCASE("an OpenDocument spreadsheet renamed to odt") {
      CHECK(error_of([] { inzicht::importers::read_odt(fixture("spreadsheet.odt"), "L01.odt"); }) ==
            "L01.odt: not an OpenDocument text: mimetype is "
            "application/vnd.oasis.opendocument.spreadsheet");
    }
    SUBCASE("an odt without content.xml") {
      CHECK(error_of([] { inzicht::importers::read_odt(fixture("no-content.odt"), "L01.odt"); }) ==
            "L01.odt: not an OpenDocument text: no content.xml");
    }
    SUBCASE("a docx read as odt") {
      CHECK(error_of([] { inzicht::importers::read_odt(fixture("interview.docx"), "L01.odt"); }) ==
            "L01.odt: not an OpenDocument text: no content.xml");
    }
  }

  TEST_CASE("a ZIP archive tells which entries it holds and reads them") {
    const std::string bytes = fixture("interview.odt");
    ZipArchive archive(bytes, "L01.odt");
    CHECK(archive.contains("content.xml"));
    CHECK_FALSE(archive.contains("Content.xml"));
    CHECK_FALSE(archive.contains("word/document.xml"));
    CHECK(archive.read("mimetype") == "application/vnd.oasis.opendocument.text");
    CHECK(error_of([&] { archive.read("settings.xml"); }) == "L01.odt: no zip entry settings.xml");
  }

  TEST_CASE("a ZIP archive over the entry limits is refused") {
    const std::string bytes = fixture("interview.docx");
    SUBCASE("too many entries") {
      ZipLimits limits;
      limits.max_entries = 3;
      CHECK(error_of([&] { ZipArchive archive(bytes, "L01.docx", limits); }) ==
            "L01.docx: ZIP archive has 9 entries, more than the limit of 3");
    }
    SUBCASE("one entry too large") {
      ZipLimits limits;
      limits.max_entry_bytes = 1000;
      ZipArchive archive(bytes, "L01.docx", limits);
      CHECK(error_of([&] { archive.read("word/document.xml"); }) ==
            "L01.docx: zip entry word/document.xml expands beyond 1000 bytes (zip bomb?)");
    }
    SUBCASE("all entries together too large") {
      ZipLimits limits;
      limits.max_total_bytes = 1000;
      CHECK(error_of([&] { ZipArchive archive(bytes, "L01.docx", limits); }) ==
            "L01.docx: ZIP archive expands beyond 1000 bytes in total (zip bomb?)");
    }
  }

  TEST_CASE("an XML part may nest elements up to the depth limit and no deeper") {
    const auto nested = [](int depth) {
      std::string xml;
      for (int i = 0; i < depth; ++i) xml += "<a>";
      for (int i = 0; i < depth; ++i) xml += "</a>";
      return xml;
    };
    const int limit = inzicht::importers::kMaxXmlDepth;
    CHECK_NOTHROW(inzicht::package::parse_xml_part(nested(limit), "x.docx", "p.xml", {}));
    CHECK(error_of([&] {
            inzicht::package::parse_xml_part(nested(limit + 1), "x.docx", "p.xml", {});
          }) == "x.docx: p.xml: elements nested deeper than 256 levels");
  }

  TEST_CASE("a character reference to a surrogate is refused rather than passed on") {
    CHECK(error_of([] {
            inzicht::package::parse_xml_part("<r><p>ok</p>\n<p>caf&#xD800;</p></r>", "x.docx",
                                               "p.xml", {});
          }) ==
          "x.docx: p.xml: character reference to an invalid code point in the text at "
          "byte 16");
    CHECK_NOTHROW(inzicht::package::parse_xml_part("<p>caf&#xE9;</p>", "x.docx", "p.xml", {}));
  }

  TEST_CASE("XML names are rewritten to the prefixes a reader asks for") {
    const std::string xml =
        "<x:root xmlns:x='urn:a' xmlns:y='urn:b'>"
        "<x:p y:attr='1'/><y:p/><p xmlns='urn:a'/><x:q xmlns:x='urn:c'/></x:root>";
    const pugi::xml_document doc = inzicht::package::parse_xml_part(
        xml, "x.odt", "content.xml", {{"a", "urn:a"}, {"x", "urn:other"}});
    const pugi::xml_node root = doc.first_child();
    CHECK(std::string(root.name()) == "a:root");
    std::vector<std::string> names;
    for (pugi::xml_node child : root.children()) names.emplace_back(child.name());
    CHECK(names == std::vector<std::string>{"a:p", "y:p", "a:p", "?x:q"});
    CHECK(std::string(root.first_child().first_attribute().name()) == "y:attr");
  }
}
