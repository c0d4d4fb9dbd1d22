#pragma once
// The study report: one self-contained HTML file that walks through a coded project —
// corpus, codebook with frequencies, co-occurrence, agreement between coders, and, when the
// study asks for them, clustering and personas, journeys, UX requirements and the website
// benchmark — drawing its charts as SVG. A section appears when the project has what it
// needs and is left out otherwise; a note at the end lists what was left out and why.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/project.hpp"

namespace inzicht::report {

struct StudyReportOptions {
  std::string language;             // "nl" or "en"; empty: the project's (en for de, fr)
  std::vector<std::string> coders;  // whose codings the figures count; empty: every coder
  // The coders compared in the agreement section; empty: every coder of the project when
  // there are two or more.
  std::vector<std::string> agreement_coders;
  // The codes the co-occurrence map is about (each with the codes below it); empty: every
  // code, the 20 most often coded shown.
  std::vector<std::string> cooccur_codes;
  // (group, attribute): a chart of the cases of the group by the attribute, in the corpus.
  std::vector<std::pair<std::string, std::string>> breakdowns;
  // Personas, their clustering and journeys: the category whose dominant code names a
  // persona; none without it. `persona_group`: only cases of this group (empty: all).
  std::optional<std::string> persona_by;
  std::string persona_group;
  std::optional<std::string> names_path;  // persona names and descriptions (YAML or CSV)
  // UX requirements from the needs of the cases of this group; none without it.
  std::optional<std::string> requirements_group;
  std::optional<std::string> reviews_path;  // expert website reviews (CSV): the benchmark
  std::optional<std::string> sites_path;    // the sites reviewed (CSV)
};

// The report as HTML. Throws InputError for an unknown coder or code named in `options`
// and for a bad names, reviews or sites file; otherwise what the analyses throw.
std::string study_report(const store::Project& project, const StudyReportOptions& options);

}  // namespace inzicht::report
