#pragma once
// The pieces the flat caches beside a project (store/codings_cache, store/structure_cache)
// share: values in the machine's byte order, the header naming the file's layout and token, a
// checksum that tells a damaged or truncated file apart, and a test that a value fits the
// files' 32-bit fields.

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>

namespace inzicht::store::flat_file {

// Written after the magic: a file from a machine of another byte order reads another value.
constexpr std::uint64_t kOrder = 0x0102030405060708ULL;

inline std::uint64_t checksum(const char* data, std::size_t size) {
  std::uint64_t hash = 0x9E3779B97F4A7C15ULL ^ size;
  std::size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    std::uint64_t word;
    std::memcpy(&word, data + i, 8);
    hash = (hash ^ word) * 0x100000001B3ULL;
    hash ^= hash >> 29;
  }
  for (; i < size; ++i) hash = (hash ^ static_cast<unsigned char>(data[i])) * 0x100000001B3ULL;
  return hash;
}

template <typename T>
void put(std::string& out, const T& value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

// Reads a `T` at `at` and moves past it; false when fewer bytes are left.
template <typename T>
bool take(std::string_view in, std::size_t& at, T& value) {
  if (at > in.size() || in.size() - at < sizeof value) return false;
  std::memcpy(&value, in.data() + at, sizeof value);
  at += sizeof value;
  return true;
}

// Every flat file starts: magic (8) | kOrder (8) | token length (8) | token. The magic names
// the file's kind and layout; the token, the project state it was written for.
inline std::string header(const char (&magic)[8], std::string_view token) {
  std::string out(magic, 8);
  put(out, kOrder);
  put(out, static_cast<std::uint64_t>(token.size()));
  out += token;
  return out;
}

// Reads a header() and moves past it; false when it is not one of `magic` for `token`.
inline bool take_header(std::string_view in, std::size_t& at, const char (&magic)[8],
                        std::string_view token) {
  char read[8];
  std::uint64_t order = 0, size = 0;
  if (!take(in, at, read) || std::memcmp(read, magic, 8) != 0) return false;
  if (!take(in, at, order) || order != kOrder) return false;
  if (!take(in, at, size) || size != token.size()) return false;
  if (in.size() - at < token.size() || in.compare(at, token.size(), token) != 0) return false;
  at += token.size();
  return true;
}

inline bool fits(std::int64_t value) {
  return value >= 0 && value <= std::numeric_limits<std::uint32_t>::max();
}

// The file `suffix` names beside the project at `project_path`; empty for a project without
// a file of its own (":memory:", an SQLite URI).
inline std::string beside(const std::string& project_path, const char* suffix) {
  if (project_path.empty() || project_path == ":memory:" || project_path.rfind("file:", 0) == 0) {
    return {};
  }
  return project_path + suffix;
}

// The fewest rows worth a file: the environment variable `name` if it holds a number (0 for
// always), else `fallback`.
inline std::int64_t minimum(const char* name, std::int64_t fallback) {
  const char* set = std::getenv(name);
  if (!set || !*set) return fallback;
  char* end = nullptr;
  const long long value = std::strtoll(set, &end, 10);
  return end && *end == '\0' && value >= 0 ? value : fallback;
}

}  // namespace inzicht::store::flat_file
