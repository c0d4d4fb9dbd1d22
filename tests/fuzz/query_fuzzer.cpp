// The coding query language (analysis::parse_query).

#include "analysis/query.hpp"
#include "fuzz_support.hpp"

using namespace inzicht;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return fuzz::expect_refusal_at_most(
      [&] { (void)analysis::parse_query(std::string(fuzz::bytes_of(data, size))); });
}
