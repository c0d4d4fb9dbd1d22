// read_docx: the body of word/document.xml (Office Open XML, ECMA-376 part 1 §17) as lines.
// Headers, footers, footnotes, endnotes and comments live in parts of their own, which are
// not read; what document.xml holds besides body text is skipped element by element.

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

constexpr const char* kDocumentPart = "word/document.xml";

const std::vector<XmlNamespace> kNamespaces = {
    {"w", "http://schemas.openxmlformats.org/wordprocessingml/2006/main"},
    {"w", "http://purl.oclc.org/ooxml/wordprocessingml/main"},  // ISO 29500 strict
    {"mc", "http://schemas.openxmlformats.org/markup-compatibility/2006"},
};

bool is(pugi::xml_node node, const char* name) { return std::strcmp(node.name(), name) == 0; }

// Elements whose content is read as if it stood in their place: structure (body, tables),
// inline wrappers (hyperlinks, smart tags, simple fields, content controls) and tracked
// insertions. Anything not named here or in DocxText::visit is skipped with its content:
// properties, deletions (w:del, w:moveFrom), field codes (w:instrText), drawings and
// text boxes, comment and bookmark markers, math.
constexpr const char* kTransparent[] = {
    "w:body",      "w:tbl",       "w:tr",  "w:tc",     "w:sdtContent", "w:customXml", "w:smartTag",
    "w:hyperlink", "w:fldSimple", "w:ins", "w:moveTo", "w:dir",        "w:bdo",
};

bool is_transparent(pugi::xml_node node) {
  for (const char* name : kTransparent) {
    if (is(node, name)) return true;
  }
  return false;
}

// Collects the lines of one document. Recursion depth is bounded by kMaxXmlDepth, which
// parse_xml_part has checked.
class DocxText {
 public:
  Extracted take() { return std::move(out_); }

  void visit_children(pugi::xml_node parent) {
    for (pugi::xml_node child : parent.children()) {
      if (child.type() == pugi::node_element) visit(child);
    }
  }

 private:
  void visit(pugi::xml_node node) {
    if (is(node, "w:p")) {
      out_.lines.push_back(Line{});  // starts_paragraph, and keeps an empty paragraph
      visit_children(node);
    } else if (is(node, "w:r") || is_transparent(node)) {
      visit_children(node);
    } else if (is(node, "w:t")) {
      append_text(node);
    } else if (is(node, "w:tab") || is(node, "w:ptab")) {
      current().text += '\t';
    } else if (is(node, "w:br") || is(node, "w:cr")) {
      current();  // a break before any text still ends the paragraph's first line
      Line line;
      line.starts_paragraph = false;
      out_.lines.push_back(std::move(line));
    } else if (is(node, "w:noBreakHyphen")) {
      current().text += '-';
    } else if (is(node, "w:sdt")) {
      // w:sdtPr holds the control's settings and placeholder, not document text.
      visit_children(node.child("w:sdtContent"));
    } else if (is(node, "mc:AlternateContent")) {
      visit_children(chosen_alternative(node));
    }
    // Everything else, w:softHyphen included, adds nothing.
  }

  // Markup compatibility (ECMA-376 part 3 §10.2): the first choice, else the fallback.
  // The choices Word writes (drawings, newer run content) all carry the same text as the
  // fallback, and reading more than one would repeat it.
  static pugi::xml_node chosen_alternative(pugi::xml_node alternate) {
    if (pugi::xml_node choice = alternate.child("mc:Choice")) return choice;
    return alternate.child("mc:Fallback");
  }

  void append_text(pugi::xml_node t) {
    std::string& text = current().text;
    for (pugi::xml_node data : t.children()) {
      if (data.type() != pugi::node_pcdata && data.type() != pugi::node_cdata) continue;
      // A newline in w:t is not a break in Word, and a Line holds none.
      for (const char c : std::string_view(data.value())) text += c == '\n' ? ' ' : c;
    }
  }

  // The line being filled; text outside any paragraph (not valid, but seen in files
  // written by other tools) opens one.
  Line& current() {
    if (out_.lines.empty()) out_.lines.push_back(Line{});
    return out_.lines.back();
  }

  Extracted out_;
};

}  // namespace

Extracted read_docx(std::string_view bytes, const std::string& source) {
  ZipArchive archive(bytes, source);
  if (!archive.contains(kDocumentPart)) {
    throw InputError(source + ": not a Word document: no " + kDocumentPart);
  }
  const pugi::xml_document doc =
      parse_xml_part(archive.read(kDocumentPart), source, kDocumentPart, kNamespaces);
  const pugi::xml_node body = doc.child("w:document").child("w:body");
  if (!body) {
    throw InputError(source + ": not a Word document: " + kDocumentPart + " has no w:body");
  }
  DocxText text;
  text.visit_children(body);
  return text.take();
}

}  // namespace inzicht::importers
