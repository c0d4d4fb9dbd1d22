// Case and diacritic folding with a map back to the original code points. Folding runs
// over whole corpora, so ASCII takes a branch of its own and the rest of the two-byte
// UTF-8 range (Latin, Greek, Cyrillic …) is folded once into a table.

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <array>
#include <cstdint>
#include <string>

#include "base/error.hpp"
#include "text/text.hpp"

namespace inzicht::text {
namespace {

// What one input code point folds to, as UTF-8. Full case folding yields at most three
// code points of at most four bytes each.
struct FoldedCodePoint {
  std::uint8_t bytes = 0;
  std::uint8_t code_points = 0;
  char utf8[14] = {};
};

constexpr UChar32 kTableSize = 0x800;

const icu::Normalizer2& nfd() {
  static const icu::Normalizer2* instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFDInstance(status);
    if (U_FAILURE(status) || !n) {
      throw Error(std::string("cannot load Unicode NFD data: ") + u_errorName(status));
    }
    return n;
  }();
  return *instance;
}

bool is_nonspacing_mark(UChar32 c) { return u_charType(c) == U_NON_SPACING_MARK; }

FoldedCodePoint fold_code_point(UChar32 c) {
  // Decompose and drop the marks ("é" → "e"); when nothing is dropped keep the code point
  // itself, so a Hangul syllable stays one syllable instead of becoming jamo.
  UChar base[32];
  std::int32_t base_length = 0;
  icu::UnicodeString decomposition;
  bool dropped = false;
  if (nfd().getDecomposition(c, decomposition)) {
    for (std::int32_t k = 0; k < decomposition.length();) {
      const UChar32 d = decomposition.char32At(k);
      k += U16_LENGTH(d);
      if (is_nonspacing_mark(d)) {
        dropped = true;
      } else if (base_length <= 30) {
        U16_APPEND_UNSAFE(base, base_length, d);
      }
    }
  }
  if (!dropped) {
    base_length = 0;
    if (!is_nonspacing_mark(c)) U16_APPEND_UNSAFE(base, base_length, c);
  }

  UChar folded[32];
  UErrorCode status = U_ZERO_ERROR;
  const std::int32_t folded_length =
      u_strFoldCase(folded, 32, base, base_length, U_FOLD_CASE_DEFAULT, &status);
  FoldedCodePoint out;
  if (U_FAILURE(status)) {
    throw Error("cannot case-fold code point " + std::to_string(c) + ": " + u_errorName(status));
  }
  std::int32_t bytes = 0;
  for (std::int32_t k = 0; k < folded_length;) {
    UChar32 f;
    U16_NEXT(folded, k, folded_length, f);
    if (is_nonspacing_mark(f)) continue;
    if (bytes + U8_LENGTH(f) > static_cast<std::int32_t>(sizeof out.utf8)) break;
    U8_APPEND_UNSAFE(out.utf8, bytes, f);
    ++out.code_points;
  }
  out.bytes = static_cast<std::uint8_t>(bytes);
  return out;
}

const std::array<FoldedCodePoint, kTableSize>& two_byte_table() {
  static const auto table = [] {
    std::array<FoldedCodePoint, kTableSize> t{};
    for (UChar32 c = 0; c < kTableSize; ++c) t[static_cast<std::size_t>(c)] = fold_code_point(c);
    return t;
  }();
  return table;
}

template <bool kWithOrigin>
void fold_into(std::string_view utf8, std::string& text, std::vector<Offset>& origin) {
  const auto& table = two_byte_table();
  const auto* s = reinterpret_cast<const std::uint8_t*>(utf8.data());
  const std::int64_t n = static_cast<std::int64_t>(utf8.size());
  text.reserve(utf8.size());
  if constexpr (kWithOrigin) origin.reserve(utf8.size() + 1);
  std::int64_t i = 0;
  Offset offset = 0;
  while (i < n) {
    const auto b = s[i];
    if (b < 0x80) {
      text.push_back(static_cast<char>(b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b));
      if constexpr (kWithOrigin) origin.push_back(offset);
      ++i;
      ++offset;
      continue;
    }
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) c = 0xFFFD;
    const FoldedCodePoint f =
        c < kTableSize ? table[static_cast<std::size_t>(c)] : fold_code_point(c);
    text.append(f.utf8, f.bytes);
    if constexpr (kWithOrigin) origin.insert(origin.end(), f.code_points, offset);
    ++offset;
  }
  if constexpr (kWithOrigin) origin.push_back(offset);
}

}  // namespace

Folded fold(std::string_view utf8) {
  Folded folded;
  fold_into<true>(utf8, folded.text, folded.origin);
  return folded;
}

std::string fold_text(std::string_view utf8) {
  std::string text;
  std::vector<Offset> unused;
  fold_into<false>(utf8, text, unused);
  return text;
}

std::string fold_word(std::string_view word) {
  std::string folded = fold_text(word);
  if (folded.find_first_of("\xE2\xCA") == std::string::npos) return folded;
  std::string out;
  out.reserve(folded.size());
  for (std::size_t i = 0; i < folded.size();) {
    if (folded.compare(i, 3, "\xE2\x80\x99") == 0 || folded.compare(i, 3, "\xE2\x80\x98") == 0) {
      out.push_back('\'');
      i += 3;
    } else if (folded.compare(i, 2, "\xCA\xBC") == 0) {
      out.push_back('\'');
      i += 2;
    } else {
      out.push_back(folded[i++]);
    }
  }
  return out;
}

}  // namespace inzicht::text
