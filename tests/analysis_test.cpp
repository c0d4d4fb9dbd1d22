#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <tuple>

#include "analysis/coding_data.hpp"
#include "analysis/cooccurrence.hpp"
#include "analysis/frequencies.hpp"
#include "analysis_fixture.hpp"
#include "cli/cli.hpp"
#include "base/error.hpp"
#include "table/table.hpp"

using namespace inzicht;

TEST_SUITE("analysis") {
  TEST_CASE("coding data loads every coding with its document, case, code and coder") {
    testing::CodedProject fixture;
    const analysis::CodingData data(fixture.project);
    REQUIRE(data.documents().size() == 3);
    CHECK(data.codings().size() == 14);
    CHECK(data.coders() == std::vector<std::string>{"ann", "bob"});
    CHECK(data.codings_of(0).size() == 8);
    CHECK(data.codings_of(1).size() == 4);
    CHECK(data.codings_of(2).size() == 2);
    const analysis::CodingInfo& first = data.codings_of(0)[0];
    CHECK(data.documents()[first.document].name == "A.txt");
    CHECK(data.codes()[first.code].path == "drempels/kosten");
    CHECK(data.attribute(data.documents()[1].case_index, "sector") == "techniek");
    CHECK(data.attribute(data.documents()[2].case_index, "group") == "provider");
    CHECK(data.attribute(data.documents()[2].case_index, "sector").empty());
    CHECK(data.codes()[data.code_index("drempels/tijd")].depth == 1);
  }

  TEST_CASE("codings come out complete and sorted by document and start whatever their ids") {
    testing::CodedProject fixture;
    {
      // Give the codings new ids in a random order, so that neither the table nor the
      // unique index holds them in the order analysis needs.
      SQLite::Database db(fixture.path, SQLite::OPEN_READWRITE);
      std::vector<std::tuple<int, int, int, int, int>> rows;
      SQLite::Statement select(
          db, "SELECT document_id, code_id, coder_id, start, \"end\" FROM codings");
      while (select.executeStep()) {
        rows.emplace_back(select.getColumn(0).getInt(), select.getColumn(1).getInt(),
                          select.getColumn(2).getInt(), select.getColumn(3).getInt(),
                          select.getColumn(4).getInt());
      }
      std::shuffle(rows.begin(), rows.end(), std::mt19937(7));
      db.exec("DELETE FROM codings");
      SQLite::Statement insert(db,
                               "INSERT INTO codings(id, document_id, code_id, coder_id, start, "
                               "\"end\", created) VALUES (?, ?, ?, ?, ?, ?, 'now')");
      for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& [document, code, coder, start, end] = rows[i];
        insert.bind(1, static_cast<std::int64_t>(100 + i));
        insert.bind(2, document);
        insert.bind(3, code);
        insert.bind(4, coder);
        insert.bind(5, start);
        insert.bind(6, end);
        insert.exec();
        insert.reset();
      }
    }
    const analysis::CodingData data(fixture.project);
    using Key = std::tuple<std::string, std::string, std::string, Offset, Offset, std::int64_t>;
    std::vector<Key> loaded;
    for (const analysis::CodingInfo& c : data.codings()) {
      loaded.emplace_back(data.documents()[c.document].name, data.codes()[c.code].path,
                          data.coders()[c.coder], c.span.start, c.span.end, c.id);
    }
    std::vector<Key> stored;
    for (const store::Coding& c : fixture.project.codings({})) {
      stored.emplace_back(c.document, c.code_path, c.coder, c.span.start, c.span.end, c.id);
    }
    REQUIRE(stored.size() == 14);
    std::vector<Key> sorted_loaded = loaded;
    std::sort(sorted_loaded.begin(), sorted_loaded.end());
    std::sort(stored.begin(), stored.end());
    CHECK(sorted_loaded == stored);
    const auto before = [](const analysis::CodingInfo& a, const analysis::CodingInfo& b) {
      return std::tie(a.document, a.span.start, a.span.end, a.code, a.id) <
             std::tie(b.document, b.span.start, b.span.end, b.code, b.id);
    };
    CHECK(std::is_sorted(data.codings().begin(), data.codings().end(), before));
    std::size_t total = 0;
    for (std::size_t d = 0; d < data.documents().size(); ++d) {
      for (const analysis::CodingInfo& c : data.codings_of(d)) CHECK(c.document == d);
      total += data.codings_of(d).size();
    }
    CHECK(total == 14);
  }

  TEST_CASE("units come out by start with their turn's role however the rows are numbered") {
    testing::CodedProject fixture;
    std::vector<Span> sentences, paragraphs;
    std::vector<model::Role> sentence_roles;
    {
      const analysis::CodingData data(fixture.project);
      sentences = data.units(analysis::Unit::sentence, 0);
      sentence_roles = data.unit_roles(analysis::Unit::sentence, 0);
      paragraphs = data.units(analysis::Unit::paragraph, 1);
      REQUIRE(sentences.size() == 6);
      REQUIRE(paragraphs.size() == 4);
    }
    {
      SQLite::Database db(fixture.path, SQLite::OPEN_READWRITE);
      // Document A: sentences numbered against the text, turns numbered with gaps.
      db.exec("UPDATE sentences SET idx = -1 - idx WHERE document_id = 1");
      db.exec("UPDATE sentences SET idx = 6 + idx WHERE document_id = 1");
      db.exec("UPDATE turns SET idx = -1 - idx WHERE document_id = 1");
      db.exec("UPDATE turns SET idx = -7 - 10 * idx WHERE document_id = 1");  // 10 * idx + 3
      db.exec("UPDATE paragraphs SET turn_idx = 10 * turn_idx + 3 WHERE document_id = 1");
      // Document B: the second turn is gone, so its paragraph has no role and is left out.
      db.exec("DELETE FROM turns WHERE document_id = 2 AND idx = 1");
    }
    const analysis::CodingData data(fixture.project);
    CHECK(data.units(analysis::Unit::sentence, 0) == sentences);
    CHECK(data.unit_roles(analysis::Unit::sentence, 0) == sentence_roles);
    CHECK(data.units(analysis::Unit::turn, 0).size() == 4);
    CHECK(data.speaker_at(0, sentences[1].start) == "Anna");
    const std::vector<Span> expected = {paragraphs[0], paragraphs[2], paragraphs[3]};
    CHECK(data.units(analysis::Unit::paragraph, 1) == expected);
    CHECK(data.units(analysis::Unit::turn, 1).size() == 3);
  }

  TEST_CASE("a selection filters by code subtree, coder and case attribute") {
    testing::CodedProject fixture;
    const analysis::CodingData data(fixture.project);
    CHECK(data.select({{"drempels"}, {}, {}}).size() == 9);
    CHECK(data.select({{"drempels"}, {"bob"}, {}}).size() == 4);
    CHECK(data.select({{}, {"ann"}, {{"group", "learner"}}}).size() == 7);
    CHECK(data.select({{}, {}, {{"sector", "zorg"}}}).size() == 8);
    CHECK_THROWS_AS(data.select({{"drempels/geld"}, {}, {}}), NotFoundError);
    CHECK_THROWS_AS(data.select({{}, {"carl"}, {}}), NotFoundError);
    CHECK_THROWS_AS(data.select({{}, {}, {{"regio", "x"}}}), InputError);
  }

  TEST_CASE("units are the importer's sentences, paragraphs and turns") {
    testing::CodedProject fixture;
    const analysis::CodingData data(fixture.project);
    CHECK(data.units(analysis::Unit::turn, 0).size() == 4);
    CHECK(data.units(analysis::Unit::sentence, 0).size() == 6);
    CHECK(data.units(analysis::Unit::document, 0).size() == 1);
    const analysis::CodingInfo& tijd = data.codings_of(0)[2];
    REQUIRE(data.codes()[tijd.code].path == "drempels/tijd");
    const auto [first, last] = data.units_overlapping(analysis::Unit::sentence, 0, tijd.span);
    CHECK(last - first == 1);
    CHECK(data.units(analysis::Unit::sentence, 0)[first] == tijd.span);
    const auto turns =
        data.units_overlapping(analysis::Unit::turn, 0, {0, data.length(0)});
    CHECK(turns.second - turns.first == 4);
  }

  TEST_CASE("units carry the role of their turn and turns their speaker") {
    testing::CodedProject fixture;
    const analysis::CodingData data(fixture.project);
    const auto& roles = data.unit_roles(analysis::Unit::sentence, 0);
    REQUIRE(roles.size() == 6);
    CHECK(roles[0] == model::Role::interviewer);
    CHECK(roles[1] == model::Role::respondent);
    CHECK(roles[3] == model::Role::interviewer);
    const Span second = data.units(analysis::Unit::sentence, 0)[1];
    CHECK(data.speaker_at(0, second.start) == "Anna");
    CHECK(data.speaker_at(0, data.units(analysis::Unit::sentence, 0)[0].start) == "Interviewer");
    CHECK(data.speaker_at(0, 0).empty());  // the label "Interviewer:" is in no turn
    CHECK(data.speaker_at(0, data.length(0)).empty());
  }

  TEST_CASE("words in a span are counted by the fast word scan") {
    testing::CodedProject fixture;
    const analysis::CodingData data(fixture.project);
    const analysis::CodingInfo& kosten = data.codings_of(0)[0];
    CHECK(data.words_in(0, kosten.span) == 4);  // De kosten waren hoog.
    CHECK(text::word_starts("zo'n 1.250 euro, o.a. STAP-budget").size() == 6);
    CHECK(text::word_starts("").empty());
    CHECK(text::word_starts("Eénzelfde  ‘quote’") == std::vector<Offset>{0, 12});
  }
}

namespace {

// The row of `table` whose first cell is `key`.
const std::vector<table::Cell>& row_of(const table::Table& table, const std::string& key) {
  for (const auto& row : table.rows) {
    if (std::get<std::string>(row[0]) == key) return row;
  }
  FAIL("no row " << key);
  static const std::vector<table::Cell> none;
  return none;
}

using inzicht::testing::run_cli;

std::int64_t integer(const table::Cell& cell) { return std::get<std::int64_t>(cell); }
double real(const table::Cell& cell) { return std::get<double>(cell); }

}  // namespace

TEST_SUITE("analysis") {
  // Fixture (tests/analysis_fixture.hpp), by sentence:
  //   A: S1 "De kosten waren hoog." (4 words)          ann kosten, bob kosten
  //      S2 "Ik had ook geen tijd." (5)                ann tijd, bob tijd
  //      S3 "Mijn werkgever betaalde de kosten." (5)   ann werkgever + kosten, bob werkgever
  //      S4 "Online lessen hielpen." (3)               ann online
  //   B: S1 "Geen tijd, echt geen tijd." (5)           ann tijd, bob tijd
  //      S2 "De kosten vielen mee." (4)                ann kosten
  //      S3 "Online volgen was fijn." (4)              bob online
  //   C: S1 "De werkgever vroeg erom." (4)             ann werkgever
  //      S2 "De kosten droegen wij." (4)               bob kosten
  TEST_CASE("frequencies count codings, documents, cases and coded words per code") {
    testing::CodedProject fixture;
    const analysis::CodingData data(fixture.project);
    const table::Table table = analysis::frequencies(data, {});
    const auto& kosten = row_of(table, "drempels/kosten");
    CHECK(integer(kosten[1]) == 5);  // ann 3 + bob 2
    CHECK(integer(kosten[2]) == 3);  // A, B, C
    CHECK(integer(kosten[3]) == 3);
    CHECK(real(kosten[4]) == doctest::Approx(100.0));
    CHECK(integer(kosten[5]) == 17);  // A: S1 ∪ S3 = 4 + 5, B: 4, C: 4 — A S1 coded twice, once
    const auto& tijd = row_of(table, "drempels/tijd");
    CHECK(integer(tijd[1]) == 4);
    CHECK(integer(tijd[2]) == 2);
    CHECK(real(tijd[4]) == doctest::Approx(200.0 / 3));
    CHECK(integer(tijd[5]) == 10);
    // A category is the total of the codes below it.
    const auto& drempels = row_of(table, "drempels");
    CHECK(integer(drempels[1]) == 9);
    CHECK(integer(drempels[2]) == 3);
    CHECK(integer(drempels[5]) == 27);  // A 4+5+5, B 5+4, C 4
  }

  TEST_CASE("frequencies break down by group and by case attribute") {
    testing::CodedProject fixture;
    const analysis::CodingData data(fixture.project);
    analysis::FrequencyOptions options;
    options.by = "group";
    options.count = analysis::Count::documents;
    const table::Table by_group = analysis::frequencies(data, options);
    CHECK(by_group.columns == std::vector<std::string>{"code", "learner", "provider", "total"});
    const auto& kosten = row_of(by_group, "drempels/kosten");
    CHECK(integer(kosten[1]) == 2);
    CHECK(integer(kosten[2]) == 1);
    CHECK(integer(kosten[3]) == 3);
    options.by = "sector";
    options.count = analysis::Count::codings;
    options.selection.coders = {"ann"};
    const table::Table by_sector = analysis::frequencies(data, options);
    CHECK(by_sector.columns ==
          std::vector<std::string>{"code", "(none)", "techniek", "zorg", "total"});
    const auto& werkgever = row_of(by_sector, "hefbomen/werkgever");
    CHECK(integer(werkgever[1]) == 1);  // C has no sector
    CHECK(integer(werkgever[3]) == 1);
    options.by = "regio";
    CHECK_THROWS_AS(analysis::frequencies(data, options), InputError);
  }

  TEST_CASE("the code by case matrix holds counts, presence and percentages with totals") {
    testing::CodedProject fixture;
    const analysis::CodingData data(fixture.project);
    analysis::MatrixOptions options;
    options.columns = "cases";
    options.value = analysis::CellValue::presence;
    const table::Table presence = analysis::matrix(data, options);
    CHECK(presence.columns == std::vector<std::string>{"code", "A", "B", "C", "total"});
    REQUIRE(presence.rows.size() == 5);  // four codable codes and the total
    const auto& werkgever = row_of(presence, "hefbomen/werkgever");
    CHECK(integer(werkgever[1]) == 1);
    CHECK(integer(werkgever[2]) == 0);
    CHECK(integer(werkgever[3]) == 1);
    CHECK(integer(werkgever[4]) == 2);
    const auto& total = row_of(presence, "total");
    CHECK(integer(total[1]) == 4);
    CHECK(integer(total[2]) == 3);
    CHECK(integer(total[3]) == 2);
    CHECK(integer(total[4]) == 9);

    options.value = analysis::CellValue::rowpct;
    options.selection.coders = {"ann"};
    const table::Table rowpct = analysis::matrix(data, options);
    const auto& kosten = row_of(rowpct, "drempels/kosten");  // ann: A 2, B 1, C 0
    CHECK(real(kosten[1]) == doctest::Approx(200.0 / 3));
    CHECK(real(kosten[2]) == doctest::Approx(100.0 / 3));
    CHECK(real(kosten[3]) == doctest::Approx(0.0));
    CHECK(real(kosten[4]) == doctest::Approx(100.0));

    options.value = analysis::CellValue::count;
    options.categories = true;
    options.columns = "group";
    const table::Table categories = analysis::matrix(data, options);
    const auto& drempels = row_of(categories, "drempels");  // ann: A 3, B 2 / C 0
    CHECK(integer(drempels[1]) == 5);
    CHECK(integer(drempels[2]) == 0);
    CHECK(integer(row_of(categories, "hefbomen")[2]) == 1);
  }

  TEST_CASE("co-occurrence in sentences gives counts, the c-coefficient and Jaccard") {
    testing::CodedProject fixture;
    const analysis::CodingData data(fixture.project);
    analysis::CooccurOptions options;
    options.selection.coders = {"ann"};
    options.scope = analysis::CooccurScope::sentence;
    const analysis::Cooccurrence result = analysis::cooccurrence(data, options);
    REQUIRE(result.codes.size() == 4);
    // ann's sentences: kosten in A S1, A S3, B S2; werkgever in A S3, C S1: one together.
    CHECK(result.occurrences[0] == 3);
    CHECK(result.occurrences[2] == 2);
    CHECK(result.both[0][2] == 1);
    CHECK(result.both[2][0] == 1);
    CHECK(result.both[0][1] == 0);
    const table::Table c = analysis::cooccurrence_table(result, analysis::CooccurMeasure::c);
    CHECK(real(row_of(c, "drempels/kosten")[4]) == doctest::Approx(0.25));  // 1 / (3 + 2 − 1)
    CHECK(std::holds_alternative<std::monostate>(row_of(c, "drempels/kosten")[2]));
    const table::Table jaccard =
        analysis::cooccurrence_table(result, analysis::CooccurMeasure::jaccard);
    CHECK(real(row_of(jaccard, "drempels/kosten")[4]) == doctest::Approx(0.25));
  }

  TEST_CASE("co-occurrence of overlapping codings counts episodes and code points") {
    testing::CodedProject fixture;
    analysis::CooccurOptions options;
    options.selection.coders = {"ann"};
    {
      const analysis::CodingData data(fixture.project);
      const analysis::Cooccurrence result = analysis::cooccurrence(data, options);
      CHECK(result.occurrences[0] == 3);
      CHECK(result.both[0][2] == 1);
      // Code points: S3 (34) shared; kosten 21 + 34 + 21, werkgever 34 + 24.
      CHECK(result.shared_code_points[0][2] == 34);
      const table::Table jaccard =
          analysis::cooccurrence_table(result, analysis::CooccurMeasure::jaccard);
      CHECK(real(row_of(jaccard, "drempels/kosten")[4]) == doctest::Approx(34.0 / 100));
    }
    // One long coding bridging two short ones of another code is one co-occurrence.
    fixture.project.add_codings({{"A.txt", "drempels/kosten", "carl", {0, 10}, std::nullopt},
                                 {"A.txt", "drempels/kosten", "carl", {20, 30}, std::nullopt},
                                 {"A.txt", "drempels/tijd", "carl", {5, 25}, std::nullopt},
                                 {"A.txt", "drempels/tijd", "carl", {40, 45}, std::nullopt}});
    const analysis::CodingData data(fixture.project);
    options.selection.coders = {"carl"};
    const analysis::Cooccurrence result = analysis::cooccurrence(data, options);
    CHECK(result.occurrences[0] == 2);
    CHECK(result.occurrences[1] == 2);
    CHECK(result.both[0][1] == 1);
    const table::Table c = analysis::cooccurrence_table(result, analysis::CooccurMeasure::c);
    CHECK(real(row_of(c, "drempels/kosten")[3]) == doctest::Approx(1.0 / 3));  // 1/(2+2−1)
  }
}

TEST_SUITE("analysis") {
  TEST_CASE("freq, matrix and cooccur run from the command line in every format") {
    testing::CodedProject fixture;
    std::string out, err;
    const std::string p = fixture.path;
    REQUIRE(run_cli({"-p", p, "freq", "--codes", "drempels", "--format", "json"}, out, err) == 0);
    const auto freq = nlohmann::json::parse(out);
    REQUIRE(freq.size() == 3);
    CHECK(freq[1]["code"] == "drempels/kosten");
    CHECK(freq[1]["codings"] == 5);
    CHECK(freq[1]["words"] == 17);
    REQUIRE(run_cli({"-p", p, "matrix", "--cols", "cases", "--value", "presence", "--coder", "bob",
                     "--format", "csv", "--bom"},
                    out, err) == 0);
    CHECK(out.rfind("\xEF\xBB\xBF"
                    "code,A,B,C,total\r\n",
                    0) == 0);
    CHECK(out.find("hefbomen/online,0,1,0,1\r\n") != std::string::npos);
    REQUIRE(run_cli({"-p", p, "cooccur", "--scope", "sentence", "--measure", "c", "--coder", "ann",
                     "--format", "md"},
                    out, err) == 0);
    CHECK(out.find("| drempels/kosten | 3 |  | 0 | 0.25 | 0 |") != std::string::npos);
    CHECK(run_cli({"-p", p, "freq", "--by", "regio"}, out, err) == 1);
    CHECK(err.find("regio") != std::string::npos);
    CHECK(run_cli({"-p", p, "freq", "--coder", "zed"}, out, err) == 1);
    CHECK(run_cli({"-p", p, "cooccur", "--scope", "zin"}, out, err) == 2);
    const std::string file = fixture.dir / "freq.csv";
    REQUIRE(run_cli({"-p", p, "freq", "--format", "csv", "-o", file}, out, err) == 0);
    CHECK(testing::read_file(file).rfind("code,codings,documents,cases,cases_pct,words", 0) == 0);
  }
}
