#pragma once
// Recognises speaker labels at the start of a transcript line — "Name:", "I:"/"R:",
// "Interviewer:", "[Name]", "**Name:**", "**Name**", a Markdown heading "### Name" alone on
// its line, each optionally after a timestamp such as "[00:12:34]", "(12:34)" or
// "00:12:34" — or a researcher's own pattern, and tells interviewers from respondents by
// name.

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "model/document.hpp"
#include "text/text.hpp"

namespace inzicht::importers {

// The Dutch and English names that mark an interviewer unless told otherwise.
const std::vector<std::string>& default_interviewer_names();

class SpeakerLabels {
 public:
  struct Label {
    std::string speaker;  // as written, trimmed
    Offset content = 0;   // code point in the line where the speaker's words may start
    std::optional<std::int64_t> time_ms;
    // A weak label ("Ik zei:" could be prose) counts only when the same speaker is
    // labelled at least twice in the document or is a known role name.
    bool weak = false;
  };

  // `interviewers`: extra interviewer names (matched without case and diacritics).
  // `pattern`: an ICU regex replacing the built-in labels; it must match at the start of
  // a line, with the speaker in the group named `speaker` (else group 1) and optionally
  // a timestamp in a group named `time`. Throws InputError for a bad pattern.
  explicit SpeakerLabels(const std::vector<std::string>& interviewers = {},
                         const std::optional<std::string>& pattern = std::nullopt);

  std::optional<Label> match(std::string_view line) const;
  model::Role role_of(std::string_view speaker) const;
  // True for names that are roles themselves (I, R, Interviewer, Respondent, …).
  bool is_role_name(std::string_view speaker) const;

 private:
  std::shared_ptr<const text::Regex> regex_;  // the built-in one is compiled once, shared
  bool custom_ = false;
  int speaker_group_ = 1;
  int time_group_ = 0;
  std::set<std::string> interviewers_;  // folded
};

// "01:02:03", "02:03", "00:00:01.500" (or ",500") as milliseconds; nullopt if not a time.
std::optional<std::int64_t> parse_time_ms(std::string_view text);

}  // namespace inzicht::importers
