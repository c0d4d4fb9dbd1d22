#pragma once
// What a format reader hands to the document builder: the transcript as lines of text,
// before NFC normalisation and before speaker turns are recognised. One reader per format
// (txt_reader, docx_reader, odt_reader, subtitle_reader) turns bytes into this; the
// builder (document_builder.hpp) turns it into a model::Document.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
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
  // Set instead of `lines` by read_owned_text: a plain transcript's decoded text, newlines
  // normalised, kept whole. The builder splits it into views, so that a large transcript
  // is not held as a record and a string per line beside its text (those weighed more
  // than the text itself). Steps that change lines (a recognised layout, filler removal)
  // call materialise_lines first.
  std::optional<std::string> plain;
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

// The lines of a plain text (Extracted::plain) as views into it: split at '\n', a final
// newline ending the last line rather than opening an empty one.
std::vector<std::string_view> plain_lines(std::string_view text);
// Where each of those lines starts a paragraph: after a blank line when blank lines
// separate blocks of text, and at every line when they do not (Word's "save as text").
std::vector<bool> paragraph_starts(const std::vector<std::string_view>& lines);
// Turns `extracted.plain`, if set, into `extracted.lines`, one Line per line.
void materialise_lines(Extracted& extracted);

// Limits against hostile files. Each breach is an InputError naming the file and limit.
// The limits of archives and XML are package/limits.hpp's.
inline constexpr std::uint64_t kMaxFileBytes = 256ull << 20;         // any input file
using package::kMaxZipEntries;
using package::kMaxZipEntryBytes;
using package::kMaxZipTotalBytes;
using package::kMaxXmlDepth;
inline constexpr std::uint64_t kMaxXmlNodes = 2'000'000;             // tags in one XML part
inline constexpr std::uint64_t kMaxLines = 2'000'000;                // lines of one transcript
// Lines of a plain text (.txt, .md), which holds no record per line: enough for the
// largest file taken (256 MB) at 64 bytes a line, and about 840 MB at most to import.
inline constexpr std::uint64_t kMaxTextLines = 4'000'000;
inline constexpr int kMaxJsonDepth = 64;                             // JSON nesting
inline constexpr std::uint64_t kMaxJsonBytes = 64ull << 20;          // a JSON transcript
inline constexpr int kMaxRtfDepth = 256;                             // RTF group nesting
inline constexpr std::uint64_t kMaxPdfPages = 5'000;                 // pages of one PDF

}  // namespace inzicht::importers
