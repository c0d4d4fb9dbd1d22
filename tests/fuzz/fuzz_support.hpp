#pragma once
// Shared by the libFuzzer targets (built with -DINZICHT_FUZZ=ON by scripts/fuzz). A target
// feeds bytes to one reader; an inzicht::Error is the reader refusing them, which is
// fine. Anything else escaping — another exception, a crash, a leak, undefined behaviour,
// a hang past libFuzzer's -timeout, memory past -rss_limit_mb — is a finding.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/error.hpp"

namespace inzicht::fuzz {

inline std::string_view bytes_of(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Runs `body`, swallowing the errors inzicht means to throw for bad input.
template <typename Body>
int expect_refusal_at_most(Body body) {
  try {
    body();
  } catch (const inzicht::Error&) {
  }
  return 0;
}

}  // namespace inzicht::fuzz
