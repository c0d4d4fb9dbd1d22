#include "importers/qdpx_offsets.hpp"

#include <algorithm>
#include <array>

#include "text/text.hpp"

namespace inzicht::importers {

namespace {

enum class Unit { code_point, utf16, byte };

struct Convention {
  const char* name;
  Unit unit;
  bool crlf_as_one;
  bool bom_counted;
};

// In order of preference on a tie: the standard first.
constexpr std::array<Convention, 9> kConventions = {{
    {"code points", Unit::code_point, false, false},
    {"code points, CRLF as one", Unit::code_point, true, false},
    {"UTF-16 units", Unit::utf16, false, false},
    {"UTF-16 units, CRLF as one", Unit::utf16, true, false},
    {"code points, BOM counted", Unit::code_point, false, true},
    {"UTF-16 units, BOM counted", Unit::utf16, false, true},
    {"UTF-8 bytes", Unit::byte, false, false},
    {"UTF-8 bytes, CRLF as one", Unit::byte, true, false},
    {"UTF-8 bytes, BOM counted", Unit::byte, false, true},
}};

std::string utf8_of(const std::u32string& cps, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to; ++i) {
    const char32_t c = cps[i];
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
  return out;
}

// Whitespace runs as one space, for comparing a selection's name with its text.
std::u32string squeezed(const std::u32string& text, std::size_t from, std::size_t to,
                        std::size_t limit) {
  std::u32string out;
  bool space = false;
  for (std::size_t i = from; i < to && out.size() < limit; ++i) {
    const char32_t c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0) {
      space = !out.empty();
      continue;
    }
    if (space) out += U' ';
    space = false;
    out += c;
  }
  return out;
}

// Where each code point of the raw text lands in the stored text (NFC of the text with
// LF newlines), for all n+1 positions.
std::vector<Offset> stored_positions(const std::u32string& cps) {
  const std::size_t n = cps.size();
  std::vector<Offset> newline(n + 1);
  std::u32string normal;
  normal.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    newline[i] = static_cast<Offset>(normal.size());
    if (cps[i] == '\r' && i + 1 < n && cps[i + 1] == '\n') continue;  // the LF stands for both
    normal += cps[i] == '\r' ? U'\n' : cps[i];
  }
  newline[n] = static_cast<Offset>(normal.size());

  std::vector<Offset> nfc(normal.size() + 1);
  const std::string utf8 = utf8_of(normal, 0, normal.size());
  if (text::to_nfc(utf8) == utf8) {
    for (std::size_t j = 0; j <= normal.size(); ++j) nfc[j] = static_cast<Offset>(j);
  } else {
    // NFC never joins across an ASCII character (a starter that composes with nothing
    // before it), so text split before each one normalises chunk by chunk.
    Offset out = 0;
    std::size_t from = 0;
    while (from < normal.size()) {
      std::size_t to = from + 1;
      while (to < normal.size() && normal[to] >= 0x80) ++to;
      const Offset length = text::count_code_points(text::to_nfc(utf8_of(normal, from, to)));
      for (std::size_t j = from; j < to; ++j) {
        nfc[j] = out + std::min<Offset>(static_cast<Offset>(j - from), length);
      }
      out += length;
      from = to;
    }
    nfc[normal.size()] = out;
  }
  std::vector<Offset> result(n + 1);
  for (std::size_t i = 0; i <= n; ++i) result[i] = nfc[static_cast<std::size_t>(newline[i])];
  return result;
}

}  // namespace

std::string stored_text(const std::string& raw) {
  return text::to_nfc(text::normalize_newlines(raw));
}

OffsetReading read_offsets(const std::string& raw, bool bom,
                           const std::vector<RawSelection>& selections) {
  const std::u32string cps = text::code_points(raw);
  const std::size_t n = cps.size();
  bool has_crlf = false, has_astral = false, has_non_ascii = false;
  for (std::size_t i = 0; i < n; ++i) {
    has_crlf = has_crlf || (cps[i] == '\r' && i + 1 < n && cps[i + 1] == '\n');
    has_astral = has_astral || cps[i] >= 0x10000;
    has_non_ascii = has_non_ascii || cps[i] >= 0x80;
  }
  const std::vector<Offset> to_stored = stored_positions(cps);
  std::vector<bool> word(n);
  for (std::size_t i = 0; i < n; ++i) word[i] = text::is_word_character(cps[i]);
  const auto at_edge = [&](std::size_t i) { return i == 0 || i == n || !(word[i - 1] && word[i]); };

  // Units before each code point under one convention; a CR before LF adds nothing when
  // CRLF counts as one.
  const auto units = [&](const Convention& c) {
    std::vector<std::int64_t> before(n + 1);
    std::int64_t count = 0;
    for (std::size_t i = 0; i < n; ++i) {
      before[i] = count;
      if (c.crlf_as_one && cps[i] == '\r' && i + 1 < n && cps[i + 1] == '\n') continue;
      const char32_t ch = cps[i];
      count += c.unit == Unit::code_point ? 1
               : c.unit == Unit::utf16    ? (ch >= 0x10000 ? 2 : 1)
                                          : (ch < 0x80      ? 1
                                             : ch < 0x800   ? 2
                                             : ch < 0x10000 ? 3
                                                            : 4);
    }
    before[n] = count;
    return before;
  };

  OffsetReading best;
  std::size_t best_names = 0;
  bool found = false;
  for (std::size_t k = 0; k < kConventions.size(); ++k) {
    const Convention& c = kConventions[k];
    if (c.crlf_as_one && !has_crlf) continue;
    if (c.bom_counted && !bom) continue;
    if (c.unit == Unit::utf16 && !has_astral) continue;
    if (c.unit == Unit::byte && !has_non_ascii && !c.bom_counted) continue;
    const std::vector<std::int64_t> before = units(c);
    const std::int64_t shift = c.bom_counted ? (c.unit == Unit::byte ? 3 : 1) : 0;
    // The code point at which `value` falls, or nullopt inside a character or outside.
    const auto place = [&](std::int64_t value) -> std::optional<std::size_t> {
      value -= shift;
      if (value < 0 || value > before[n]) return std::nullopt;
      const auto it = std::lower_bound(before.begin(), before.end(), value);
      if (it == before.end() || *it != value) return std::nullopt;
      return static_cast<std::size_t>(it - before.begin());
    };
    OffsetReading reading;
    reading.convention = c.name;
    std::size_t names = 0;
    for (std::size_t s = 0; s < selections.size() && !reading.failed; ++s) {
      const RawSelection& selection = selections[s];
      const auto start = place(selection.start);
      const auto end = place(selection.end);
      if (!start || !end || *start >= *end) {
        reading.failed = s;
        if (selection.start >= selection.end) {
          reading.why = "it ends where it starts or before";
        } else if (selection.start < 0 || selection.end - shift > before[n]) {
          reading.why = "it lies past the end of the source (" + std::to_string(before[n]) + " " +
                        c.name + ")";
        } else {
          reading.why = "it begins or ends inside a character";
        }
        break;
      }
      reading.spans.push_back({to_stored[*start], to_stored[*end]});
      // A name that quotes the text: compare its first words, without the ellipsis.
      std::u32string name = text::code_points(selection.name);
      while (!name.empty() && (name.back() == U'…' || name.back() == '.' || name.back() == ' ')) {
        name.pop_back();
      }
      const std::u32string wanted = squeezed(name, 0, name.size(), 40);
      const bool named =
          wanted.size() >= 4 && squeezed(cps, *start, *end, 40) ==
                                    wanted.substr(0, std::min<std::size_t>(wanted.size(), 40));
      if (named) ++names;
      if (named || (at_edge(*start) && at_edge(*end))) ++reading.fitting;
    }
    if (reading.failed) {
      if (k == 0) best = reading;  // reported when no convention fits
      continue;
    }
    if (!found || names > best_names || (names == best_names && reading.fitting > best.fitting)) {
      best = std::move(reading);
      best_names = names;
      found = true;
    }
  }
  return best;
}

}  // namespace inzicht::importers
