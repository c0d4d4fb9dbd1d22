// .docx and .odt (INZICHT_FUZZ_FORMAT): the zip archive, the XML parts, the document builder.

#include "base/utf8.hpp"
#include "fuzz_support.hpp"
#include "importers/document_builder.hpp"
#include "importers/office_readers.hpp"
#include "text/text.hpp"

using namespace inzicht;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return fuzz::expect_refusal_at_most([&] {
    const std::string_view bytes = fuzz::bytes_of(data, size);
    const std::string format = INZICHT_FUZZ_FORMAT;
    const importers::Extracted extracted = format == "odt"
                                               ? importers::read_odt(bytes, "fuzz.odt")
                                               : importers::read_docx(bytes, "fuzz.docx");
    const model::Document document =
        importers::build_document(extracted, "fuzz." + format, format, {});
    if (!inzicht::is_valid_utf8(document.text)) __builtin_trap();
  });
}
