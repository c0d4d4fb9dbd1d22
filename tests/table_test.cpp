#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <sstream>

#include "analysis_fixture.hpp"
#include "package/zip_archive.hpp"
#include "base/error.hpp"
#include "table/table.hpp"
#include "table/xlsx.hpp"

using namespace inzicht;
using inzicht::testing::inzicht_cli;
using inzicht::testing::TempDir;

namespace {

std::vector<table::Sheet> two_sheets() {
  table::Table quotes{{"case", "quote", "count", "share", "memo"}, {}};
  quotes.rows.push_back({std::string("L01"), std::string("Ik werd geïnterviewd, één keer"),
                         std::int64_t{42}, 3.25, table::Cell{}});
  quotes.rows.push_back({std::string("P04"), std::string("Café-overleg"), std::int64_t{-7}, 0.5,
                         std::string("memo")});
  table::Table numbers{{"n"}, {}};
  for (std::int64_t n = 1; n <= 3; ++n) numbers.rows.push_back({n});
  return {{"Citaten", quotes}, {"Getallen", numbers}};
}

pugi::xml_document part(package::ZipArchive& archive, const std::string& name) {
  pugi::xml_document document;
  const std::string bytes = archive.read(name);
  REQUIRE(document.load_buffer(bytes.data(), bytes.size()));
  return document;
}

pugi::xml_node cell(const pugi::xml_document& sheet, const std::string& ref) {
  return sheet.select_node(("//c[@r='" + ref + "']").c_str()).node();
}

std::size_t files_in(const std::filesystem::path& dir) {
  return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(dir),
                                                std::filesystem::directory_iterator()));
}

}  // namespace

TEST_SUITE("table") {
  TEST_CASE("a workbook has a sheet per table with numbers as numbers and a frozen bold header") {
    TempDir dir;
    const std::string path = dir / "uit.xlsx";
    table::write_workbook(path, two_sheets());
    const std::string bytes = testing::read_file(path);
    package::ZipArchive archive(bytes, path);

    const auto workbook = part(archive, "xl/workbook.xml");
    const auto sheets = workbook.select_nodes("//sheets/sheet");
    REQUIRE(sheets.size() == 2);
    CHECK(std::string(sheets[0].node().attribute("name").value()) == "Citaten");
    CHECK(std::string(sheets[1].node().attribute("name").value()) == "Getallen");

    const auto sheet = part(archive, "xl/worksheets/sheet1.xml");
    // Numbers: a <v> and no type (a string would be t="s", an index into shared strings).
    CHECK(std::string(cell(sheet, "C2").child_value("v")) == "42");
    CHECK(cell(sheet, "C2").attribute("t").empty());
    CHECK(std::string(cell(sheet, "D2").child_value("v")) == "3.25");
    CHECK(cell(sheet, "D2").attribute("t").empty());
    CHECK(std::string(cell(sheet, "C3").child_value("v")) == "-7");
    CHECK(std::string(cell(sheet, "B2").attribute("t").value()) == "s");
    CHECK(!cell(sheet, "E2"));  // empty cells are blank
    CHECK(std::string(cell(sheet, "E3").attribute("t").value()) == "s");

    const pugi::xml_node pane = sheet.select_node("//sheetView/pane").node();
    REQUIRE(pane);
    CHECK(std::string(pane.attribute("state").value()) == "frozen");
    CHECK(std::string(pane.attribute("ySplit").value()) == "1");
    CHECK(std::string(pane.attribute("topLeftCell").value()) == "A2");
    CHECK(std::string(sheet.select_node("//autoFilter").node().attribute("ref").value()) ==
          "A1:E3");
    CHECK(sheet.select_nodes("//cols/col").size() == 5);

    // The header's style has a bold font.
    const auto styles = part(archive, "xl/styles.xml");
    const int style = cell(sheet, "A1").attribute("s").as_int(-1);
    REQUIRE(style > 0);
    const auto formats = styles.select_nodes("//cellXfs/xf");
    REQUIRE(static_cast<std::size_t>(style) < formats.size());
    const int font = formats[static_cast<std::size_t>(style)].node().attribute("fontId").as_int();
    CHECK(styles.select_nodes("//fonts/font")[static_cast<std::size_t>(font)].node().child("b"));

    std::vector<std::string> strings;
    const auto shared = part(archive, "xl/sharedStrings.xml");
    for (const auto& text : shared.select_nodes("//si/t")) {
      strings.emplace_back(text.node().child_value());
    }
    CHECK(std::find(strings.begin(), strings.end(), "Ik werd geïnterviewd, één keer") !=
          strings.end());
    CHECK(std::find(strings.begin(), strings.end(), "Café-overleg") != strings.end());

    const auto second = part(archive, "xl/worksheets/sheet2.xml");
    CHECK(std::string(cell(second, "A4").child_value("v")) == "3");
  }

  TEST_CASE("sheet names are made valid for Excel") {
    const std::string long_name(40, 'x');
    const auto names = table::sheet_names(
        {long_name, "a/b:c*d?e[f]g\\h", "Kosten", "kosten", "KOSTEN", "", "'tussen'", "History",
         "ééééééééééééééééééééééééééééééééééé", std::string(31, 'y'), std::string(31, 'y')});
    CHECK(names[0] == std::string(31, 'x'));
    CHECK(names[1] == "a_b_c_d_e_f_g_h");
    CHECK(names[2] == "Kosten");
    CHECK(names[3] == "kosten (2)");
    CHECK(names[4] == "KOSTEN (3)");
    CHECK(names[5] == "Sheet");
    CHECK(names[6] == "tussen");
    CHECK(names[7] == "History (2)");
    CHECK(names[8] == "ééééééééééééééééééééééééééééééé");  // 31 code points, 62 bytes
    CHECK(names[9] == std::string(31, 'y'));
    CHECK(names[10] == std::string(27, 'y') + " (2)");

    // Such names are accepted by libxlsxwriter, which checks the same rules.
    TempDir dir;
    std::vector<table::Sheet> sheets;
    for (const char* name : {"a/b", "A/B", "drempels: kosten en tijd, per case en per coder"}) {
      sheets.push_back({name, table::Table{{"x"}, {{std::int64_t{1}}}}});
    }
    table::write_workbook(dir / "namen.xlsx", sheets);
    const std::string bytes = testing::read_file(dir / "namen.xlsx");
    package::ZipArchive archive(bytes, "namen.xlsx");
    const auto workbook = part(archive, "xl/workbook.xml");
    const auto written = workbook.select_nodes("//sheets/sheet");
    REQUIRE(written.size() == 3);
    CHECK(std::string(written[1].node().attribute("name").value()) == "A_B (2)");
    CHECK(std::string(written[2].node().attribute("name").value()) ==
          "drempels_ kosten en tijd, per c");
  }

  TEST_CASE("a workbook that cannot be written leaves nothing behind") {
    TempDir dir;
    SUBCASE("a missing directory") {
      const std::string path = dir / "nergens/uit.xlsx";
      CHECK_THROWS_WITH_AS(table::write_workbook(path, two_sheets()),
                           doctest::Contains(path.c_str()), InputError);
      CHECK(files_in(dir.path()) == 0);
    }
    SUBCASE("a directory in the way") {
      std::filesystem::create_directory(dir / "uit.xlsx");
      CHECK_THROWS_AS(table::write_workbook(dir / "uit.xlsx", two_sheets()), InputError);
      CHECK(files_in(dir.path()) == 1);  // the directory, and no temporary file
      CHECK(std::filesystem::is_directory(dir / "uit.xlsx"));
    }
  }

  TEST_CASE("text longer than a cell holds is cut and control characters are escaped") {
    TempDir dir;
    table::Table table{{"text"}, {}};
    table.rows.push_back({std::string(40000, 'a')});
    table.rows.push_back({std::string("x\x01y")});
    table::write_workbook(dir / "lang.xlsx", {{"lang", table}});
    const std::string bytes = testing::read_file(dir / "lang.xlsx");
    package::ZipArchive archive(bytes, "lang.xlsx");
    const auto shared = part(archive, "xl/sharedStrings.xml");
    const auto strings = shared.select_nodes("//si/t");
    REQUIRE(strings.size() == 3);
    CHECK(std::string(strings[1].node().child_value()) ==
          std::string(table::kMaxCellText - 1, 'a') + "…");
    CHECK(std::string(strings[2].node().child_value()) == "x_x0001_y");  // OOXML's escape
  }

  TEST_CASE("xlsx is written to files only") {
    std::ostringstream out;
    CHECK_THROWS_AS(table::write(out, two_sheets(), table::Format::xlsx), InputError);
    CHECK(table::parse_format("xlsx") == table::Format::xlsx);
    CHECK_THROWS_AS(table::parse_format("xls"), InputError);
  }

  TEST_CASE("several sheets are written as titled tables, sections or one JSON object") {
    const auto sheets = two_sheets();
    std::ostringstream json, csv, md, table;
    table::write(json, sheets, table::Format::json);
    const auto parsed = nlohmann::json::parse(json.str());
    REQUIRE(parsed.is_object());
    CHECK(parsed["Citaten"][0]["quote"] == "Ik werd geïnterviewd, één keer");
    CHECK(parsed["Citaten"][0]["count"] == 42);
    CHECK(parsed["Citaten"][0]["memo"].is_null());
    CHECK(parsed["Getallen"].size() == 3);

    table::write(csv, sheets, table::Format::csv);
    CHECK(csv.str().rfind("# Citaten\r\ncase,quote,count,share,memo\r\n", 0) == 0);
    CHECK(csv.str().find("\"Ik werd geïnterviewd, één keer\",42,3.25,\r\n") != std::string::npos);
    CHECK(csv.str().find("\r\n\r\n# Getallen\r\nn\r\n1\r\n") != std::string::npos);

    table::write(md, sheets, table::Format::md);
    CHECK(md.str().rfind("### Citaten\n\n| case |", 0) == 0);
    CHECK(md.str().find("\n### Getallen\n\n| n |") != std::string::npos);

    table::write(table, sheets, table::Format::table);
    CHECK(table.str().rfind("Citaten\n\ncase", 0) == 0);

    std::ostringstream one;
    table::write(one, std::vector<table::Sheet>{sheets[1]}, table::Format::json);
    CHECK(nlohmann::json::parse(one.str()).is_array());
  }

  TEST_CASE("listings write to files, as CSV with a byte-order mark or as a workbook") {
    testing::CodedProject fixture;
    TempDir out;

    auto run = inzicht_cli({"-p", fixture.path, "docs", "--format", "xlsx"});
    CHECK(run.status == 1);
    CHECK(run.err.find("-o FILE") != std::string::npos);
    CHECK(run.out.empty());

    run = inzicht_cli({"-p", fixture.path, "docs", "--format", "csv", "--bom"});
    REQUIRE(run.status == 0);
    CHECK(run.out.rfind("\xEF\xBB\xBF"
                        "document,case,",
                        0) == 0);

    // The format follows the file's extension unless --format says otherwise.
    for (const char* command : {"docs", "cases", "segments", "search", "memo", "codebook"}) {
      CAPTURE(command);
      std::vector<std::string> args = {"-p", fixture.path, command};
      if (std::string(command) == "search") args.push_back("kosten");
      if (std::string(command) == "memo" || std::string(command) == "codebook") {
        args.push_back("list");
      }
      args.insert(args.end(), {"-o", out / (std::string(command) + ".xlsx")});
      run = inzicht_cli(args);
      REQUIRE(run.status == 0);
      const std::string bytes = testing::read_file(out / (std::string(command) + ".xlsx"));
      REQUIRE(bytes.rfind("PK", 0) == 0);
      package::ZipArchive archive(bytes, command);
      CHECK(archive.contains("xl/worksheets/sheet1.xml"));
    }
    run = inzicht_cli({"-p", fixture.path, "cases", "-o", out / "cases.json"});
    REQUIRE(run.status == 0);
    CHECK(nlohmann::json::parse(testing::read_file(out / "cases.json"))[0]["case"] == "A");
    run = inzicht_cli(
        {"-p", fixture.path, "search", "kosten", "--format", "md", "-o", out / "s.txt"});
    REQUIRE(run.status == 0);
    CHECK(testing::read_file(out / "s.txt").rfind("| document |", 0) == 0);

    run = inzicht_cli({"-p", fixture.path, "docs", "-o", out / "nergens/docs.xlsx"});
    CHECK(run.status == 1);
    CHECK(run.err.find("nergens/docs.xlsx") != std::string::npos);
    CHECK(!std::filesystem::exists(out / "nergens"));
  }
}
