#include "importers/readers.hpp"

#include <vector>

#include "base/strings.hpp"
#include "importers/speaker_labels.hpp"
#include "base/error.hpp"
#include "text/text.hpp"

namespace inzicht::importers {

namespace {

bool blank(std::string_view line) {
  return line.find_first_not_of(" \t\f\v") == std::string_view::npos;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find('\n', start);
    if (end == std::string::npos) {
      lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  // A final newline ends the last line; it does not open an empty one.
  if (lines.size() > 1 && lines.back().empty()) lines.pop_back();
  return lines;
}

std::string decoded_lines(std::string_view bytes, const std::string& source,
                          const std::optional<std::string>& encoding, std::string& used) {
  text::Decoded decoded = text::decode(bytes, source, encoding);
  used = decoded.encoding;
  return text::normalize_newlines(decoded.utf8);
}

// Appends `c` as UTF-8.
void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// Decodes an HTML character reference starting at `text[i] == '&'`; advances `i`.
// Unknown references are kept as written.
void decode_reference(std::string_view text, std::size_t& i, std::string& out) {
  const std::size_t semi = text.find(';', i);
  if (semi == std::string_view::npos || semi - i > 10) {
    out += text[i++];
    return;
  }
  const std::string_view name = text.substr(i + 1, semi - i - 1);
  static const std::pair<std::string_view, char32_t> kNamed[] = {
      {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''},
      {"nbsp", 0xA0}, {"lrm", 0x200E}, {"rlm", 0x200F}};
  for (const auto& [entity, c] : kNamed) {
    if (name == entity) {
      append_utf8(out, c);
      i = semi + 1;
      return;
    }
  }
  if (name.size() > 1 && name[0] == '#') {
    const bool hex = name[1] == 'x' || name[1] == 'X';
    char32_t c = 0;
    bool ok = name.size() > (hex ? 2u : 1u);
    for (std::size_t k = hex ? 2 : 1; k < name.size() && ok; ++k) {
      const char d = name[k];
      int v = -1;
      if (d >= '0' && d <= '9') v = d - '0';
      if (hex && d >= 'a' && d <= 'f') v = d - 'a' + 10;
      if (hex && d >= 'A' && d <= 'F') v = d - 'A' + 10;
      ok = v >= 0 && c < 0x110000;
      c = c * (hex ? 16u : 10u) + static_cast<char32_t>(v);
    }
    if (ok && c > 0x1F && c < 0x110000 && !(c >= 0xD800 && c <= 0xDFFF)) {
      append_utf8(out, c);
      i = semi + 1;
      return;
    }
  }
  out += text[i++];
}

// Collapses runs of spaces (from joined cue lines and removed tags) and trims.
std::string squeeze(std::string_view s) {
  std::string out;
  bool space = false;
  for (const char c : s) {
    if (c == ' ' || c == '\t' || c == '\n') {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

struct Timing {
  std::int64_t start = 0;
  std::int64_t end = 0;
};

std::optional<Timing> parse_timing(std::string_view line) {
  const std::size_t arrow = line.find("-->");
  if (arrow == std::string_view::npos) return std::nullopt;
  const std::string left = trim(line.substr(0, arrow));
  std::string right = trim(line.substr(arrow + 3));
  right = right.substr(0, right.find_first_of(" \t"));  // WebVTT cue settings follow
  const auto start = parse_time_ms(left);
  const auto end = parse_time_ms(right);
  if (!start || !end) return std::nullopt;
  return Timing{*start, *end};
}

[[noreturn]] void bad_line(const std::string& source, std::size_t line, const std::string& what) {
  throw InputError(source + ":" + std::to_string(line + 1) + ": " + what);
}

}  // namespace

Extracted read_text(std::string_view bytes, const std::string& source,
                    const std::optional<std::string>& encoding) {
  Extracted extracted;
  const std::vector<std::string> lines =
      split_lines(decoded_lines(bytes, source, encoding, extracted.encoding));
  bool blocks = false;  // whether blank lines separate blocks of text
  bool seen_text = false;
  for (const std::string& line : lines) {
    if (!blank(line)) {
      seen_text = true;
    } else if (seen_text) {
      blocks = true;
      break;
    }
  }
  bool after_blank = true;
  for (const std::string& line : lines) {
    extracted.lines.push_back({line, !blocks || after_blank, std::nullopt, std::nullopt,
                               std::nullopt});
    after_blank = blank(line);
  }
  return extracted;
}

Extracted read_srt(std::string_view bytes, const std::string& source,
                   const std::optional<std::string>& encoding) {
  Extracted extracted;
  extracted.cues = true;
  const std::vector<std::string> lines =
      split_lines(decoded_lines(bytes, source, encoding, extracted.encoding));
  std::size_t i = 0;
  while (i < lines.size()) {
    if (blank(lines[i])) {
      ++i;
      continue;
    }
    auto timing = parse_timing(lines[i]);
    if (!timing && i + 1 < lines.size()) timing = parse_timing(lines[++i]);
    if (!timing) {
      bad_line(source, i, "expected a cue timing like '00:01:02,500 --> 00:01:05,000'");
    }
    std::string payload;
    for (++i; i < lines.size() && !blank(lines[i]); ++i) {
      payload += lines[i];
      payload += ' ';
    }
    // Drop HTML-like tags (<i>, <font …>) and ASS overrides ({\an8}).
    std::string clean;
    for (std::size_t k = 0; k < payload.size();) {
      const char c = payload[k];
      const char close = c == '<' ? '>' : (c == '{' && k + 1 < payload.size() &&
                                           payload[k + 1] == '\\') ? '}' : '\0';
      const std::size_t end = close ? payload.find(close, k) : std::string::npos;
      if (close && end != std::string::npos) {
        k = end + 1;
      } else if (c == '&') {
        decode_reference(payload, k, clean);
      } else {
        clean += c;
        ++k;
      }
    }
    extracted.lines.push_back({squeeze(clean), true, std::nullopt, timing->start, timing->end});
  }
  if (extracted.lines.empty()) throw InputError(source + ": no subtitle cues found");
  return extracted;
}

Extracted read_vtt(std::string_view bytes, const std::string& source,
                   const std::optional<std::string>& encoding) {
  Extracted extracted;
  extracted.cues = true;
  const std::vector<std::string> lines =
      split_lines(decoded_lines(bytes, source, encoding, extracted.encoding));
  if (lines.empty() || lines[0].rfind("WEBVTT", 0) != 0 ||
      (lines[0].size() > 6 && lines[0][6] != ' ' && lines[0][6] != '\t')) {
    throw InputError(source + ":1: not a WebVTT file (the first line must be 'WEBVTT')");
  }
  std::size_t i = 1;
  while (i < lines.size() && !blank(lines[i])) ++i;  // header lines
  while (i < lines.size()) {
    if (blank(lines[i])) {
      ++i;
      continue;
    }
    const std::string first = trim(lines[i]);
    if (first.rfind("NOTE", 0) == 0 || first.rfind("STYLE", 0) == 0 ||
        first.rfind("REGION", 0) == 0) {
      while (i < lines.size() && !blank(lines[i])) ++i;
      continue;
    }
    auto timing = parse_timing(lines[i]);
    if (!timing && i + 1 < lines.size() && !blank(lines[i + 1])) timing = parse_timing(lines[++i]);
    if (!timing) {
      bad_line(source, i, "expected a cue timing like '00:01:02.500 --> 00:01:05.000'");
    }
    std::string payload;
    for (++i; i < lines.size() && !blank(lines[i]); ++i) {
      payload += lines[i];
      payload += '\n';
    }
    // Split the payload at voice spans; drop every other tag.
    std::optional<std::string> voice;
    std::string words;
    const auto flush = [&] {
      std::string cue = squeeze(words);
      if (!cue.empty()) {
        extracted.lines.push_back({std::move(cue), true, voice, timing->start, timing->end});
      }
      words.clear();
    };
    for (std::size_t k = 0; k < payload.size();) {
      const char c = payload[k];
      if (c == '<') {
        const std::size_t end = payload.find('>', k);
        if (end == std::string::npos) {
          words += payload.substr(k);
          break;
        }
        const std::string tag = payload.substr(k + 1, end - k - 1);
        if (tag.size() > 1 && tag[0] == 'v' && (tag[1] == ' ' || tag[1] == '.' || tag[1] == '\t')) {
          flush();
          const std::size_t space = tag.find_first_of(" \t");
          voice = space == std::string::npos ? std::string() : trim(tag.substr(space + 1));
        }
        k = end + 1;
      } else if (c == '&') {
        decode_reference(payload, k, words);
      } else {
        words += c;
        ++k;
      }
    }
    flush();
  }
  if (extracted.lines.empty()) throw InputError(source + ": no WebVTT cues found");
  return extracted;
}

}  // namespace inzicht::importers
