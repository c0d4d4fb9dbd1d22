#include "model/codebook.hpp"

namespace inzicht::model {

const char* to_string(Scope scope) {
  switch (scope) {
    case Scope::sentence: return "sentence";
    case Scope::paragraph: return "paragraph";
    case Scope::turn: return "turn";
  }
  return "sentence";
}

const char* to_string(SpeakerFilter speaker) {
  switch (speaker) {
    case SpeakerFilter::respondent: return "respondent";
    case SpeakerFilter::interviewer: return "interviewer";
    case SpeakerFilter::any: return "any";
  }
  return "respondent";
}

}  // namespace inzicht::model
