// .txt/.md, .srt and .vtt transcripts: the reader, then the document builder. The target
// is built three times (INZICHT_FUZZ_FORMAT), one per format, each with its own seeds.
// A .txt or .md is read both ways: whole, as import reads it (Extracted::plain), and as
// lines, with the layouts recognised in each; the two documents must be the same.

#include "base/utf8.hpp"
#include "fuzz_support.hpp"
#include "importers/document_builder.hpp"
#include "importers/layouts.hpp"
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
      importers::recognise_text_layout(extracted, format);
      importers::merge_repeated_speakers(extracted);
    }
    const model::Document document =
        importers::build_document(extracted, "fuzz." + format, format, {});
    if (!inzicht::is_valid_utf8(document.text)) __builtin_trap();
    if (format == "srt" || format == "vtt") return;
    importers::Extracted whole = importers::read_owned_text(std::string(bytes), "fuzz." + format);
    importers::recognise_text_layout(whole, format);
    importers::merge_repeated_speakers(whole);
    const model::Document same =
        importers::build_document(std::move(whole), "fuzz." + format, format, {});
    if (same.text != document.text || same.length != document.length ||
        same.layout != document.layout || same.turns.size() != document.turns.size() ||
        same.paragraphs.size() != document.paragraphs.size() ||
        same.sentences.size() != document.sentences.size()) {
      __builtin_trap();
    }
    for (std::size_t i = 0; i < same.turns.size(); ++i) {
      const model::Turn& a = document.turns[i];
      const model::Turn& b = same.turns[i];
      if (a.speaker != b.speaker || a.role != b.role || !(a.span == b.span) ||
          a.time_ms != b.time_ms) {
        __builtin_trap();
      }
    }
    for (std::size_t i = 0; i < same.paragraphs.size(); ++i) {
      if (!(same.paragraphs[i].span == document.paragraphs[i].span) ||
          same.paragraphs[i].turn != document.paragraphs[i].turn) {
        __builtin_trap();
      }
    }
    for (std::size_t i = 0; i < same.sentences.size(); ++i) {
      if (!(same.sentences[i].span == document.sentences[i].span) ||
          same.sentences[i].paragraph != document.sentences[i].paragraph) {
        __builtin_trap();
      }
    }
  });
}
