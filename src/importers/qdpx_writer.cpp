// write_qde and export_qdpx: the project as QDA-XML 1.0 (Project-mrt2019.xsd), every
// element in the schema's order, every GUID the one stored in the project.

#include <algorithm>
#include <charconv>
#include <map>
#include <pugixml.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "base/clock.hpp"
#include "base/error.hpp"
#include "base/files.hpp"
#include "codebook/codebook_io.hpp"
#include "importers/content_hash.hpp"
#include "importers/qdpx.hpp"
#include "package/zip_archive.hpp"
#include "text/text.hpp"

namespace inzicht::importers {

namespace {

constexpr const char* kNamespace = "urn:QDA-XML:project:1.0";

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// XML 1.0 cannot hold most control characters, not even escaped.
std::string xml_safe(std::string_view text) {
  std::string safe;
  safe.reserve(text.size());
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n') safe += c;
  }
  return safe;
}

// A GUID made from another one, the same every time: the selection that carries a
// coding, which inzicht does not store apart from the coding.
std::string derived_guid(const std::string& from) {
  std::string hex = sha256_hex("inzicht selection " + lower(from)).substr(0, 32);
  hex[12] = '5';
  hex[16] = "89ab"[(hex[16] - '0') & 3];
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

bool is_date_time(const std::string& text) {
  static const std::regex kDateTime(
      R"(-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?)");
  return std::regex_match(text, kDateTime);
}

bool is_date(const std::string& text) {
  static const std::regex kDate(R"(-?\d{4,}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?)");
  return std::regex_match(text, kDate);
}

void set_date(pugi::xml_node node, const char* name, const std::string& value) {
  if (is_date_time(value)) node.append_attribute(name) = value.c_str();
}

// An xsd:decimal: no exponent.
std::string decimal(double value) {
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  std::string text(buffer, end);
  if (text.find_first_of("eE") != std::string::npos || text.find("inf") != std::string::npos ||
      text.find("nan") != std::string::npos) {
    std::ostringstream out;
    out.precision(17);
    out << std::fixed << value;
    text = out.str();
  }
  return text;
}

// The first words of a coded passage, as other tools name their selections.
std::string selection_name(const text::CodePointIndex& index, Span span) {
  constexpr Offset kLength = 60;
  std::string name(index.slice({span.start, std::min(span.end, span.start + kLength)}));
  for (char& c : name) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  if (span.length() > kLength) name += "\u2026";
  return name;
}

std::string first_line(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  const text::CodePointIndex index(line);
  if (index.size() > 60) line = std::string(index.slice({0, 60}));
  return line.empty() ? "memo" : line;
}

class QdeWriter {
 public:
  QdeWriter(const store::Exchange& exchange, const std::string& name, const std::string& now)
      : x_(exchange), name_(name), now_(now) {
    for (const store::ExchangeUser& user : x_.users) users_.insert(user.guid);
    for (std::size_t i = 0; i < x_.memos.size(); ++i) {
      const store::ExchangeMemo& memo = x_.memos[i];
      memos_on_[memo.target_kind + ":" + memo.target_guid].insert(memo.guid);
      if (!notes_.count(memo.guid)) notes_[memo.guid] = i;
    }
    for (const store::ExchangeCoding& coding : x_.codings)
      codings_of_[coding.document].push_back(&coding);
  }

  std::string write() {
    pugi::xml_document document;
    pugi::xml_node declaration = document.append_child(pugi::node_declaration);
    declaration.append_attribute("version") = "1.0";
    declaration.append_attribute("encoding") = "utf-8";
    pugi::xml_node root = document.append_child("Project");
    root.append_attribute("xmlns") = kNamespace;
    root.append_attribute("name") = xml_safe(name_).c_str();
    root.append_attribute("origin") = "inzicht";
    set_date(root, "creationDateTime", now_);
    set_date(root, "modifiedDateTime", now_);

    if (!x_.users.empty()) {
      pugi::xml_node users = root.append_child("Users");
      for (const store::ExchangeUser& user : x_.users) {
        pugi::xml_node node = users.append_child("User");
        node.append_attribute("guid") = user.guid.c_str();
        node.append_attribute("name") = xml_safe(user.name).c_str();
      }
    }
    if (!x_.codebook.codes.empty()) {
      append_codes(root.append_child("CodeBook").append_child("Codes"), "");
    }
    append_variables(root);
    append_cases(root);
    append_sources(root);
    if (!notes_.empty()) {
      pugi::xml_node notes = root.append_child("Notes");
      for (const auto& [guid, index] : notes_) {
        const store::ExchangeMemo& memo = x_.memos[index];
        pugi::xml_node note = notes.append_child("Note");
        note.append_attribute("guid") = guid.c_str();
        note.append_attribute("name") = xml_safe(first_line(memo.text)).c_str();
        user(note, "creatingUser", memo.coder_guid);
        set_date(note, "creationDateTime", memo.created);
        note.append_child("PlainTextContent").text().set(xml_safe(memo.text).c_str());
      }
    }
    append_sets(root);
    note_refs(root, "project:");
    std::ostringstream out;
    document.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
    return out.str();
  }

 private:
  void user(pugi::xml_node node, const char* attribute, const std::string& guid) {
    if (!guid.empty() && users_.count(guid)) node.append_attribute(attribute) = guid.c_str();
  }

  void note_refs(pugi::xml_node node, const std::string& target) {
    const auto found = memos_on_.find(target);
    if (found == memos_on_.end()) return;
    for (const std::string& guid : found->second) {
      node.append_child("NoteRef").append_attribute("targetGUID") = guid.c_str();
    }
  }

  void append_codes(pugi::xml_node parent, const std::string& parent_path) {
    for (const model::Code& code : x_.codebook.codes) {
      if (code.parent_path != parent_path) continue;
      pugi::xml_node node = parent.append_child("Code");
      node.append_attribute("guid") = code.guid.c_str();
      node.append_attribute("name") = xml_safe(code.name).c_str();
      node.append_attribute("isCodable") = code.codable ? "true" : "false";
      if (code.color) node.append_attribute("color") = code.color->c_str();
      const std::string description = codebook::joined_description(code);
      if (!description.empty()) {
        node.append_child("Description").text().set(xml_safe(description).c_str());
      }
      note_refs(node, "code:" + code.guid);
      append_codes(node, code.path);
    }
  }

  void append_variables(pugi::xml_node root) {
    if (x_.variables.empty()) return;
    pugi::xml_node variables = root.append_child("Variables");
    for (const store::ExchangeVariable& variable : x_.variables) {
      pugi::xml_node node = variables.append_child("Variable");
      node.append_attribute("guid") = variable.guid.c_str();
      node.append_attribute("name") = xml_safe(variable.name).c_str();
      node.append_attribute("typeOfVariable") = variable.type.c_str();
      if (!variable.description.empty()) {
        node.append_child("Description").text().set(xml_safe(variable.description).c_str());
      }
      variables_[variable.name] = &variable;
    }
  }

  void append_value(pugi::xml_node node, const store::ExchangeVariable& variable,
                    const store::AttributeValue& value) {
    pugi::xml_node v = node.append_child("VariableValue");
    v.append_child("VariableRef").append_attribute("targetGUID") = variable.guid.c_str();
    const std::string text = store::to_string(value);
    const std::string& type = variable.type;
    if (type == "Integer" && std::holds_alternative<std::int64_t>(value)) {
      v.append_child("IntegerValue").text().set(text.c_str());
    } else if (type == "Float" && !std::holds_alternative<std::string>(value)) {
      const double number = std::holds_alternative<double>(value)
                                ? std::get<double>(value)
                                : static_cast<double>(std::get<std::int64_t>(value));
      v.append_child("FloatValue").text().set(decimal(number).c_str());
    } else if (type == "Boolean" &&
               (text == "true" || text == "false" || text == "1" || text == "0")) {
      v.append_child("BooleanValue").text().set(text == "true" || text == "1" ? "true" : "false");
    } else if (type == "Date" && is_date(text)) {
      v.append_child("DateValue").text().set(text.c_str());
    } else if (type == "DateTime" && is_date_time(text)) {
      v.append_child("DateTimeValue").text().set(text.c_str());
    } else {
      v.append_child("TextValue").text().set(xml_safe(text).c_str());
    }
  }

  void append_cases(pugi::xml_node root) {
    std::map<std::string, std::vector<const store::ExchangeDocument*>> documents_of;
    for (const store::ExchangeDocument& d : x_.documents) documents_of[d.case_name].push_back(&d);
    if (x_.cases.empty()) return;
    pugi::xml_node cases = root.append_child("Cases");
    for (const store::ExchangeCase& c : x_.cases) {
      pugi::xml_node node = cases.append_child("Case");
      node.append_attribute("guid") = c.guid.c_str();
      node.append_attribute("name") = xml_safe(c.name).c_str();
      for (const auto& [name, value] : c.attributes) {
        const auto variable = variables_.find(name);
        if (variable != variables_.end()) append_value(node, *variable->second, value);
      }
      for (const store::ExchangeDocument* d : documents_of[c.name]) {
        node.append_child("SourceRef").append_attribute("targetGUID") = d->guid.c_str();
      }
    }
  }

  void append_sources(pugi::xml_node root) {
    if (x_.documents.empty()) return;
    pugi::xml_node sources = root.append_child("Sources");
    for (const store::ExchangeDocument& d : x_.documents) {
      pugi::xml_node source = sources.append_child("TextSource");
      source.append_attribute("guid") = d.guid.c_str();
      source.append_attribute("name") = xml_safe(d.document.name).c_str();
      source.append_attribute("plainTextPath") = ("internal://" + d.guid + ".txt").c_str();
      const text::CodePointIndex index(d.document.text);
      for (const store::ExchangeCoding* coding : codings_of_[d.document.name]) {
        pugi::xml_node selection = source.append_child("PlainTextSelection");
        selection.append_attribute("guid") = derived_guid(coding->guid).c_str();
        selection.append_attribute("name") = xml_safe(selection_name(index, coding->span)).c_str();
        selection.append_attribute("startPosition") = static_cast<long long>(coding->span.start);
        selection.append_attribute("endPosition") = static_cast<long long>(coding->span.end);
        user(selection, "creatingUser", coding->coder_guid);
        set_date(selection, "creationDateTime", coding->created);
        if (coding->memo) {
          selection.append_child("Description").text().set(xml_safe(*coding->memo).c_str());
        }
        pugi::xml_node node = selection.append_child("Coding");
        node.append_attribute("guid") = coding->guid.c_str();
        user(node, "creatingUser", coding->coder_guid);
        set_date(node, "creationDateTime", coding->created);
        node.append_child("CodeRef").append_attribute("targetGUID") = coding->code_guid.c_str();
        note_refs(node, "coding:" + coding->guid);
      }
      note_refs(source, "document:" + d.guid);
    }
  }

  void append_sets(pugi::xml_node root) {
    if (x_.sets.empty()) return;
    pugi::xml_node sets = root.append_child("Sets");
    for (const store::ExchangeSet& set : x_.sets) {
      pugi::xml_node node = sets.append_child("Set");
      node.append_attribute("guid") = set.guid.c_str();
      node.append_attribute("name") = xml_safe(set.name).c_str();
      if (!set.description.empty()) {
        node.append_child("Description").text().set(xml_safe(set.description).c_str());
      }
      // The schema orders members by kind.
      for (const auto& [kind, element] :
           {std::pair{"code", "MemberCode"}, std::pair{"document", "MemberSource"},
            std::pair{"memo", "MemberNote"}}) {
        for (const auto& [member_kind, guid] : set.members) {
          if (member_kind != kind) continue;
          if (std::string(kind) == "memo" && !notes_.count(guid)) continue;
          node.append_child(element).append_attribute("targetGUID") = guid.c_str();
        }
      }
    }
  }

  const store::Exchange& x_;
  const std::string& name_;
  const std::string& now_;
  std::set<std::string> users_;
  std::map<std::string, std::set<std::string>> memos_on_;  // "kind:guid" → memo GUIDs
  std::map<std::string, std::size_t> notes_;               // memo GUID → first memo
  std::map<std::string, std::vector<const store::ExchangeCoding*>> codings_of_;  // by document
  std::map<std::string, const store::ExchangeVariable*> variables_;
};

}  // namespace

std::string write_qde(const store::Exchange& exchange, const std::string& name,
                      const std::string& now) {
  return QdeWriter(exchange, name, now).write();
}

std::string qdpx_archive(const store::Exchange& exchange, const std::string& name,
                         const std::string& now) {
  std::vector<std::pair<std::string, std::string>> entries;
  entries.emplace_back("project.qde", write_qde(exchange, name, now));
  for (const store::ExchangeDocument& d : exchange.documents) {
    entries.emplace_back("sources/" + d.guid + ".txt", d.document.text);
  }
  return package::write_zip(entries);
}

QdpxExport export_qdpx(store::Project& project, const std::string& path,
                       const QdpxExportOptions& options) {
  QdpxExport result;
  result.guids_made = project.assign_guids(codebook::new_guid);
  store::Exchange exchange = project.exchange(options.coders, options.documents);
  if (options.codebook_only) {
    exchange.variables.clear();
    exchange.cases.clear();
    exchange.documents.clear();
    exchange.codings.clear();
    std::erase_if(exchange.memos,
                  [](const store::ExchangeMemo& m) { return m.target_kind != "code"; });
    for (store::ExchangeSet& set : exchange.sets) {
      std::erase_if(set.members, [](const auto& member) { return member.first != "code"; });
    }
    std::erase_if(exchange.sets, [](const store::ExchangeSet& s) { return s.members.empty(); });
  }
  std::set<std::string> notes;
  for (const store::ExchangeMemo& memo : exchange.memos) notes.insert(memo.guid);
  result.users = exchange.users.size();
  result.codes = exchange.codebook.codes.size();
  result.cases = exchange.cases.size();
  result.documents = exchange.documents.size();
  result.codings = exchange.codings.size();
  result.notes = notes.size();
  result.sets = exchange.sets.size();
  const std::string name = project.name();
  std::string extension = path.size() >= 4 ? lower(path.substr(path.size() - 4)) : "";
  if (options.bare_qde || extension == ".qde") {
    write_file_atomically(path, write_qde(exchange, name, now_utc()));
  } else {
    write_file_atomically(path, qdpx_archive(exchange, name, now_utc()));
  }
  return result;
}

}  // namespace inzicht::importers
