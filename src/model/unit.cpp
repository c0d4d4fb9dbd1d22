#include "model/unit.hpp"

#include "base/error.hpp"

namespace inzicht::model {

Unit parse_unit(const std::string& name) {
  if (name == "sentence") return Unit::sentence;
  if (name == "paragraph") return Unit::paragraph;
  if (name == "turn") return Unit::turn;
  if (name == "document") return Unit::document;
  throw InputError("unknown unit '" + name + "' (use sentence, paragraph, turn or document)");
}

const char* to_string(Unit unit) {
  switch (unit) {
    case Unit::sentence:
      return "sentence";
    case Unit::paragraph:
      return "paragraph";
    case Unit::turn:
      return "turn";
    case Unit::document:
      return "document";
  }
  return "?";
}

}  // namespace inzicht::model
