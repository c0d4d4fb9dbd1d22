#pragma once
// The sections of the study report (report/study_report.hpp), one function each, shared by
// the files that draw them. Their words come from the catalogue in strings.cpp (the
// personas, journeys, requirements and benchmark of the LLO study are Dutch only).

#include "analysis/coding_data.hpp"
#include "analysis/personas.hpp"
#include "model/codebook.hpp"
#include "report/html.hpp"
#include "report/strings.hpp"
#include "report/study_report.hpp"

namespace inzicht::report {

// The last segment of a code path with underscores as spaces: "online hybride".
std::string code_label(const std::string& path);

// study_report.cpp: each section that can be left out returns whether it was written (it
// writes nothing, not even its heading, when the project lacks what it needs).
void corpus_section(HtmlDocument& html, const analysis::CodingData& data,
                    const StudyReportOptions& options, const Words& t);
bool codebook_section(HtmlDocument& html, const analysis::CodingData& data,
                      const StudyReportOptions& options, const Words& t);
bool cooccurrence_section(HtmlDocument& html, const analysis::CodingData& data,
                          const StudyReportOptions& options, const Words& t);
bool agreement_section(HtmlDocument& html, const analysis::CodingData& data,
                       const StudyReportOptions& options, const Words& t);

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
