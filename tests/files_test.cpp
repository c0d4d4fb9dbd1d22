// Whole files in (base/files.hpp): read_file in one read of the size it has, MappedFile for
// the flat copies beside a project.

#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>
#include <string>

#include "base/error.hpp"
#include "base/files.hpp"
#include "test_support.hpp"

using namespace inzicht;
using inzicht::testing::TempDir;

TEST_SUITE("base") {
  TEST_CASE("read_file and MappedFile give a file's bytes, and refuse what is not a file") {
    TempDir dir;
    const std::string path = dir / "bytes";
    std::string bytes;
    for (int i = 0; i < 300000; ++i) bytes += static_cast<char>(i * 7 % 256);
    testing::write_file(path, bytes);
    CHECK(read_file(path) == bytes);
    {
      const MappedFile mapped(path);
      REQUIRE(mapped.ok());
      CHECK(mapped.bytes() == bytes);
      // Replaced by rename while mapped, as the caches' writers do: the mapping keeps the
      // bytes it had.
      write_file_atomically(path, "new");
      CHECK(mapped.bytes() == bytes);
    }
    CHECK(MappedFile(path).bytes() == "new");
    const std::string empty = dir / "empty";
    testing::write_file(empty, "");
    CHECK(read_file(empty).empty());
    CHECK(MappedFile(empty).ok());
    CHECK(MappedFile(empty).bytes().empty());
    CHECK_FALSE(MappedFile(dir / "missing").ok());
    CHECK_FALSE(MappedFile(dir.path()).ok());
    const std::string fifo = dir / "fifo";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    CHECK_FALSE(MappedFile(fifo).ok());  // not waited on
    CHECK_THROWS_AS(read_file(fifo), InputError);
  }
}
