#include "importers/layouts.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "importers/speaker_labels.hpp"
#include "text/text.hpp"

namespace inzicht::importers {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

bool blank_line(std::string_view line) {
  for (const char c : line) {
    if (!is_blank(c) && c != '\r') return false;
  }
  return true;
}

std::string_view trim_view(std::string_view s) {
  while (!s.empty() && (is_blank(s.front()) || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (is_blank(s.back()) || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

bool contains_ci(std::string_view haystack, std::string_view needle) {
  if (needle.size() > haystack.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
    if (iequals(haystack.substr(i, needle.size()), needle)) return true;
  }
  return false;
}

struct Header {
  std::string speaker;
  std::int64_t time_ms = 0;
  std::size_t label_bytes = 0;  // where the words may start on the header's line
  bool wide = false;            // two or more spaces, or a tab, between name and time
  bool bracket = false;         // Zoom's "[Name] 10:02:34"
};

// A plausible speaker name: a few words, not a sentence, not a number.
bool plausible_name(std::string_view name) {
  if (name.empty() || name.size() > 80) return false;
  if (std::isdigit(static_cast<unsigned char>(name.front()))) return false;
  int words = 1;
  bool letter = false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (c == ':' || c == '>' || c == '<' || c == '"') return false;
    if (is_blank(name[i]) && i > 0 && !is_blank(name[i - 1])) ++words;
    letter = letter || std::isalpha(c) || c >= 0x80;
  }
  const char last = name.back();
  return letter && words <= 6 && last != '.' && last != ',' && last != ';' && last != '!' &&
         last != '?';
}

// "10:30 AM" as milliseconds since midnight.
std::optional<std::int64_t> clock_time(std::string_view time, std::string_view half_day) {
  const auto ms = parse_time_ms(time);
  if (!ms) return std::nullopt;
  // parse_time_ms reads "10:30" as minutes and seconds; a clock means hours and minutes.
  std::int64_t hours = *ms / 60000;
  const std::int64_t minutes = (*ms / 1000) % 60;
  if (hours < 1 || hours > 12) return std::nullopt;
  if (iequals(half_day, "pm") && hours != 12) hours += 12;
  if (iequals(half_day, "am") && hours == 12) hours = 0;
  return (hours * 60 + minutes) * 60000;
}

// "[Jane Doe] 10:02:34" with the words after it or on the lines below.
std::optional<Header> bracket_header(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && is_blank(line[i])) ++i;
  if (i >= line.size() || line[i] != '[') return std::nullopt;
  const std::size_t close = line.find(']', i);
  if (close == std::string_view::npos) return std::nullopt;
  const std::string_view name = trim_view(line.substr(i + 1, close - i - 1));
  if (!plausible_name(name)) return std::nullopt;
  std::size_t k = close + 1;
  while (k < line.size() && is_blank(line[k])) ++k;
  std::size_t end = k;
  while (end < line.size() && !is_blank(line[end])) ++end;
  const auto time = parse_time_ms(line.substr(k, end - k));
  if (!time || end == k) return std::nullopt;
  while (end < line.size() && is_blank(line[end])) ++end;
  return Header{std::string(name), *time, end, false, true};
}

// "Jane Doe  0:05" (Otter.ai, Teams), "Jane Doe   00:01:23.000 --> 00:01:30.000", or
// "Jane Doe 10:30 AM", alone on its line.
std::optional<Header> name_time_header(std::string_view line) {
  std::string_view rest = trim_view(line);
  if (rest.empty()) return std::nullopt;
  const std::size_t arrow = rest.find("-->");
  if (arrow != std::string_view::npos) {
    if (!parse_time_ms(trim_view(rest.substr(arrow + 3)))) return std::nullopt;
    rest = trim_view(rest.substr(0, arrow));
  }
  const auto last_token = [](std::string_view s) {
    std::size_t at = s.size();
    while (at > 0 && !is_blank(s[at - 1])) --at;
    return at;
  };
  std::size_t at = last_token(rest);
  std::string_view half_day;
  if (iequals(rest.substr(at), "am") || iequals(rest.substr(at), "pm")) {
    half_day = rest.substr(at);
    rest = trim_view(rest.substr(0, at));
    at = last_token(rest);
  }
  const std::string_view time_text = rest.substr(at);
  const auto time = half_day.empty() ? parse_time_ms(time_text) : clock_time(time_text, half_day);
  if (!time || at == 0) return std::nullopt;
  std::size_t name_end = at;
  while (name_end > 0 && is_blank(rest[name_end - 1])) --name_end;
  const std::string_view gap = rest.substr(name_end, at - name_end);
  const std::string_view name = trim_view(rest.substr(0, name_end));
  if (!plausible_name(name)) return std::nullopt;
  const bool wide = gap.size() >= 2 || gap.find('\t') != std::string_view::npos ||
                    arrow != std::string_view::npos;
  return Header{std::string(name), *time, line.size(), wide, false};
}

// Lines services add that are no one's words.
bool service_line(std::string_view line) {
  const std::string_view t = trim_view(line);
  if (t.size() < 200 && t.starts_with("Transcribed by") && contains_ci(t, "otter.ai")) return true;
  return t.size() < 200 && (t.ends_with("started transcription") ||
                            t.ends_with("stopped transcription"));
}

bool is_otter_footer(std::string_view line) {
  const std::string_view t = trim_view(line);
  return t.starts_with("Transcribed by") && contains_ci(t, "otter.ai");
}

// "0:0:0.0 --> 0:0:3.760" alone on its line (Teams' older transcripts).
bool timing_line(std::string_view line) {
  const std::string_view t = trim_view(line);
  const std::size_t arrow = t.find("-->");
  return arrow != std::string_view::npos && parse_time_ms(trim_view(t.substr(0, arrow))) &&
         parse_time_ms(trim_view(t.substr(arrow + 3)));
}

std::optional<std::int64_t> timing_start(std::string_view line) {
  const std::string_view t = trim_view(line);
  return parse_time_ms(trim_view(t.substr(0, t.find("-->"))));
}

std::string_view text_of(const Line& line) { return line.text; }
std::string_view text_of(std::string_view line) { return line; }

// L is Line (a reader's lines) or std::string_view (a plain text's lines, before any
// record is made for them).
template <class L>
std::size_t next_nonblank(const std::vector<L>& lines, std::size_t i) {
  while (i < lines.size() && blank_line(text_of(lines[i]))) ++i;
  return i;
}

struct TimeAbove {
  int teams = 0;  // "start --> end" lines above a plausible name
  int meet = 0;   // time lines above a "Name: words" line
  bool found() const { return teams >= 2 || meet >= 2; }
};

template <class L>
TimeAbove count_time_above(const std::vector<L>& lines) {
  const SpeakerLabels labels;
  TimeAbove counts;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::size_t next = next_nonblank(lines, i + 1);
    if (next >= lines.size()) break;
    const std::string_view text = text_of(lines[i]);
    const std::string_view next_text = text_of(lines[next]);
    if (timing_line(text)) {
      counts.teams +=
          plausible_name(trim_view(next_text)) && next_nonblank(lines, next + 1) < lines.size();
    } else if (parse_time_ms(trim_view(text))) {
      const auto label = labels.match(next_text);
      counts.meet += label && label->content < text::count_code_points(next_text);
    }
  }
  return counts;
}

// Layouts where a line of time stands above the speaker: Teams' older transcripts (a
// "start --> end" line, the name alone, the words) and Google Meet's (a time alone, then
// "Name: words"). The time lines are taken out, as cue formats drop their timings.
bool recognise_time_above(Extracted& extracted) {
  std::vector<Line>& lines = extracted.lines;
  const SpeakerLabels labels;
  const TimeAbove counts = count_time_above(lines);
  const int teams = counts.teams, meet = counts.meet;
  if (!counts.found()) return false;
  const bool use_teams = teams >= meet;
  std::vector<Line> kept;
  bool first = true;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::size_t next = next_nonblank(lines, i + 1);
    const bool timing = use_teams ? timing_line(lines[i].text)
                                  : parse_time_ms(trim_view(lines[i].text)).has_value();
    if (timing && next < lines.size()) {
      const auto time = use_teams ? timing_start(lines[i].text) : parse_time_ms(trim_view(lines[i].text));
      Line& speaker_line = lines[next];
      if (use_teams && plausible_name(trim_view(speaker_line.text))) {
        speaker_line.speaker = std::string(trim_view(speaker_line.text));
        speaker_line.label_bytes = speaker_line.text.size();
      } else if (!use_teams) {
        const auto label = labels.match(speaker_line.text);
        if (!label) {
          kept.push_back(std::move(lines[i]));
          continue;
        }
        speaker_line.speaker = label->speaker;
        const text::CodePointIndex index(speaker_line.text);
        speaker_line.label_bytes = index.byte_at(label->content);
      } else {
        kept.push_back(std::move(lines[i]));
        continue;
      }
      speaker_line.time_ms = time;
      speaker_line.starts_paragraph = true;
      first = false;
      continue;  // the time line itself
    }
    if (first && !blank_line(lines[i].text) && !lines[i].speaker) lines[i].outside_turns = true;
    if (service_line(lines[i].text)) lines[i].outside_turns = true;
    kept.push_back(std::move(lines[i]));
  }
  lines = std::move(kept);
  extracted.speakers_given = true;
  extracted.layout = use_teams ? "Teams transcript (start --> end, name, words)"
                               : "times above Name: lines (Google Meet)";
  return true;
}

// Speaker-and-time header lines, and whether they make the layout: enough of them, with
// words after most, and not outnumbered by "Name:" labels.
struct HeaderScan {
  std::vector<std::pair<std::size_t, Header>> headers;  // by line number, in order
  int found = 0;
  bool use_brackets = false;
  bool otter = false;
  bool applies = false;
};

template <class L>
HeaderScan scan_headers(const std::vector<L>& lines) {
  HeaderScan scan;
  int bracket = 0, wide = 0, loose = 0, followed = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view text = text_of(lines[i]);
    if (text.size() > 300) continue;
    scan.otter = scan.otter || is_otter_footer(text);
    std::optional<Header> header = bracket_header(text);
    if (!header) header = name_time_header(text);
    if (!header) continue;
    (header->bracket ? bracket : header->wide ? wide : loose) += 1;
    // Words follow the header: on its line (Zoom) or on the next non-blank line.
    bool words = header->label_bytes < text.size();
    for (std::size_t k = i + 1; !words && k < lines.size(); ++k) {
      const std::string_view next = text_of(lines[k]);
      if (blank_line(next)) continue;
      words = !bracket_header(next) && !name_time_header(next);
      break;
    }
    followed += words;
    scan.headers.emplace_back(i, std::move(*header));
  }
  scan.found = bracket + wide + loose;
  scan.use_brackets = bracket >= 1 && bracket >= wide + loose;
  const bool use_names = !scan.use_brackets && (wide >= 1 || loose >= 2);
  if ((!scan.use_brackets && !use_names) || followed * 2 < scan.found) return scan;
  // A transcript with "Name:" labels and a stray "Pauze 10:30" line stays labelled.
  const SpeakerLabels labels;
  int labelled = 0;
  auto header = scan.headers.begin();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    while (header != scan.headers.end() && header->first < i) ++header;
    const bool is_header = header != scan.headers.end() && header->first == i;
    const std::string_view text = text_of(lines[i]);
    if (!is_header && text.size() <= 300 && labels.match(text)) ++labelled;
  }
  scan.applies = labelled < scan.found;
  return scan;
}

}  // namespace

void recognise_text_layout(Extracted& extracted, std::string_view format) {
  if (extracted.speakers_given || extracted.cues) return;
  if (extracted.plain) {
    // A plain text stays whole unless there is a layout to apply to its lines.
    const std::vector<std::string_view> lines = plain_lines(*extracted.plain);
    if (!count_time_above(lines).found() && !scan_headers(lines).applies) return;
    materialise_lines(extracted);
  }
  if (recognise_time_above(extracted)) return;
  HeaderScan scan = scan_headers(extracted.lines);
  if (!scan.applies) return;
  const bool use_brackets = scan.use_brackets;

  bool first = true;
  int packed = 0;  // headers whose words follow inside the same paragraph (Teams .docx)
  auto next_header = scan.headers.begin();
  for (std::size_t i = 0; i < extracted.lines.size(); ++i) {
    Line& line = extracted.lines[i];
    Header* header = nullptr;
    if (next_header != scan.headers.end() && next_header->first == i) {
      header = &(next_header++)->second;
    }
    if (header && header->bracket == use_brackets) {
      line.speaker = std::move(header->speaker);
      line.time_ms = header->time_ms;
      line.label_bytes = header->label_bytes;
      line.starts_paragraph = true;
      first = false;
      if (i + 1 < extracted.lines.size() && !extracted.lines[i + 1].starts_paragraph) ++packed;
    } else if ((first && !blank_line(line.text)) || service_line(line.text)) {
      line.outside_turns = true;
    }
  }
  extracted.speakers_given = true;
  if (use_brackets) {
    extracted.layout = "Zoom transcript ([Name] time)";
  } else if (scan.otter) {
    extracted.layout = "Otter.ai transcript (Name  time)";
  } else if (format == "docx" && packed * 2 >= scan.found) {
    extracted.layout = "Teams transcript (Name  time)";
  } else {
    extracted.layout = "speaker and time headers (Name  time)";
  }
}

void merge_repeated_speakers(Extracted& extracted) {
  if (!extracted.speakers_given || extracted.cues) return;
  std::vector<Line> kept;
  kept.reserve(extracted.lines.size());
  std::optional<std::string> current;
  for (Line& line : extracted.lines) {
    if (line.outside_turns) {
      current.reset();
    } else if (line.speaker) {
      if (current && *current == *line.speaker) {
        if (line.label_bytes >= line.text.size()) continue;
        line.text.erase(0, line.label_bytes);
        line.label_bytes = 0;
        line.speaker.reset();
        line.time_ms.reset();
      } else {
        current = line.speaker;
      }
    }
    kept.push_back(std::move(line));
  }
  extracted.lines = std::move(kept);
}

void recognise_cue_layout(Extracted& extracted, std::string_view format, bool teams_ids,
                          bool numbered_ids) {
  int voices = 0, diarised = 0, labelled = 0;
  const SpeakerLabels labels;
  for (Line& line : extracted.lines) {
    if (line.speaker) {
      ++voices;
      continue;
    }
    // WhisperX writes "[SPEAKER_00]: words".
    const std::string& text = line.text;
    if (text.size() > 3 && text[0] == '[') {
      const std::size_t close = text.find("]:");
      if (close != std::string::npos && close > 1 && close < 40 &&
          text.find(' ') > close) {
        line.speaker = text.substr(1, close - 1);
        std::size_t from = close + 2;
        while (from < text.size() && text[from] == ' ') ++from;
        line.text = text.substr(from);
        ++diarised;
        continue;
      }
    }
    if (labels.match(text)) ++labelled;
  }
  // Zoom names cues by display name, which may be long or hold brackets ("Sanne de Vries
  // (she/her): ", "Dr. M. Jansen-Bakker (Host): "): a prefix before ": " that starts two or
  // more cues is a speaker even where the built-in labels would not take it.
  if (voices == 0 && diarised == 0) {
    std::map<std::string, int> prefixes;
    const auto prefix_of = [](const std::string& text) -> std::string {
      const std::size_t colon = text.find(": ");
      if (colon == std::string::npos || colon == 0 || colon > 80) return {};
      const std::string prefix = text.substr(0, colon);
      if (prefix.find_first_of("?!\"") != std::string::npos ||
          std::count(prefix.begin(), prefix.end(), ' ') > 7) {
        return {};
      }
      return prefix;
    };
    for (const Line& line : extracted.lines) {
      if (!line.speaker) ++prefixes[prefix_of(line.text)];
    }
    for (Line& line : extracted.lines) {
      if (line.speaker) continue;
      const std::string prefix = prefix_of(line.text);
      if (prefix.empty() || prefixes[prefix] < 2) continue;
      line.speaker = prefix;
      line.text.erase(0, prefix.size() + 2);
      ++labelled;
    }
  }
  const std::string kind = format == "vtt" ? "WebVTT" : "SubRip";
  if (diarised > 0) {
    extracted.layout = "WhisperX " + kind + " ([SPEAKER_00]: )";
  } else if (voices > 0) {
    extracted.layout = teams_ids ? "Teams WebVTT (<v Name>)" : "WebVTT voices (<v Name>)";
  } else if (labelled > 0 && format == "vtt" && numbered_ids) {
    extracted.layout = "Zoom WebVTT (Name: in numbered cues)";
  } else if (labelled > 0) {
    extracted.layout = kind + " with speaker labels (Name: )";
  } else {
    extracted.layout = kind + " without speakers (Whisper and others)";
  }
}

}  // namespace inzicht::importers
