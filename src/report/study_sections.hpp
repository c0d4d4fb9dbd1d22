#pragma once
// The sections of the study report (report/study_report.hpp), one function each, shared by
// the files that draw them. Each writes its heading and either its figures or a sentence
// saying why there are none.

#include "analysis/coding_data.hpp"
#include "analysis/personas.hpp"
#include "model/codebook.hpp"
#include "report/html.hpp"
#include "report/study_report.hpp"

namespace inzicht::report {

// The last segment of a code path with underscores as spaces: "online hybride".
std::string code_label(const std::string& path);

// study_report.cpp
void corpus_section(HtmlDocument& html, const analysis::CodingData& data);
void codebook_section(HtmlDocument& html, const analysis::CodingData& data,
                      const StudyReportOptions& options);
void cooccurrence_section(HtmlDocument& html, const analysis::CodingData& data,
                          const StudyReportOptions& options);
void agreement_section(HtmlDocument& html, const analysis::CodingData& data,
                       const StudyReportOptions& options);

// study_report_personas.cpp: the clustering with its dendrogram, the persona cards and the
// journey maps, all from one `set`; none of them when `set` is empty.
void clustering_section(HtmlDocument& html, const analysis::CodingData& data,
                        const std::optional<analysis::PersonaSet>& set, const std::string& why);
void personas_section(HtmlDocument& html, const analysis::CodingData& data,
                      const std::optional<analysis::PersonaSet>& set, const std::string& why);
void journeys_section(HtmlDocument& html, const analysis::CodingData& data,
                      const std::optional<analysis::PersonaSet>& set, const std::string& why);

// study_report_benchmark.cpp
void requirements_section(HtmlDocument& html, const analysis::CodingData& data,
                          const model::Codebook& codebook, const StudyReportOptions& options);
void ranking_section(HtmlDocument& html, const model::Codebook& codebook,
                     const StudyReportOptions& options);

}  // namespace inzicht::report
