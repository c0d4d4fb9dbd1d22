#pragma once
// Readers for plain-text transcripts (.txt, .md) and subtitle files (.srt, .vtt).

#include <optional>
#include <string>
#include <string_view>

#include "importers/extracted.hpp"

namespace inzicht::importers {

// Plain text: decoded (UTF-8, UTF-16 with BOM, or detected legacy 8-bit; `encoding`
// forces one), newlines normalised, one Line per line. When the file separates blocks
// with blank lines, a line after a blank line starts a paragraph; otherwise every line
// is a paragraph (Word's "save as text"). Throws InputError for bytes that are not text.
Extracted read_text(std::string_view bytes, const std::string& source,
                    const std::optional<std::string>& encoding = std::nullopt);
// As read_text, taking the bytes to free them once decoded, and leaving the text whole in
// Extracted::plain: the builder reads its lines as views, so that a large transcript is
// held about once rather than as bytes, text, and a record and string per line.
Extracted read_owned_text(std::string bytes, const std::string& source,
                          const std::optional<std::string>& encoding = std::nullopt);

// SubRip: numbered cues "HH:MM:SS,mmm --> HH:MM:SS,mmm" with text lines; formatting tags
// removed. Throws InputError naming the line of a cue without a valid timing.
Extracted read_srt(std::string_view bytes, const std::string& source,
                   const std::optional<std::string>& encoding = std::nullopt);

// WebVTT: the "WEBVTT" header, NOTE/STYLE/REGION blocks skipped, cue text with
// `<v Speaker>` voices kept as the speaker, other tags removed and character references
// decoded. Throws InputError naming the line of a malformed cue.
Extracted read_vtt(std::string_view bytes, const std::string& source,
                   const std::optional<std::string>& encoding = std::nullopt);

}  // namespace inzicht::importers
