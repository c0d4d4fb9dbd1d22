#pragma once
// A whole project as plain data for exchange with other tools (REFI-QDA .qdpx): what an
// import writes into an empty project in one transaction, and what an export reads. Every
// item carries its GUID; references between items are by GUID, as in QDA-XML.

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/codebook.hpp"
#include "model/document.hpp"
#include "store/project.hpp"

namespace inzicht::store {

struct ExchangeUser {
  std::string guid;
  std::string name;  // the coder's name, unique in a project
};

// A case attribute with its REFI-QDA type: Text, Boolean, Integer, Float, Date, DateTime.
struct ExchangeVariable {
  std::string guid;
  std::string name;
  std::string type = "Text";
  std::string description;
};

struct ExchangeCase {
  std::string guid;
  std::string name;
  std::map<std::string, AttributeValue> attributes;
};

struct ExchangeDocument {
  std::string guid;
  model::Document document;  // on export only name and text are filled
  std::string case_name;
  std::string source_path;  // where it came from, e.g. "x.qdpx:sources/<guid>.txt"
  std::string content_hash;
};

struct ExchangeCoding {
  std::string guid;
  std::string document;  // by name
  std::string code_guid;
  std::string coder_guid;
  Span span;
  std::optional<std::string> memo;
  std::string created;  // ISO 8601; empty on import means now
};

// A memo on the project (no target), a case, a document, a code or a coding, by GUID.
// Several memos may share one GUID: one REFI-QDA note referred to from several places.
struct ExchangeMemo {
  std::string guid;
  std::string target_kind;  // project, case, document, code, coding
  std::string target_guid;  // empty for the project
  std::string coder_guid;   // empty when nobody is named
  std::string text;
  std::string created;
};

// A REFI-QDA set: named members, each a code, document or memo by GUID.
struct ExchangeSet {
  std::string guid;
  std::string name;
  std::string description;
  std::vector<std::pair<std::string, std::string>> members;  // kind, GUID
};

struct Exchange {
  std::vector<ExchangeUser> users;
  model::Codebook codebook;  // guids filled, pre-order
  std::vector<ExchangeVariable> variables;
  std::vector<ExchangeCase> cases;
  std::vector<ExchangeDocument> documents;
  std::vector<ExchangeCoding> codings;
  std::vector<ExchangeMemo> memos;
  std::vector<ExchangeSet> sets;
};

}  // namespace inzicht::store
