// The flat copy of the text units and word starts beside a project (store/structure_cache):
// what the tables give, used while its token is the project's, never after a change to a
// document's text or units, never when damaged.

#include "store/structure_cache.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "analysis/coding_data.hpp"
#include "store/project.hpp"
#include "test_support.hpp"

using namespace inzicht;
using inzicht::testing::fixture;
using inzicht::testing::inzicht_cli;
using inzicht::testing::TempDir;

namespace {

// Sets INZICHT_STRUCTURE_CACHE_MIN for one test: "0" writes every section, a large number
// none.
struct StructureMinimum : testing::EnvVar {
  explicit StructureMinimum(const char* value) : EnvVar("INZICHT_STRUCTURE_CACHE_MIN", value) {}
};

std::string token_of(const std::string& project) {
  SQLite::Database db(project);
  return db.execAndGet("SELECT token FROM structure_version").getString();
}

// Everything the cache stands in for, as analysis::CodingData gives it: per document its
// sentences and paragraphs with their roles, and the words in each sentence and in all.
struct Structure {
  std::vector<std::string> names;
  std::vector<std::vector<Span>> sentences, paragraphs;
  std::vector<std::vector<model::Role>> sentence_roles, paragraph_roles;
  std::vector<std::vector<std::int64_t>> words;
  bool operator==(const Structure&) const = default;
};

Structure structure_of(const std::string& path) {
  const store::Project project = store::Project::open(path, store::Project::Access::read_only);
  const analysis::CodingData data(project);
  Structure out;
  std::vector<std::size_t> all(data.documents().size());
  for (std::size_t d = 0; d < all.size(); ++d) all[d] = d;
  data.load_words(all);
  for (std::size_t d = 0; d < all.size(); ++d) {
    out.names.push_back(data.documents()[d].name);
    out.sentences.push_back(data.units(model::Unit::sentence, d));
    out.sentence_roles.push_back(data.unit_roles(model::Unit::sentence, d));
    out.paragraphs.push_back(data.units(model::Unit::paragraph, d));
    out.paragraph_roles.push_back(data.unit_roles(model::Unit::paragraph, d));
    std::vector<std::int64_t> words{data.words_in(d, {0, data.length(d)})};
    for (const Span sentence : out.sentences.back()) words.push_back(data.words_in(d, sentence));
    out.words.push_back(std::move(words));
  }
  return out;
}

// Two focus groups, one copied into the project's folder so that it can be edited and
// replaced.
struct Imported {
  TempDir dir;
  std::string path = dir / "p.inzicht";
  std::string cache = store::structure_cache::path_of(path);
  std::string own = dir / "group-1.txt";
  Imported() {
    testing::write_file(own, testing::read_file(fixture("focusgroup/group-1.txt")));
    REQUIRE(inzicht_cli({"-p", path, "init", "--language", "en"}).status == 0);
    REQUIRE(inzicht_cli({"-p", path, "import", own, fixture("focusgroup/group-2.txt")}).status ==
            0);
  }
  // The structure as the tables give it, with no file written.
  Structure from_tables() const {
    StructureMinimum never("1000000000");
    std::filesystem::remove(cache);
    Structure out = structure_of(path);
    CHECK_FALSE(std::filesystem::exists(cache));
    return out;
  }
};

std::size_t sentence_count(const Structure& s) {
  std::size_t n = 0;
  for (const auto& units : s.sentences) n += units.size();
  return n;
}

}  // namespace

TEST_SUITE("store") {
  TEST_CASE("the structure cache holds what the tables give, and is read while they stand") {
    Imported f;
    const Structure tables = f.from_tables();
    REQUIRE(sentence_count(tables) > 10);
    StructureMinimum always("0");
    CHECK(structure_of(f.path) == tables);
    REQUIRE(std::filesystem::exists(f.cache));
    CHECK(structure_of(f.path) == tables);
    // All three sections are in the one file: adding one kept the others.
    const std::string token = token_of(f.path);
    auto sentences = store::structure_cache::read_units(f.cache, token, model::Unit::sentence);
    REQUIRE(sentences);
    CHECK(sentences->spans.size() == sentence_count(tables));
    CHECK(store::structure_cache::read_units(f.cache, token, model::Unit::paragraph));
    const auto words = store::structure_cache::read_words(f.cache, token);
    REQUIRE(words);
    CHECK(words->size() == tables.names.size());
    CHECK_FALSE(
        store::structure_cache::read_units(f.cache, "another token", model::Unit::sentence));
    CHECK_FALSE(store::structure_cache::read_units(f.cache, token, model::Unit::turn));
    // The file is what a read uses while its token is the project's: one written with a
    // sentence fewer under the current token shows one fewer (which no real writer does).
    sentences->document_ids.pop_back();
    sentences->spans.pop_back();
    sentences->roles.pop_back();
    REQUIRE(store::structure_cache::write_units(f.cache, token, model::Unit::sentence, *sentences));
    CHECK(sentence_count(structure_of(f.path)) == sentence_count(tables) - 1);
    // And so for the word starts: one word fewer in the first document.
    auto fewer = *words;
    std::vector<std::uint64_t> blocks = fewer.front().second.blocks();
    const auto last = std::find_if(blocks.rbegin(), blocks.rend(), [](auto b) { return b != 0; });
    REQUIRE(last != blocks.rend());
    *last &= *last - 1;  // one start fewer
    fewer.front().second = text::WordIndex::from_blocks(std::move(blocks));
    REQUIRE(store::structure_cache::write_words(f.cache, token, fewer));
    CHECK(structure_of(f.path).words.front().front() == tables.words.front().front() - 1);
    CHECK(store::structure_cache::read_units(f.cache, token, model::Unit::sentence));
  }

  TEST_CASE("every change to a document's text or units makes the structure cache stale") {
    Imported f;
    StructureMinimum always("0");
    structure_of(f.path);
    std::string token = token_of(f.path);
    const auto renewed = [&] {
      const std::string now = token_of(f.path);
      const bool changed = now != token;
      token = now;
      return changed;
    };
    // Another document.
    REQUIRE(inzicht_cli({"-p", f.path, "import", fixture("english/interview-02.txt")}).status == 0);
    CHECK(renewed());
    structure_of(f.path);
    // A replace that changes the text and its sentences.
    std::string text = testing::read_file(f.own);
    text.insert(text.find('\n') + 1, "\nModerator: One more question. Is that so?\n");
    testing::write_file(f.own, text);
    const auto replaced = inzicht_cli({"-p", f.path, "import", f.own, "--replace"});
    REQUIRE_MESSAGE(replaced.status == 0, replaced.err);
    CHECK(renewed());
    const Structure after_replace = structure_of(f.path);
    CHECK(after_replace == f.from_tables());
    structure_of(f.path);
    token = token_of(f.path);
    // A document removed.
    const auto gone = inzicht_cli({"-p", f.path, "docs", "remove", "interview-02", "--force"});
    REQUIRE_MESSAGE(gone.status == 0, gone.err);
    CHECK(renewed());
    // A renamed document keeps its units: the token stands.
    structure_of(f.path);
    token = token_of(f.path);
    const auto renamed = inzicht_cli({"-p", f.path, "docs", "rename", "group-2", "second"});
    REQUIRE_MESSAGE(renamed.status == 0, renamed.err);
    CHECK_FALSE(renewed());
    // A unit row changed by hand (no command does this; the triggers still see it).
    for (const char* sql : {"UPDATE turns SET role = 'interviewer' WHERE idx = 1",
                            "UPDATE paragraphs SET \"end\" = \"end\" WHERE idx = 0",
                            "UPDATE sentences SET start = start WHERE idx = 0"}) {
      {
        SQLite::Database db(f.path, SQLite::OPEN_READWRITE);
        db.exec(sql);
      }
      CHECK_MESSAGE(renewed(), sql);
    }
    CHECK(structure_of(f.path) == f.from_tables());
  }

  TEST_CASE("a document without words reads back from the structure cache") {
    // Found by fuzz_flat_cache: a document of no blocks copied from a null pointer.
    TempDir dir;
    const std::string path = dir / "p.inzicht-structure";
    const store::structure_cache::Words words{{3, text::WordIndex()},
                                              {5, text::WordIndex::from_starts({0, 70})}};
    REQUIRE(store::structure_cache::write_words(path, "token", words));
    const auto read = store::structure_cache::read_words(path, "token");
    REQUIRE(read);
    REQUIRE(read->size() == 2);
    CHECK(read->at(0).first == 3);
    CHECK(read->at(0).second.size() == 0);
    CHECK(read->at(1).second.in({0, 71}) == 2);
    // Documents out of id order are not a section any writer of ours makes: refused.
    REQUIRE(store::structure_cache::write_words(path, "token", {words[1], words[0]}));
    CHECK_FALSE(store::structure_cache::read_words(path, "token"));
  }

  TEST_CASE("a damaged, truncated or misplaced structure cache is not used") {
    Imported f;
    const Structure right = f.from_tables();
    StructureMinimum always("0");
    structure_of(f.path);
    REQUIRE(std::filesystem::exists(f.cache));
    const std::string bytes = testing::read_file(f.cache);
    const std::string token = token_of(f.path);
    for (const std::size_t at :
         {std::size_t{3}, std::size_t{60}, bytes.size() / 2, bytes.size() - 5}) {
      std::string flipped = bytes;
      flipped[at] = static_cast<char>(flipped[at] ^ 0x40);
      testing::write_file(f.cache, flipped);
      // The section the byte is in is refused (each has its own checksum).
      const bool all_read =
          store::structure_cache::read_words(f.cache, token) &&
          store::structure_cache::read_units(f.cache, token, model::Unit::sentence) &&
          store::structure_cache::read_units(f.cache, token, model::Unit::paragraph);
      CHECK_FALSE(all_read);
      CHECK(structure_of(f.path) == right);
    }
    for (const std::size_t keep :
         {std::size_t{0}, std::size_t{7}, std::size_t{40}, bytes.size() / 3, bytes.size() - 1}) {
      testing::write_file(f.cache, bytes.substr(0, keep));
      CHECK_FALSE(store::structure_cache::read_units(f.cache, token, model::Unit::sentence));
      CHECK(structure_of(f.path) == right);
    }
    // A FIFO or a folder in its place is passed by, not waited on.
    std::filesystem::remove(f.cache);
    REQUIRE(::mkfifo(f.cache.c_str(), 0600) == 0);
    CHECK(structure_of(f.path) == right);
    std::filesystem::remove(f.cache);
    std::filesystem::create_directory(f.cache);
    CHECK(structure_of(f.path) == right);
  }
}
