// read_rtf: a small, bounded RTF reader (RTF 1.9.1). It walks the groups, control words
// and text once, without recursion, keeping per-group state (skipped destination, \ucN)
// on a stack bounded by kMaxRtfDepth. Text bytes are in the document's ANSI code page
// (\ansicpgN, default Windows-1252); \uN gives a code point, followed by N fallback
// characters that are skipped. Font, colour and style tables, document info, pictures,
// objects, headers, footers, footnotes, field instructions and every \* destination are
// skipped. \par starts a paragraph, \line a line; \cell and \row end a line.

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <vector>

#include "importers/markup.hpp"
#include "importers/transcript_readers.hpp"
#include "base/error.hpp"
#include "text/text.hpp"

namespace inzicht::importers {

namespace {

constexpr std::array<std::string_view, 40> kSkippedDestinations = {
    "fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "header", "headerl",
    "headerr", "headerf", "footer", "footerl", "footerr", "footerf", "footnote",
    "annotation", "fldinst", "themedata", "colorschememapping", "latentstyles", "datastore",
    "xmlnstbl", "listtable", "listoverridetable", "rsidtbl", "generator", "filetbl",
    "revtbl", "pgdsctbl", "shp", "shpinst", "nonshppict", "atnid", "atnauthor", "bkmkstart",
    "bkmkend", "xe", "tc", "private", "userprops"};

bool skipped_destination(std::string_view word) {
  for (const auto d : kSkippedDestinations) {
    if (d == word) return true;
  }
  return false;
}

struct GroupState {
  bool skip = false;
  int uc = 1;  // fallback characters after \uN
};

class RtfText {
 public:
  explicit RtfText(const std::string& source) : source_(source) {}

  void run(std::string_view rtf) {
    std::vector<GroupState> stack;
    GroupState state;
    int pending_fallback = 0;  // characters still to skip after a \uN
    std::size_t i = 0;
    const auto skip_fallback = [&]() {
      if (pending_fallback > 0) {
        --pending_fallback;
        return true;
      }
      return false;
    };
    while (i < rtf.size()) {
      const char c = rtf[i];
      if (c == '{') {
        if (stack.size() >= static_cast<std::size_t>(kMaxRtfDepth)) {
          throw InputError(source_ + ": RTF groups nested deeper than " +
                           std::to_string(kMaxRtfDepth) + " levels at byte " + std::to_string(i));
        }
        stack.push_back(state);
        pending_fallback = 0;
        ++i;
      } else if (c == '}') {
        if (stack.empty()) {
          ++i;  // text after the document's closing brace: ignored
          ended_ = true;
          continue;
        }
        state = stack.back();
        stack.pop_back();
        pending_fallback = 0;
        ++i;
      } else if (c == '\\') {
        i = control(rtf, i, state, pending_fallback, skip_fallback);
      } else if (c == '\r' || c == '\n') {
        ++i;  // line breaks in the file are not text
      } else {
        if (!skip_fallback() && !state.skip && !ended_) bytes_ += c;
        ++i;
      }
    }
    end_line(true);
  }

  Extracted take() { return std::move(out_); }
  const std::string& code_page() const { return code_page_; }

 private:
  template <typename SkipFallback>
  std::size_t control(std::string_view rtf, std::size_t i, GroupState& state,
                      int& pending_fallback, SkipFallback& skip_fallback) {
    std::size_t k = i + 1;
    if (k >= rtf.size()) return k;
    const char symbol = rtf[k];
    if (!std::isalpha(static_cast<unsigned char>(symbol))) {
      // Control symbols.
      if (symbol == '\'') {
        if (k + 2 < rtf.size() && std::isxdigit(static_cast<unsigned char>(rtf[k + 1])) &&
            std::isxdigit(static_cast<unsigned char>(rtf[k + 2]))) {
          const int value = std::stoi(std::string(rtf.substr(k + 1, 2)), nullptr, 16);
          if (!skip_fallback() && !state.skip && !ended_) bytes_ += static_cast<char>(value);
          return k + 3;
        }
        return k + 1;
      }
      if (symbol == '*') {
        state.skip = true;  // an optional destination this reader does not know
        return k + 1;
      }
      if (skip_fallback()) return k + 1;
      if (!state.skip && !ended_) {
        if (symbol == '\\' || symbol == '{' || symbol == '}') bytes_ += symbol;
        if (symbol == '~') append_code_point(0xA0);
        if (symbol == '_') bytes_ += '-';
        if (symbol == '\n' || symbol == '\r') end_line(true);
        if (symbol == '\t') bytes_ += '\t';
      }
      return k + 1;
    }
    std::string word;
    while (k < rtf.size() && std::isalpha(static_cast<unsigned char>(rtf[k])) && word.size() < 32) {
      word += rtf[k++];
    }
    bool has_param = false;
    long param = 0;
    bool negative = false;
    if (k < rtf.size() && rtf[k] == '-') {
      negative = true;
      ++k;
    }
    int digits = 0;
    while (k < rtf.size() && std::isdigit(static_cast<unsigned char>(rtf[k]))) {
      if (digits++ < 10) param = param * 10 + (rtf[k] - '0');
      has_param = true;
      ++k;
    }
    if (negative) param = -param;
    if (k < rtf.size() && rtf[k] == ' ') ++k;  // the delimiter belongs to the word

    if (word == "bin" && has_param) {
      // Binary data: skipped whole, and never longer than what is left.
      const auto n = static_cast<std::size_t>(param < 0 ? 0 : param);
      return k + std::min(n, rtf.size() - k);
    }
    if (skipped_destination(word)) {
      state.skip = true;
      return k;
    }
    if (word == "ansicpg" && has_param) {
      code_page_ = param == 65001 ? "UTF-8" : "windows-" + std::to_string(param);
    } else if (word == "uc" && has_param) {
      state.uc = static_cast<int>(std::clamp(param, 0L, 10L));
    } else if (word == "u" && has_param) {
      long cp = param < 0 ? param + 65536 : param;
      pending_fallback = state.uc;
      if (!state.skip && !ended_) unicode(static_cast<char32_t>(cp));
    } else if (state.skip || ended_) {
      // nothing
    } else if (word == "par" || word == "sect" || word == "page") {
      end_line(true);
    } else if (word == "line") {
      end_line(false);
      line_break_ = true;
    } else if (word == "cell" || word == "row" || word == "nestcell") {
      end_line(true);
    } else if (word == "tab") {
      bytes_ += '\t';
    } else if (word == "emdash") {
      append_code_point(0x2014);
    } else if (word == "endash") {
      append_code_point(0x2013);
    } else if (word == "lquote") {
      append_code_point(0x2018);
    } else if (word == "rquote") {
      append_code_point(0x2019);
    } else if (word == "ldblquote") {
      append_code_point(0x201C);
    } else if (word == "rdblquote") {
      append_code_point(0x201D);
    } else if (word == "bullet") {
      append_code_point(0x2022);
    }
    return k;
  }

  void unicode(char32_t c) {
    if (c >= 0xD800 && c <= 0xDBFF) {
      high_surrogate_ = c;
      return;
    }
    if (c >= 0xDC00 && c <= 0xDFFF) {
      if (high_surrogate_) {
        append_code_point(0x10000 + ((high_surrogate_ - 0xD800) << 10) + (c - 0xDC00));
      }
      high_surrogate_ = 0;
      return;
    }
    high_surrogate_ = 0;
    if (c >= 0x20 || c == '\t') append_code_point(c);
  }

  void append_code_point(char32_t c) {
    flush_bytes();
    append_utf8(text_, c);
  }

  // Text bytes are in the code page; convert them when a \uN or a line end follows.
  void flush_bytes() {
    if (bytes_.empty()) return;
    bool ascii = true;
    for (const char b : bytes_) ascii = ascii && static_cast<unsigned char>(b) < 0x80;
    if (ascii) {
      text_ += bytes_;
    } else {
      text_ += text::decode(bytes_, source_, code_page_).utf8;
    }
    bytes_.clear();
  }

  void end_line(bool paragraph) {
    flush_bytes();
    std::string line;
    for (const char c : text_) {
      if (c != '\n' && c != '\r' && (static_cast<unsigned char>(c) >= 0x20 || c == '\t')) line += c;
    }
    text_.clear();
    const bool empty = line.find_first_not_of(" \t") == std::string::npos;
    if (!empty || (paragraph && !out_.lines.empty())) {
      if (out_.lines.size() >= kMaxLines) {
        throw InputError(source_ + ": more than " + std::to_string(kMaxLines) + " lines");
      }
      Line l;
      l.text = std::move(line);
      l.starts_paragraph = !line_break_;
      out_.lines.push_back(std::move(l));
    }
    line_break_ = false;
  }

  const std::string& source_;
  Extracted out_;
  std::string bytes_, text_;
  std::string code_page_ = "windows-1252";
  char32_t high_surrogate_ = 0;
  bool line_break_ = false;
  bool ended_ = false;
};

}  // namespace

Extracted read_rtf(std::string_view bytes, const std::string& source) {
  if (!bytes.starts_with("{\\rtf")) {
    throw InputError(source + ": not an RTF file (it must start with '{\\rtf')");
  }
  RtfText reader(source);
  reader.run(bytes);
  Extracted extracted = reader.take();
  
  extracted.encoding = reader.code_page();
  // Trailing empty paragraphs add nothing.
  while (!extracted.lines.empty() &&
         extracted.lines.back().text.find_first_not_of(" \t") == std::string::npos) {
    extracted.lines.pop_back();
  }
  if (extracted.lines.empty()) throw InputError(source + ": the RTF document has no text");
  return extracted;
}

}  // namespace inzicht::importers
