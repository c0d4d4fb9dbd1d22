#pragma once
// The study report: one self-contained HTML file that walks through a coded project —
// corpus, codebook with frequencies, co-occurrence, agreement, clustering and personas,
// journeys, UX requirements and the website benchmark — drawing its charts as SVG.

#include <optional>
#include <string>
#include <vector>

#include "store/project.hpp"

namespace inzicht::report {

struct StudyReportOptions {
  std::string coder = "auto";               // whose codings the figures count
  std::string gold_coder = "gold";          // compared with `coder` where present
  std::string persona_group = "provider";   // the cases that become personas
  std::string persona_by = "ambities";      // the category that names them
  std::optional<std::string> names_path;    // persona names and descriptions (YAML or CSV)
  std::string learner_group = "learner";    // the cases whose needs become requirements
  std::optional<std::string> reviews_path;  // expert website reviews (CSV)
  std::optional<std::string> sites_path;    // the sites reviewed (CSV)
};

// The report as HTML. Sections whose data the project lacks (no gold coder, no providers,
// no reviews) say so instead of showing empty charts. Throws what the analyses throw.
std::string study_report(const store::Project& project, const StudyReportOptions& options);

}  // namespace inzicht::report
