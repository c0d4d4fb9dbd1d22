// The YAML codebook: parsing, writing ids back, and writing it out again.

#include "codebook/codebook_io.hpp"
#include "fuzz_support.hpp"

using namespace inzicht;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return fuzz::expect_refusal_at_most([&] {
    const std::string text(fuzz::bytes_of(data, size));
    model::Codebook codebook = codebook::parse_yaml(text, "fuzz.yaml");
    (void)codebook::add_missing_ids(text, codebook, "fuzz.yaml");
    // What inzicht writes, it reads back.
    (void)codebook::parse_yaml(codebook::write_yaml(codebook), "written.yaml");
  });
}
