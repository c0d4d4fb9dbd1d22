// REFI-QDA codebooks (.qdc, QDA-XML 1.0). Reading is lenient where real tools differ
// (namespaces, a <Project> root, #RGB colours) and strict where data would be lost or
// misread (malformed XML, names with '/', bad GUIDs).

#include <algorithm>
#include <array>
#include <map>
#include <pugixml.hpp>
#include <set>
#include <sstream>

#include "codebook/checks.hpp"
#include "base/strings.hpp"
#include "codebook/codebook_io.hpp"
#include "base/error.hpp"

namespace inzicht::codebook {
namespace {

constexpr int kMaxDepth = 64;
constexpr const char* kNamespace = "urn:QDA-XML:codebook:1.0";

// The schema has no place for criteria and examples, so they travel at the end of the
// description under these headings, in this order, and are split off again on reading.
struct Section {
  const char* heading;
  std::vector<std::string> model::Code::*items;
};
const std::array<Section, 3> kSections = {{{"Include:", &model::Code::include},
                                           {"Exclude:", &model::Code::exclude},
                                           {"Examples:", &model::Code::examples}}};

std::string_view local_name(const pugi::xml_node& node) {
  const std::string_view name = node.name();
  const std::size_t colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child_named(const pugi::xml_node& node, std::string_view local) {
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_element && local_name(child) == local) return child;
  }
  return {};
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end == std::string::npos ? end : end - start));
    if (end == std::string::npos) return lines;
    start = end + 1;
  }
}

// Reads the sections written by describe() from `lines[first…]`; nullopt unless they run
// to the end in the written form.
std::optional<model::Code> read_sections(const std::vector<std::string>& lines, std::size_t first) {
  model::Code code;
  std::size_t i = first;
  std::size_t next_section = 0;
  while (i < lines.size()) {
    std::size_t s = next_section;
    while (s < kSections.size() && lines[i] != kSections[s].heading) ++s;
    if (s == kSections.size()) return std::nullopt;
    next_section = s + 1;
    ++i;
    std::vector<std::string>& items = code.*(kSections[s].items);
    while (i < lines.size() && lines[i].rfind("- ", 0) == 0) {
      std::string item = lines[i++].substr(2);
      while (i < lines.size() && lines[i].rfind("  ", 0) == 0) item += "\n" + lines[i++].substr(2);
      items.push_back(std::move(item));
    }
    if (items.empty()) return std::nullopt;
    if (i < lines.size() && !lines[i].empty()) return std::nullopt;
    while (i < lines.size() && lines[i].empty()) ++i;
  }
  return code;
}

// Splits a description into its own text and the criteria sections at its end.
void read_description(const std::string& text, model::Code& code) {
  const std::vector<std::string> lines = split_lines(text);
  for (std::size_t k = 0; k < lines.size(); ++k) {
    if (k > 0 && !lines[k - 1].empty()) continue;
    if (auto sections = read_sections(lines, k)) {
      std::string own;
      for (std::size_t i = 0; i < k; ++i) own += (i == 0 ? "" : "\n") + lines[i];
      code.description = trim(own, " \t\r\n");
      code.include = std::move(sections->include);
      code.exclude = std::move(sections->exclude);
      code.examples = std::move(sections->examples);
      return;
    }
  }
  code.description = text;
}

std::string describe(const model::Code& code) {
  std::string text = code.description;
  for (const Section& section : kSections) {
    const std::vector<std::string>& items = code.*(section.items);
    if (items.empty()) continue;
    if (!text.empty()) text += "\n\n";
    text += section.heading;
    for (const std::string& item : items) {
      text += "\n- ";
      for (char c : item) text += c == '\n' ? std::string("\n  ") : std::string(1, c);
    }
  }
  return text;
}

// XML 1.0 cannot hold most control characters, not even escaped.
std::string xml_safe(std::string_view text) {
  std::string safe;
  safe.reserve(text.size());
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r') safe += c;
  }
  return safe;
}

class QdcReader {
 public:
  QdcReader(const std::string& bytes, const std::string& source)
      : bytes_(bytes), source_(source), problems_(source) {
    for (std::size_t i = 0; i < bytes.size(); ++i) {
      if (bytes[i] == '\n') newlines_.push_back(i);
    }
  }

  model::Codebook read() {
    pugi::xml_document document;
    const pugi::xml_parse_result result =
        document.load_buffer(bytes_.data(), bytes_.size(), pugi::parse_default);
    if (!result) throw_malformed(result);
    pugi::xml_node root = document.document_element();
    model::Codebook codebook;
    if (local_name(root) == "Project") {
      codebook.name = root.attribute("name").value();
      root = child_named(root, "CodeBook");
      if (!root) throw InputError(source_ + ": the REFI-QDA project has no <CodeBook>");
    } else if (local_name(root) != "CodeBook") {
      throw InputError(source_ + ": not a REFI-QDA codebook: the root element is <" +
                       std::string(root.name()) + ">, expected <CodeBook>");
    }
    const pugi::xml_node codes = child_named(root, "Codes");
    if (!codes) {
      problems_.add(line_of(root), "the <CodeBook> has no <Codes>");
    }
    codebook_ = &codebook;
    read_children(codes, "", 0);
    problems_.throw_if_any();
    return codebook;
  }

 private:
  [[noreturn]] void throw_malformed(const pugi::xml_parse_result& result) const {
    const auto offset = static_cast<std::size_t>(std::max<std::ptrdiff_t>(result.offset, 0));
    std::string what = result.description();
    if (!what.empty())
      what[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(what[0])));
    std::string message = source_ + ": malformed XML at byte " + std::to_string(offset) +
                          " (line " + std::to_string(line_at(offset)) + "): " + what;
    const bool at_end =
        offset >= bytes_.size() || trim(std::string_view(bytes_).substr(offset + 1), " \t\r\n").empty();
    if (at_end && !bytes_.empty()) message += "; the file ends there, so it looks truncated";
    throw InputError(message);
  }

  int line_at(std::size_t offset) const {
    return 1 + static_cast<int>(std::lower_bound(newlines_.begin(), newlines_.end(), offset) -
                                newlines_.begin());
  }

  int line_of(const pugi::xml_node& node) const {
    const std::ptrdiff_t offset = node.offset_debug();
    return offset < 0 ? 0 : line_at(static_cast<std::size_t>(offset));
  }

  void read_children(const pugi::xml_node& parent, const std::string& parent_path, int depth) {
    for (pugi::xml_node node : parent.children()) {
      if (node.type() == pugi::node_element && local_name(node) == "Code") {
        read_code(node, parent_path, depth);
      }
    }
  }

  void read_code(const pugi::xml_node& node, const std::string& parent_path, int depth) {
    const int line = line_of(node);
    if (depth >= kMaxDepth) {
      problems_.add(line, "codes nested deeper than " + std::to_string(kMaxDepth) + " levels");
      return;
    }
    model::Code code;
    code.line = line;
    code.parent_path = parent_path;
    const pugi::xml_attribute name = node.attribute("name");
    code.name = name.value();
    code.path = parent_path.empty() ? code.name : parent_path + "/" + code.name;
    if (!name) {
      problems_.add(line, "a <Code> has no name attribute");
    } else if (auto why = name_problem(code.name)) {
      problems_.add(line, "bad code name: " + *why);
    } else if (!paths_.insert(code.path).second) {
      problems_.add(line, "duplicate code path " + quoted(code.path));
    }

    const std::string guid = trim(node.attribute("guid").value(), " \t\r\n");
    if (!guid.empty() && !is_guid(guid)) {
      problems_.add(line,
                    "the guid " + quoted(guid) + " of " + quoted(code.path) + " is not a GUID");
    } else if (!guid.empty()) {
      std::string folded = guid;
      std::transform(folded.begin(), folded.end(), folded.begin(), [](char c) {
        return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      });
      if (!guids_.insert(folded).second) {
        problems_.add(line, "the guid " + guid + " of " + quoted(code.path) + " is used twice");
      }
      code.guid = guid;
    }

    if (const pugi::xml_attribute codable = node.attribute("isCodable")) {
      const std::string value = trim(codable.value(), " \t\r\n");
      if (value == "false" || value == "0") {
        code.codable = false;
      } else if (value != "true" && value != "1") {
        problems_.add(line, "isCodable of " + quoted(code.path) + " is " + quoted(value) +
                                ", not true or false");
      }
    }
    if (const pugi::xml_attribute color = node.attribute("color")) {
      const std::string value = trim(color.value(), " \t\r\n");
      if (auto normal = normalize_color(value, true)) {
        code.color = *normal;
      } else if (!value.empty()) {
        problems_.add(
            line, "the colour " + quoted(value) + " of " + quoted(code.path) + " is not #RRGGBB");
      }
    }
    if (const pugi::xml_node description = child_named(node, "Description")) {
      std::string text;
      for (pugi::xml_node part : description.children()) {
        if (part.type() == pugi::node_pcdata || part.type() == pugi::node_cdata) {
          text += part.value();
        }
      }
      read_description(trim(text, " \t\r\n"), code);
    }
    const std::string path = code.path;
    codebook_->codes.push_back(std::move(code));
    read_children(node, path, depth + 1);
  }

  const std::string& bytes_;
  const std::string& source_;
  Problems problems_;
  std::vector<std::size_t> newlines_;  // byte positions of every '\n'
  model::Codebook* codebook_ = nullptr;
  std::set<std::string> paths_;
  std::set<std::string> guids_;  // lower case
};

class QdcWriter {
 public:
  explicit QdcWriter(const model::Codebook& codebook)
      : codebook_(codebook), children_(children_by_parent(codebook)) {}

  std::string write() {
    if (codebook_.codes.empty()) {
      throw InputError("a REFI-QDA codebook needs at least one code; this codebook has none");
    }
    pugi::xml_document document;
    pugi::xml_node declaration = document.append_child(pugi::node_declaration);
    declaration.append_attribute("version") = "1.0";
    declaration.append_attribute("encoding") = "utf-8";
    pugi::xml_node root = document.append_child("CodeBook");
    root.append_attribute("xmlns") = kNamespace;
    root.append_attribute("origin") = "inzicht";
    append_codes(root.append_child("Codes"), "");
    std::ostringstream out;
    document.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
    return out.str();
  }

 private:
  void append_codes(pugi::xml_node parent, const std::string& parent_path) {
    const auto it = children_.find(parent_path);
    if (it == children_.end()) return;
    for (std::size_t index : it->second) {
      const model::Code& code = codebook_.codes[index];
      pugi::xml_node node = parent.append_child("Code");
      const std::string guid = is_guid(code.guid) ? code.guid : new_guid();
      node.append_attribute("guid") = guid.c_str();
      node.append_attribute("name") = xml_safe(code.name).c_str();
      node.append_attribute("isCodable") = code.codable ? "true" : "false";
      if (code.color) {
        if (auto color = normalize_color(*code.color, true)) {
          node.append_attribute("color") = color->c_str();
        }
      }
      const std::string description = xml_safe(describe(code));
      if (!description.empty()) {
        node.append_child("Description").text().set(description.c_str());
      }
      append_codes(node, code.path);
    }
  }

  const model::Codebook& codebook_;
  std::map<std::string, std::vector<std::size_t>> children_;  // parent path → code indexes
};

}  // namespace

model::Codebook parse_qdc(const std::string& bytes, const std::string& source) {
  return QdcReader(bytes, source).read();
}

std::string write_qdc(const model::Codebook& codebook) { return QdcWriter(codebook).write(); }

}  // namespace inzicht::codebook
