// read_qdpx: a REFI-QDA project (.qdpx archive or bare .qde) as exchange data. Lenient
// where real tools differ (namespaces, file names, GUID spelling, names inzicht cannot
// hold), strict where data would be misread (malformed XML, selections outside their text).

#include <algorithm>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>

#include "base/error.hpp"
#include "base/files.hpp"
#include "base/utf8.hpp"
#include "codebook/codebook_io.hpp"
#include "importers/case_attributes.hpp"
#include "importers/content_hash.hpp"
#include "importers/office_readers.hpp"
#include "importers/qdpx.hpp"
#include "importers/qdpx_offsets.hpp"
#include "package/xml_part.hpp"
#include "package/zip_archive.hpp"
#include "text/text.hpp"

namespace inzicht::importers {

namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string trim(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  const std::size_t last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

std::string_view local_name(const pugi::xml_node& node) {
  const std::string_view name = node.name();
  const std::size_t colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

bool is(const pugi::xml_node& node, std::string_view local) {
  return node.type() == pugi::node_element && local_name(node) == local;
}

pugi::xml_node child(const pugi::xml_node& node, std::string_view local) {
  for (pugi::xml_node c : node.children()) {
    if (is(c, local)) return c;
  }
  return {};
}

std::vector<pugi::xml_node> children(const pugi::xml_node& node, std::string_view local) {
  std::vector<pugi::xml_node> all;
  for (pugi::xml_node c : node.children()) {
    if (is(c, local)) all.push_back(c);
  }
  return all;
}

std::string text_of(const pugi::xml_node& node) {
  std::string text;
  for (pugi::xml_node part : node.children()) {
    if (part.type() == pugi::node_pcdata || part.type() == pugi::node_cdata) text += part.value();
  }
  return text;
}

// "/Project/Sources/TextSource[3]/PlainTextSelection[2]", by local names.
std::string xml_path(pugi::xml_node node) {
  std::string path;
  for (; node && node.type() == pugi::node_element; node = node.parent()) {
    std::size_t index = 1, same = 0;
    for (pugi::xml_node sibling : node.parent().children()) {
      if (!is(sibling, local_name(node))) continue;
      ++same;
      if (sibling == node) index = same;
    }
    std::string step = "/" + std::string(local_name(node));
    if (same > 1) step += "[" + std::to_string(index) + "]";
    path = step + path;
  }
  return path;
}

bool is_hex(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](unsigned char c) { return std::isxdigit(c) != 0; });
}

// A GUID as written without braces and edge spaces, or "" when it is not one.
std::string clean_guid(std::string_view written) {
  std::string guid = trim(written);
  if (guid.size() == 38 && guid.front() == '{' && guid.back() == '}') guid = guid.substr(1, 36);
  if (guid.size() != 36) return "";
  for (std::size_t dash : {8u, 13u, 18u, 23u}) {
    if (guid[dash] != '-') return "";
  }
  std::string digits = guid;
  digits.erase(std::remove(digits.begin(), digits.end(), '-'), digits.end());
  return digits.size() == 32 && is_hex(digits) ? guid : "";
}

std::string key(std::string_view written) { return lower(clean_guid(written)); }

// What an item is called in inzicht (NFC, on one line), which cannot hold some of what
// other tools allow.
std::string clean_name(std::string_view written) {
  std::string name;
  for (char c : trim(written)) {
    if (c == '\n' || c == '\r' || c == '\t') {
      name += ' ';
    } else if (static_cast<unsigned char>(c) >= 0x20) {
      name += c;
    }
  }
  // macOS tools write names decomposed ("Mabe\u0302l"); inzicht keeps NFC.
  return text::to_nfc(name);
}

std::string with_number(const std::string& name, int n) {
  return name + " (" + std::to_string(n) + ")";
}

std::string unique_name(const std::string& wanted, std::set<std::string>& taken) {
  std::string name = wanted;
  for (int n = 2; taken.count(name); ++n) name = with_number(wanted, n);
  taken.insert(name);
  return name;
}

std::string list_of(const std::vector<std::string>& names, std::size_t limit = 8) {
  std::string text;
  for (std::size_t i = 0; i < names.size() && i < limit; ++i) {
    text += (i ? ", " : "") + names[i];
  }
  if (names.size() > limit) text += ", …";
  return text;
}

struct Note {
  std::string guid;
  std::string text;
  std::string creator;  // user key
  std::string created;
};

class QdpxReader {
 public:
  QdpxReader(const std::string& path, const QdpxImportOptions& options)
      : path_(path), options_(options) {}

  QdpxRead read(bool codebook_only) {
    const std::filesystem::path file(path_);
    std::error_code error;
    const auto size = std::filesystem::file_size(file, error);
    if (!error && size > kMaxFileBytes) {
      throw InputError(path_ + ": larger than the limit of " + std::to_string(kMaxFileBytes >> 20) +
                       " MiB");
    }
    bytes_ = read_file(path_);
    std::string qde_bytes;
    if (bytes_.rfind("PK", 0) == 0 || lower(file.extension().string()) == ".qdpx") {
      archive_.emplace(bytes_, path_);
      qde_name_ = find_qde();
      qde_bytes = archive_->read(qde_name_);
    } else {
      qde_name_ = file.filename().string();
      qde_bytes = bytes_;
    }
    xml_ = package::parse_xml_part(qde_bytes, path_, qde_name_, {});
    const pugi::xml_node root = xml_.document_element();
    if (!is(root, "Project")) {
      throw InputError(where(root) + ": not a REFI-QDA project: the root element is <" +
                       std::string(root.name()) + ">, expected <Project>");
    }
    out_.name = clean_name(root.attribute("name").value());
    project_user_ = key(root.attribute("creatingUserGUID").value());
    read_users(child(root, "Users"));
    read_codebook(child(root, "CodeBook"));
    if (codebook_only) return std::move(out_);
    read_notes(child(root, "Notes"));
    read_variables(child(root, "Variables"));
    read_cases(child(root, "Cases"));
    read_sources(child(root, "Sources"));
    read_sets(child(root, "Sets"));
    for (pugi::xml_node ref : children(root, "NoteRef")) attach(ref, "project", "");
    for (const Note& note : notes_) {
      if (!used_notes_.count(lower(note.guid))) memo(note, "project", "");
    }
    count_others(root);
    return std::move(out_);
  }

 private:
  std::string where(const pugi::xml_node& node) const {
    return path_ + ": " + qde_name_ + ": " + xml_path(node);
  }

  // The one .qde at the root (ATLAS.ti names it after the project, capital P and all);
  // refuses entry names that climb out of the archive, as a zip slip would.
  std::string find_qde() {
    std::vector<std::string> qde;
    for (const std::string& name : archive_->names()) {
      if (name.empty()) continue;
      // Windows tools may write '\\' for '/'.
      std::string folded = lower(name);
      std::replace(folded.begin(), folded.end(), '\\', '/');
      const bool drive = folded.size() >= 2 && folded[1] == ':';
      if (folded.front() == '/' || drive ||
          ("/" + folded + "/").find("/../") != std::string::npos) {
        throw InputError(path_ + ": the archive entry " + name +
                         " points outside the archive (zip slip); the file is refused");
      }
      entries_[folded] = name;
      if (folded.find('/') == std::string::npos && folded.size() > 4 &&
          folded.compare(folded.size() - 4, 4, ".qde") == 0) {
        qde.push_back(name);
      }
    }
    if (qde.empty()) throw InputError(path_ + ": no project.qde in the archive");
    if (qde.size() > 1) {
      for (const std::string& name : qde) {
        if (lower(name) == "project.qde") return name;
      }
      throw InputError(path_ + ": several .qde files in the archive (" + list_of(qde) +
                       "); a .qdpx holds one project");
    }
    return qde.front();
  }

  // The archive entry an internal:// path names, under Sources/ or sources/ (or anywhere,
  // matched without regard to case); nullopt for other paths and missing entries.
  std::optional<std::string> entry_for(std::string_view written) const {
    const std::string reference = trim(written);
    constexpr std::string_view kInternal = "internal://";
    if (!archive_ || lower(reference).rfind(kInternal, 0) != 0) return std::nullopt;
    std::string name = reference.substr(kInternal.size());
    std::replace(name.begin(), name.end(), '\\', '/');
    while (!name.empty() && name.front() == '/') name.erase(0, 1);
    if (("/" + name + "/").find("/../") != std::string::npos) return std::nullopt;
    for (const std::string& candidate : {"sources/" + name, name}) {
      const auto found = entries_.find(lower(candidate));
      if (found != entries_.end()) return found->second;
    }
    return std::nullopt;
  }

  std::string user_for(const std::string& written_key, const pugi::xml_node& node) {
    std::string k = written_key;
    if (k.empty()) k = project_user_;
    if (k.empty()) k = "00000000-0000-0000-0000-000000000000";
    if (!users_.count(k)) {
      // Named by a selection but missing from <Users>: a user of its own.
      const std::string name = unique_name(
          k == "00000000-0000-0000-0000-000000000000" ? "unknown" : "user " + k.substr(0, 8),
          user_names_);
      out_.exchange.users.push_back({k, name});
      users_[k] = k;
      (void)node;
    }
    return users_[k];
  }

  std::string fresh_guid(const std::string& written, std::set<std::string>& seen) {
    std::string guid = clean_guid(written);
    if (guid.empty() || !seen.insert(lower(guid)).second) {
      guid = codebook::new_guid();
      seen.insert(guid);
    }
    return guid;
  }

  void read_users(const pugi::xml_node& users) {
    for (pugi::xml_node user : children(users, "User")) {
      const std::string k = key(user.attribute("guid").value());
      if (k.empty() || users_.count(k)) continue;
      std::string name = clean_name(user.attribute("name").value());
      if (name.empty()) name = "user " + k.substr(0, 8);
      const std::string guid = clean_guid(user.attribute("guid").value());
      out_.exchange.users.push_back({guid, unique_name(name, user_names_)});
      users_[k] = guid;
    }
  }

  void read_codebook(const pugi::xml_node& codebook) { read_codes(child(codebook, "Codes"), ""); }

  void read_codes(const pugi::xml_node& parent, const std::string& parent_path) {
    std::set<std::string> siblings;
    for (pugi::xml_node node : children(parent, "Code")) {
      model::Code code;
      std::string name = clean_name(node.attribute("name").value());
      if (name.find('/') != std::string::npos) {
        // '/' joins a code's path in inzicht; U+2215 looks the same and is not a separator.
        std::string replaced;
        for (char c : name) replaced += c == '/' ? std::string("\u2215") : std::string(1, c);
        out_.notes.push_back("code " + quoted(name) + " is named " + quoted(replaced) +
                             " ('/' separates code paths)");
        name = replaced;
      }
      if (name.empty()) name = "(unnamed code)";
      const std::string unique = unique_name(name, siblings);
      if (unique != name)
        out_.notes.push_back("a second code " + quoted(name) + " under " +
                             quoted(parent_path.empty() ? "the top" : parent_path) + " is named " +
                             quoted(unique));
      code.name = unique;
      code.parent_path = parent_path;
      code.path = parent_path.empty() ? unique : parent_path + "/" + unique;
      code.guid = fresh_guid(node.attribute("guid").value(), code_guids_);
      const std::string codable = trim(node.attribute("isCodable").value());
      code.codable = !(codable == "false" || codable == "0");
      const std::string color = trim(node.attribute("color").value());
      if (color.size() == 7 && color[0] == '#' && is_hex(color.substr(1))) {
        code.color = "#" + color.substr(1);
      } else if (color.size() == 4 && color[0] == '#' && is_hex(color.substr(1))) {
        code.color =
            std::string("#") + color[1] + color[1] + color[2] + color[2] + color[3] + color[3];
      }
      if (code.color) {
        std::transform(code.color->begin(), code.color->end(), code.color->begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
      }
      if (pugi::xml_node description = child(node, "Description")) {
        codebook::split_description(trim(text_of(description)), code);
      }
      codes_[key(node.attribute("guid").value())] = out_.exchange.codebook.codes.size();
      codes_[lower(code.guid)] = out_.exchange.codebook.codes.size();
      const std::string path = code.path;
      const std::string guid = code.guid;
      out_.exchange.codebook.codes.push_back(std::move(code));
      for (pugi::xml_node ref : children(node, "NoteRef"))
        pending_code_notes_.push_back({ref, guid});
      read_codes(node, path);
    }
  }

  static std::string quoted(const std::string& text) { return "'" + text + "'"; }

  // Text of a note from PlainTextContent or a plainTextPath into the archive.
  void read_notes(const pugi::xml_node& notes) {
    std::set<std::string> seen;
    for (pugi::xml_node node : children(notes, "Note")) {
      Note note;
      note.guid = fresh_guid(node.attribute("guid").value(), seen);
      std::string content;
      if (pugi::xml_node plain = child(node, "PlainTextContent")) {
        content = text_of(plain);
      } else if (auto entry = entry_for(node.attribute("plainTextPath").value())) {
        content = decode_source(archive_->read(*entry), *entry).first;
      }
      content = text::to_nfc(text::normalize_newlines(trim(content)));
      const std::string name = clean_name(node.attribute("name").value());
      std::string description;
      if (pugi::xml_node d = child(node, "Description")) description = trim(text_of(d));
      std::string text;
      if (!name.empty() && content.rfind(name, 0) != 0) text = name;
      for (const std::string& part : {description, content}) {
        if (part.empty() || text.find(part) != std::string::npos) continue;
        text += (text.empty() ? "" : "\n\n") + part;
      }
      note.text = text;
      note.creator = key(node.attribute("creatingUser").value());
      note.created = trim(node.attribute("creationDateTime").value());
      notes_by_key_[key(node.attribute("guid").value())] = notes_.size();
      notes_.push_back(std::move(note));
    }
    for (const auto& [ref, guid] : pending_code_notes_) attach(ref, "code", guid);
  }

  void memo(const Note& note, const std::string& kind, const std::string& target) {
    store::ExchangeMemo m;
    m.guid = note.guid;
    m.target_kind = kind;
    m.target_guid = target;
    m.coder_guid = note.creator.empty() ? "" : user_for(note.creator, {});
    m.text = note.text.empty() ? "(empty note)" : note.text;
    m.created = note.created;
    out_.exchange.memos.push_back(std::move(m));
  }

  void attach(const pugi::xml_node& ref, const std::string& kind, const std::string& target) {
    const auto found = notes_by_key_.find(key(ref.attribute("targetGUID").value()));
    if (found == notes_by_key_.end()) return;
    const Note& note = notes_[found->second];
    used_notes_.insert(lower(note.guid));
    memo(note, kind, target);
  }

  void read_variables(const pugi::xml_node& variables) {
    std::set<std::string> names;
    for (pugi::xml_node node : children(variables, "Variable")) {
      store::ExchangeVariable variable;
      variable.guid = fresh_guid(node.attribute("guid").value(), variable_guids_);
      variable.name = unique_name(clean_name(node.attribute("name").value()), names);
      variable.type = trim(node.attribute("typeOfVariable").value());
      static const std::set<std::string> kTypes = {"Text",  "Boolean", "Integer",
                                                   "Float", "Date",    "DateTime"};
      if (!kTypes.count(variable.type)) variable.type = "Text";
      if (pugi::xml_node d = child(node, "Description")) variable.description = trim(text_of(d));
      variables_[key(node.attribute("guid").value())] = out_.exchange.variables.size();
      out_.exchange.variables.push_back(std::move(variable));
    }
  }

  // The values of <VariableValue> children, typed by their element.
  std::map<std::string, store::AttributeValue> values_of(const pugi::xml_node& node) {
    std::map<std::string, store::AttributeValue> values;
    for (pugi::xml_node value : children(node, "VariableValue")) {
      const auto variable =
          variables_.find(key(child(value, "VariableRef").attribute("targetGUID").value()));
      if (variable == variables_.end()) continue;
      for (pugi::xml_node v : value.children()) {
        if (v.type() != pugi::node_element || is(v, "VariableRef")) continue;
        const std::string text = trim(text_of(v));
        store::AttributeValue typed = text;
        if (is(v, "TextValue")) {
          // A number written as text reads back as the number it was (as from a CSV),
          // unless that would change how it is written ("007", "2,5").
          const store::AttributeValue number = attribute_value(text);
          if (store::to_string(number) == text) typed = number;
        } else if (is(v, "IntegerValue")) {
          std::int64_t number = 0;
          const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
          if (ec == std::errc() && end == text.data() + text.size()) typed = number;
        } else if (is(v, "FloatValue")) {
          try {
            std::size_t used = 0;
            const double number = std::stod(text, &used);
            if (used == text.size()) typed = number;
          } catch (const std::exception&) {
          }
        }
        values[out_.exchange.variables[variable->second].name] = typed;
      }
    }
    return values;
  }

  void read_cases(const pugi::xml_node& cases) {
    std::set<std::string> names, guids;
    for (pugi::xml_node node : children(cases, "Case")) {
      store::ExchangeCase c;
      c.guid = fresh_guid(node.attribute("guid").value(), guids);
      std::string name = clean_name(node.attribute("name").value());
      if (name.empty()) name = "case " + c.guid.substr(0, 8);
      c.name = unique_name(name, names);
      c.attributes = values_of(node);
      for (pugi::xml_node ref : children(node, "SourceRef")) {
        const std::string source = key(ref.attribute("targetGUID").value());
        if (!case_of_source_.count(source)) case_of_source_[source] = c.name;
      }
      for (pugi::xml_node ref : children(node, "NoteRef"))
        pending_case_notes_.push_back({ref, c.guid});
      case_names_.insert(c.name);
      out_.exchange.cases.push_back(std::move(c));
    }
    for (const auto& [ref, guid] : pending_case_notes_) attach(ref, "case", guid);
  }

  // Decoded text of a source file and whether it began with a byte order mark.
  std::pair<std::string, bool> decode_source(const std::string& bytes, const std::string& entry) {
    if (bytes.rfind("\xEF\xBB\xBF", 0) == 0) {
      const std::string rest = bytes.substr(3);
      if (is_valid_utf8(rest)) return {rest, true};
    }
    if (is_valid_utf8(bytes)) return {bytes, false};
    const bool bom = bytes.rfind("\xFF\xFE", 0) == 0 || bytes.rfind("\xFE\xFF", 0) == 0;
    return {text::decode(bytes, path_ + ": " + entry).utf8, bom};
  }

  struct SourceText {
    std::string raw;
    bool bom = false;
    std::string format = "txt";
    std::string entry;  // where it came from
  };

  // The text of a TextSource or Transcript: plainTextPath, PlainTextContent, or the
  // richTextPath .docx; nullopt when none is there.
  std::optional<SourceText> source_text(const pugi::xml_node& node) {
    SourceText text;
    if (pugi::xml_node plain = child(node, "PlainTextContent")) {
      text.raw = text_of(plain);
      text.entry = qde_name_ + ":" + xml_path(plain);
      return text;
    }
    if (auto entry = entry_for(node.attribute("plainTextPath").value())) {
      auto [raw, bom] = decode_source(archive_->read(*entry), *entry);
      text.raw = std::move(raw);
      text.bom = bom;
      text.entry = *entry;
      return text;
    }
    if (auto entry = entry_for(node.attribute("richTextPath").value())) {
      if (lower(*entry).size() > 5 && lower(*entry).compare(entry->size() - 5, 5, ".docx") == 0) {
        const Extracted extracted = read_docx(archive_->read(*entry), path_ + ": " + *entry);
        for (std::size_t i = 0; i < extracted.lines.size(); ++i) {
          text.raw += (i ? "\n" : "") + extracted.lines[i].text;
        }
        text.format = "docx";
        text.entry = *entry;
        return text;
      }
    }
    return std::nullopt;
  }

  void read_sources(const pugi::xml_node& sources) {
    std::vector<std::string> missing;
    for (pugi::xml_node node : sources.children()) {
      if (node.type() != pugi::node_element) continue;
      const std::string kind(local_name(node));
      const std::string name = clean_name(node.attribute("name").value());
      if (kind == "TextSource") {
        if (!read_text_source(node, node, name)) missing.push_back(name);
      } else if (kind == "AudioSource" || kind == "VideoSource") {
        not_imported_[kind == "AudioSource" ? "audio sources" : "video sources"].push_back(name);
        for (pugi::xml_node transcript : children(node, "Transcript")) {
          std::string transcript_name = clean_name(transcript.attribute("name").value());
          if (transcript_name.empty()) transcript_name = "transcript of " + name;
          if (!read_text_source(transcript, node, transcript_name))
            missing.push_back(transcript_name);
          const auto selections = children(transcript, "TranscriptSelection");
          if (!selections.empty()) {
            skipped_selections_ += selections.size();
          }
        }
        skipped_selections_ +=
            children(node, kind == "AudioSource" ? "AudioSelection" : "VideoSelection").size();
      } else if (kind == "PDFSource") {
        not_imported_["PDF sources"].push_back(name);
        skipped_selections_ += children(node, "PDFSelection").size();
      } else if (kind == "PictureSource") {
        not_imported_["picture sources"].push_back(name);
        skipped_selections_ += children(node, "PictureSelection").size();
      }
    }
    if (!missing.empty()) {
      if (!options_.skip_missing_sources) {
        throw InputError(path_ + ": " + std::to_string(missing.size()) +
                         " text source(s) named in " + qde_name_ + " are not in the archive: " +
                         list_of(missing, 50) + "; --skip-missing-sources imports the rest");
      }
      out_.notes.push_back(std::to_string(missing.size()) +
                           " text source(s) missing from the archive, skipped with their "
                           "selections: " +
                           list_of(missing));
    }
  }

  // Imports one text source (or transcript, whose media `owner` gives its attributes);
  // false when its text is not in the file.
  bool read_text_source(const pugi::xml_node& node, const pugi::xml_node& owner,
                        const std::string& written_name) {
    const std::string source_key = key(owner.attribute("guid").value());
    // ATLAS.ti lists a transcript both as a TextSource and under its video, with one file.
    const std::string file = lower(trim(node.attribute("plainTextPath").value()));
    if (!file.empty() && !child(node, "PlainTextContent")) {
      const auto seen = documents_by_file_.find(file);
      if (seen != documents_by_file_.end()) {
        if (!seen->second.empty()) document_keys_[source_key] = seen->second;
        return true;  // imported, or already named as missing
      }
    }
    const std::optional<SourceText> text = source_text(node);
    if (!file.empty()) documents_by_file_[file] = "";
    if (!text) return false;
    store::ExchangeDocument d;
    d.guid = fresh_guid(node.attribute("guid").value(), document_guids_);
    const std::string name =
        unique_name(written_name.empty() ? d.guid : written_name, document_names_);
    if (name != written_name && !written_name.empty()) {
      out_.notes.push_back("a second source " + quoted(written_name) + " is named " + quoted(name));
    }
    const std::string stored = stored_text(text->raw);
    Extracted extracted;
    std::size_t start = 0;
    while (true) {
      const std::size_t end = stored.find('\n', start);
      Line line;
      line.text = stored.substr(start, end == std::string::npos ? end : end - start);
      extracted.lines.push_back(std::move(line));
      if (end == std::string::npos) break;
      start = end + 1;
    }
    d.document = build_document(std::move(extracted), name, text->format, options_.turns);
    if (d.document.text != stored) {
      throw InputError(where(node) + ": the text of " + name + " did not survive building");
    }
    d.document.encoding = text->bom ? "UTF-8 with BOM" : "UTF-8";
    d.source_path = path_ + ":" + text->entry;
    d.content_hash = sha256_hex(stored);
    const auto named_case = case_of_source_.find(key(node.attribute("guid").value()));
    const auto owner_case = case_of_source_.find(source_key);
    if (named_case != case_of_source_.end()) {
      d.case_name = named_case->second;
    } else if (owner_case != case_of_source_.end()) {
      d.case_name = owner_case->second;
    } else {
      d.case_name = std::filesystem::path(name).stem().string();
      if (d.case_name.empty()) d.case_name = name;
      // Attributes of the source itself go on its own case.
      auto values = values_of(owner);
      if (!values.empty() && !case_names_.count(d.case_name)) {
        store::ExchangeCase c{codebook::new_guid(), d.case_name, std::move(values)};
        case_names_.insert(c.name);
        out_.exchange.cases.push_back(std::move(c));
      }
    }
    document_keys_[key(node.attribute("guid").value())] = d.guid;
    if (!file.empty()) documents_by_file_[file] = d.guid;
    document_keys_[source_key] = d.guid;
    document_keys_[lower(d.guid)] = d.guid;

    const std::string creator = key(node.attribute("creatingUser").value());
    for (pugi::xml_node ref : children(node, "NoteRef")) attach(ref, "document", d.guid);
    // Codings of the whole source.
    for (pugi::xml_node coding : children(node, "Coding")) {
      add_coding(coding, d, {0, d.document.length}, creator, std::nullopt);
    }

    const auto selections = children(node, "PlainTextSelection");
    std::vector<RawSelection> raw;
    for (pugi::xml_node selection : selections) {
      raw.push_back({number(selection, "startPosition"), number(selection, "endPosition"),
                     selection.attribute("name").value()});
    }
    // A selection of no characters codes nothing; it is counted, not read.
    std::vector<std::size_t> kept;
    std::vector<RawSelection> kept_raw;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i].start == raw[i].end) {
        ++empty_selections_;
        continue;
      }
      kept.push_back(i);
      kept_raw.push_back(raw[i]);
    }
    const OffsetReading reading = read_offsets(text->raw, text->bom, kept_raw);
    if (reading.failed) {
      const RawSelection& bad = kept_raw[*reading.failed];
      throw InputError(where(selections[kept[*reading.failed]]) + ": the selection " +
                       std::to_string(bad.start) + "–" + std::to_string(bad.end) + " of " +
                       quoted(name) + " cannot be read: " + reading.why);
    }
    out_.offsets.push_back({name, kept_raw.empty() ? "none needed" : reading.convention,
                            kept_raw.size(), reading.fitting});
    for (std::size_t s = 0; s < kept.size(); ++s) {
      const pugi::xml_node selection = selections[kept[s]];
      std::optional<std::string> description;
      if (pugi::xml_node node_d = child(selection, "Description")) {
        const std::string t = text::to_nfc(text::normalize_newlines(trim(text_of(node_d))));
        if (!t.empty()) description = t;
      }
      std::string who = key(selection.attribute("creatingUser").value());
      if (who.empty()) who = creator;
      const auto codings = children(selection, "Coding");
      std::vector<std::string> coding_guids;
      for (pugi::xml_node coding : codings) {
        if (auto guid = add_coding(coding, d, reading.spans[s], who, description)) {
          coding_guids.push_back(*guid);
        }
      }
      if (coding_guids.empty() && description) {
        // A memo without a code (MAXQDA writes these): a memo on the document that says
        // which passage it is about.
        store::ExchangeMemo m;
        m.guid = fresh_guid(selection.attribute("guid").value(), memo_guids_);
        m.target_kind = "document";
        m.target_guid = d.guid;
        m.coder_guid = user_for(who, selection);
        const text::CodePointIndex index(d.document.text);
        m.text = *description + "\n\n(on " + std::to_string(reading.spans[s].start) + "–" +
                 std::to_string(reading.spans[s].end) + ": \u201C" +
                 std::string(index.slice(reading.spans[s])) + "\u201D)";
        m.created = trim(selection.attribute("creationDateTime").value());
        out_.exchange.memos.push_back(std::move(m));
        ++memo_only_selections_;
      }
      for (pugi::xml_node ref : children(selection, "NoteRef")) {
        if (coding_guids.empty()) {
          attach(ref, "document", d.guid);
        } else {
          for (const std::string& guid : coding_guids) attach(ref, "coding", guid);
        }
      }
    }
    out_.exchange.documents.push_back(std::move(d));
    return true;
  }

  std::int64_t number(const pugi::xml_node& node, const char* attribute) {
    const std::string text = trim(node.attribute(attribute).value());
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
      throw InputError(where(node) + ": " + attribute + " is " + quoted(text) +
                       ", not a whole number");
    }
    return value;
  }

  // One coding of `span` in `d` from a <Coding>; its GUID, or nullopt when its code is
  // not in the codebook.
  std::optional<std::string> add_coding(const pugi::xml_node& node,
                                        const store::ExchangeDocument& d, Span span,
                                        const std::string& selection_user,
                                        const std::optional<std::string>& memo) {
    const auto code = codes_.find(key(child(node, "CodeRef").attribute("targetGUID").value()));
    if (code == codes_.end()) {
      ++unknown_code_refs_;
      return std::nullopt;
    }
    model::Code& coded = out_.exchange.codebook.codes[code->second];
    if (!coded.codable) {
      coded.codable = true;
      out_.notes.push_back("code " + quoted(coded.path) +
                           " is marked not codable but has codings: made codable");
    }
    std::string who = key(node.attribute("creatingUser").value());
    if (who.empty()) who = selection_user;
    store::ExchangeCoding coding;
    coding.guid = fresh_guid(node.attribute("guid").value(), coding_guids_);
    coding.document = d.document.name;
    coding.code_guid = coded.guid;
    coding.coder_guid = user_for(who, node);
    coding.span = span;
    coding.memo = memo;
    coding.created = trim(node.attribute("creationDateTime").value());
    if (coding.created.empty()) coding.created.clear();
    for (pugi::xml_node ref : children(node, "NoteRef"))
      pending_coding_notes_.push_back({ref, coding.guid});
    out_.exchange.codings.push_back(coding);
    for (const auto& [ref, guid] : pending_coding_notes_) attach(ref, "coding", guid);
    pending_coding_notes_.clear();
    return coding.guid;
  }

  void read_sets(const pugi::xml_node& sets) {
    std::set<std::string> guids;
    std::size_t dropped = 0;
    std::set<std::string> note_keys;
    for (const auto& [k, index] : notes_by_key_) {
      if (used_notes_.count(lower(notes_[index].guid))) note_keys.insert(k);
    }
    for (pugi::xml_node node : children(sets, "Set")) {
      store::ExchangeSet set;
      set.guid = fresh_guid(node.attribute("guid").value(), guids);
      set.name = clean_name(node.attribute("name").value());
      if (pugi::xml_node d = child(node, "Description")) set.description = trim(text_of(d));
      for (pugi::xml_node member : node.children()) {
        const std::string k = key(member.attribute("targetGUID").value());
        if (is(member, "MemberCode") && codes_.count(k)) {
          set.members.emplace_back("code", out_.exchange.codebook.codes[codes_[k]].guid);
        } else if (is(member, "MemberSource") && document_keys_.count(k)) {
          set.members.emplace_back("document", document_keys_[k]);
        } else if (is(member, "MemberNote") && notes_by_key_.count(k)) {
          const Note& note = notes_[notes_by_key_[k]];
          if (!used_notes_.count(lower(note.guid))) {
            used_notes_.insert(lower(note.guid));
            memo(note, "project", "");
          }
          set.members.emplace_back("memo", note.guid);
        } else if (member.type() == pugi::node_element && !is(member, "Description")) {
          ++dropped;
        }
      }
      out_.exchange.sets.push_back(std::move(set));
    }
    if (dropped > 0) {
      out_.notes.push_back(std::to_string(dropped) +
                           " set member(s) are sources that were not imported; left out of "
                           "their sets");
    }
  }

  void count_others(const pugi::xml_node& root) {
    const std::size_t links = children(child(root, "Links"), "Link").size();
    const std::size_t graphs = children(child(root, "Graphs"), "Graph").size();
    for (const auto& [what, names] : not_imported_) {
      out_.not_imported.push_back(std::to_string(names.size()) + " " + what + ": " +
                                  list_of(names));
    }
    if (skipped_selections_ > 0) {
      out_.not_imported.push_back(std::to_string(skipped_selections_) +
                                  " selections of PDF, picture, audio or video sources or "
                                  "transcript time ranges, with their codings");
    }
    if (links > 0) out_.not_imported.push_back(std::to_string(links) + " links");
    if (graphs > 0) out_.not_imported.push_back(std::to_string(graphs) + " graphs");
    if (unknown_code_refs_ > 0) {
      out_.not_imported.push_back(std::to_string(unknown_code_refs_) +
                                  " codings whose code is not in the codebook");
    }
    if (empty_selections_ > 0) {
      out_.not_imported.push_back(std::to_string(empty_selections_) +
                                  " text selections of no characters");
    }
    if (memo_only_selections_ > 0) {
      out_.notes.push_back(std::to_string(memo_only_selections_) +
                           " selections with a description and no code became memos on "
                           "their documents");
    }
  }

  const std::string& path_;
  const QdpxImportOptions& options_;
  std::string bytes_;
  std::optional<package::ZipArchive> archive_;
  std::map<std::string, std::string> entries_;  // lower-case name → name
  std::string qde_name_;
  pugi::xml_document xml_;
  QdpxRead out_;
  std::string project_user_;
  std::map<std::string, std::string> users_;  // key → GUID as kept
  std::set<std::string> user_names_;
  std::map<std::string, std::size_t> codes_;  // key → index into the codebook
  std::set<std::string> code_guids_, document_guids_, coding_guids_, memo_guids_, variable_guids_;
  std::vector<Note> notes_;
  std::map<std::string, std::size_t> notes_by_key_;
  std::set<std::string> used_notes_;  // lower-case GUIDs
  std::vector<std::pair<pugi::xml_node, std::string>> pending_code_notes_, pending_case_notes_,
      pending_coding_notes_;
  std::map<std::string, std::size_t> variables_;       // key → index
  std::map<std::string, std::string> case_of_source_;  // source key → case name
  std::set<std::string> case_names_;
  std::set<std::string> document_names_;
  std::map<std::string, std::string> document_keys_;      // source key → document GUID
  std::map<std::string, std::string> documents_by_file_;  // plainTextPath → GUID, "" if missing
  std::map<std::string, std::vector<std::string>> not_imported_;
  std::size_t skipped_selections_ = 0, unknown_code_refs_ = 0, empty_selections_ = 0,
              memo_only_selections_ = 0;
};

}  // namespace

QdpxRead read_qdpx(const std::string& path, const QdpxImportOptions& options) {
  return QdpxReader(path, options).read(false);
}

model::Codebook read_qdpx_codebook(const std::string& path) {
  const QdpxImportOptions options;
  return QdpxReader(path, options).read(true).exchange.codebook;
}

QdpxImport import_qdpx(store::Project& project, const std::string& path,
                       const QdpxImportOptions& options) {
  if (!project.is_empty()) {
    throw InputError(project.path() +
                     ": a REFI-QDA project imports into a new or empty project; this one has "
                     "documents, codes, codings or memos already");
  }
  QdpxImport result{read_qdpx(path, options)};
  project.import_exchange(result.read.exchange);
  return result;
}

}  // namespace inzicht::importers
