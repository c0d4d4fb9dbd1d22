#pragma once
// A small coded project for the analysis tests: three fictional interviews in three cases
// (two learners, one provider), a codebook of two categories, and codings by coders "ann"
// and "bob" placed by quote so every offset is checked on the way in.

#include <string>
#include <vector>

#include "codebook/codebook_io.hpp"
#include "coding/coding.hpp"
#include "importers/document_builder.hpp"
#include "importers/readers.hpp"
#include "store/project.hpp"
#include "test_support.hpp"

namespace inzicht::testing {

inline constexpr const char* kAnalysisCodebook =
    "codebook: analyse\n"
    "codes:\n"
    "  - name: drempels\n"
    "    codable: false\n"
    "    children:\n"
    "      - name: kosten\n"
    "      - name: tijd\n"
    "  - name: hefbomen\n"
    "    codable: false\n"
    "    children:\n"
    "      - name: werkgever\n"
    "      - name: online\n";

// Document A (case A, learner, zorg), B (case B, learner, techniek), C (case C, provider).
inline constexpr const char* kInterviewA =
    "Interviewer: Wat hield je tegen?\n\n"
    "Anna: De kosten waren hoog. Ik had ook geen tijd.\n\n"
    "Interviewer: En je werkgever?\n\n"
    "Anna: Mijn werkgever betaalde de kosten. Online lessen hielpen.\n";
inline constexpr const char* kInterviewB =
    "Interviewer: Hoe ging het zoeken?\n\n"
    "Bram: Geen tijd, echt geen tijd. De kosten vielen mee.\n\n"
    "Interviewer: Nog iets?\n\n"
    "Bram: Online volgen was fijn.\n";
inline constexpr const char* kInterviewC =
    "Interviewer: Hoe startte het aanbod?\n\n"
    "Carla: De werkgever vroeg erom. De kosten droegen wij.\n";

struct CodedProject {
  TempDir dir;
  std::string path = dir / "analyse.inzicht";
  store::Project project = store::Project::create(path, "analyse");

  void add(const char* text, const std::string& name, const std::string& group) {
    project.add_document(importers::build_document(importers::read_text(text, name + ".txt"),
                                                   name + ".txt", "txt", {}),
                         {name, "/" + name + ".txt", name}, group);
  }

  // Codes the only (or `nth`) occurrence of `quote` in `document` with `code` as `coder`.
  void code(const std::string& document, const std::string& quote, const std::string& code,
            const std::string& coder) {
    const model::Document loaded = project.load_document(document);
    coding::Selector selector;
    selector.quote = quote;
    const Span span = coding::select_span(loaded, selector);
    project.add_codings({{document, code, coder, span, std::nullopt}});
  }

  CodedProject() {
    write_file(dir / "codebook.yaml", kAnalysisCodebook);
    add(kInterviewA, "A", "learner");
    add(kInterviewB, "B", "learner");
    add(kInterviewC, "C", "provider");
    project.set_attributes({{"A", {{"sector", store::AttributeValue{std::string("zorg")}}}},
                            {"B", {{"sector", store::AttributeValue{std::string("techniek")}}}}});
    coding::load_codebook(project, dir / "codebook.yaml", false);
    // ann
    code("A.txt", "De kosten waren hoog.", "drempels/kosten", "ann");
    code("A.txt", "Ik had ook geen tijd.", "drempels/tijd", "ann");
    code("A.txt", "Mijn werkgever betaalde de kosten.", "hefbomen/werkgever", "ann");
    code("A.txt", "Mijn werkgever betaalde de kosten.", "drempels/kosten", "ann");
    code("A.txt", "Online lessen hielpen.", "hefbomen/online", "ann");
    code("B.txt", "Geen tijd, echt geen tijd.", "drempels/tijd", "ann");
    code("B.txt", "De kosten vielen mee.", "drempels/kosten", "ann");
    code("C.txt", "De werkgever vroeg erom.", "hefbomen/werkgever", "ann");
    // bob agrees on most, misses one and adds one
    code("A.txt", "De kosten waren hoog.", "drempels/kosten", "bob");
    code("A.txt", "Ik had ook geen tijd.", "drempels/tijd", "bob");
    code("A.txt", "Mijn werkgever betaalde de kosten.", "hefbomen/werkgever", "bob");
    code("B.txt", "Geen tijd, echt geen tijd.", "drempels/tijd", "bob");
    code("B.txt", "Online volgen was fijn.", "hefbomen/online", "bob");
    code("C.txt", "De kosten droegen wij.", "drempels/kosten", "bob");
  }
};

}  // namespace inzicht::testing
