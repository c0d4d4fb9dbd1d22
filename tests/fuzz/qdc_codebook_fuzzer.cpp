// The REFI-QDA codebook: parsing, and every codebook read must export as a .qdc that reads
// back with the same codes.

#include "base/utf8.hpp"
#include "codebook/codebook_io.hpp"
#include "fuzz_support.hpp"
#include "text/text.hpp"

using namespace inzicht;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(fuzz::bytes_of(data, size));
  model::Codebook codebook;
  try {
    codebook = codebook::parse_qdc(bytes, "fuzz.qdc");
  } catch (const inzicht::Error&) {
    return 0;
  }
  for (const model::Code& code : codebook.codes) {
    if (!inzicht::is_valid_utf8(code.name) || !inzicht::is_valid_utf8(code.description)) {
      __builtin_trap();
    }
  }
  if (codebook.codes.empty()) return 0;
  const std::string written = codebook::write_qdc(codebook);
  const model::Codebook back = codebook::parse_qdc(written, "written.qdc");  // must not throw
  if (back.codes.size() != codebook.codes.size()) __builtin_trap();
  return 0;
}
