#include "importers/markup.hpp"

#include <utility>

namespace inzicht::importers {

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

void decode_reference(std::string_view text, std::size_t& i, std::string& out) {
  const std::size_t semi = text.find(';', i);
  if (semi == std::string_view::npos || semi - i > 10) {
    out += text[i++];
    return;
  }
  const std::string_view name = text.substr(i + 1, semi - i - 1);
  static const std::pair<std::string_view, char32_t> kNamed[] = {
      {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''},
      {"nbsp", 0xA0}, {"lrm", 0x200E}, {"rlm", 0x200F}};
  for (const auto& [entity, c] : kNamed) {
    if (name == entity) {
      append_utf8(out, c);
      i = semi + 1;
      return;
    }
  }
  if (name.size() > 1 && name[0] == '#') {
    const bool hex = name[1] == 'x' || name[1] == 'X';
    char32_t c = 0;
    bool ok = name.size() > (hex ? 2u : 1u);
    for (std::size_t k = hex ? 2 : 1; k < name.size() && ok; ++k) {
      const char d = name[k];
      int v = -1;
      if (d >= '0' && d <= '9') v = d - '0';
      if (hex && d >= 'a' && d <= 'f') v = d - 'a' + 10;
      if (hex && d >= 'A' && d <= 'F') v = d - 'A' + 10;
      ok = v >= 0 && c < 0x110000;
      c = c * (hex ? 16u : 10u) + static_cast<char32_t>(v);
    }
    if (ok && c > 0x1F && c < 0x110000 && !(c >= 0xD800 && c <= 0xDFFF)) {
      append_utf8(out, c);
      i = semi + 1;
      return;
    }
  }
  out += text[i++];
}

}  // namespace inzicht::importers
