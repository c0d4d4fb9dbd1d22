#include "model/document.hpp"

namespace inzicht::model {

const char* to_string(Role role) {
  return role == Role::interviewer ? "interviewer" : "respondent";
}

}  // namespace inzicht::model
