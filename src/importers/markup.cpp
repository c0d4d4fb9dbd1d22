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
      {"nbsp", 0xA0}, {"lrm", 0x200E}, {"rlm", 0x200F},
      // What HTML transcripts of European languages use most.
      {"eacute", 0xE9}, {"egrave", 0xE8}, {"ecirc", 0xEA}, {"euml", 0xEB}, {"aacute", 0xE1},
      {"agrave", 0xE0}, {"acirc", 0xE2}, {"auml", 0xE4}, {"iacute", 0xED}, {"igrave", 0xEC},
      {"icirc", 0xEE}, {"iuml", 0xEF}, {"oacute", 0xF3}, {"ograve", 0xF2}, {"ocirc", 0xF4},
      {"ouml", 0xF6}, {"uacute", 0xFA}, {"ugrave", 0xF9}, {"ucirc", 0xFB}, {"uuml", 0xFC},
      {"ccedil", 0xE7}, {"ntilde", 0xF1}, {"szlig", 0xDF}, {"oslash", 0xF8}, {"aring", 0xE5},
      {"Eacute", 0xC9}, {"Euml", 0xCB}, {"Iuml", 0xCF}, {"Ouml", 0xD6}, {"Uuml", 0xDC},
      {"Auml", 0xC4}, {"Ccedil", 0xC7}, {"ndash", 0x2013}, {"mdash", 0x2014},
      {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"sbquo", 0x201A}, {"ldquo", 0x201C},
      {"rdquo", 0x201D}, {"bdquo", 0x201E}, {"hellip", 0x2026}, {"euro", 0x20AC},
      {"copy", 0xA9}, {"reg", 0xAE}, {"deg", 0xB0}, {"middot", 0xB7}, {"laquo", 0xAB},
      {"raquo", 0xBB}, {"shy", 0xAD}, {"times", 0xD7}, {"trade", 0x2122}, {"bull", 0x2022}};
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
