#pragma once
// Inter-coder agreement on a coded project: how far two or more coders applied the same
// codes to the same text. Each code is a present/absent variable per unit (sentence,
// paragraph, turn, document or character), or, with `exclusive`, the listed codes are the
// categories of one nominal variable. The figures come from reliability.hpp; this module
// decides which documents and units are compared and what counts as applying a code.

#include <optional>
#include <string>
#include <vector>

#include "analysis/coding_data.hpp"
#include "analysis/reliability.hpp"
#include "model/codebook.hpp"
#include "table/table.hpp"

namespace inzicht::analysis {

struct AgreementOptions {
  std::vector<std::string> coders;  // names, at least two
  // Code paths; a parent stands for itself and its descendants. Empty: every code one of
  // the coders applied in the compared documents, each on its own.
  std::vector<std::string> codes;
  // Document names (exact); empty: every document each coder has a coding in.
  std::vector<std::string> documents;
  Unit unit = Unit::sentence;
  bool characters = false;  // every code point is a unit (then `unit` is ignored)
  model::SpeakerFilter speaker = model::SpeakerFilter::respondent;
  bool exclusive = false;      // `codes` are the categories of one variable
  bool disagreements = false;  // list the units the coders differ on
};

// The figures for one variable: a code, or all codes together.
struct VariableAgreement {
  std::string name;
  std::int64_t units = 0;           // units compared (code points for characters)
  std::int64_t complete = 0;        // units every coder rated
  std::vector<std::int64_t> coded;  // per coder: units they applied the code to
  std::int64_t agreed = 0;          // complete units on which all coders gave the same value
  Estimate percent;                 // agreed / complete
  Estimate kappa;                   // Cohen's for two coders, else Fleiss'
  Estimate brennan_prediger;
  Estimate alpha;  // Krippendorff's, nominal
};

// A unit on which the coders differ, once per code someone applied to it.
struct Disagreement {
  std::string document;
  std::string case_name;
  std::optional<std::size_t> unit;  // its index among the document's units (not for characters)
  Span span;
  std::string speaker;
  std::string code;
  std::vector<std::string> coders;  // who applied `code` here
  std::string text;                 // the unit's text, shortened to about 200 characters
};

struct AgreementResult {
  std::vector<std::string> coders;
  std::string unit;  // "sentence", …, "char"
  bool exclusive = false;
  std::size_t documents = 0;          // compared
  std::size_t documents_skipped = 0;  // with codings by some of the coders but not all
  std::int64_t units = 0;             // text units (code points) in the compared documents
  std::vector<VariableAgreement> codes;
  // All decisions pooled as one binary variable; with `exclusive`, the nominal variable.
  VariableAgreement overall;
  VariableAgreement mean;             // the mean of each estimate over the codes that have one
  std::int64_t conflicts = 0;         // `exclusive`: units a coder gave several listed codes
  bool disagreements_listed = false;  // `options.disagreements` was set
  std::vector<Disagreement> disagreements;
};

// Compares the codings of `options.coders` in `data`. Throws NotFoundError for an unknown
// coder, code or document, InputError for fewer than two coders, a coder named twice, or
// `exclusive` without two listed codes or with one listed code inside another.
AgreementResult agreement(const CodingData& data, const AgreementOptions& options);

// The sheets "agreement" (one row per code), "overall" (pooled or nominal, and the mean),
// and with disagreements "disagreements". Undefined figures are empty cells with a note.
std::vector<table::Sheet> agreement_sheets(const AgreementResult& result);

}  // namespace inzicht::analysis
