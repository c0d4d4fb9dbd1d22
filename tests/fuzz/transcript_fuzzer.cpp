// .txt/.md, .srt and .vtt transcripts: the reader, then the document builder. The target
// is built three times (INZICHT_FUZZ_FORMAT), one per format, each with its own seeds.

#include "base/utf8.hpp"
#include "fuzz_support.hpp"
#include "importers/document_builder.hpp"
#include "importers/readers.hpp"
#include "text/text.hpp"

using namespace inzicht;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return fuzz::expect_refusal_at_most([&] {
    const std::string_view bytes = fuzz::bytes_of(data, size);
    const std::string format = INZICHT_FUZZ_FORMAT;
    importers::Extracted extracted;
    if (format == "srt") {
      extracted = importers::read_srt(bytes, "fuzz.srt");
    } else if (format == "vtt") {
      extracted = importers::read_vtt(bytes, "fuzz.vtt");
    } else {
      extracted = importers::read_text(bytes, "fuzz." + format);
    }
    const model::Document document =
        importers::build_document(extracted, "fuzz." + format, format, {});
    if (!inzicht::is_valid_utf8(document.text)) __builtin_trap();
  });
}
