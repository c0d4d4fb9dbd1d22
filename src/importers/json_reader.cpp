// read_json: transcripts as JSON. Three shapes are recognised, by their keys:
//  - Whisper and WhisperX: {"segments": [{"start": 0.0, "end": 2.5, "text": " Hi",
//    "speaker": "SPEAKER_00"?, "words": […]?}], "text": …, "language": …};
//  - Podcasting 2.0 (podcast:transcript, application/json): {"version": "1.0.0",
//    "segments": [{"speaker": "Kim", "startTime": 0.5, "endTime": 0.75, "body": "I"}]},
//    often one word per segment;
//  - a bare array of either kind of segment, or of {"timestamp": [0.0, 3.16], "text": …}.
// Times are seconds. Each segment becomes a cue; the builder joins consecutive cues of one
// speaker into a turn.

#include <cmath>
#include <optional>
#include <nlohmann/json.hpp>
#include <string>

#include "importers/transcript_readers.hpp"
#include "base/error.hpp"
#include "text/text.hpp"

namespace inzicht::importers {

namespace {

using Json = nlohmann::json;

// Nesting depth of the JSON text, found without parsing it, so that a hostile file
// cannot drive the parser (or the destructor of its result) deep. Strings are skipped.
void check_depth(std::string_view bytes, const std::string& source) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const char c = bytes[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) {
        throw InputError(source + ": JSON nested deeper than " + std::to_string(kMaxJsonDepth) +
                         " levels at byte " + std::to_string(i));
      }
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
}

std::optional<std::int64_t> seconds_ms(const Json& value) {
  if (value.is_number()) {
    const double s = value.get<double>();
    if (!std::isfinite(s) || s < 0 || s > 1e9) return std::nullopt;
    return static_cast<std::int64_t>(std::llround(s * 1000.0));
  }
  if (value.is_string()) {  // some tools write "12.5"
    try {
      std::size_t used = 0;
      const double s = std::stod(value.get<std::string>(), &used);
      if (used == value.get<std::string>().size() && std::isfinite(s) && s >= 0 && s <= 1e9) {
        return static_cast<std::int64_t>(std::llround(s * 1000.0));
      }
    } catch (const std::exception&) {
    }
  }
  return std::nullopt;
}

std::string string_of(const Json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

// Whitespace (newlines included) collapsed to single spaces, trimmed.
std::string squeezed(std::string_view s) {
  std::string out;
  bool space = false;
  for (const char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

bool punctuation_only(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s) {
    if (std::string_view(".,;:!?)]}'\"…").find(c) == std::string_view::npos &&
        static_cast<unsigned char>(c) < 0x80) {
      return false;
    }
  }
  return s.find_first_of(".,;:!?)") != std::string_view::npos;
}

}  // namespace

Extracted read_json(std::string_view bytes, const std::string& source) {
  // A parsed JSON value takes several times its text in memory.
  if (bytes.size() > kMaxJsonBytes) {
    throw InputError(source + ": " + std::to_string(bytes.size() >> 20) +
                     " MiB is more than the limit of " + std::to_string(kMaxJsonBytes >> 20) +
                     " MiB for a JSON transcript");
  }
  check_depth(bytes, source);
  if (const auto bad = first_invalid_utf8(bytes)) {
    throw InputError(source + ": invalid UTF-8 at byte " + std::to_string(*bad));
  }
  Json root;
  try {
    root = Json::parse(bytes.begin(), bytes.end());
  } catch (const Json::parse_error& e) {
    // what() is "[json.exception.parse_error.101] parse error at line 1, column 41: <why>".
    const std::string what = e.what();
    const std::size_t why = what.find_first_not_of(' ', what.rfind(':') + 1);
    throw InputError(source + ": not valid JSON at byte " + std::to_string(e.byte) + ": " +
                     (why == std::string::npos ? what : what.substr(why)));
  }
  const Json* segments = nullptr;
  bool whisper_cpp = false;
  if (root.is_array()) {
    segments = &root;
  } else if (root.is_object()) {
    auto it = root.find("segments");
    if (it == root.end() || !it->is_array()) {
      // whisper.cpp's -oj: {"transcription": [{"offsets": {"from": ms}, "text": …}]}.
      it = root.find("transcription");
      whisper_cpp = it != root.end() && it->is_array();
    }
    if (it != root.end() && it->is_array()) segments = &*it;
  }
  if (!segments) {
    throw InputError(source + ": not a transcript: expected {\"segments\": [...]} as Whisper, "
                     "WhisperX and Podcasting 2.0 write, or an array of segments");
  }
  if (segments->size() > kMaxLines) {
    throw InputError(source + ": more than " + std::to_string(kMaxLines) + " segments");
  }

  Extracted extracted;
  extracted.cues = true;
  extracted.speakers_given = true;
  bool podcast = false, whisper = false, speakers = false, words = false;
  for (std::size_t n = 0; n < segments->size(); ++n) {
    const Json& segment = (*segments)[n];
    const std::string where = source + ": segment " + std::to_string(n + 1);
    if (!segment.is_object()) throw InputError(where + ": expected an object");
    Line line;
    std::optional<std::int64_t> start, end;
    std::string text;
    if (segment.contains("body") || segment.contains("startTime")) {
      podcast = true;
      text = string_of(segment, "body");
      if (segment.contains("startTime")) start = seconds_ms(segment.at("startTime"));
      if (segment.contains("endTime")) end = seconds_ms(segment.at("endTime"));
      if (segment.contains("startTime") && !start) {
        throw InputError(where + ": startTime is not a number of seconds");
      }
    } else if (segment.contains("text")) {
      whisper = true;
      text = string_of(segment, "text");
      if (segment.contains("start")) {
        start = seconds_ms(segment.at("start"));
        if (!start) throw InputError(where + ": start is not a number of seconds");
      }
      if (segment.contains("end")) end = seconds_ms(segment.at("end"));
      const auto offsets = segment.find("offsets");
      if (!start && offsets != segment.end() && offsets->is_object()) {
        // whisper.cpp: milliseconds.
        const auto from = offsets->find("from");
        const auto to = offsets->find("to");
        if (from != offsets->end() && from->is_number_unsigned()) start = from->get<std::int64_t>();
        if (to != offsets->end() && to->is_number_unsigned()) end = to->get<std::int64_t>();
      }
      const auto stamp = segment.find("timestamp");
      if (!start && stamp != segment.end() && stamp->is_array() && stamp->size() == 2) {
        start = seconds_ms((*stamp)[0]);
        end = seconds_ms((*stamp)[1]);
      }
      words = words || segment.contains("words");
    } else {
      throw InputError(where + ": has neither \"text\" (Whisper) nor \"body\" (Podcasting 2.0)");
    }
    if (!is_valid_utf8(text)) throw InputError(where + ": text is not valid UTF-8");
    text = squeezed(text);
    if (text.empty()) continue;
    std::string speaker = squeezed(string_of(segment, "speaker"));
    speakers = speakers || !speaker.empty();
    // Word-level segments carry punctuation as segments of their own: it belongs to the
    // word before, without a space.
    if (punctuation_only(text) && !extracted.lines.empty() &&
        (speaker.empty() || extracted.lines.back().speaker.value_or("") == speaker)) {
      extracted.lines.back().text += text;
      if (end) extracted.lines.back().end_ms = end;
      continue;
    }
    line.text = std::move(text);
    if (!speaker.empty()) line.speaker = std::move(speaker);
    line.time_ms = start;
    line.end_ms = end;
    extracted.lines.push_back(std::move(line));
  }
  if (extracted.lines.empty()) throw InputError(source + ": the transcript has no words");
  // A segment without a speaker continues the last named one (WhisperX leaves words it
  // could not assign without one).
  std::optional<std::string> last;
  for (Line& line : extracted.lines) {
    if (line.speaker) {
      last = line.speaker;
    } else if (last) {
      line.speaker = last;
    }
  }
  if (podcast) {
    extracted.layout = std::string("Podcasting 2.0 JSON") + (speakers ? "" : " without speakers");
  } else if (whisper_cpp) {
    extracted.layout = speakers ? "whisper.cpp JSON with speakers" : "whisper.cpp JSON without speakers";
  } else if (whisper) {
    extracted.layout = speakers ? "WhisperX JSON (diarised)"
                                : std::string("Whisper JSON without speakers") +
                                      (words ? ", word times" : "");
  }
  return extracted;
}

}  // namespace inzicht::importers
