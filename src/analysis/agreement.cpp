#include "analysis/agreement.hpp"

#include <algorithm>
#include <map>

#include "analysis/agreement_units.hpp"
#include "text/text.hpp"

namespace inzicht::analysis {

namespace {

constexpr Offset kTextLimit = 200;  // code points of a unit's text in the disagreements

// Turns the units into reliability data, one unit at a time. Units with the same ratings
// are counted together: the data hold one row per pattern of ratings, weighted by how many
// units (or code points) showed it, which keeps the coefficients' work independent of the
// size of the project.
class Tally : public AgreementUnits {
 public:
  Tally(const AgreementPlan& plan, const AgreementOptions& options)
      : plan_(plan),
        options_(options),
        coders_(options.coders.size()),
        codes_(plan.variables.size()),
        marked_(plan.variables.size(), 0) {}

  void unit(std::size_t document, std::optional<std::size_t> index, Span span, std::int64_t weight,
            const std::vector<AppliedCode>& applied) override {
    if (options_.exclusive) return nominal_unit(document, index, span, weight, applied);
    for (std::size_t i = 0; i < applied.size();) {
      const std::size_t variable = applied[i].variable;
      std::vector<Rating> ratings(coders_, std::size_t{0});
      for (; i < applied.size() && applied[i].variable == variable; ++i) {
        ratings[applied[i].coder] = 1;
      }
      codes_[variable][ratings] += weight;
      overall_[ratings] += weight;
      marked_[variable] += weight;
      if (std::count(ratings.begin(), ratings.end(), Rating{1}) < std::ptrdiff_t(coders_)) {
        note_disagreement(document, index, span, variable, ratings, 1);
      }
    }
  }

  std::int64_t conflicts() const { return conflicts_; }
  std::vector<std::pair<std::size_t, Disagreement>>& disagreements() { return disagreements_; }

  // Adds the units nobody coded and returns the data per variable and overall.
  std::pair<std::vector<ReliabilityData>, ReliabilityData> finish(std::int64_t units) {
    if (!options_.exclusive) {
      const std::vector<Rating> absent(coders_, std::size_t{0});
      for (std::size_t v = 0; v < codes_.size(); ++v) {
        codes_[v][absent] += units - marked_[v];
        overall_[absent] += units - marked_[v];
      }
    }
    std::vector<ReliabilityData> codes;
    for (const Patterns& patterns : codes_) codes.push_back(data(patterns, 2));
    return {std::move(codes), data(overall_, options_.exclusive ? codes_.size() : 2)};
  }

 private:
  void nominal_unit(std::size_t document, std::optional<std::size_t> index, Span span,
                    std::int64_t weight, const std::vector<AppliedCode>& applied) {
    // A coder who applied several of the categories: the one covering most of the unit
    // counts, ties going to the first in the codebook (the lowest variable).
    std::vector<Rating> choice(coders_);
    std::vector<Offset> best(coders_, 0);
    bool conflict = false;
    for (const AppliedCode& a : applied) {
      if (choice[a.coder]) conflict = true;
      if (!choice[a.coder] || a.covered > best[a.coder]) {
        choice[a.coder] = a.variable;
        best[a.coder] = a.covered;
      }
    }
    if (conflict) conflicts_ += weight;
    overall_[choice] += weight;
    for (std::size_t v = 0; v < codes_.size(); ++v) {
      std::vector<Rating> collapsed(coders_);
      for (std::size_t c = 0; c < coders_; ++c) {
        if (choice[c]) collapsed[c] = *choice[c] == v ? 1 : 0;
      }
      codes_[v][collapsed] += weight;
    }
    if (std::all_of(choice.begin(), choice.end(),
                    [&](const Rating& r) { return r == choice[0]; })) {
      return;
    }
    for (std::size_t v = 0; v < codes_.size(); ++v) {
      if (std::find(choice.begin(), choice.end(), Rating{v}) != choice.end()) {
        note_disagreement(document, index, span, v, choice, v);
      }
    }
  }

  void note_disagreement(std::size_t document, std::optional<std::size_t> index, Span span,
                         std::size_t variable, const std::vector<Rating>& ratings,
                         std::size_t applied) {
    if (!options_.disagreements) return;
    std::vector<std::string> who;
    for (std::size_t c = 0; c < coders_; ++c) {
      if (ratings[c] == applied) who.push_back(options_.coders[c]);
    }
    // Characters come in pieces cut at every coding boundary; join the pieces of one run.
    if (!index && !disagreements_.empty()) {
      for (auto it = disagreements_.rbegin(); it != disagreements_.rend(); ++it) {
        if (it->first != document || it->second.span.end < span.start) break;
        if (it->second.code == plan_.variables[variable] && it->second.span.end == span.start &&
            it->second.coders == who) {
          it->second.span.end = span.end;
          return;
        }
      }
    }
    Disagreement row;
    row.unit = index;
    row.span = span;
    row.code = plan_.variables[variable];
    row.coders = std::move(who);
    disagreements_.emplace_back(document, std::move(row));
  }

  using Patterns = std::map<std::vector<Rating>, std::int64_t>;  // ratings → weight

  ReliabilityData data(const Patterns& patterns, std::size_t categories) const {
    ReliabilityData data(coders_, categories);
    for (const auto& [ratings, weight] : patterns) data.add(ratings, weight);
    return data;
  }

  const AgreementPlan& plan_;
  const AgreementOptions& options_;
  std::size_t coders_;
  std::vector<Patterns> codes_;
  Patterns overall_;
  std::vector<std::int64_t> marked_;  // per variable: weight of the units someone coded
  std::int64_t conflicts_ = 0;
  std::vector<std::pair<std::size_t, Disagreement>> disagreements_;
};

// The counts and coefficients of one variable. A coder coded a unit when their rating is
// `present`, or when they rated it at all if `present` is empty.
VariableAgreement figures(std::string name, const ReliabilityData& data, std::int64_t units,
                          std::optional<std::size_t> present) {
  VariableAgreement figures;
  figures.name = std::move(name);
  figures.units = units;
  figures.coded.assign(data.coders(), 0);
  for (std::size_t row = 0; row < data.rows(); ++row) {
    const auto ratings = data.ratings(row);
    const std::int64_t weight = data.weight(row);
    bool complete = true;
    for (std::size_t c = 0; c < ratings.size(); ++c) {
      complete = complete && ratings[c].has_value();
      if (ratings[c] && (!present || ratings[c] == present)) figures.coded[c] += weight;
    }
    if (!complete) continue;
    figures.complete += weight;
    if (std::all_of(ratings.begin(), ratings.end(),
                    [&](const Rating& r) { return r == ratings[0]; })) {
      figures.agreed += weight;
    }
  }
  figures.percent = percent_agreement(data);
  figures.kappa = data.coders() == 2 ? cohen_kappa(data) : fleiss_kappa(data);
  figures.brennan_prediger = brennan_prediger(data);
  figures.alpha = krippendorff_alpha(data);
  return figures;
}

Estimate mean(const std::vector<VariableAgreement>& codes, Estimate VariableAgreement::*figure) {
  long double sum = 0;
  std::size_t n = 0;
  for (const VariableAgreement& code : codes) {
    if (const auto& value = (code.*figure).value) {
      sum += *value;
      ++n;
    }
  }
  if (n == 0) return {std::nullopt, "no code has this figure"};
  return {static_cast<double>(sum / static_cast<long double>(n)), {}};
}

}  // namespace

AgreementResult agreement(const CodingData& data, const AgreementOptions& options) {
  const AgreementPlan plan = plan_agreement(data, options);
  AgreementResult result;
  result.coders = options.coders;
  result.unit = options.characters ? "char" : to_string(options.unit);
  result.exclusive = options.exclusive;
  result.documents = plan.documents.size();
  result.documents_skipped = plan.documents_skipped;
  result.disagreements_listed = options.disagreements;
  Tally tally(plan, options);
  for (const std::size_t d : plan.documents) {
    result.units += options.characters ? walk_characters(data, plan, options, d, tally)
                                       : walk_units(data, plan, options, d, tally);
  }
  result.conflicts = tally.conflicts();
  auto disagreements = std::move(tally.disagreements());
  auto [codes, overall] = tally.finish(result.units);
  for (std::size_t v = 0; v < codes.size(); ++v) {
    result.codes.push_back(figures(plan.variables[v], codes[v], result.units, 1));
  }
  if (options.exclusive) {
    result.overall = figures("nominal", overall, result.units, std::nullopt);
  } else {
    const auto decisions = result.units * static_cast<std::int64_t>(codes.size());
    result.overall = figures("pooled", overall, decisions, 1);
  }
  result.mean.name = "mean";
  result.mean.percent = mean(result.codes, &VariableAgreement::percent);
  result.mean.kappa = mean(result.codes, &VariableAgreement::kappa);
  result.mean.brennan_prediger = mean(result.codes, &VariableAgreement::brennan_prediger);
  result.mean.alpha = mean(result.codes, &VariableAgreement::alpha);

  std::vector<std::size_t> documents;
  for (const auto& [document, row] : disagreements) documents.push_back(document);
  data.load_texts(documents);
  std::optional<text::CodePointIndex> index;
  for (std::size_t i = 0; i < disagreements.size(); ++i) {
    auto& [document, row] = disagreements[i];
    if (i == 0 || disagreements[i - 1].first != document) index.emplace(data.text(document));
    const DocumentInfo& info = data.documents()[document];
    row.document = info.name;
    row.case_name = data.cases()[data.case_of(document, row.span)].name;
    if (options.unit != Unit::document || options.characters) {
      row.speaker = data.speaker_at(document, row.span.start);
    }
    row.text = text::shortened(index->slice(row.span), kTextLimit);
    result.disagreements.push_back(std::move(row));
  }
  return result;
}

}  // namespace inzicht::analysis
