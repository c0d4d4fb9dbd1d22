#pragma once
// The codebook module reads and writes codebooks: the YAML file a research team edits and
// reviews in a diff (format in docs/codebook-format.md), and REFI-QDA codebooks (.qdc,
// QDA-XML 1.0) exchanged with ATLAS.ti, MAXQDA, NVivo and QualCoder. Everything read is
// validated in full: a reader collects every problem and throws one InputError listing
// them, one per line, as "<source>:<line>: <problem>". yaml-cpp and pugixml stay inside
// this module; the results are plain model::Codebook values.

#include <string>

#include "model/codebook.hpp"

namespace inzicht::codebook {

// Parses the YAML codebook `text`; `source` names it in messages (usually the file path).
// Codes come in pre-order with paths, parents, criteria, fields and rules filled in, and
// `line` set (1-based) on every code and rule. Colours are upper-cased. A code without an
// `id` gets an empty guid here (see add_missing_ids). Throws InputError listing every
// problem: YAML syntax (with yaml-cpp's line), wrong types, unknown keys (with a
// did-you-mean), missing or bad names, duplicate paths or ids, bad colours, ids that are
// not GUIDs, bad regexes (with ICU's message), rules on a non-codable code, empty term
// lists, near.within < 1, a rule without a positive condition, bad scope/speaker values.
model::Codebook parse_yaml(const std::string& text, const std::string& source);

// Gives every code of `codebook` whose entry in `text` has no `id:` an id: its guid when
// it already has one (e.g. kept in the project), else a new_guid(); the guid is stored in
// `codebook` too. Returns `text` with an `id: <guid>` line inserted right after each such
// code's `name:` line (after the whole value if the name runs over several lines), at the
// indentation of `name:`; in a flow mapping (`{name: x}`) it inserts `id: <guid>, ` before
// `name`. Comments, order, quoting and line endings are left alone. Returns `text`
// unchanged when every code has an id. `codebook` must be parse_yaml(`text`) (possibly
// with guids added): throws InputError, naming `source`, when `text` does not parse or does not hold the
// same codes in the same order.
std::string add_missing_ids(const std::string& text, model::Codebook& codebook,
                            const std::string& source = "codebook");

// A new random (version 4) GUID in lower case, e.g. "3f2a9c1e-8b4d-4e6f-a1b2-c3d4e5f60718".
std::string new_guid();

// Writes `codebook` as YAML in the documented format: only keys that differ from their
// defaults, term lists in flow style, multi-line texts as literal blocks.
// parse_yaml(write_yaml(c)) gives back `c` (apart from `line`), provided `c` is valid.
std::string write_yaml(const model::Codebook& codebook);

// Parses a REFI-QDA codebook: a `<CodeBook>` root, or a `<Project>` root (project.qde)
// whose `<CodeBook>` is taken. Elements are matched by local name, so every namespace in
// use (urn:QDA-XML:codebook:1.0, :1:0, :0:4, the project namespace) is accepted. Nested
// `<Code>` elements give the hierarchy; `isCodable`, `color` (#RGB or #RRGGBB, stored as
// upper-case #RRGGBB) and `<Description>` are kept; include/exclude/examples sections
// that write_qdc appended to a description are split off again. `<Sets>` are ignored.
// `line` is the line of each `<Code>`. Throws InputError naming `source`: with the byte
// offset when the XML is malformed or truncated; with one line per problem when a code
// has no name, a name with '/', a bad guid or colour, or a duplicate path or guid.
model::Codebook parse_qdc(const std::string& bytes, const std::string& source);

// The description a REFI-QDA file carries for `code`: its own description followed by its
// include/exclude criteria and examples under "Include:", "Exclude:", "Examples:"
// headings, which the schema has no place for.
std::string joined_description(const model::Code& code);
// Splits such a description back into `code`'s description, criteria and examples; text
// not in that form is the description as it is.
void split_description(const std::string& text, model::Code& code);

// Writes `codebook` as a REFI-QDA codebook (UTF-8, namespace urn:QDA-XML:codebook:1.0)
// that validates against Codebook-mrt2019.xsd. Guids are kept; a code without one gets a
// new_guid() in the output. Include/exclude criteria and examples, which the schema has no
// place for, are appended to the description; fields and rules are not exported. Throws
// InputError for an empty codebook (the schema needs at least one code).
std::string write_qdc(const model::Codebook& codebook);

}  // namespace inzicht::codebook
