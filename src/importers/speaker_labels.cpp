#include "importers/speaker_labels.hpp"

#include <cctype>

#include "base/strings.hpp"
#include "base/error.hpp"

namespace inzicht::importers {

namespace {

// Groups: 1 time, 2 bold "**Name:**", 3 bold "**Name**:", 4 "[Name]", 5 "Name:",
// 6 a Markdown heading "### Name" (alone on its line), 7 bold "**Name**" without a colon.
// A plain name is at most four words of letters, digits, apostrophes, hyphens or dots,
// followed by a colon and a space (so "10:30" or "http://" never count).
constexpr std::string_view kBuiltIn =
    R"(^[ \t]*(?:[\[(]?(\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?)[\])]?[ \t]+)?)"
    R"((?:\*\*([^*:\n]{1,40}?)[ \t]*:[ \t]*\*\*)"
    R"(|\*\*([^*:\n]{1,40}?)\*\*[ \t]*:)"
    R"(|\[([^\]\n\d][^\]\n]{0,39})\][ \t]*:?)"
    R"(|(\p{L}[\p{L}\p{M}\p{N}'’.\-]*(?:[ \t][\p{L}\p{M}\p{N}'’.\-]+){0,3})[ \t]*:(?=[ \t]|$))"
    R"(|#{1,6}[ \t]+(\p{L}[\p{L}\p{M}\p{N}'’.\-]*(?:[ \t][\p{L}\p{M}\p{N}'’.\-]+){0,3})[ \t]*:?[ \t]*#*[ \t]*$)"
    R"(|\*\*([^*:\n]{1,40}?)\*\*(?=[ \t]|$)))"
    R"([ \t]*)";

// Bracketed words that transcribers use for events, not speakers.
const std::set<std::string>& annotation_words() {
  static const std::set<std::string> words = {
      "lacht",     "lachen",  "gelach",   "stilte", "pauze",    "onverstaanbaar", "onduidelijk",
      "inaudible", "laughs",  "laughter", "pause",  "crosstalk", "unclear",       "silence",
      "zucht",     "zucht.",  "hoest",    "telefoon", "geluid",  "noise",          "music"};
  return words;
}

const std::set<std::string>& respondent_role_names() {
  static const std::set<std::string> names = {
      "r",        "resp",     "respondent", "respondente", "geinterviewde", "interviewee",
      "deelnemer", "deelneemster", "participant", "a",        "b",            "p"};
  return names;
}

// Folded name without a trailing number ("Interviewer 2" → "interviewer").
std::string role_key(std::string_view name) {
  std::string key = text::fold_text(name);
  while (!key.empty() && (std::isdigit(static_cast<unsigned char>(key.back())) ||
                          key.back() == ' ' || key.back() == '.')) {
    key.pop_back();
  }
  return key;
}

}  // namespace

const std::vector<std::string>& default_interviewer_names() {
  static const std::vector<std::string> names = {
      "I", "Int",       "Interviewer", "Interviewster", "Onderzoeker", "Onderzoekster",
      "Q", "Moderator", "Facilitator", "Gespreksleider"};
  return names;
}

std::optional<std::int64_t> parse_time_ms(std::string_view text) {
  std::int64_t parts[3] = {0, 0, 0};
  int count = 0;
  std::size_t i = 0;
  while (count < 3) {
    std::size_t start = i;
    std::int64_t value = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      if (i - start == 3) return std::nullopt;  // no part of a time has four digits
      value = value * 10 + (text[i] - '0');
      ++i;
    }
    if (i == start) return std::nullopt;
    parts[count++] = value;
    if (i < text.size() && text[i] == ':') {
      ++i;
    } else {
      break;
    }
  }
  if (count < 2) return std::nullopt;
  std::int64_t millis = 0;
  if (i < text.size() && (text[i] == '.' || text[i] == ',')) {
    ++i;
    int digits = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && digits < 3) {
      millis = millis * 10 + (text[i] - '0');
      ++i;
      ++digits;
    }
    if (digits == 0) return std::nullopt;
    for (; digits < 3; ++digits) millis *= 10;
  }
  if (i != text.size()) return std::nullopt;
  const std::int64_t hours = count == 3 ? parts[0] : 0;
  const std::int64_t minutes = count == 3 ? parts[1] : parts[0];
  const std::int64_t seconds = count == 3 ? parts[2] : parts[1];
  if (minutes > 59 || seconds > 59) return std::nullopt;
  return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis;
}

SpeakerLabels::SpeakerLabels(const std::vector<std::string>& interviewers,
                             const std::optional<std::string>& pattern)
    : custom_(pattern.has_value()) {
  // Compiling the built-in pattern builds large Unicode sets (\p{L}); do it once.
  static const auto built_in = std::make_shared<const text::Regex>(kBuiltIn, false);
  if (custom_) {
    try {
      regex_ = std::make_shared<const text::Regex>(*pattern, false);
    } catch (const InputError& e) {
      throw InputError("--speaker-pattern '" + *pattern + "': " + e.what());
    }
  } else {
    regex_ = built_in;
  }
  for (const std::string& name : default_interviewer_names()) interviewers_.insert(role_key(name));
  for (const std::string& name : interviewers) interviewers_.insert(role_key(name));
  if (custom_) {
    const int named = regex_->group_number("speaker");
    speaker_group_ = named > 0 ? named : 1;
    time_group_ = regex_->group_number("time");
    if (regex_->group_count() < speaker_group_) {
      throw InputError("--speaker-pattern needs a capture group for the speaker, e.g. "
                       "'^(?<speaker>[A-Z][a-z]+) says:'");
    }
  }
}

std::optional<SpeakerLabels::Label> SpeakerLabels::match(std::string_view line) const {
  const auto found = regex_->match_prefix(line);
  if (!found) return std::nullopt;
  const text::CodePointIndex index(line);
  Label label;
  label.content = found->whole.end;
  const auto group = [&](int n) -> std::optional<std::string> {
    if (n <= 0 || n > static_cast<int>(found->groups.size())) return std::nullopt;
    const auto& span = found->groups[static_cast<std::size_t>(n - 1)];
    if (!span) return std::nullopt;
    return std::string(index.slice(*span));
  };
  std::optional<std::string> time;
  if (custom_) {
    label.speaker = trim(group(speaker_group_).value_or(""));
    time = group(time_group_);
  } else {
    time = group(1);
    for (int n = 2; n <= 7; ++n) {
      if (auto name = group(n)) {
        label.speaker = trim(*name);
        // Brackets, plain "Name:", headings and bold words without a colon can be prose,
        // section titles or annotations; bold labels with a colon and timestamped ones
        // are deliberate.
        label.weak = !time && (n == 4 || n == 5 || n == 6 || n == 7);
        if (n == 4 && annotation_words().count(text::fold_text(label.speaker))) {
          return std::nullopt;
        }
        break;
      }
    }
  }
  if (label.speaker.empty()) return std::nullopt;
  if (time) label.time_ms = parse_time_ms(*time);
  return label;
}

model::Role SpeakerLabels::role_of(std::string_view speaker) const {
  return interviewers_.count(role_key(speaker)) ? model::Role::interviewer
                                                : model::Role::respondent;
}

bool SpeakerLabels::is_role_name(std::string_view speaker) const {
  const std::string key = role_key(speaker);
  return interviewers_.count(key) || respondent_role_names().count(key);
}

}  // namespace inzicht::importers
