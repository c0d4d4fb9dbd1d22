#pragma once
// What a format reader hands to the document builder: the transcript as lines of text,
// before NFC normalisation and before speaker turns are recognised. One reader per format
// (txt_reader, docx_reader, odt_reader, subtitle_reader) turns bytes into this; the
// builder (document_builder.hpp) turns it into a model::Document.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "package/limits.hpp"

namespace inzicht::importers {

// One line of a transcript: valid UTF-8 without any '\n'.
struct Line {
  std::string text;
  // True where the source starts a new paragraph here (a new w:p or text:p, a line after
  // a blank line). A line break inside a paragraph gives a line with this false.
  bool starts_paragraph = true;
  // Set by readers whose format names the speaker itself (WebVTT `<v Name>` voices, JSON
  // segments, table rows, "Name  0:05" headers). In a text (not cue) layout the line's
  // first `label_bytes` bytes are the label ("Jane Doe  0:05", "[Jane] 10:02:03 "), kept
  // in the document's text but outside the turn; the rest are the speaker's words.
  std::optional<std::string> speaker = std::nullopt;
  // Cue times of subtitle formats, in milliseconds from the start of the recording.
  std::optional<std::int64_t> time_ms = std::nullopt;
  std::optional<std::int64_t> end_ms = std::nullopt;
  std::size_t label_bytes = 0;
  // A line in no turn: a title, a table's header row, "Transcribed by https://otter.ai".
  bool outside_turns = false;
};

struct Extracted {
  std::vector<Line> lines;
  std::string encoding = "UTF-8";  // what the bytes were decoded from
  // True for subtitle formats (.srt, .vtt): every line is one cue, and consecutive cues of
  // one speaker are merged into one turn.
  bool cues = false;
  // True when the reader (or recognise_layout) found the speakers itself: only lines
  // with `speaker` set start turns, and labels in the words are not searched.
  bool speakers_given = false;
  // The layout recognised, for `inzicht docs`: "Zoom WebVTT", "Otter.ai text",
  // "Word table (speaker | text)", "Whisper JSON" …; empty for a plain transcript.
  std::string layout;
};

// Limits against hostile files. Each breach is an InputError naming the file and limit.
// The limits of archives and XML are package/limits.hpp's.
inline constexpr std::uint64_t kMaxFileBytes = 256ull << 20;         // any input file
using package::kMaxZipEntries;
using package::kMaxZipEntryBytes;
using package::kMaxZipTotalBytes;
using package::kMaxXmlDepth;
inline constexpr std::uint64_t kMaxXmlNodes = 2'000'000;             // tags in one XML part
inline constexpr std::uint64_t kMaxLines = 2'000'000;                // lines of one transcript
inline constexpr int kMaxJsonDepth = 64;                             // JSON nesting
inline constexpr std::uint64_t kMaxJsonBytes = 64ull << 20;          // a JSON transcript
inline constexpr int kMaxRtfDepth = 256;                             // RTF group nesting
inline constexpr std::uint64_t kMaxPdfPages = 5'000;                 // pages of one PDF

}  // namespace inzicht::importers
