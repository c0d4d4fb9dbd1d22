#pragma once
// One XML part of a .docx or .odt container (word/document.xml, content.xml), parsed with
// pugixml: the one place the importers parse XML. A part is untrusted input: malformed
// XML and invalid UTF-8 are reported with the part and byte offset, and element nesting is
// bounded by kMaxXmlDepth, so that readers may walk the tree recursively.
//
// Readers match element names as strings ("w:p", "text:span"). So that this holds for
// any file, the parser rewrites names from the prefixes a file happens to bind to the
// prefixes the reader asks for (XML Namespaces 1.0: only the namespace URI matters).

#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace inzicht::package {

// A namespace a reader understands, and the prefix its code writes for it.
struct XmlNamespace {
  std::string_view prefix;  // "w"
  std::string_view uri;     // "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
};

// Parses `bytes`, the part `part` (e.g. "word/document.xml") of the file `source`.
// Every element and prefixed attribute whose namespace is in `known` is renamed to
// "<prefix>:<local name>" with the prefix given there (several URIs may share a prefix);
// a name in another namespace whose prefix happens to be one of those in `known` gets a
// leading '?' so that it cannot be mistaken for one of them. Names with an undeclared
// prefix are left as written. Whitespace-only character data is kept.
// Throws InputError, naming `source` and `part`: "XML error at byte N: <what>" for
// malformed XML, "invalid UTF-8 at byte N", a character reference to a code point that
// is not a Unicode scalar value, or "elements nested deeper than <kMaxXmlDepth> levels".
// A DOCTYPE is skipped and its entities are never expanded.
pugi::xml_document parse_xml_part(std::string_view bytes, const std::string& source,
                                  const std::string& part, const std::vector<XmlNamespace>& known);

}  // namespace inzicht::package
