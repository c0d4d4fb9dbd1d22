// The flat copy of the codings beside a project (store/codings_cache): used when its token
// is the project's, never when the codings have changed or the file is damaged.

#include <doctest/doctest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "analysis/coding_data.hpp"
#include "store/codings_cache.hpp"
#include "store/project.hpp"
#include "test_support.hpp"

using namespace inzicht;
using inzicht::testing::fixture;
using inzicht::testing::inzicht_cli;
using inzicht::testing::TempDir;

namespace {

// Sets INZICHT_CODINGS_CACHE_MIN for one test.
struct CacheMinimum : testing::EnvVar {
  explicit CacheMinimum(const char* value) : EnvVar("INZICHT_CODINGS_CACHE_MIN", value) {}
};

std::string token_of(const std::string& project) {
  SQLite::Database db(project);
  return db.execAndGet("SELECT token FROM codings_version").getString();
}

std::vector<std::tuple<std::string, std::string, std::string, Offset, Offset>> codings_of(
    const std::string& path) {
  const store::Project project = store::Project::open(path, store::Project::Access::read_only);
  const analysis::CodingData data(project);
  std::vector<std::tuple<std::string, std::string, std::string, Offset, Offset>> out;
  for (const analysis::CodingInfo& c : data.codings()) {
    out.emplace_back(data.documents()[c.document].name, data.codes()[c.code].path,
                     data.coders()[c.coder], c.span.start, c.span.end);
  }
  return out;
}

struct Coded {
  TempDir dir;
  std::string path = dir / "p.inzicht";
  std::string cache = store::codings_cache::path_of(path);
  Coded() {
    REQUIRE(inzicht_cli({"-p", path, "init", "--language", "en"}).status == 0);
    REQUIRE(inzicht_cli({"-p", path, "import", fixture("focusgroup/group-1.txt"),
                         fixture("focusgroup/group-2.txt")})
                .status == 0);
    REQUIRE(inzicht_cli({"-p", path, "codebook", "load", fixture("focusgroup/codebook.yaml")})
                .status == 0);
    REQUIRE(inzicht_cli({"-p", path, "autocode"}).status == 0);
  }
};

}  // namespace

TEST_SUITE("store") {
  TEST_CASE("the codings cache is written on a read, and read again while the codings stand") {
    CacheMinimum always("0");
    Coded f;
    const auto first = codings_of(f.path);
    REQUIRE(first.size() > 10);
    REQUIRE(std::filesystem::exists(f.cache));
    CHECK(codings_of(f.path) == first);
    // The file is what a read uses while its token is the project's: a file written with
    // other rows under the current token shows them (which no real writer would do).
    std::vector<store::CodingRow> rows;
    const auto keep = [&](const store::CodingRow& row) { rows.push_back(row); };
    REQUIRE(store::codings_cache::read(f.cache, token_of(f.path), keep));
    CHECK(rows.size() == first.size());
    rows.pop_back();
    REQUIRE(store::codings_cache::write(f.cache, token_of(f.path), rows));
    CHECK(codings_of(f.path).size() == first.size() - 1);
    // Under another token it is not read, and hands out nothing.
    rows.clear();
    CHECK_FALSE(store::codings_cache::read(f.cache, "another token", keep));
    CHECK(rows.empty());
  }

  TEST_CASE("every change to the codings makes the cache stale, cascades included") {
    CacheMinimum always("0");
    Coded f;
    const auto before = codings_of(f.path);
    const std::string token = token_of(f.path);
    REQUIRE(inzicht_cli({"-p", f.path, "code", "group-1", "levers", "--coder", "ann", "--turn",
                         "0"})
                .status == 0);
    CHECK(token_of(f.path) != token);
    auto after = codings_of(f.path);
    CHECK(after.size() == before.size() + 1);
    // Moving a coding (a replace that relocates it) and removing a document's codings by
    // cascade renew the token too.
    const std::string moved = token_of(f.path);
    {
      SQLite::Database db(f.path, SQLite::OPEN_READWRITE);
      db.exec("PRAGMA foreign_keys = ON");
      db.exec("UPDATE codings SET \"end\" = \"end\" - 1 WHERE id = (SELECT min(id) FROM codings)");
    }
    CHECK(token_of(f.path) != moved);
    after = codings_of(f.path);
    CHECK(after != before);
    const std::string removed = token_of(f.path);
    const auto gone = inzicht_cli({"-p", f.path, "docs", "remove", "group-2", "--force"});
    REQUIRE_MESSAGE(gone.status == 0, gone.err);
    CHECK(token_of(f.path) != removed);
    for (const auto& coding : codings_of(f.path)) CHECK(std::get<0>(coding) == "group-1.txt");
  }

  TEST_CASE("a damaged or truncated cache is not used, and a small project writes none") {
    {
      Coded small;  // default minimum: 20,000 codings
      codings_of(small.path);
      CHECK_FALSE(std::filesystem::exists(small.cache));
    }
    CacheMinimum always("0");
    Coded f;
    const auto right = codings_of(f.path);
    REQUIRE(std::filesystem::exists(f.cache));
    std::string bytes = testing::read_file(f.cache);
    const auto never = [](const store::CodingRow&) { FAIL("a row from a damaged cache"); };
    {
      std::string flipped = bytes;
      flipped[flipped.size() - 20] = static_cast<char>(flipped[flipped.size() - 20] ^ 0x40);
      std::ofstream(f.cache, std::ios::binary | std::ios::trunc) << flipped;
      CHECK_FALSE(store::codings_cache::read(f.cache, token_of(f.path), never));
      CHECK(codings_of(f.path) == right);
    }
    for (const std::size_t keep : {std::size_t{0}, std::size_t{7}, std::size_t{40},
                                   bytes.size() - 1}) {
      std::ofstream(f.cache, std::ios::binary | std::ios::trunc) << bytes.substr(0, keep);
      CHECK_FALSE(store::codings_cache::read(f.cache, token_of(f.path), never));
      CHECK(codings_of(f.path) == right);
    }
    // A read-only folder: no file, the same codings.
    std::filesystem::remove(f.cache);
    std::filesystem::permissions(f.dir.path(), std::filesystem::perms::owner_write,
                                 std::filesystem::perm_options::remove);
    if (::access(f.dir.path().c_str(), W_OK) != 0) {  // root writes anyway
      CHECK(codings_of(f.path) == right);
      CHECK_FALSE(std::filesystem::exists(f.cache));
    }
    std::filesystem::permissions(f.dir.path(), std::filesystem::perms::owner_write,
                                 std::filesystem::perm_options::add);
  }
}
