#include "importers/readers.hpp"

#include <algorithm>
#include <vector>

#include "base/error.hpp"
#include "base/strings.hpp"
#include "importers/layouts.hpp"
#include "importers/markup.hpp"
#include "importers/speaker_labels.hpp"
#include "text/text.hpp"

namespace inzicht::importers {

namespace {

bool blank(std::string_view line) {
  return line.find_first_not_of(" \t\f\v") == std::string_view::npos;
}

std::vector<std::string> split_lines(std::string_view text) {
  const std::vector<std::string_view> views = plain_lines(text);
  return {views.begin(), views.end()};
}

std::string decoded_lines(std::string_view bytes, const std::string& source,
                          const std::optional<std::string>& encoding, std::string& used) {
  text::Decoded decoded = text::decode(bytes, source, encoding);
  used = decoded.encoding;
  if (decoded.utf8.find('\r') == std::string::npos) return std::move(decoded.utf8);
  return text::normalize_newlines(decoded.utf8);
}

// Every line can be a turn, a paragraph and a sentence: a file of short lines would
// otherwise take far more memory than its size (1.3 GB for 20 MB of "ja" lines).
std::string checked_lines(std::string text, const std::string& source) {
  const auto breaks = static_cast<std::uint64_t>(std::count(text.begin(), text.end(), '\n'));
  if (breaks > kMaxTextLines) {
    throw InputError(source + ": more than " + std::to_string(kMaxTextLines) + " lines");
  }
  return text;
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

std::vector<std::string_view> plain_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
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

std::vector<bool> paragraph_starts(const std::vector<std::string_view>& lines) {
  bool blocks = false;  // whether blank lines separate blocks of text
  bool seen_text = false;
  for (const std::string_view line : lines) {
    if (!blank(line)) {
      seen_text = true;
    } else if (seen_text) {
      blocks = true;
      break;
    }
  }
  std::vector<bool> starts(lines.size());
  bool after_blank = true;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    starts[i] = !blocks || after_blank;
    after_blank = blank(lines[i]);
  }
  return starts;
}

void materialise_lines(Extracted& extracted) {
  if (!extracted.plain) return;
  const std::vector<std::string_view> lines = plain_lines(*extracted.plain);
  const std::vector<bool> starts = paragraph_starts(lines);
  // Reserved: a vector of lines grown by doubling would hold the records twice over.
  extracted.lines.reserve(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    extracted.lines.push_back(Line{.text = std::string(lines[i]), .starts_paragraph = starts[i]});
  }
  extracted.plain.reset();
}

Extracted read_text(std::string_view bytes, const std::string& source,
                    const std::optional<std::string>& encoding) {
  Extracted extracted;
  extracted.plain =
      checked_lines(decoded_lines(bytes, source, encoding, extracted.encoding), source);
  materialise_lines(extracted);
  return extracted;
}

Extracted read_owned_text(std::string bytes, const std::string& source,
                          const std::optional<std::string>& encoding) {
  Extracted extracted;
  extracted.plain =
      checked_lines(decoded_lines(bytes, source, encoding, extracted.encoding), source);
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
    extracted.lines.push_back(
        Line{.text = squeeze(clean), .time_ms = timing->start, .end_ms = timing->end});
  }
  if (extracted.lines.empty()) throw InputError(source + ": no subtitle cues found");
  recognise_cue_layout(extracted, "srt", false, true);
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
  bool teams_ids = false, numbered_ids = false;
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
    if (!timing && i + 1 < lines.size() && !blank(lines[i + 1])) {
      // A cue identifier: Zoom numbers its cues, Teams writes "<guid>/12-0".
      const std::string id = trim(lines[i]);
      const std::size_t dash = id.rfind('-');
      teams_ids = teams_ids || (id.find('/') != std::string::npos && dash != std::string::npos &&
                                dash + 1 < id.size() &&
                                id.find_first_not_of("0123456789", dash + 1) == std::string::npos);
      numbered_ids = numbered_ids || id.find_first_not_of("0123456789") == std::string::npos;
      timing = parse_timing(lines[++i]);
    }
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
        extracted.lines.push_back(Line{.text = std::move(cue),
                                       .speaker = voice,
                                       .time_ms = timing->start,
                                       .end_ms = timing->end});
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
  recognise_cue_layout(extracted, "vtt", teams_ids, numbered_ids);
  return extracted;
}

}  // namespace inzicht::importers
