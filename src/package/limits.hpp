#pragma once
// Limits against hostile archives and XML (zip bombs, deep nesting). Each breach is an
// InputError naming the file, the entry or part, and the limit.

#include <cstdint>

namespace inzicht::package {

inline constexpr std::uint64_t kMaxZipEntries = 10'000;  // entries in an archive
#ifdef INZICHT_FUZZING
// The libFuzzer build (scripts/fuzz) runs the same checks at sizes its one-second timeout
// allows under AddressSanitizer: decompressing 128 MiB to refuse a bomb takes longer there.
inline constexpr std::uint64_t kMaxZipEntryBytes = 8ull << 20;
inline constexpr std::uint64_t kMaxZipTotalBytes = 32ull << 20;
#else
inline constexpr std::uint64_t kMaxZipEntryBytes = 128ull << 20;  // one uncompressed entry
inline constexpr std::uint64_t kMaxZipTotalBytes = 512ull << 20;  // all entries, uncompressed
#endif
inline constexpr int kMaxXmlDepth = 256;                          // element nesting

}  // namespace inzicht::package
