#pragma once
// REFI-QDA project exchange (QDA-XML 1.0): `.qdpx` archives (a zip of `project.qde` and
// its sources) and bare `project.qde` files, as ATLAS.ti, NVivo, MAXQDA and QualCoder
// write them, read into an empty project in one transaction, and the project written back
// as a `.qdpx` that validates against Project-mrt2019.xsd. What is read and what is not,
// and how selection offsets are read, is in docs/qdpx.md.

#include <cstdint>
#include <string>
#include <vector>

#include "importers/document_builder.hpp"
#include "model/codebook.hpp"
#include "store/exchange.hpp"
#include "store/project.hpp"

namespace inzicht::importers {

struct QdpxImportOptions {
  TurnOptions turns;
  // Import what is there when sources named in project.qde are missing from the archive
  // (their selections are then left out too); without it such a file imports nothing.
  bool skip_missing_sources = false;
};

// How the selections of one text source were read.
struct SourceOffsets {
  std::string document;    // as imported
  std::string convention;  // e.g. "code points", "UTF-16 units"
  std::size_t selections = 0;
  std::size_t fitting = 0;  // begin and end at word edges, or the name quotes the text
};

struct QdpxRead {
  std::string name;  // the project's name in the file
  store::Exchange exchange;
  std::vector<SourceOffsets> offsets;
  // What the file holds that inzicht does not import, one line each ("2 PDF sources: a, b").
  std::vector<std::string> not_imported;
  // What was changed to fit inzicht (renamed codes and documents, skipped sources).
  std::vector<std::string> notes;
};

// Reads the .qdpx or .qde file `path`. Throws InputError naming the file, and where it
// applies the archive entry and the XML path (/Project/Sources/TextSource[2]/…): for a
// broken or hostile archive (limits of extracted.hpp, an entry name that climbs out of the
// archive), no or several .qde files, malformed XML, a selection no offset convention
// places inside its source, a reference to a code or user that is not there; and, unless
// `skip_missing_sources`, one message naming every source file missing from the archive.
QdpxRead read_qdpx(const std::string& path, const QdpxImportOptions& options);

// The codebook part of a .qdpx or .qde file, read as read_qdpx reads it.
model::Codebook read_qdpx_codebook(const std::string& path);

struct QdpxImport {
  QdpxRead read;
};

// Reads `path` and writes it into `project`, which must be empty, in one transaction.
QdpxImport import_qdpx(store::Project& project, const std::string& path,
                       const QdpxImportOptions& options);

struct QdpxExportOptions {
  std::vector<std::string> coders;     // only their codings; empty: everybody's
  std::vector<std::string> documents;  // only these documents; empty: all
  bool codebook_only = false;          // users and codes, no sources
  bool bare_qde = false;               // write project.qde itself (also for a .qde path)
};

struct QdpxExport {
  std::size_t users = 0, codes = 0, cases = 0, documents = 0, codings = 0, notes = 0, sets = 0;
  std::int64_t guids_made = 0;  // stored in the project for the next export
};

// The project.qde of `exchange`: QDA-XML 1.0, elements in the schema's order, sources
// referenced as internal://<guid>.txt. `name` is the project's name; dates are written
// as given (`now` for the project itself).
std::string write_qde(const store::Exchange& exchange, const std::string& name,
                      const std::string& now);

// Writes the project (or the part selected by `options`) to the .qdpx file `path`: gives
// missing GUIDs first (stored, so the next export has the same ones), then writes
// project.qde and sources/<guid>.txt (UTF-8 without BOM, LF). Throws InputError when the
// file cannot be written, NotFoundError for an unknown document.
QdpxExport export_qdpx(store::Project& project, const std::string& path,
                       const QdpxExportOptions& options);

// The bytes of a .qdpx holding `exchange` (project.qde and one source file per document).
std::string qdpx_archive(const store::Exchange& exchange, const std::string& name,
                         const std::string& now);

}  // namespace inzicht::importers
