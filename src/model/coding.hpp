#pragma once
// The study's central noun: a coding is a stretch of a document coded with a code by a
// coder. Referred to by name (`Coding`: the document's name, the code's path, the coder's
// name) where people and files see it, and by row id or position (`CodingOf<id>`) where the
// store and analysis hold many. A store row or an analysis view adds its own fields by
// deriving from it; it does not declare these again.

#include <cstdint>
#include <string>

#include "base/span.hpp"

namespace inzicht::model {

template <class Ref>
struct CodingOf {
  Ref document{};
  Ref code{};
  Ref coder{};
  Span span;  // code points into the document's NFC text, end exclusive

  bool operator==(const CodingOf&) const = default;
};

using Coding = CodingOf<std::string>;

}  // namespace inzicht::model
