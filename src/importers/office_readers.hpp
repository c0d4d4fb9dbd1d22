#pragma once
// Readers for word-processor transcripts: .docx (Office Open XML) and .odt
// (OpenDocument Text), both ZIP containers read through libzip and parsed with pugixml.
// Body paragraphs become lines; line breaks split lines inside a paragraph; tabs are
// kept as '\t'; table cells become lines of their own; headers, footers, comments,
// footnotes and tracked deletions are skipped, tracked insertions kept.

#include <string>
#include <string_view>

#include "importers/extracted.hpp"

namespace inzicht::importers {

// `bytes` is the whole file; `source` names it in error messages. Both throw InputError
// for a file that is not a valid container of that format (truncated, not a ZIP, a
// missing main part, malformed XML with its part and offset) or that breaks a limit in
// extracted.hpp.
Extracted read_docx(std::string_view bytes, const std::string& source);
Extracted read_odt(std::string_view bytes, const std::string& source);

}  // namespace inzicht::importers
