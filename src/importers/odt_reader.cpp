// read_odt: the body of content.xml (OpenDocument 1.2 part 1, §3.4 and §5–6) as lines.
// Headers and footers live in styles.xml, which is not read; the tracked-changes block
// (which holds deleted text), notes, annotations and drawings are skipped.

#include <algorithm>
#include <charconv>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "importers/office_readers.hpp"
#include "package/xml_part.hpp"
#include "package/zip_archive.hpp"
#include "base/error.hpp"

namespace inzicht::importers {

using package::parse_xml_part;
using package::XmlNamespace;
using package::ZipArchive;

namespace {

constexpr const char* kContentPart = "content.xml";
constexpr std::string_view kTextMimetype = "application/vnd.oasis.opendocument.text";
constexpr std::string_view kTemplateMimetype = "application/vnd.oasis.opendocument.text-template";
// The longest run text:s may ask for; LibreOffice caps it the same way.
constexpr long kMaxSpaces = 65535;

const std::vector<XmlNamespace> kNamespaces = {
    {"office", "urn:oasis:names:tc:opendocument:xmlns:office:1.0"},
    {"text", "urn:oasis:names:tc:opendocument:xmlns:text:1.0"},
    {"table", "urn:oasis:names:tc:opendocument:xmlns:table:1.0"},
    {"draw", "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"},
    {"dr3d", "urn:oasis:names:tc:opendocument:xmlns:dr3d:1.0"},
};

bool is(pugi::xml_node node, const char* name) { return std::strcmp(node.name(), name) == 0; }

bool starts_with(pugi::xml_node node, std::string_view prefix) {
  return std::string_view(node.name()).starts_with(prefix);
}

// Block-level elements whose content is read as if it stood in their place. Others
// (text:tracked-changes, text:sequence-decls, indexes, forms, frames) are skipped.
constexpr const char* kBlockContainers[] = {
    "text:list",        "text:list-item",          "text:list-header",
    "text:section",     "text:numbered-paragraph", "table:table",
    "table:table-rows", "table:table-header-rows", "table:table-row-group",
    "table:table-row",  "table:table-cell",
};

bool is_block_container(pugi::xml_node node) {
  for (const char* name : kBlockContainers) {
    if (is(node, name)) return true;
  }
  return false;
}

// Inline elements whose character data is not part of the paragraph's text (§6.1.1):
// notes, ruby annotations, comments and drawing shapes; plus change and bookmark marks,
// which are empty.
bool is_skipped_inline(pugi::xml_node node) {
  return is(node, "text:note") || is(node, "text:ruby-text") ||
         starts_with(node, "office:annotation") || starts_with(node, "draw:") ||
         starts_with(node, "dr3d:") || is(node, "text:tracked-changes");
}

// The mimetype as it may appear in a one-line message.
std::string shown(std::string_view mimetype) {
  const bool printable =
      mimetype.size() <= 100 &&
      std::all_of(mimetype.begin(), mimetype.end(), [](char c) { return c > ' ' && c < 0x7f; });
  return printable ? std::string(mimetype) : "not readable";
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Collects the lines of one document. Recursion depth is bounded by kMaxXmlDepth, which
// parse_xml_part has checked.
class OdtText {
 public:
  Extracted take() { return std::move(out_); }

  void blocks(pugi::xml_node parent) {
    for (pugi::xml_node child : parent.children()) {
      if (child.type() != pugi::node_element) continue;
      if (is(child, "text:p") || is(child, "text:h")) {
        paragraph(child);
      } else if (is_block_container(child)) {
        blocks(child);
      }
    }
  }

 private:
  void paragraph(pugi::xml_node p) {
    out_.lines.push_back(Line{});
    ignore_space_ = true;
    pending_space_ = false;
    inline_content(p);
    // Trailing white space of a paragraph is dropped (§6.1.2): a pending space is simply
    // never written.
  }

  // White space follows ODF 1.2 §6.1.2 as LibreOffice implements it: runs of space, tab,
  // CR and LF in character data become one space, none at the start or end of the
  // paragraph; text:s, text:tab and text:line-break are written as they are.
  void inline_content(pugi::xml_node parent) {
    for (pugi::xml_node child : parent.children()) {
      switch (child.type()) {
        case pugi::node_pcdata:
        case pugi::node_cdata:
          characters(child.value());
          break;
        case pugi::node_element:
          element(child);
          break;
        default:
          break;
      }
    }
  }

  void element(pugi::xml_node node) {
    if (is(node, "text:s")) {
      flush_space();
      out_.lines.back().text.append(static_cast<std::size_t>(space_count(node)), ' ');
    } else if (is(node, "text:tab")) {
      flush_space();
      out_.lines.back().text += '\t';
      ignore_space_ = false;
    } else if (is(node, "text:line-break")) {
      flush_space();
      Line line;
      line.starts_paragraph = false;
      out_.lines.push_back(std::move(line));
      ignore_space_ = false;
    } else if (!is_skipped_inline(node)) {
      // text:span, text:a, text:meta, fields such as text:date: their text is shown.
      inline_content(node);
    }
  }

  void characters(std::string_view data) {
    std::string& text = out_.lines.back().text;
    for (const char c : data) {
      if (is_space(c)) {
        if (!ignore_space_) pending_space_ = true;
        ignore_space_ = true;
      } else {
        flush_space();
        text += c;
        ignore_space_ = false;
      }
    }
  }

  void flush_space() {
    if (pending_space_) out_.lines.back().text += ' ';
    pending_space_ = false;
  }

  static long space_count(pugi::xml_node s) {
    const std::string_view value = s.attribute("text:c").value();
    long count = 1;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), count);
    if (value.empty() || error != std::errc() || end != value.data() + value.size() || count < 1) {
      return 1;
    }
    return count > kMaxSpaces ? kMaxSpaces : count;
  }

  Extracted out_;
  bool ignore_space_ = true;    // white space here is dropped (start, or after a space)
  bool pending_space_ = false;  // one space to write before the next character
};

}  // namespace

Extracted read_odt(std::string_view bytes, const std::string& source) {
  ZipArchive archive(bytes, source);
  // The mimetype entry is optional for packages, but when present it says what this is.
  if (archive.contains("mimetype")) {
    const std::string mimetype = archive.read("mimetype");
    if (mimetype != kTextMimetype && mimetype != kTemplateMimetype) {
      throw InputError(source + ": not an OpenDocument text: mimetype is " + shown(mimetype));
    }
  }
  if (!archive.contains(kContentPart)) {
    throw InputError(source + ": not an OpenDocument text: no " + kContentPart);
  }
  const pugi::xml_document doc =
      parse_xml_part(archive.read(kContentPart), source, kContentPart, kNamespaces);
  const pugi::xml_node text =
      doc.child("office:document-content").child("office:body").child("office:text");
  if (!text) {
    throw InputError(source + ": not an OpenDocument text: " + kContentPart +
                     " has no office:body/office:text");
  }
  OdtText reader;
  reader.blocks(text);
  return reader.take();
}

}  // namespace inzicht::importers
