// The agreement result as report sheets: figures as numbers, undefined ones as empty cells
// (JSON null) with the reason in the row's note.

#include <algorithm>
#include <map>

#include "analysis/agreement.hpp"

namespace inzicht::analysis {

namespace {

using table::Cell;

Cell cell(const Estimate& estimate) {
  if (estimate.value) return *estimate.value;
  return {};
}

struct Named {
  const char* name;
  Estimate VariableAgreement::*figure;
};

std::vector<Named> estimates(const AgreementResult& result) {
  return {
      {"percent agreement", &VariableAgreement::percent},
      {result.coders.size() == 2 ? "Cohen's kappa" : "Fleiss' kappa", &VariableAgreement::kappa},
      {"Brennan-Prediger", &VariableAgreement::brennan_prediger},
      {"Krippendorff's alpha", &VariableAgreement::alpha}};
}

// "Cohen's kappa: …; Krippendorff's alpha: …" for the undefined figures, one reason once.
std::string undefined_note(const AgreementResult& result, const VariableAgreement& figures) {
  std::vector<std::pair<std::string, std::string>> reasons;  // reason, figures; in order
  for (const Named& named : estimates(result)) {
    const Estimate& estimate = figures.*named.figure;
    if (estimate.value) continue;
    auto found = std::find_if(reasons.begin(), reasons.end(),
                              [&](const auto& r) { return r.first == estimate.undefined; });
    if (found == reasons.end()) {
      reasons.emplace_back(estimate.undefined, named.name);
    } else {
      found->second += std::string(", ") + named.name;
    }
  }
  std::string note;
  for (const auto& [reason, names] : reasons) {
    note += (note.empty() ? "" : "; ") + names + ": " + reason;
  }
  return note;
}

std::string plural(const std::string& unit, std::int64_t n) {
  if (unit == "char") return n == 1 ? "code point" : "code points";
  return n == 1 ? unit : unit + "s";
}

std::vector<std::string> columns(const AgreementResult& result, const char* first, bool documents) {
  std::vector<std::string> names{first};
  if (documents) names.push_back("documents");
  names.insert(names.end(), {"units", "complete"});
  for (const std::string& coder : result.coders) names.push_back("coded_" + coder);
  names.insert(names.end(), {"agreed", "percent_agreement",
                             result.coders.size() == 2 ? "cohen_kappa" : "fleiss_kappa",
                             "brennan_prediger", "krippendorff_alpha", "note"});
  return names;
}

std::vector<Cell> counts_and_figures(const VariableAgreement& figures) {
  std::vector<Cell> row{figures.units, figures.complete};
  for (const std::int64_t coded : figures.coded) row.emplace_back(coded);
  row.insert(row.end(), {figures.agreed, cell(figures.percent), cell(figures.kappa),
                         cell(figures.brennan_prediger), cell(figures.alpha)});
  return row;
}

std::string join(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : separator) + part;
  return out;
}

table::Table overall_table(const AgreementResult& result) {
  table::Table table{columns(result, "figure", true), {}};
  std::vector<std::string> notes;
  if (result.documents == 0) notes.push_back("no document has codings by every coder");
  if (result.exclusive) {
    notes.push_back("the listed codes as categories of one variable");
  } else {
    notes.push_back(std::to_string(result.codes.size()) +
                    (result.codes.size() == 1 ? " code × " : " codes × ") +
                    std::to_string(result.units) + " " + plural(result.unit, result.units) +
                    " as one present/absent variable");
  }
  if (result.documents_skipped > 0) {
    notes.push_back(std::to_string(result.documents_skipped) +
                    " document(s) coded by only some of the coders left out");
  }
  if (result.conflicts > 0) {
    notes.push_back(std::to_string(result.conflicts) + " " + plural(result.unit, result.conflicts) +
                    " with several listed codes from one coder: the one covering most counted");
  }
  const std::string undefined = undefined_note(result, result.overall);
  if (!undefined.empty()) notes.push_back(undefined);
  std::vector<Cell> row{result.overall.name, static_cast<std::int64_t>(result.documents)};
  for (Cell& c : counts_and_figures(result.overall)) row.push_back(std::move(c));
  row.emplace_back(join(notes, "; "));
  table.rows.push_back(std::move(row));

  // The mean row: only the figures, each over the codes that have it.
  std::vector<std::string> over;
  for (const Named& named : estimates(result)) {
    const auto n = std::count_if(result.codes.begin(), result.codes.end(),
                                 [&](const auto& code) { return (code.*named.figure).value; });
    if (static_cast<std::size_t>(n) < result.codes.size()) {
      over.push_back(std::string(named.name) + " over " + std::to_string(n) + " of " +
                     std::to_string(result.codes.size()) + " codes");
    }
  }
  std::vector<Cell> mean(table.columns.size());
  mean.front() = result.mean.name;
  const std::size_t figures_at = table.columns.size() - 5;
  mean[figures_at] = cell(result.mean.percent);
  mean[figures_at + 1] = cell(result.mean.kappa);
  mean[figures_at + 2] = cell(result.mean.brennan_prediger);
  mean[figures_at + 3] = cell(result.mean.alpha);
  mean.back() = "mean of the codes' figures" + (over.empty() ? "" : "; " + join(over, ", "));
  table.rows.push_back(std::move(mean));
  return table;
}

}  // namespace

std::vector<table::Sheet> agreement_sheets(const AgreementResult& result) {
  std::vector<table::Sheet> sheets;
  table::Table codes{columns(result, "code", false), {}};
  for (const VariableAgreement& code : result.codes) {
    std::vector<Cell> row{code.name};
    for (Cell& c : counts_and_figures(code)) row.push_back(std::move(c));
    row.emplace_back(undefined_note(result, code));
    codes.rows.push_back(std::move(row));
  }
  sheets.push_back({"agreement", std::move(codes)});
  sheets.push_back({"overall", overall_table(result)});
  if (result.disagreements_listed) {
    table::Table table{
        {"document", "case", "unit", "start", "end", "speaker", "code", "coders", "text"}, {}};
    for (const Disagreement& d : result.disagreements) {
      table.rows.push_back(
          {d.document, d.case_name, d.unit ? Cell(static_cast<std::int64_t>(*d.unit)) : Cell(),
           d.span.start, d.span.end, d.speaker, d.code, join(d.coders, ", "), d.text});
    }
    sheets.push_back({"disagreements", std::move(table)});
  }
  return sheets;
}

}  // namespace inzicht::analysis
