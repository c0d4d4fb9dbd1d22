#include "package/xml_part.hpp"

#include "package/limits.hpp"
#include "base/error.hpp"
#include "text/text.hpp"

namespace inzicht::package {

namespace {

struct Binding {
  std::string_view prefix;  // "" for the default namespace
  std::string_view uri;
  int depth;  // of the element that declared it
};

// Rewrites element and attribute names to the reader's prefixes while checking depth.
// Iterative, because the depth it checks is not yet known to be bounded.
class NamespaceNormalizer {
 public:
  // `check_text`: character data may hold character references, which pugixml decodes
  // without checking that they name a Unicode scalar value ("&#xD800;").
  NamespaceNormalizer(const std::vector<XmlNamespace>& known, const std::string& source,
                      const std::string& part, bool check_text)
      : known_(known), source_(source), part_(part), check_text_(check_text) {}

  void run(pugi::xml_document& doc) {
    pugi::xml_node node = doc.first_child();
    while (node) {
      if (node.type() == pugi::node_element) {
        enter(node);
        if (node.first_child()) {
          node = node.first_child();
          continue;
        }
        leave();
      } else if (check_text_ && node.type() == pugi::node_pcdata) {
        check_text(node);
      }
      // Climb until there is a next sibling, leaving every element passed on the way.
      while (!node.next_sibling()) {
        node = node.parent();
        if (node.type() != pugi::node_element) return;  // back at the document
        leave();
      }
      node = node.next_sibling();
    }
  }

 private:
  void enter(pugi::xml_node element) {
    if (++depth_ > kMaxXmlDepth) {
      throw InputError(source_ + ": " + part_ + ": elements nested deeper than " +
                       std::to_string(kMaxXmlDepth) + " levels");
    }
    for (pugi::xml_attribute attribute : element.attributes()) {
      const std::string_view name = attribute.name();
      if (name == "xmlns") {
        bindings_.push_back({"", attribute.value(), depth_});
      } else if (name.starts_with("xmlns:")) {
        bindings_.push_back({name.substr(6), attribute.value(), depth_});
      }
    }
    if (bindings_.empty()) return;  // nothing declared: names stay as written
    rename(element, /*is_attribute=*/false);
    for (pugi::xml_attribute attribute : element.attributes()) rename(attribute, true);
  }

  void check_text(pugi::xml_node data) const {
    if (inzicht::is_valid_utf8(data.value())) return;
    const std::ptrdiff_t offset = data.offset_debug();
    throw InputError(source_ + ": " + part_ + ": character reference to an invalid code point" +
                     (offset >= 0 ? " in the text at byte " + std::to_string(offset) : ""));
  }

  void leave() {
    while (!bindings_.empty() && bindings_.back().depth == depth_) bindings_.pop_back();
    --depth_;
  }

  const Binding* lookup(std::string_view prefix) const {
    for (auto it = bindings_.rbegin(); it != bindings_.rend(); ++it) {
      if (it->prefix == prefix) return &*it;
    }
    return nullptr;
  }

  template <typename Node>
  void rename(Node node, bool is_attribute) {
    const std::string_view qname = node.name();
    const std::size_t colon = qname.find(':');
    // Unprefixed attributes belong to no namespace; namespace declarations are not names.
    if (is_attribute && (colon == std::string_view::npos || qname.starts_with("xmlns"))) return;
    const std::string_view prefix =
        colon == std::string_view::npos ? std::string_view() : qname.substr(0, colon);
    const std::string_view local =
        colon == std::string_view::npos ? qname : qname.substr(colon + 1);
    const Binding* binding = lookup(prefix);
    if (binding == nullptr) return;
    bool prefix_is_known = false;
    for (const XmlNamespace& ns : known_) {
      if (ns.uri == binding->uri) {
        if (ns.prefix != prefix)
          node.set_name((std::string(ns.prefix) + ":").append(local).c_str());
        return;
      }
      prefix_is_known = prefix_is_known || ns.prefix == prefix;
    }
    if (prefix_is_known) node.set_name(("?" + std::string(qname)).c_str());
  }

  const std::vector<XmlNamespace>& known_;
  const std::string& source_;
  const std::string& part_;
  const bool check_text_;
  std::vector<Binding> bindings_;
  int depth_ = 0;
};

}  // namespace

pugi::xml_document parse_xml_part(std::string_view bytes, const std::string& source,
                                  const std::string& part, const std::vector<XmlNamespace>& known) {
  pugi::xml_document doc;
  // Whitespace-only character data is text too: a space between two runs or spans.
  const pugi::xml_parse_result result = doc.load_buffer(
      bytes.data(), bytes.size(), pugi::parse_default | pugi::parse_ws_pcdata, pugi::encoding_auto);
  if (!result) {
    throw InputError(source + ": " + part + ": XML error at byte " + std::to_string(result.offset) +
                     ": " + result.description());
  }
  // pugixml copies UTF-8 through unchecked; converted encodings come out valid.
  if (result.encoding == pugi::encoding_utf8) {
    if (const auto bad = inzicht::first_invalid_utf8(bytes)) {
      throw InputError(source + ": " + part + ": invalid UTF-8 at byte " + std::to_string(*bad));
    }
  }
  const bool has_references = bytes.find("&#") != std::string_view::npos;
  NamespaceNormalizer(known, source, part, has_references).run(doc);
  return doc;
}

}  // namespace inzicht::package
