#pragma once
// The text structure of the documents beside the project (PROJECT-structure), for the
// analysis commands: every paragraph and sentence with its turn's role, and where each
// document's words start. On 10,000 transcripts `freq` spent two thirds of its time reading
// every text and finding its words again, and `query` most of its time stepping a million
// sentence rows out of SQLite. The file holds document ids, offsets and roles, never words.
// It is keyed by the token in `structure_version` (schema 9), renewed in the transaction of
// every change to a document's text or units; a section is added when a command first needs
// it. A file whose token, layout or checksum is not the project's is not used; it can be
// deleted at any time.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/project.hpp"
#include "text/word_index.hpp"

namespace inzicht::store::structure_cache {

// Where the file of the project at `project_path` lives; empty for a project without a
// file (":memory:").
std::string path_of(const std::string& project_path);

// The fewest units or words worth a section (default 200,000; the environment variable
// INZICHT_STRUCTURE_CACHE_MIN sets another, 0 for always).
std::int64_t minimum();

// The units of `kind` (paragraph or sentence) as Project::unit_rows gives them, if the file
// at `path` holds them for `token`, whole and unchanged; nullopt otherwise. Never throws.
std::optional<UnitRows> read_units(const std::string& path, const std::string& token,
                                   model::Unit kind);
// Adds or replaces the section of `kind` (paragraph or sentence), keeping the file's other
// sections when they are `token`'s. False (and the old file left) when it cannot: another
// kind, a read-only folder, a full disk, a value past the 32-bit fields. Never throws.
bool write_units(const std::string& path, const std::string& token, model::Unit kind,
                 const UnitRows& rows);

// Where each document's words start, by document id (ascending; read_words refuses a file
// that is not).
using Words = std::vector<std::pair<std::int64_t, text::WordIndex>>;
std::optional<Words> read_words(const std::string& path, const std::string& token);
bool write_words(const std::string& path, const std::string& token, const Words& words);

}  // namespace inzicht::store::structure_cache
