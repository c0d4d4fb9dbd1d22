#include "importers/qdpx.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <regex>
#include <set>

#include "base/error.hpp"
#include "codebook/codebook_io.hpp"
#include "coding/coding.hpp"
#include "importers/import_batch.hpp"
#include "importers/qdpx_offsets.hpp"
#include "package/zip_archive.hpp"
#include "store/exchange.hpp"
#include "store/project.hpp"
#include "test_support.hpp"

using namespace inzicht;
using inzicht::testing::fixture;
using inzicht::testing::read_file;
using inzicht::testing::TempDir;
using inzicht::testing::write_file;

namespace {

std::string qdpx(const std::string& name) { return fixture("qdpx/" + name); }

// The message of the InputError `run` throws, or "" when it throws none.
template <typename Run>
std::string error_of(Run&& run) {
  try {
    run();
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

std::string text_at(const store::Project& project, const store::Coding& coding) {
  const model::Document document = project.load_document(coding.document);
  return std::string(text::CodePointIndex(document.text).slice(coding.span));
}

struct Imported {
  TempDir dir;
  store::Project project;
  importers::QdpxImport result;

  Imported(const std::string& file, bool skip_missing = false)
      : project(store::Project::create(dir / "p.inzicht", "p")),
        result(import(project, file, skip_missing)) {}

  static importers::QdpxImport import(store::Project& project, const std::string& file,
                                      bool skip_missing) {
    importers::QdpxImportOptions options;
    options.skip_missing_sources = skip_missing;
    return importers::import_qdpx(project, file, options);
  }
};

// project.qde of a .qdpx.
std::string qde_of(const std::string& archive_bytes) {
  package::ZipArchive archive(archive_bytes, "export.qdpx");
  return archive.read("project.qde");
}

std::string without_dates(const std::string& xml) {
  static const std::regex kDates(R"( (creation|modified)DateTime="[^"]*")");
  return std::regex_replace(xml, kDates, "");
}

int xmllint(const TempDir& dir, const std::string& xml) {
  const std::string file = dir / "project.qde";
  write_file(file, xml);
  const std::string command = "xmllint --noout --schema '" + qdpx("Project-mrt2019.xsd") + "' '" +
                              file + "' 2>'" + (dir / "xmllint.txt") + "'";
  return std::system(command.c_str());
}

// A small project with everything an export carries.
void fill(store::Project& project, const TempDir& dir) {
  write_file(dir / "anna.txt",
             "Interviewer: Hoe kwam je bij de opleiding?\n\nAnna: Via mijn werkgever. 😀 Die "
             "betaalde alles, café en boeken.\n\nInterviewer: En de website?\n\nAnna: "
             "Onduidelijk.\n");
  write_file(dir / "bart.txt", "Interviewer: Waarom?\n\nBart: Geen tijd, echt geen tijd.\n");
  for (const char* name : {"anna.txt", "bart.txt"}) {
    const model::Document document = importers::read_document(dir / name, {});
    project.add_document(document, {document.name.substr(0, 4), dir / name, "hash"},
                         std::string("learner"));
  }
  model::Codebook codebook;
  model::Code drempels;
  drempels.name = drempels.path = "drempels";
  drempels.codable = false;
  drempels.description = "Wat in de weg staat.";
  drempels.color = "#C0392B";
  model::Code tijd;
  tijd.name = "tijdsgebrek";
  tijd.parent_path = "drempels";
  tijd.path = "drempels/tijdsgebrek";
  model::Code hefboom;
  hefboom.name = hefboom.path = "werkgever";
  codebook.codes = {drempels, tijd, hefboom};
  coding::merge_codebook(project, codebook, false);
  project.add_codings({{"anna.txt", "werkgever", "els", {72, 90}, std::string("betaalt alles")},
                       {"anna.txt", "werkgever", "auto", {72, 90}, std::nullopt},
                       {"bart.txt", "drempels/tijdsgebrek", "els", {28, 37}, std::nullopt}});
  project.add_memo("document", "anna.txt", "els", "Goed gesprek.\nTweede regel.");
  project.add_memo("code", "werkgever", "els", "Ook cao-fondsen?");
  const auto codings = project.codings({});
  project.add_memo("coding", std::to_string(codings.front().id), "els", "Mooi citaat");
  project.set_attributes({{"anna",
                           {{"leeftijd", store::AttributeValue{std::int64_t{42}}},
                            {"uren", store::AttributeValue{32.5}},
                            {"sector", store::AttributeValue{std::string("zorg")}}}},
                          {"bart", {{"leeftijd", store::AttributeValue{std::int64_t{29}}}}}});
}

}  // namespace

TEST_SUITE("qdpx") {
  TEST_CASE("each offset convention of real writers is detected and read") {
    struct Case {
      const char* file;
      const char* convention;
      const char* phrase;
    };
    for (const Case& c : {Case{"bom.qdpx", "code points, BOM counted", "dank je wel"},
                          Case{"crlf.qdpx", "code points", "dank je wel"},
                          Case{"crlf-as-one.qdpx", "code points, CRLF as one", "het werk is zwaar"},
                          Case{"astral.qdpx", "UTF-16 units", "echt 😀 waar"},
                          Case{"bytes.qdpx", "UTF-8 bytes", "drie café's"}}) {
      INFO(c.file);
      Imported imported(qdpx(c.file));
      const auto codings = imported.project.codings({});
      REQUIRE(codings.size() == 1);
      CHECK(text_at(imported.project, codings[0]) == c.phrase);
      CHECK(codings[0].code_path == "happiness");
      CHECK(codings[0].coder == "Sebastian");
      REQUIRE(imported.result.read.offsets.size() == 1);
      CHECK(imported.result.read.offsets[0].convention == c.convention);
      CHECK(imported.result.read.offsets[0].fitting == 1);
      // Stored text: no BOM, no CR.
      const model::Document document = imported.project.load_document("interview.txt");
      CHECK(document.text.find('\r') == std::string::npos);
      CHECK(document.text.rfind("\xEF\xBB\xBF", 0) != 0);
    }
  }

  TEST_CASE("offsets into decomposed text land on the composed characters") {
    // "e" + combining acute is one code point after NFC: positions after it move back one.
    const std::string raw = "Cafe\u0301 open, cafe\u0301 dicht.";
    const auto reading = importers::read_offsets(raw, false, {{12, 17, ""}, {0, 5, ""}});
    REQUIRE_FALSE(reading.failed);
    CHECK(reading.convention == "code points");
    const std::string stored = importers::stored_text(raw);
    const text::CodePointIndex index(stored);
    CHECK(index.slice(reading.spans[0]) == "caf\u00e9");
    CHECK(index.slice(reading.spans[1]) == "Caf\u00e9");
  }

  TEST_CASE("the 0:4 namespace, GUIDs in braces, a memo without a code and repeated names") {
    Imported imported(qdpx("ns-0-4.qde"));
    const store::Project& project = imported.project;
    const auto documents = project.documents();
    REQUIRE(documents.size() == 2);
    CHECK(documents[0].name == "gesprek.txt");
    CHECK(documents[1].name == "gesprek.txt (2)");
    const model::Codebook codebook = project.codebook();
    REQUIRE(codebook.codes.size() == 2);
    CHECK(codebook.codes[0].guid == "85D17F60-7BB0-481E-B742-B4861DD669DF");
    CHECK(codebook.codes[0].description == "joy");
    CHECK(codebook.codes[1].path == "happiness/Feelings\u2215moods");
    const auto codings = project.codings({});
    REQUIRE(codings.size() == 2);
    CHECK(text_at(project, codings[0]) == "leerzaam");
    CHECK(codings[0].coder == "Sebastian");
    CHECK(codings[0].memo == "Positief over de cursus");
    CHECK(text_at(project, codings[1]) == "soms zwaar");
    CHECK(codings[1].document == "gesprek.txt (2)");
    const auto memos = project.memos("document");
    REQUIRE(memos.size() == 1);
    CHECK(memos[0].target == "gesprek.txt");
    CHECK(memos[0].text.rfind("Waarom zwaar? Navragen.", 0) == 0);
    CHECK(memos[0].text.find("soms zwaar") != std::string::npos);
    const auto exchange = const_cast<store::Project&>(project).exchange({}, {});
    std::set<std::string> coding_guids;
    for (const auto& coding : exchange.codings) coding_guids.insert(coding.guid);
    CHECK(coding_guids == std::set<std::string>{"53111111-2222-4333-8444-555555555555",
                                                "57111111-2222-4333-8444-555555555555"});
    CHECK(exchange.documents[0].guid == "51111111-2222-4333-8444-555555555555");
  }

  TEST_CASE("a hostile, broken or inconsistent archive imports nothing and says where") {
    TempDir dir;
    store::Project project = store::Project::create(dir / "p.inzicht", "p");
    importers::QdpxImportOptions options;
    const auto fails = [&](const std::string& file) {
      const std::string message =
          error_of([&] { importers::import_qdpx(project, qdpx(file), options); });
      CHECK(project.is_empty());
      CHECK(message.find(file) != std::string::npos);
      return message;
    };
    CHECK(fails("zip-slip.qdpx").find("zip slip") != std::string::npos);
    CHECK(fails("truncated.qdpx").find("truncated") != std::string::npos);
    const std::string past = fails("past-end.qdpx");
    CHECK(past.find("project.qde: /Project/Sources/TextSource/PlainTextSelection") !=
          std::string::npos);
    CHECK(past.find("past the end") != std::string::npos);
    const std::string missing = fails("missing-source.qdpx");
    CHECK(missing.find("gone-1.txt") != std::string::npos);
    CHECK(missing.find("gone-2.txt") != std::string::npos);
    CHECK(missing.find("here.txt") == std::string::npos);
    CHECK(missing.find("--skip-missing-sources") != std::string::npos);
    write_file(dir / "bad.qde", "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"x\"><Users>");
    CHECK(error_of([&] {
            importers::import_qdpx(project, dir / "bad.qde", options);
          }).find("XML error") != std::string::npos);
    CHECK(project.is_empty());
  }

  TEST_CASE("--skip-missing-sources imports the sources that are there") {
    Imported imported(qdpx("missing-source.qdpx"), true);
    const auto documents = imported.project.documents();
    REQUIRE(documents.size() == 1);
    CHECK(documents[0].name == "here.txt");
    CHECK(imported.project.codings({}).empty());
    REQUIRE_FALSE(imported.result.read.notes.empty());
    CHECK(imported.result.read.notes.back().find("gone-1.txt, gone-2.txt") != std::string::npos);
  }

  TEST_CASE("a source given only as .docx is read through the docx reader") {
    Imported imported(qdpx("docx-source.qdpx"));
    const auto documents = imported.project.documents();
    REQUIRE(documents.size() == 1);
    CHECK(documents[0].format == "docx");
    CHECK(imported.project.load_document("interview.docx").text.find("Interviewer") !=
          std::string::npos);
  }

  TEST_CASE("the ATLAS.ti 8.4 standard project: codes, users, notes and sets without sources") {
    TempDir dir;
    store::Project project = store::Project::create(dir / "p.inzicht", "p");
    const std::string file = qdpx("atlasti-8.4-TestProject.qdpx");
    const std::string message = error_of([&] { importers::import_qdpx(project, file, {}); });
    // Six text files; the transcripts of the videos are three of them.
    CHECK(message.find("6 text source(s)") != std::string::npos);
    CHECK(message.find("Mabêl 2ième.txt") != std::string::npos);
    CHECK(project.is_empty());

    importers::QdpxImportOptions skip;
    skip.skip_missing_sources = true;
    const importers::QdpxImport result = importers::import_qdpx(project, file, skip);
    const store::Exchange& x = result.read.exchange;
    CHECK(x.users.size() == 3);
    CHECK(x.documents.empty());
    const model::Codebook codebook = project.codebook();
    REQUIRE(codebook.codes.size() == 14);
    const model::Code* coke = codebook.find("Coke::full-fat Coke");
    REQUIRE(coke != nullptr);
    CHECK(coke->color == "#966450");
    CHECK(coke->description == "aka regular");
    CHECK(codebook.find("\"rushed\"") != nullptr);
    const auto memos = project.memos("project");
    REQUIRE(memos.size() == 2);
    CHECK(memos[0].text.rfind("Research Plan\n\nday to day log", 0) == 0);
    CHECK(memos[0].coder == "Friedrich Markgraf");
    CHECK(x.sets.size() == 16);
    const std::string listed = [&] {
      std::string all;
      for (const auto& line : result.read.not_imported) all += line + "\n";
      return all;
    }();
    CHECK(listed.find("2 PDF sources") != std::string::npos);
    CHECK(listed.find("1 picture sources") != std::string::npos);
    CHECK(listed.find("2 video sources") != std::string::npos);
    CHECK(listed.find("1 audio sources") != std::string::npos);
    CHECK(listed.find("1 links") != std::string::npos);
    CHECK(listed.find("1 graphs") != std::string::npos);

    // The bare project.qde gives the same codebook.
    const model::Codebook bare =
        importers::read_qdpx_codebook(fixture("codebook/atlasti-8.4-project.qde"));
    CHECK(bare.codes.size() == 14);
  }

  TEST_CASE("an export validates against the schema and keeps its GUIDs") {
    REQUIRE_MESSAGE(std::system("command -v xmllint >/dev/null 2>&1") == 0,
                    "xmllint is missing: run scripts/install-deps (Debian libxml2-utils)");
    TempDir dir;
    store::Project project = store::Project::create(dir / "p.inzicht", "Studie");
    fill(project, dir);
    const importers::QdpxExport first = importers::export_qdpx(project, dir / "a.qdpx", {});
    CHECK(first.documents == 2);
    CHECK(first.codings == 3);
    CHECK(first.users == 2);
    CHECK(first.guids_made > 0);
    const std::string bytes = read_file(dir / "a.qdpx");
    const std::string qde = qde_of(bytes);
    CHECK_MESSAGE(xmllint(dir, qde) == 0, read_file(dir / "xmllint.txt"));
    CHECK(qde.find("<NoteRef") != std::string::npos);
    CHECK(qde.find("<IntegerValue>42</IntegerValue>") != std::string::npos);
    CHECK(qde.find("<FloatValue>32.5</FloatValue>") != std::string::npos);
    CHECK(qde.find("typeOfVariable=\"Integer\"") != std::string::npos);

    package::ZipArchive archive(bytes, "a.qdpx");
    std::size_t texts = 0;
    for (const std::string& name : archive.names()) {
      if (name.rfind("sources/", 0) != 0) continue;
      const std::string text = archive.read(name);
      CHECK(text.find('\r') == std::string::npos);
      CHECK(text.rfind("\xEF\xBB\xBF", 0) != 0);
      ++texts;
    }
    CHECK(texts == 2);

    // A second export makes no GUIDs and writes the same project apart from dates.
    const importers::QdpxExport second = importers::export_qdpx(project, dir / "b.qdpx", {});
    CHECK(second.guids_made == 0);
    CHECK(without_dates(qde_of(read_file(dir / "b.qdpx"))) == without_dates(qde));

    SUBCASE("--coder and --docs export a part") {
      importers::QdpxExportOptions part;
      part.coders = {"els"};
      part.documents = {"bart.txt"};
      const importers::QdpxExport some = importers::export_qdpx(project, dir / "c.qdpx", part);
      CHECK(some.documents == 1);
      CHECK(some.codings == 1);
      CHECK(some.users == 1);
      CHECK_MESSAGE(xmllint(dir, qde_of(read_file(dir / "c.qdpx"))) == 0,
                    read_file(dir / "xmllint.txt"));
      part.documents = {"nobody.txt"};
      CHECK_THROWS_AS(importers::export_qdpx(project, dir / "d.qdpx", part), NotFoundError);
    }
  }

  TEST_CASE("export, import and export again give the same project") {
    TempDir dir;
    store::Project project = store::Project::create(dir / "p.inzicht", "Studie");
    fill(project, dir);
    importers::export_qdpx(project, dir / "a.qdpx", {});
    store::Project copy = store::Project::create(dir / "q.inzicht", "Studie");
    importers::import_qdpx(copy, dir / "a.qdpx", {});
    importers::export_qdpx(copy, dir / "b.qdpx", {});
    CHECK(without_dates(qde_of(read_file(dir / "b.qdpx"))) ==
          without_dates(qde_of(read_file(dir / "a.qdpx"))));

    for (const auto& document : project.documents()) {
      CHECK(copy.load_document(document.name).text == project.load_document(document.name).text);
    }
    const auto key = [](const store::Coding& c) {
      return c.document + "|" + c.code_path + "|" + c.coder + "|" + std::to_string(c.span.start) +
             "|" + std::to_string(c.span.end) + "|" + c.memo.value_or("-");
    };
    std::multiset<std::string> before, after;
    for (const auto& c : project.codings({})) before.insert(key(c));
    for (const auto& c : copy.codings({})) after.insert(key(c));
    CHECK(before == after);
    std::multiset<std::string> memos_before, memos_after;
    for (const auto& m : project.memos())
      memos_before.insert(m.target_kind + "|" + m.coder + "|" + m.text);
    for (const auto& m : copy.memos())
      memos_after.insert(m.target_kind + "|" + m.coder + "|" + m.text);
    // Coding memos name their coding by id, which differs between projects.
    CHECK(memos_before == memos_after);
    const auto attributes = [](const store::Project& p) {
      std::map<std::string, std::map<std::string, std::string>> all;
      for (const auto& c : p.cases()) {
        for (const auto& [name, value] : c.attributes) all[c.name][name] = store::to_string(value);
      }
      return all;
    };
    CHECK(attributes(copy) == attributes(project));
    const auto leeftijd = copy.cases().front().attributes.at("leeftijd");
    CHECK(std::holds_alternative<std::int64_t>(leeftijd));
  }

  TEST_CASE("qdpx import on the command line creates the project, and leaves none on failure") {
    TempDir dir;
    const std::string project = dir / "new.inzicht";
    auto result = testing::inzicht_cli({"-p", project, "qdpx", "import", qdpx("past-end.qdpx")});
    CHECK(result.status == 1);
    CHECK_FALSE(std::filesystem::exists(project));
    result = testing::inzicht_cli({"-p", project, "qdpx", "import", qdpx("astral.qdpx")});
    REQUIRE_MESSAGE(result.status == 0, result.err);
    CHECK(result.out.find("UTF-16 units") != std::string::npos);
    result = testing::inzicht_cli({"-p", project, "qdpx", "import", qdpx("bom.qdpx")});
    CHECK(result.status == 1);
    CHECK(result.err.find("new or empty project") != std::string::npos);
    result = testing::inzicht_cli({"-p", project, "qdpx", "export", dir / "out.qdpx"});
    REQUIRE_MESSAGE(result.status == 0, result.err);
    CHECK(std::filesystem::exists(dir / "out.qdpx"));

    // The codebook part of a .qdpx loads into another project.
    const std::string other = dir / "other.inzicht";
    REQUIRE(testing::inzicht_cli({"-p", other, "init"}).status == 0);
    result = testing::inzicht_cli({"-p", other, "codebook", "load", dir / "out.qdpx"});
    REQUIRE_MESSAGE(result.status == 0, result.err);
    result = testing::inzicht_cli({"-p", other, "codebook", "list", "--format", "csv"});
    CHECK(result.out.find("happiness") != std::string::npos);
    result = testing::inzicht_cli(
        {"-p", other, "codebook", "export", "--format", "qdpx", "-o", dir / "codes.qdpx"});
    REQUIRE_MESSAGE(result.status == 0, result.err);
    CHECK(importers::read_qdpx_codebook(dir / "codes.qdpx").codes.size() == 2);
  }
}
