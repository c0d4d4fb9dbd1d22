// read_pdf: the text layer of a PDF, through poppler's C++ library, in reading order.
// What a PDF page holds is lines as printed, so the reader undoes the printing: lines
// that recur at the top or bottom of most pages (running headers and footers, once their
// digits are ignored) and page numbers are dropped, a word hyphenated at a line end is
// rejoined, and lines wrapped inside a paragraph are joined again. A new paragraph
// starts after a blank line, after a line that ends well short of the page's usual line
// length, and at a line that opens with a speaker label.

#include <algorithm>
#include <cctype>
#include <limits>
#include <map>
#include <memory>
#include <mutex>

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>
#include <string>
#include <vector>

#include "importers/speaker_labels.hpp"
#include "importers/transcript_readers.hpp"
#include "base/error.hpp"
#include "text/text.hpp"

namespace inzicht::importers {

namespace {

// Core code never prints: poppler's warnings about damaged files are not shown.
void quiet(const std::string&, void*) {}

std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\f\r");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\f\r");
  return std::string(s.substr(first, last - first + 1));
}

// "12", "- 12 -", "Page 3", "Pagina 3 van 10", "3 / 10", "3 of 10".
bool page_number(std::string_view line) {
  std::string folded = text::fold_text(line);
  std::string kept;
  for (const char c : folded) {
    if (c != ' ' && c != '-' && c != '.' && c != '|') kept += c;
  }
  for (const std::string_view word : {"page", "pagina", "blz", "p"}) {
    if (kept.starts_with(word)) {
      kept.erase(0, word.size());
      break;
    }
  }
  if (kept.empty()) return false;
  std::size_t digits = 0;
  while (digits < kept.size() && std::isdigit(static_cast<unsigned char>(kept[digits]))) ++digits;
  if (digits == 0 || digits > 5) return false;
  std::string rest = kept.substr(digits);
  for (const std::string_view sep : {"of", "van", "/"}) {
    if (rest.starts_with(sep)) {
      rest.erase(0, sep.size());
      break;
    }
  }
  return rest.find_first_not_of("0123456789") == std::string::npos;
}

// A line with its digits masked, so "Interview L07 — page 3" recurs as one header.
std::string shape(std::string_view line) {
  std::string out;
  for (const char c : line) out += std::isdigit(static_cast<unsigned char>(c)) ? '#' : c;
  return out;
}

Offset length_of(const std::string& line) { return text::count_code_points(line); }

bool ends_hyphenated(const std::string& line) {
  if (line.size() < 2 || line.back() != '-') return false;
  const auto before = static_cast<unsigned char>(line[line.size() - 2]);
  return std::isalpha(before) || before >= 0x80;
}

bool starts_lowercase(const std::string& line) {
  const std::u32string cps = text::code_points(line.substr(0, std::min<std::size_t>(8, line.size())));
  if (cps.empty()) return false;
  const char32_t c = cps.front();
  return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0xFF && c != 0xF7);
}

}  // namespace

Extracted read_pdf(std::string_view bytes, const std::string& source) {
  // Import reads files on several threads; poppler keeps global state (its parameters,
  // the error function), so one PDF is read at a time.
  static std::mutex poppler_lock;
  const std::lock_guard lock(poppler_lock);
  poppler::set_debug_error_function(quiet, nullptr);
  if (!bytes.starts_with("%PDF-") && bytes.substr(0, 1024).find("%PDF-") == std::string_view::npos) {
    throw InputError(source + ": not a PDF file (no %PDF- header)");
  }
  if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    throw InputError(source + ": too large for a PDF transcript");
  }
  const std::unique_ptr<poppler::document> document(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!document) throw InputError(source + ": not a readable PDF (damaged, or not a PDF)");
  if (document->is_locked()) {
    throw InputError(source + ": the PDF is encrypted with a password; save an unprotected copy");
  }
  const int pages = document->pages();
  if (pages <= 0) throw InputError(source + ": the PDF has no pages");
  if (static_cast<std::uint64_t>(pages) > kMaxPdfPages) {
    throw InputError(source + ": " + std::to_string(pages) + " pages is more than the limit of " +
                     std::to_string(kMaxPdfPages));
  }

  // Each page's lines, trimmed; blank lines kept as "" (paragraph breaks).
  std::vector<std::vector<std::string>> page_lines(static_cast<std::size_t>(pages));
  std::size_t characters = 0;
  for (int p = 0; p < pages; ++p) {
    const std::unique_ptr<poppler::page> page(document->create_page(p));
    if (!page) continue;
    const poppler::byte_array utf8 =
        page->text(poppler::rectf(), poppler::page::non_raw_non_physical_layout).to_utf8();
    std::string content(utf8.begin(), utf8.end());
    if (const auto bad = first_invalid_utf8(content)) content.resize(*bad);
    std::size_t at = 0;
    while (at <= content.size()) {
      std::size_t nl = content.find('\n', at);
      if (nl == std::string::npos) nl = content.size();
      std::string line = trim(std::string_view(content).substr(at, nl - at));
      line.erase(std::remove(line.begin(), line.end(), '\f'), line.end());
      characters += line.size();
      page_lines[static_cast<std::size_t>(p)].push_back(std::move(line));
      at = nl + 1;
    }
  }
  if (characters == 0) {
    throw InputError(source + ": the PDF has no text layer (a scanned document?); run OCR on "
                     "it first, e.g. with ocrmypdf, and import the result");
  }

  // Running headers and footers: among the first and last two non-blank lines of each
  // page, a shape found on at least half of the pages (and on two or more).
  const auto edges = [](const std::vector<std::string>& lines) {
    std::vector<std::size_t> at;
    for (std::size_t i = 0; i < lines.size() && at.size() < 2; ++i) {
      if (!lines[i].empty()) at.push_back(i);
    }
    std::vector<std::size_t> bottom;
    for (std::size_t i = lines.size(); i-- > 0 && bottom.size() < 2;) {
      if (!lines[i].empty()) bottom.push_back(i);
    }
    for (const std::size_t i : bottom) {
      if (std::find(at.begin(), at.end(), i) == at.end()) at.push_back(i);
    }
    return at;
  };
  std::map<std::string, int> shapes;
  for (const auto& lines : page_lines) {
    std::vector<std::string> seen;
    for (const std::size_t i : edges(lines)) {
      const std::string s = shape(lines[i]);
      if (std::find(seen.begin(), seen.end(), s) == seen.end()) {
        seen.push_back(s);
        ++shapes[s];
      }
    }
  }
  const int threshold = std::max(2, (pages + 1) / 2);
  for (auto& lines : page_lines) {
    for (const std::size_t i : edges(lines)) {
      if (page_number(lines[i]) || (pages >= 2 && shapes[shape(lines[i])] >= threshold)) {
        lines[i].clear();
      }
    }
  }

  // Join wrapped lines into paragraphs, page after page.
  const SpeakerLabels labels;
  Extracted extracted;
  extracted.encoding = "PDF";
  std::string paragraph;
  bool paragraph_break = true;
  const auto flush = [&] {
    if (!paragraph.empty()) {
      if (extracted.lines.size() >= kMaxLines) {
        throw InputError(source + ": more than " + std::to_string(kMaxLines) + " lines");
      }
      extracted.lines.push_back(Line{.text = paragraph});
    }
    paragraph.clear();
  };
  Offset previous_length = 0;
  for (const auto& lines : page_lines) {
    // The page's usual full line length: the longest lines, ignoring a few outliers.
    std::vector<Offset> lengths;
    for (const auto& line : lines) {
      if (!line.empty()) lengths.push_back(length_of(line));
    }
    std::sort(lengths.begin(), lengths.end());
    const Offset full = lengths.empty() ? 0 : lengths[lengths.size() * 9 / 10];
    for (const std::string& line : lines) {
      if (line.empty()) {
        paragraph_break = true;
        continue;
      }
      const Offset length = length_of(line);
      const bool label = labels.match(line).has_value();
      if (paragraph_break || label || paragraph.empty()) {
        flush();
        paragraph = line;
      } else if (ends_hyphenated(paragraph) && starts_lowercase(line)) {
        paragraph.pop_back();  // "informa-" + "tion"
        paragraph += line;
      } else {
        paragraph += ' ';
        paragraph += line;
      }
      paragraph_break = false;
      previous_length = length;
      // A line ending well short of the full width (under 60%) ends its paragraph. poppler
      // already joins some wrapped lines, so "full" can be longer than a printed line.
      if (full > 0 && previous_length * 5 < full * 3) paragraph_break = true;
    }
  }
  flush();
  return extracted;
}

}  // namespace inzicht::importers
