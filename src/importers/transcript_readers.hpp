#pragma once
// Readers for what transcription services and podcast hosts write besides subtitles and
// word processors: JSON (Whisper, WhisperX, Podcasting 2.0), Whisper's TSV, HTML
// transcripts, RTF and PDF. Each throws InputError naming `source` (and the line, byte,
// segment or page where known) for a file it cannot read or that breaks a limit in
// extracted.hpp.

#include <optional>
#include <string>
#include <string_view>

#include "importers/extracted.hpp"

namespace inzicht::importers {

// {"segments": [...]} or a bare array of segments: Whisper/WhisperX ("start", "end",
// "text", "speaker") or Podcasting 2.0 ("startTime", "endTime", "body", "speaker"); times
// in seconds. Word-level segments are cues the builder joins into turns.
Extracted read_json(std::string_view bytes, const std::string& source);

// Whisper's TSV: a "start\tend\ttext" header, times in milliseconds; an optional
// "speaker" column.
Extracted read_tsv(std::string_view bytes, const std::string& source,
                   const std::optional<std::string>& encoding = std::nullopt);

// HTML: the Podcasting 2.0 layout (<cite>Name:</cite> <time>0:00</time> <p>words</p>) as
// turns with times; any other page as its block-level text (paragraphs, headings, list
// items, table cells, <br>) with script, style and head skipped and character
// references decoded.
Extracted read_html(std::string_view bytes, const std::string& source,
                    const std::optional<std::string>& encoding = std::nullopt);

// RTF: the text of the document body (groups, control words, \uN and \'hh escapes in the
// document's code page, \par and \line), skipping font, colour and style tables, pictures,
// headers, footers and every \* destination.
Extracted read_rtf(std::string_view bytes, const std::string& source);

// PDF with a text layer (poppler): pages joined, running headers, footers and page numbers
// dropped, hyphenated line ends rejoined, wrapped lines joined into paragraphs. A PDF
// without text (a scan) is refused with that reason, as are encrypted ones.
Extracted read_pdf(std::string_view bytes, const std::string& source);

}  // namespace inzicht::importers
