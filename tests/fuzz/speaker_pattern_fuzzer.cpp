// --speaker-pattern: the first line of the input is the pattern, the rest the transcript.

#include "fuzz_support.hpp"
#include "importers/document_builder.hpp"
#include "importers/readers.hpp"

using namespace inzicht;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return fuzz::expect_refusal_at_most([&] {
    const std::string_view bytes = fuzz::bytes_of(data, size);
    const std::size_t newline = bytes.find('\n');
    if (newline == std::string_view::npos) return;
    importers::TurnOptions options;
    options.speaker_pattern = std::string(bytes.substr(0, newline));
    const importers::Extracted extracted =
        importers::read_text(bytes.substr(newline + 1), "fuzz.txt");
    (void)importers::build_document(extracted, "fuzz.txt", "txt", options);
  });
}
