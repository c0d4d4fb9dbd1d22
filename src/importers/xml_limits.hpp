#pragma once
// The memory bound of the word-processor readers. A parsed XML node costs pugixml about
// 64 bytes and a line of text about as much again, so a small file full of empty
// paragraphs (a 184 KB .docx can hold 120 MiB of "<w:p/>") would take gigabytes once
// parsed. Counting the tags in the raw part first refuses such a file before the parser
// allocates anything.

#include <algorithm>
#include <string>
#include <string_view>

#include "importers/extracted.hpp"
#include "base/error.hpp"

namespace inzicht::importers {

// Throws InputError naming `source` and `part` when `xml` holds more than kMaxXmlNodes
// tags (every '<' counts: elements, end tags, comments, processing instructions).
inline void check_xml_tags(std::string_view xml, const std::string& source,
                           const std::string& part) {
  const auto tags = static_cast<std::uint64_t>(std::count(xml.begin(), xml.end(), '<'));
  if (tags > kMaxXmlNodes) {
    throw InputError(source + ": " + part + ": " + std::to_string(tags) +
                     " XML tags is more than the limit of " + std::to_string(kMaxXmlNodes) +
                     " (a document this large is not a transcript, or was made to exhaust "
                     "memory)");
  }
}

}  // namespace inzicht::importers
