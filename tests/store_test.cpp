#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

#include "base/error.hpp"
#include "store/project.hpp"
#include "store/schema.hpp"
#include "store/search_query.hpp"
#include "test_support.hpp"

using namespace inzicht;
using inzicht::testing::TempDir;

namespace {

model::Document sample_document(const std::string& name) {
  model::Document document;
  document.name = name;
  document.format = "txt";
  document.encoding = "UTF-8";
  document.text = "Interviewer: Hoe vond u de opleiding?\nAnna: Geïnterviewd worden was leuk. "
                  "De financiering via het STAP-budget liep goed.";
  document.length = text::count_code_points(document.text);
  document.turns = {{"Interviewer", model::Role::interviewer, {13, 37}, std::nullopt},
                    {"Anna", model::Role::respondent, {44, document.length}, 65000}};
  document.paragraphs = {{{13, 37}, 0}, {{44, document.length}, 1}};
  document.sentences = {{{13, 37}, 0}, {{44, 73}, 1}, {{74, document.length}, 1}};
  return document;
}

// The names of the documents whose turns a search for `words` finds, sorted.
std::vector<std::string> documents_found(const store::Project& project, const std::string& words) {
  std::vector<std::string> documents;
  for (const auto& hit : project.search({store::fts_query(words), std::nullopt, 10})) {
    documents.push_back(hit.document);
  }
  std::sort(documents.begin(), documents.end());
  return documents;
}

}  // namespace

TEST_SUITE("store") {
  TEST_CASE("a new project has the current schema and refuses to be created twice") {
    TempDir dir;
    const std::string path = dir / "study.inzicht";
    {
      const auto project = store::Project::create(path, "Studie");
      CHECK(project.name() == "Studie");
      CHECK(project.schema_version() == store::kSchemaVersion);
    }
    CHECK_THROWS_WITH_AS(store::Project::create(path, "again"),
                         doctest::Contains("already exists"), InputError);
    SQLite::Database db(path);
    CHECK(db.execAndGet("PRAGMA journal_mode").getString() == "wal");
    CHECK(db.execAndGet("PRAGMA application_id").getInt() == store::kApplicationId);
  }

  TEST_CASE("opening something that is not a project is a clear error") {
    TempDir dir;
    SUBCASE("a missing file") {
      CHECK_THROWS_AS(store::Project::open(dir / "none.inzicht"), NotFoundError);
    }
    SUBCASE("a text file") {
      testing::write_file(dir / "notes.inzicht", "hallo");
      CHECK_THROWS_WITH_AS(store::Project::open(dir / "notes.inzicht"),
                           doctest::Contains("not an inzicht project"), InputError);
    }
    SUBCASE("another program's SQLite database") {
      {
        SQLite::Database db(dir / "other.db", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec("CREATE TABLE t(x)");
      }
      CHECK_THROWS_WITH_AS(store::Project::open(dir / "other.db"),
                           doctest::Contains("another program"), InputError);
    }
    SUBCASE("a project from a newer inzicht") {
      store::Project::create(dir / "new.inzicht", "n");
      {
        SQLite::Database db(dir / "new.inzicht", SQLite::OPEN_READWRITE);
        db.exec("PRAGMA user_version = 99");
      }
      CHECK_THROWS_WITH_AS(store::Project::open(dir / "new.inzicht"),
                           doctest::Contains("newer inzicht"), InputError);
    }
  }

  TEST_CASE("a document round-trips with its turns, paragraphs and sentences") {
    TempDir dir;
    auto project = store::Project::create(dir / "p.inzicht", "p");
    const auto document = sample_document("A01.txt");
    project.add_document(document, {"A01", "/tmp/A01.txt", "abc"}, std::string("learner"));
    const auto loaded = project.load_document("A01.txt");
    CHECK(loaded.text == document.text);
    CHECK(loaded.length == document.length);
    REQUIRE(loaded.turns.size() == 2);
    CHECK(loaded.turns[1].speaker == "Anna");
    CHECK(loaded.turns[1].role == model::Role::respondent);
    CHECK(loaded.turns[1].span == document.turns[1].span);
    CHECK(loaded.turns[1].time_ms == 65000);
    CHECK_FALSE(loaded.turns[0].time_ms.has_value());
    CHECK(loaded.paragraphs.size() == 2);
    REQUIRE(loaded.sentences.size() == 3);
    CHECK(loaded.sentences[2].paragraph == 1);
    const auto summary = project.resolve_document("A01");
    CHECK(summary.case_name == "A01");
    CHECK(summary.turns == 2);
    CHECK_THROWS_AS(project.load_document("B02.txt"), NotFoundError);
    CHECK_THROWS_AS(project.resolve_document("B02"), NotFoundError);
    // Adding the same name twice changes nothing.
    CHECK_THROWS_AS(project.add_document(document, {"A01", "/x", "def"}, std::nullopt), InputError);
    CHECK(project.documents().size() == 1);
  }

  TEST_CASE("search is diacritic-insensitive and returns code-point spans of the hits") {
    TempDir dir;
    auto project = store::Project::create(dir / "p.inzicht", "p");
    project.add_document(sample_document("A01.txt"), {"A01", "/a", "h1"}, std::string("learner"));
    project.add_document(sample_document("B01.txt"), {"B01", "/b", "h2"}, std::string("provider"));

    auto hits = project.search({store::fts_query("geinterviewd"), std::nullopt, 10});
    REQUIRE(hits.size() == 2);
    CHECK(hits[0].speaker == "Anna");
    REQUIRE(hits[0].matches.size() == 1);
    const text::CodePointIndex index(hits[0].turn_text);
    CHECK(index.slice(hits[0].matches[0]) == "Geïnterviewd");

    hits = project.search({store::fts_query("\"stap budget\""), std::string("provider"), 10});
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].document == "B01.txt");
    hits = project.search({store::fts_query("financier*"), std::nullopt, 1});
    CHECK(hits.size() == 1);
    hits = project.search({store::fts_query("opleiding NOT leuk"), std::nullopt, 10});
    REQUIRE(hits.size() == 2);
    CHECK(hits[0].role == model::Role::interviewer);
  }

  TEST_CASE("what a researcher types becomes a safe full-text query") {
    CHECK(store::fts_query("STAP-budget") == "\"STAP-budget\"");
    CHECK(store::fts_query("werkgever* OR \"open dag\"") == "\"werkgever\"* OR \"open dag\"");
    CHECK(store::fts_query("auto's (a AND b)") == "\"auto's\" ( \"a\" AND \"b\" )");
    CHECK_THROWS_AS(store::fts_query("\"open"), InputError);
    CHECK_THROWS_AS(store::fts_query("(a"), InputError);
    CHECK_THROWS_AS(store::fts_query("  "), InputError);
  }

  TEST_CASE("a search by stems matches the forms of a word, with FTS5's precedence") {
    const auto spans_of = [](const store::StemSearch& search, const std::string& turn) {
      std::vector<std::string> words;
      const text::CodePointIndex index(turn);
      const auto matches = search.match(turn);
      if (!matches) return std::vector<std::string>{"-"};
      for (const Span& span : *matches) words.emplace_back(index.slice(span));
      return words;
    };
    const std::string turn = "I was struggling at work. I struggled with the costs, not the time.";
    const store::StemSearch struggle("struggle", "en");
    CHECK(spans_of(struggle, turn) == std::vector<std::string>{"struggling", "struggled"});
    CHECK(spans_of(struggle, "The strugglers met.") == std::vector<std::string>{"-"});
    // A stem may end in a letter its word lacks ("happy" → "happi"): candidates still find it.
    const store::StemSearch happy("happiness", "en");
    CHECK(spans_of(happy, "She was happy.") == std::vector<std::string>{"happy"});
    CHECK(happy.candidates() == "\"happ\"*");
    // NOT binds tighter than AND, AND tighter than OR; AND NOT is NOT.
    CHECK(spans_of(store::StemSearch("cost AND NOT time", "en"), turn) ==
          std::vector<std::string>{"-"});
    CHECK(spans_of(store::StemSearch("costs NOT money", "en"), turn) ==
          std::vector<std::string>{"costs"});
    CHECK(spans_of(store::StemSearch("money OR cost time", "en"), turn) ==
          std::vector<std::string>{"costs", "time"});
    CHECK(spans_of(store::StemSearch("(money OR cost) NOT work", "en"), turn) ==
          std::vector<std::string>{"-"});
    // A phrase matches its words' stems in sequence; a prefix the folded word.
    CHECK(spans_of(store::StemSearch("\"struggle with\"", "en"), turn) ==
          std::vector<std::string>{"struggled with"});
    CHECK(spans_of(store::StemSearch("strug*", "en"), turn) ==
          std::vector<std::string>{"struggling", "struggled"});
    // Dutch, blind to case and accents.
    CHECK(spans_of(store::StemSearch("kosten", "nl"), "De KOST was hoog; de kosten ook.") ==
          std::vector<std::string>{"KOST", "kosten"});
    CHECK(spans_of(store::StemSearch("geinterviewd", "nl"), "Geïnterviewd door Els.") ==
          std::vector<std::string>{"Geïnterviewd"});
    CHECK_THROWS_AS(store::StemSearch("(cost", "en"), InputError);
    CHECK_THROWS_AS(store::StemSearch("cost", "xx"), InputError);
  }

  TEST_CASE("a project search by stems keeps the turns that match and counts the limit in them") {
    TempDir dir;
    auto project = store::Project::create(dir / "p.inzicht", "p");
    project.add_document(sample_document("A01.txt"), {"A01", "/a", "h1"}, std::string("learner"));
    project.add_document(sample_document("B01.txt"), {"B01", "/b", "h2"}, std::string("provider"));
    const store::StemSearch search("geinterviewd", "nl");
    store::SearchQuery query{search.candidates(), std::nullopt, 10, &search};
    auto hits = project.search(query);
    REQUIRE(hits.size() == 2);
    REQUIRE(hits[0].matches.size() == 1);
    CHECK(text::CodePointIndex(hits[0].turn_text).slice(hits[0].matches[0]) == "Geïnterviewd");
    query.limit = 1;
    CHECK(project.search(query).size() == 1);
  }

  TEST_CASE("case attributes keep numbers as numbers and can be removed") {
    TempDir dir;
    auto project = store::Project::create(dir / "p.inzicht", "p");
    project.add_document(sample_document("A01.txt"), {"A01", "/a", "h"}, std::nullopt);
    const auto created = project.set_attributes(
        {{"A01", {{"age", store::AttributeValue{std::int64_t{41}}},
                  {"score", store::AttributeValue{2.5}},
                  {"sector", store::AttributeValue{std::string("zorg")}}}},
         {"Z99", {{"sector", store::AttributeValue{std::string("techniek")}}}}});
    CHECK(created == 1);
    auto cases = project.cases();
    REQUIRE(cases.size() == 2);
    CHECK(cases[0].documents == 1);
    CHECK(std::get<std::int64_t>(cases[0].attributes.at("age")) == 41);
    CHECK(std::get<double>(cases[0].attributes.at("score")) == doctest::Approx(2.5));
    CHECK(cases[1].documents == 0);
    project.set_attributes({{"A01", {{"age", std::nullopt}}}});
    cases = project.cases();
    CHECK(cases[0].attributes.count("age") == 0);
    CHECK(cases[0].attributes.count("sector") == 1);
  }

  TEST_CASE("replacing a document moves its codings and rebuilds its search rows") {
    TempDir dir;
    const std::string path = dir / "p.inzicht";
    auto project = store::Project::create(path, "p");
    project.add_document(sample_document("A01.txt"), {"A01", "/a", "h1"}, std::nullopt);
    {
      SQLite::Database db(path, SQLite::OPEN_READWRITE);
      db.exec("INSERT INTO coders(name) VALUES ('gold')");
      db.exec("INSERT INTO codes(guid, name) VALUES ('g-1', 'kosten')");
      db.exec("INSERT INTO codings(document_id, code_id, coder_id, start, \"end\", created) "
              "VALUES (1, 1, 1, 44, 56, 'now')");
    }
    auto changed = sample_document("A01.txt");
    changed.text = "Voorwoord.\n" + changed.text;
    changed.length += 11;
    for (auto& turn : changed.turns) turn.span = {turn.span.start + 11, turn.span.end + 11};
    const auto codings = project.codings_of("A01.txt");
    REQUIRE(codings.size() == 1);
    SUBCASE("with every coding placed") {
      project.replace_document(changed, {"A01", "/a", "h2"}, std::nullopt, {{codings[0].id, {55, 67}}});
      CHECK(project.codings_of("A01.txt")[0].span == Span{55, 67});
      CHECK(project.load_document("A01.txt").text == changed.text);
      CHECK(project.find_document("A01.txt")->content_hash == "h2");
      CHECK(project.search({store::fts_query("geinterviewd"), std::nullopt, 10}).size() == 1);
    }
    SUBCASE("with a coding left out nothing changes") {
      CHECK_THROWS_AS(project.replace_document(changed, {"A01", "/a", "h2"}, std::nullopt, {}),
                      InputError);
      CHECK(project.find_document("A01.txt")->content_hash == "h1");
      CHECK(project.load_document("A01.txt").text == sample_document("A01.txt").text);
    }
  }

  TEST_CASE("in a batch of documents one that fails leaves the others in and nothing of its own") {
    TempDir dir;
    const std::string path = dir / "p.inzicht";
    auto project = store::Project::create(path, "p");
    auto bad = sample_document("B01.txt");
    bad.text += " Uniekwoord.";
    bad.length = text::count_code_points(bad.text);
    bad.turns[1].span.end = bad.length;
    bad.sentences.push_back({{bad.length, bad.length - 1}, 1});  // fails the CHECK on its row
    project.begin_documents();
    project.add_document(sample_document("A01.txt"), {"A01", "/a", "h1"}, std::nullopt);
    // The document row, turns and paragraphs are written before the sentence that fails.
    CHECK_THROWS_AS(project.add_document(bad, {"B01", "/b", "h2"}, std::string("learner")),
                    StorageError);
    project.add_document(sample_document("C01.txt"), {"C01", "/c", "h3"}, std::nullopt);
    // Not yet committed: another connection sees nothing.
    {
      SQLite::Database other(path, SQLite::OPEN_READONLY);
      CHECK(other.execAndGet("SELECT count(*) FROM documents").getInt() == 0);
    }
    project.commit_documents();
    std::vector<std::string> names;
    for (const auto& document : project.documents()) names.push_back(document.name);
    CHECK(names == std::vector<std::string>{"A01.txt", "C01.txt"});
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    for (const char* table : {"turns", "paragraphs", "sentences"}) {
      CAPTURE(table);
      CHECK(db.execAndGet(std::string("SELECT count(DISTINCT document_id) FROM ") + table)
                .getInt() == 2);
    }
    CHECK(db.execAndGet("SELECT count(*) FROM cases WHERE name = 'B01'").getInt() == 0);
    // The search rows are written at the commit, the failed document's not among them.
    CHECK(db.execAndGet("SELECT count(*) FROM turn_search").getInt() == 4);
    CHECK(project.search({store::fts_query("uniekwoord"), std::nullopt, 10}).empty());
    CHECK(project.search({store::fts_query("geinterviewd"), std::nullopt, 10}).size() == 2);
    SQLite::Database(path, SQLite::OPEN_READWRITE)
        .exec("INSERT INTO turn_search(turn_search) VALUES ('integrity-check')");
  }

  TEST_CASE("a large document in a batch writes its own search rows, and a failed one none") {
    // Above 4 MB of text a document's full-text rows are written at once, not kept back
    // for the commit: the rows of the small documents around it are still kept back.
    TempDir dir;
    const std::string path = dir / "p.inzicht";
    auto project = store::Project::create(path, "p");
    const auto large = [](const std::string& name, const std::string& word) {
      auto document = sample_document(name);
      document.text.reserve(document.text.size() + (std::size_t{5} << 20) + 32);
      document.text += ' ';
      for (int i = 0; i < (1 << 20); ++i) document.text += "lang ";
      document.text += word + ".";
      document.length = text::count_code_points(document.text);
      document.turns[1].span.end = document.length;
      document.paragraphs[1].span.end = document.length;
      document.sentences[2].span.end = document.length;
      return document;
    };
    auto bad = large("L02.txt", "Faalwoord");
    bad.sentences.push_back({{bad.length, bad.length - 1}, 1});  // fails the CHECK on its row
    project.begin_documents();
    project.add_document(sample_document("A01.txt"), {"A01", "/a", "h1"}, std::nullopt);
    project.add_document(large("L01.txt", "Grootwoord"), {"L01", "/l1", "h2"}, std::nullopt);
    CHECK_THROWS_AS(project.add_document(bad, {"L02", "/l2", "h3"}, std::nullopt), StorageError);
    project.add_document(sample_document("C01.txt"), {"C01", "/c", "h4"}, std::nullopt);
    project.commit_documents();
    const auto found = [&](const std::string& words) { return documents_found(project, words); };
    CHECK(found("grootwoord") == std::vector<std::string>{"L01.txt"});
    CHECK(found("faalwoord").empty());
    CHECK(found("geinterviewd") == std::vector<std::string>{"A01.txt", "C01.txt", "L01.txt"});
    // Above 1 MB the text went in by BLOB I/O: the same bytes, read back whole.
    CHECK(project.load_document("L01.txt").text == large("L01.txt", "Grootwoord").text);
    CHECK(project.load_document("A01.txt").text == sample_document("A01.txt").text);
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    CHECK(db.execAndGet("SELECT count(*) FROM turn_search").getInt() == 6);
    CHECK(db.execAndGet("SELECT typeof(text) FROM documents WHERE name = 'L01.txt'").getString() ==
          "blob");
    CHECK(db.execAndGet("SELECT typeof(text) FROM documents WHERE name = 'A01.txt'").getString() ==
          "text");
    db.exec("INSERT INTO turn_search(turn_search) VALUES ('integrity-check')");
    CHECK(db.execAndGet("PRAGMA integrity_check").getString() == "ok");
  }

  TEST_CASE("a project of schema 7 is upgraded with its documents and codings, text last") {
    TempDir dir;
    const std::string path = dir / "old.inzicht";
    {
      // A project as inzicht wrote it at schema 7: migrations 1 to 7, a document with its
      // structure and a coding.
      SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      db.exec("PRAGMA application_id = " + std::to_string(store::kApplicationId));
      for (std::size_t v = 0; v < 7; ++v) db.exec(std::string(store::migrations()[v]));
      db.exec("PRAGMA user_version = 7");
      db.exec("INSERT INTO project(key, value) VALUES ('name', 'oud')");
      db.exec("INSERT INTO cases(id, name) VALUES (1, 'A01')");
      db.exec(
          "INSERT INTO documents(id, case_id, name, format, encoding, source_path, "
          "content_hash, text, length, imported_at, layout, guid) VALUES (1, 1, 'A01.txt', "
          "'txt', 'UTF-8', '/a', 'h', 'Ik had geen tijd.', 17, 'nu', '', 'g-1')");
      db.exec(
          "INSERT INTO turns(document_id, idx, speaker, role, start, \"end\") "
          "VALUES (1, 0, 'R', 'respondent', 0, 17)");
      db.exec("INSERT INTO paragraphs VALUES (1, 0, 0, 0, 17)");
      db.exec("INSERT INTO sentences VALUES (1, 0, 0, 0, 17)");
      db.exec("INSERT INTO coders(id, name) VALUES (1, 'ann')");
      db.exec("INSERT INTO codes(id, guid, name) VALUES (1, 'c-1', 'tijd')");
      db.exec(
          "INSERT INTO codings(document_id, code_id, coder_id, start, \"end\", created) "
          "VALUES (1, 1, 1, 7, 16, 'nu')");
    }
    {
      const auto project = store::Project::open(path);
      CHECK(project.schema_version() == store::kSchemaVersion);
      const auto loaded = project.load_document("A01.txt");
      CHECK(loaded.text == "Ik had geen tijd.");
      CHECK(loaded.turns.size() == 1);
      CHECK(loaded.sentences.size() == 1);
      CHECK(project.codings({}).size() == 1);
    }
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    CHECK(db.execAndGet("SELECT name FROM pragma_table_info('documents') ORDER BY cid DESC")
              .getString() == "text");
    CHECK(db.execAndGet("SELECT guid FROM documents").getString() == "g-1");
    CHECK(db.execAndGet("SELECT count(*) FROM codings").getInt() == 1);
    CHECK(db.execAndGet("PRAGMA foreign_keys").getInt() == 0);  // a fresh connection's default
    CHECK_FALSE(SQLite::Statement(db, "PRAGMA foreign_key_check").executeStep());
    CHECK(db.execAndGet("PRAGMA integrity_check").getString() == "ok");
    // The indexes came back: one document per GUID still.
    CHECK_THROWS_AS(db.exec("INSERT INTO documents(case_id, name, format, encoding, source_path, "
                            "content_hash, length, imported_at, guid, text) VALUES (1, 'B', 't', "
                            "'u', '/b', 'h', 0, 'nu', 'g-1', '')"),
                    SQLite::Exception);
  }

  TEST_CASE("a batch of documents rolled back or cut off before its commit leaves nothing") {
    TempDir dir;
    const std::string path = dir / "p.inzicht";
    store::Project::create(path, "p");
    SUBCASE("rolled back") {
      auto project = store::Project::open(path);
      project.begin_documents();
      project.add_document(sample_document("A01.txt"), {"A01", "/a", "h1"}, std::nullopt);
      project.rollback_documents();
      CHECK(project.documents().empty());
      project.add_document(sample_document("B01.txt"), {"B01", "/b", "h2"}, std::nullopt);
      CHECK(project.search({store::fts_query("geinterviewd"), std::nullopt, 10}).size() == 1);
    }
    SUBCASE("the process killed in the middle of its second batch") {
      // The child commits one batch, writes half of the next and dies without a word, as
      // under kill -9: no destructor, no rollback.
      const pid_t child = fork();
      REQUIRE(child >= 0);
      if (child == 0) {
        auto project = store::Project::open(path);
        project.begin_documents();
        project.add_document(sample_document("A01.txt"), {"A01", "/a", "h1"}, std::nullopt);
        project.commit_documents();
        project.begin_documents();
        project.add_document(sample_document("B01.txt"), {"B01", "/b", "h2"}, std::nullopt);
        project.add_document(sample_document("C01.txt"), {"C01", "/c", "h3"}, std::nullopt);
        _exit(0);
      }
      int status = 0;
      REQUIRE(waitpid(child, &status, 0) == child);
      REQUIRE(WIFEXITED(status));
      auto project = store::Project::open(path);
      const auto documents = project.documents();
      REQUIRE(documents.size() == 1);
      CHECK(documents[0].name == "A01.txt");
      CHECK(documents[0].turns == 2);
      CHECK(project.load_document("A01.txt").sentences.size() == 3);
      CHECK(project.search({store::fts_query("geinterviewd"), std::nullopt, 10}).size() == 1);
    }
  }

  TEST_CASE("a replace inside a batch writes the search rows kept back before its own") {
    TempDir dir;
    auto project = store::Project::create(dir / "p.inzicht", "p");
    project.add_document(sample_document("A01.txt"), {"A01", "/a", "h1"}, std::nullopt);
    auto changed = sample_document("A01.txt");
    changed.text = "Voorwoord.\n" + changed.text;
    changed.length += 11;
    for (auto& turn : changed.turns) turn.span = {turn.span.start + 11, turn.span.end + 11};
    for (auto& paragraph : changed.paragraphs) {
      paragraph.span = {paragraph.span.start + 11, paragraph.span.end + 11};
    }
    for (auto& sentence : changed.sentences) {
      sentence.span = {sentence.span.start + 11, sentence.span.end + 11};
    }
    changed.turns[0].span.start = 0;  // the preface becomes part of the first turn
    const auto found = [&](const std::string& words) { return documents_found(project, words); };
    SUBCASE("a replace that succeeds") {
      project.begin_documents();
      project.add_document(sample_document("B01.txt"), {"B01", "/b", "h2"}, std::nullopt);
      project.replace_document(changed, {"A01", "/a", "h3"}, std::nullopt, {});
      project.add_document(sample_document("C01.txt"), {"C01", "/c", "h4"}, std::nullopt);
      project.commit_documents();
      CHECK(found("geinterviewd") == std::vector<std::string>{"A01.txt", "B01.txt", "C01.txt"});
      CHECK(found("voorwoord") == std::vector<std::string>{"A01.txt"});
      CHECK(project.load_document("A01.txt").text == changed.text);
    }
    SUBCASE("a replace that fails after writing its search rows") {
      // A coding moved to an empty span fails the CHECK of its row, the last write.
      SQLite::Database(dir / "p.inzicht", SQLite::OPEN_READWRITE)
          .exec("INSERT INTO coders(name) VALUES ('gold'); "
                "INSERT INTO codes(guid, name) VALUES ('g-1', 'kosten'); "
                "INSERT INTO codings(document_id, code_id, coder_id, start, \"end\", created) "
                "VALUES (1, 1, 1, 44, 56, 'now')");
      const auto codings = project.codings_of("A01.txt");
      REQUIRE(codings.size() == 1);
      project.begin_documents();
      project.add_document(sample_document("B01.txt"), {"B01", "/b", "h2"}, std::nullopt);
      CHECK_THROWS_AS(project.replace_document(changed, {"A01", "/a", "h3"}, std::nullopt,
                                               {{codings[0].id, {5, 5}}}),
                      StorageError);
      project.add_document(sample_document("C01.txt"), {"C01", "/c", "h4"}, std::nullopt);
      project.commit_documents();
      CHECK(found("geinterviewd") == std::vector<std::string>{"A01.txt", "B01.txt", "C01.txt"});
      CHECK(found("voorwoord").empty());
      CHECK(project.load_document("A01.txt").text == sample_document("A01.txt").text);
      CHECK(project.codings_of("A01.txt")[0].span == Span{44, 56});
    }
  }
}
