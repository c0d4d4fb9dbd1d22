#pragma once
// Inside agreement: which coders, codes and documents are compared, and, unit by unit,
// which coder applied which code. agreement.cpp turns what these walks report into
// reliability data; nothing here knows about coefficients.

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "analysis/agreement.hpp"

namespace inzicht::analysis {

inline constexpr std::size_t kNotCompared = std::numeric_limits<std::size_t>::max();

// What is compared: coders by position, the variables (codes or categories) in codebook
// order, which variables each code of the codebook counts for, and the documents.
struct AgreementPlan {
  std::vector<std::size_t> coder_position;             // per coder of the data; kNotCompared if not
  std::vector<std::string> variables;                  // code paths
  std::vector<std::vector<std::size_t>> variables_of;  // per code of the data
  std::vector<std::size_t> documents;
  std::size_t documents_skipped = 0;
};

// Checks `options` against `data` and decides what is compared; throws as `agreement`.
AgreementPlan plan_agreement(const CodingData& data, const AgreementOptions& options);

// One coder applying one variable to a unit, with the code points of the unit covered.
struct AppliedCode {
  std::size_t variable = 0;
  std::size_t coder = 0;  // position in the plan
  Offset covered = 0;
};

// Receives the units someone coded, in document order.
class AgreementUnits {
 public:
  virtual ~AgreementUnits() = default;
  // A unit of `weight` text units (1, or its length for characters); `index` is its place
  // among the document's units (none for characters). `applied` is sorted by variable and
  // coder, one entry per pair, and never empty.
  virtual void unit(std::size_t document, std::optional<std::size_t> index, Span span,
                    std::int64_t weight, const std::vector<AppliedCode>& applied) = 0;
};

// Walks the sentences, paragraphs, turns or whole document (`options.unit`) of `document`
// whose speakers `options.speaker` admits, reporting each unit someone coded to `sink`.
// Returns the number of units in the document.
std::int64_t walk_units(const CodingData& data, const AgreementPlan& plan,
                        const AgreementOptions& options, std::size_t document,
                        AgreementUnits& sink);

// The same with every code point a unit: the admitted turns cut at every boundary of a
// coding, each piece reported once with its length as weight. Returns the number of code
// points in the admitted turns.
std::int64_t walk_characters(const CodingData& data, const AgreementPlan& plan,
                             const AgreementOptions& options, std::size_t document,
                             AgreementUnits& sink);

}  // namespace inzicht::analysis
