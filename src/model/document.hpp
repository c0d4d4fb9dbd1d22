#pragma once
// Plain domain types shared by every module: documents split into turns, paragraphs and
// sentences, and the cases they belong to. No behaviour beyond trivial helpers, no
// third-party types.
//
// Every position is an `Offset` (text/span.hpp): a code-point index into the document's
// NFC-normalised UTF-8 text, end exclusive.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/span.hpp"

namespace inzicht::model {

using inzicht::Offset;
using inzicht::Span;

enum class Role { interviewer, respondent };

const char* to_string(Role role);

// A stretch of one speaker. `span` covers the speaker's words only: no label such as
// "Interviewer:", no leading or trailing whitespace.
struct Turn {
  std::string speaker;  // as written in the transcript; empty when the file names nobody
  Role role = Role::respondent;
  Span span;
  std::optional<std::int64_t> time_ms;  // the turn's timestamp, when the source gives one
};

// A paragraph inside one turn; paragraphs never straddle turns.
struct Paragraph {
  Span span;
  std::size_t turn = 0;  // index into Document::turns
};

// A sentence inside one paragraph.
struct Sentence {
  Span span;
  std::size_t paragraph = 0;  // index into Document::paragraphs
};

// One imported transcript.
struct Document {
  std::string name;         // unique in a project: the source file name, e.g. "L01.docx"
  std::string format;       // "txt", "md", "docx", "odt", "srt", "vtt"
  std::string encoding;     // what the bytes were decoded from, e.g. "UTF-8", "windows-1252"
  std::string text;         // NFC, LF newlines, UTF-8
  Offset length = 0;        // code points in `text`
  std::vector<Turn> turns;  // in order, non-overlapping
  std::vector<Paragraph> paragraphs;
  std::vector<Sentence> sentences;
};

}  // namespace inzicht::model
