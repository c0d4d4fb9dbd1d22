// read_docx: the body of word/document.xml (Office Open XML, ECMA-376 part 1 §17) as lines.
// Headers, footers, footnotes, endnotes and comments live in parts of their own, which are
// not read; what document.xml holds besides body text is skipped element by element.

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "importers/office_readers.hpp"
#include "importers/speaker_labels.hpp"
#include "importers/xml_limits.hpp"
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
    "w:body",      "w:tr",  "w:tc",     "w:sdtContent", "w:customXml", "w:smartTag",
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
    if (is(node, "w:tbl")) {
      table(node);
    } else if (is(node, "w:p")) {
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

  // A table is read cell by cell. When it is a transcript laid out as a table (speaker |
  // text, or time | speaker | text, a header row allowed), each row becomes one line
  // "time\tspeaker\t" + words whose label names the speaker; otherwise each cell's
  // paragraphs become lines, as in the body.
  void table(pugi::xml_node tbl) {
    std::vector<std::vector<std::vector<Line>>> rows;  // row → cell → lines
    for (pugi::xml_node tr : tbl.children("w:tr")) {
      auto& row = rows.emplace_back();
      for (pugi::xml_node tc : tr.children("w:tc")) {
        DocxText cell;
        cell.visit_children(tc);
        row.push_back(cell.take().lines);
      }
    }
    if (!transcript_table(rows)) {
      for (auto& row : rows) {
        for (auto& cell : row) {
          for (Line& line : cell) out_.lines.push_back(std::move(line));
        }
      }
    }
  }

  static std::string cell_text(const std::vector<Line>& cell) {
    std::string text;
    for (const Line& line : cell) {
      if (!text.empty()) text += ' ';
      text += line.text;
    }
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
  }

  // Column headings of transcript tables, Dutch and English.
  static bool heading(const std::string& cell) {
    std::string folded;
    for (const char c : cell) {
      if (c != ':') folded += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    for (const char* word : {"spreker", "speaker", "naam", "name", "wie", "who", "persoon",
                             "deelnemer", "participant", "tijd", "time", "tijdstip",
                             "timestamp", "tijdcode", "timecode", "tekst", "text",
                             "transcript", "transcriptie", "uitspraak", "utterance"}) {
      if (folded == word) return true;
    }
    return false;
  }

  static bool plausible_speaker(const std::string& s) {
    if (s.empty() || s.size() > 60) return false;
    return std::count(s.begin(), s.end(), ' ') <= 5 && !parse_time_ms(s);
  }

  bool transcript_table(std::vector<std::vector<std::vector<Line>>>& rows) {
    if (rows.size() < 2) return false;
    const std::size_t columns = rows.back().size();
    if (columns != 2 && columns != 3) return false;
    // Which column holds times (three columns: the first or the second).
    int time_column = -1;
    if (columns == 3) {
      for (int c = 0; c < 2 && time_column < 0; ++c) {
        std::size_t times = 0;
        for (const auto& row : rows) {
          times += row.size() == 3 && parse_time_ms(cell_text(row[static_cast<std::size_t>(c)]));
        }
        if (times * 10 >= rows.size() * 7) time_column = c;
      }
      if (time_column < 0) return false;
    }
    const std::size_t speaker_column = columns == 3 ? (time_column == 0 ? 1 : 0) : 0;
    const std::size_t text_column = columns - 1;
    // Most rows must have that shape and a short speaker cell; the first may be a header.
    std::size_t good = 0;
    for (const auto& row : rows) {
      good += row.size() == columns && plausible_speaker(cell_text(row[speaker_column])) &&
              (time_column < 0 || parse_time_ms(cell_text(row[static_cast<std::size_t>(time_column)])));
    }
    if (good * 10 < (rows.size() - 1) * 8 || good < 2) return false;
    // A transcript has speakers who speak more than once; a table of themes and quotes
    // ("Drempel | 'Geen tijd'") does not.
    std::map<std::string, int> turns_of;
    bool repeats = false;
    for (const auto& row : rows) {
      if (row.size() == columns) repeats = ++turns_of[cell_text(row[speaker_column])] > 1 || repeats;
    }
    if (!repeats) return false;
    const std::size_t begin = out_.lines.size();
    for (auto& row : rows) {
      const bool turn = row.size() == columns && !(&row == &rows.front() &&
                                                   heading(cell_text(row[speaker_column]))) &&
                        plausible_speaker(cell_text(row[speaker_column])) &&
                        (time_column < 0 || parse_time_ms(cell_text(row[static_cast<std::size_t>(time_column)])));
      std::string label;
      for (std::size_t c = 0; c < row.size() && c < text_column; ++c) {
        label += cell_text(row[c]);
        label += '\t';
      }
      Line first;
      first.text = label;
      first.outside_turns = !turn;
      if (turn) {
        std::string speaker = cell_text(row[speaker_column]);
        while (!speaker.empty() && (speaker.back() == ':' || speaker.back() == ' ')) speaker.pop_back();
        first.speaker = speaker;
        first.label_bytes = label.size();
        if (time_column >= 0) first.time_ms = parse_time_ms(cell_text(row[static_cast<std::size_t>(time_column)]));
      }
      std::vector<Line> words = row.size() > text_column ? std::move(row[text_column]) : std::vector<Line>{};
      std::size_t next = 0;
      if (!words.empty()) first.text += words[next++].text;
      out_.lines.push_back(std::move(first));
      for (; next < words.size(); ++next) {
        words[next].outside_turns = !turn;
        out_.lines.push_back(std::move(words[next]));
      }
    }
    table_lines_.emplace_back(begin, out_.lines.size());
    table_layout_ = columns == 3 ? (time_column == 0 ? "Word table (time | speaker | text)"
                                                     : "Word table (speaker | time | text)")
                                 : "Word table (speaker | text)";
    return true;
  }

 public:
  // Set when a table was read as a transcript, with the lines it became.
  std::string table_layout_;
  std::vector<std::pair<std::size_t, std::size_t>> table_lines_;

 private:
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
  const std::string part = archive.read(kDocumentPart);
  check_xml_tags(part, source, kDocumentPart);
  const pugi::xml_document doc = parse_xml_part(part, source, kDocumentPart, kNamespaces);
  const pugi::xml_node body = doc.child("w:document").child("w:body");
  if (!body) {
    throw InputError(source + ": not a Word document: " + kDocumentPart + " has no w:body");
  }
  DocxText text;
  text.visit_children(body);
  const std::string layout = text.table_layout_;
  const auto table_lines = text.table_lines_;
  Extracted extracted = text.take();
  // The table is the transcript only when it holds most of the document's text; otherwise
  // its rows stay lines (with "Name\t" before the words) among labelled paragraphs.
  std::size_t inside = 0;
  for (const auto& [begin, end] : table_lines) inside += end - begin;
  std::size_t words = 0;
  for (const Line& line : extracted.lines) {
    words += line.text.find_first_not_of(" \t") != std::string::npos;
  }
  if (!layout.empty() && inside * 2 >= words) {
    // The turns are in the table; paragraphs around it (a title, notes) are in none.
    extracted.speakers_given = true;
    extracted.layout = layout;
    std::size_t at = 0;
    for (const auto& [begin, end] : table_lines) {
      for (; at < begin; ++at) extracted.lines[at].outside_turns = true;
      at = end;
    }
    for (; at < extracted.lines.size(); ++at) extracted.lines[at].outside_turns = true;
  }
  if (extracted.lines.size() > kMaxLines) {
    throw InputError(source + ": more than " + std::to_string(kMaxLines) + " paragraphs");
  }
  return extracted;
}

}  // namespace inzicht::importers
