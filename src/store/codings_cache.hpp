#pragma once
// A copy of the codings table beside the project (PROJECT-codings), for the analysis
// commands: stepping a million rows out of SQLite was more than half of `freq`'s time,
// reading them back from a flat file a few milliseconds. The file holds row ids and
// offsets only, never words. It is keyed by the token in `codings_version`, which a
// trigger renews on every insert, update or delete of a coding (schema 7), in the same
// transaction: a file whose token, size, layout or checksum is not the project's is not
// used. It can be deleted at any time; the next read writes it again.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "store/project.hpp"

namespace inzicht::store::codings_cache {

// Where the cache of the project at `project_path` lives; empty for a project without a
// file (":memory:").
std::string path_of(const std::string& project_path);

// The fewest codings worth a cache file (default 20,000; the environment variable
// INZICHT_CODINGS_CACHE_MIN sets another, 0 for always). Below it no file is written.
std::int64_t minimum();

// Hands `take` the codings in the file at `path`, in the file's order, and returns true if
// it was written for `token`, is whole and unchanged; otherwise (missing, stale, truncated,
// damaged) returns false without calling `take`. Throws only what `take` throws.
bool read(const std::string& path, const std::string& token,
          const std::function<void(const CodingRow&)>& take);

// Writes `rows` for `token` to `path` atomically. Returns false (and leaves any old file)
// when it cannot: a read-only folder, a full disk, or a value that does not fit the
// file's 32-bit fields. Never throws.
bool write(const std::string& path, const std::string& token, const std::vector<CodingRow>& rows);

}  // namespace inzicht::store::codings_cache
