// read_html: HTML transcripts. A small tokenizer, not a DOM: it walks the markup once,
// keeps no tree (so nesting costs nothing) and turns block-level elements into lines.
// The Podcasting 2.0 HTML transcript (<cite>Name:</cite> <time>0:00</time> <p>…</p>)
// gives turns with speakers and times; other pages keep their text, and the builder finds
// "Name:" labels in it as in a text file.

#include <array>
#include <cctype>
#include <string>

#include "importers/markup.hpp"
#include "importers/speaker_labels.hpp"
#include "importers/transcript_readers.hpp"
#include "base/error.hpp"
#include "text/text.hpp"

namespace inzicht::importers {

namespace {

// Elements whose content is not text a reader sees.
constexpr std::array<std::string_view, 9> kSkipped = {
    "script", "style", "head", "title", "noscript", "template", "svg", "math", "iframe"};

// Elements that start and end a line.
constexpr std::array<std::string_view, 30> kBlocks = {
    "p",  "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
    "tr", "td",  "th", "dt", "dd", "table", "section", "article", "blockquote", "header",
    "footer", "main", "aside", "nav", "pre", "hr", "figure", "figcaption"};

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& names, std::string_view name) {
  for (const auto n : names) {
    if (n == name) return true;
  }
  return false;
}

std::string squeeze(std::string_view s) {
  std::string out;
  bool space = false;
  for (const char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

class HtmlText {
 public:
  explicit HtmlText(const std::string& source) : source_(source) {}

  void run(std::string_view html) {
    std::size_t i = 0;
    while (i < html.size()) {
      const char c = html[i];
      if (c == '<') {
        i = tag(html, i);
      } else if (c == '&') {
        decode_reference(html, i, *buffer());
      } else {
        *buffer() += c;
        ++i;
      }
    }
    flush();
  }

  Extracted take() {
    if (podcast_) {
      out_.speakers_given = true;
      out_.layout = "Podcasting 2.0 HTML (<cite> <time> <p>)";
    }
    return std::move(out_);
  }

 private:
  std::string* buffer() { return in_cite_ ? &cite_ : in_time_ ? &time_ : &words_; }

  // Reads the tag at `html[i] == '<'`; returns the index after it.
  std::size_t tag(std::string_view html, std::size_t i) {
    if (html.substr(i, 4) == "<!--") {
      const std::size_t end = html.find("-->", i + 4);
      return end == std::string_view::npos ? html.size() : end + 3;
    }
    std::size_t k = i + 1;
    const bool closing = k < html.size() && html[k] == '/';
    if (closing) ++k;
    std::string name;
    while (k < html.size() && (std::isalnum(static_cast<unsigned char>(html[k])) || html[k] == '-')) {
      name += static_cast<char>(std::tolower(static_cast<unsigned char>(html[k])));
      ++k;
    }
    if (name.empty() && !(k < html.size() && (html[k] == '!' || html[k] == '?'))) {
      *buffer() += '<';  // a '<' that opens no tag is text
      return i + 1;
    }
    // Find the tag's end, stepping over quoted attribute values.
    char quote = 0;
    for (; k < html.size(); ++k) {
      if (quote) {
        if (html[k] == quote) quote = 0;
      } else if (html[k] == '"' || html[k] == '\'') {
        quote = html[k];
      } else if (html[k] == '>') {
        break;
      }
    }
    const std::size_t after = k < html.size() ? k + 1 : html.size();
    if (!closing && one_of(kSkipped, name)) {
      // Raw content up to the matching end tag, case-insensitively.
      const std::string end_tag = "</" + name;
      for (std::size_t at = after; at + end_tag.size() <= html.size(); ++at) {
        if (html[at] != '<') continue;
        bool match = true;
        for (std::size_t n = 0; n < end_tag.size() && match; ++n) {
          match = std::tolower(static_cast<unsigned char>(html[at + n])) == end_tag[n];
        }
        if (match) {
          const std::size_t gt = html.find('>', at);
          return gt == std::string_view::npos ? html.size() : gt + 1;
        }
      }
      return html.size();
    }
    if (name == "cite") {
      if (!closing) {
        flush();
        cite_.clear();
        in_cite_ = true;
      } else if (in_cite_) {
        in_cite_ = false;
        std::string speaker = squeeze(cite_);
        while (!speaker.empty() && (speaker.back() == ':' || speaker.back() == ' ')) {
          speaker.pop_back();
        }
        if (!speaker.empty()) {
          podcast_ = true;
          speaker_ = speaker;
          header_ = squeeze(cite_);
          time_ms_.reset();
          pending_header_ = true;
        }
      }
    } else if (name == "time") {
      if (!closing) {
        time_.clear();
        in_time_ = true;
      } else if (in_time_) {
        in_time_ = false;
        const std::string time = squeeze(time_);
        if (pending_header_) {
          time_ms_ = parse_time_ms(time);
          header_ += ' ';
          header_ += time;
        } else {
          words_ += time;
        }
      }
    } else if (one_of(kBlocks, name)) {
      flush();
      if (name == "br") line_break_ = true;
    }
    return after;
  }

  void flush() {
    if (pending_header_ && !in_cite_) {
      // "Kevin: 0:00" stays in the text as the turn's label.
      pending_header_ = false;
      Line header;
      header.text = header_;
      header.label_bytes = header_.size();
      header.speaker = speaker_;
      header.time_ms = time_ms_;
      push(std::move(header));
    }
    std::string text = squeeze(words_);
    words_.clear();
    if (text.empty()) return;
    Line line;
    line.text = std::move(text);
    line.starts_paragraph = !line_break_;
    line_break_ = false;
    push(std::move(line));
  }

  void push(Line line) {
    if (out_.lines.size() >= kMaxLines) {
      throw InputError(source_ + ": more than " + std::to_string(kMaxLines) + " lines of text");
    }
    out_.lines.push_back(std::move(line));
  }

  const std::string& source_;
  Extracted out_;
  std::string words_, cite_, time_, header_, speaker_;
  std::optional<std::int64_t> time_ms_;
  bool in_cite_ = false, in_time_ = false, pending_header_ = false, podcast_ = false;
  bool line_break_ = false;
};

}  // namespace

Extracted read_html(std::string_view bytes, const std::string& source,
                    const std::optional<std::string>& encoding) {
  const text::Decoded decoded = text::decode(bytes, source, encoding);
  HtmlText reader(source);
  reader.run(decoded.utf8);
  Extracted extracted = reader.take();
  extracted.encoding = decoded.encoding;
  if (extracted.lines.empty()) throw InputError(source + ": the page has no text");
  return extracted;
}

}  // namespace inzicht::importers
