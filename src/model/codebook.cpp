#include "model/codebook.hpp"

#include "base/error.hpp"

namespace inzicht::model {

const char* to_string(Scope scope) {
  switch (scope) {
    case Scope::sentence:
      return "sentence";
    case Scope::paragraph:
      return "paragraph";
    case Scope::turn:
      return "turn";
  }
  return "sentence";
}

const char* to_string(SpeakerFilter speaker) {
  switch (speaker) {
    case SpeakerFilter::respondent:
      return "respondent";
    case SpeakerFilter::interviewer:
      return "interviewer";
    case SpeakerFilter::any:
      return "any";
  }
  return "respondent";
}

SpeakerFilter parse_speaker(const std::string& name) {
  if (name == "respondent") return SpeakerFilter::respondent;
  if (name == "interviewer") return SpeakerFilter::interviewer;
  if (name == "any") return SpeakerFilter::any;
  throw InputError("unknown speaker '" + name + "' (use respondent, interviewer or any)");
}

bool admits(SpeakerFilter speaker, Role role) {
  return speaker == SpeakerFilter::any ||
         (speaker == SpeakerFilter::respondent) == (role == Role::respondent);
}

}  // namespace inzicht::model
