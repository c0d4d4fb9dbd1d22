#include "text/text.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "base/error.hpp"
#include "text/word_index.hpp"

using inzicht::InputError;
using inzicht::Offset;
using inzicht::Span;
namespace text = inzicht::text;

namespace {

// Code points of UTF-8, for building test input in other encodings.
std::vector<char32_t> code_points(std::string_view utf8) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < utf8.size();) {
    const auto b = static_cast<unsigned char>(utf8[i]);
    const int length = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t c = length == 1 ? b : b & (0x7F >> length);
    for (int k = 1; k < length; ++k)
      c = (c << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    out.push_back(c);
    i += static_cast<std::size_t>(length);
  }
  return out;
}

// Windows-1252 bytes of Latin-1 text, the euro sign and curly quotes.
std::string cp1252(std::string_view utf8) {
  std::string out;
  for (const char32_t c : code_points(utf8)) {
    switch (c) {
      case U'€':
        out.push_back('\x80');
        break;
      case U'‘':
        out.push_back('\x91');
        break;
      case U'’':
        out.push_back('\x92');
        break;
      case U'“':
        out.push_back('\x93');
        break;
      case U'”':
        out.push_back('\x94');
        break;
      default:
        REQUIRE(c < 0x100);
        out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

std::string utf16(std::string_view utf8, bool little_endian) {
  std::string out;
  const auto put = [&](char16_t unit) {
    const char high = static_cast<char>(unit >> 8);
    const char low = static_cast<char>(unit & 0xFF);
    out += little_endian ? std::string{low, high} : std::string{high, low};
  };
  put(0xFEFF);
  for (const char32_t c : code_points(utf8)) {
    if (c < 0x10000) {
      put(static_cast<char16_t>(c));
    } else {
      put(static_cast<char16_t>(0xD800 + ((c - 0x10000) >> 10)));
      put(static_cast<char16_t>(0xDC00 + ((c - 0x10000) & 0x3FF)));
    }
  }
  return out;
}

std::string error_of(const auto& call) {
  try {
    call();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

std::vector<std::string> word_texts(std::string_view utf8) {
  std::vector<std::string> out;
  for (const text::Word& w : text::words(utf8)) out.push_back(w.text);
  return out;
}

std::vector<std::string> sentence_texts(std::string_view utf8) {
  const text::CodePointIndex index(utf8);
  std::vector<std::string> out;
  for (const Span& s : text::sentences(utf8)) out.emplace_back(index.slice(s));
  return out;
}

// Maps a span of folded text back to the original and returns that slice.
std::string unfold(std::string_view original, const text::Folded& folded, std::string_view needle) {
  const std::size_t byte = folded.text.find(needle);
  REQUIRE(byte != std::string::npos);
  const text::CodePointIndex folded_index(folded.text);
  const Offset start = folded_index.offset_at_byte(byte);
  const Offset end = folded_index.offset_at_byte(byte + needle.size());
  const Span span{folded.origin[static_cast<std::size_t>(start)],
                  folded.origin[static_cast<std::size_t>(end)]};
  return std::string(text::CodePointIndex(original).slice(span));
}

const std::string kDutch =
    "Ik heb één cursus gevolgd in het café en ben daarna geïnterviewd over de opleiding. "
    "Het was een goede ervaring, maar de kosten waren hoog. Mijn werkgever betaalde de "
    "helft; de rest heb ik zelf betaald. Daarna ben ik als financieel adviseur begonnen, "
    "en dat bevalt me goed. We’ve had ‘n goede tijd.";

}  // namespace

TEST_SUITE("text") {
  // ---- decode -------------------------------------------------------------------------

  TEST_CASE("utf-8 without a byte order mark decodes unchanged") {
    const auto decoded = text::decode("één café\r\n", "L01.txt");
    CHECK(decoded.utf8 == "één café\r\n");
    CHECK(decoded.encoding == "UTF-8");
  }

  TEST_CASE("a utf-8 byte order mark is removed") {
    const auto decoded = text::decode("\xEF\xBB\xBFgeïnterviewd", "L01.txt");
    CHECK(decoded.utf8 == "geïnterviewd");
    CHECK(decoded.encoding == "UTF-8");
    CHECK(text::decode("\xEF\xBB\xBF", "empty.txt").utf8.empty());
    CHECK(text::decode("", "empty.txt").utf8.empty());
  }

  TEST_CASE("utf-16 with a byte order mark decodes in both byte orders") {
    const std::string original = "Eénzelfde vraag 😀\n";
    SUBCASE("little endian") {
      const auto decoded = text::decode(utf16(original, true), "L02.txt");
      CHECK(decoded.utf8 == original);
      CHECK(decoded.encoding == "UTF-16LE");
    }
    SUBCASE("big endian") {
      const auto decoded = text::decode(utf16(original, false), "L02.txt");
      CHECK(decoded.utf8 == original);
      CHECK(decoded.encoding == "UTF-16BE");
    }
    SUBCASE("an unpaired surrogate is an error naming its byte") {
      std::string bytes =
          utf16("ab", true) + std::string("\x00\xD8", 2) + utf16("c", true).substr(2);
      CHECK(error_of([&] { text::decode(bytes, "L02.txt"); }) ==
            "L02.txt: cannot decode as UTF-16LE (invalid bytes 0x00 0xD8 at byte 6)");
    }
  }

  TEST_CASE("a windows-1252 dutch transcript is detected and decoded with its accents") {
    const std::string bytes = cp1252(kDutch);
    REQUIRE(!inzicht::is_valid_utf8(bytes));
    const auto decoded = text::decode(bytes, "L03.txt");
    CHECK(decoded.utf8 == kDutch);
    CHECK(decoded.encoding == "windows-1252");
  }

  TEST_CASE("a few windows-1252 words too short for ICU's detector still decode") {
    const auto decoded = text::decode(cp1252("Prijs: € 3 per café"), "L03.txt");
    CHECK(decoded.utf8 == "Prijs: € 3 per café");
    CHECK(decoded.encoding == "windows-1252");
  }

  TEST_CASE("legacy encodings of other scripts are refused rather than misread") {
    SUBCASE("shift_jis") {
      const std::string japanese =
          "\x82\xa0\x82\xa2\x82\xa4\x82\xa6\x82\xa8\x93\xfa\x96\x7b\x8c\xea\x82\xc5\x82\xb7\x81"
          "\x42";
      CHECK(
          error_of([&] { text::decode(japanese, "J.txt"); }) ==
          "J.txt: cannot decode as UTF-8 or a known 8-bit encoding (invalid byte 0x82 at byte 0)");
    }
    SUBCASE("windows-1251") {
      const std::string russian = "\xcf\xf0\xe8\xe2\xe5\xf2, \xea\xe0\xea \xe4\xe5\xeb\xe0?";
      CHECK_THROWS_AS(text::decode(russian, "R.txt"), InputError);
    }
  }

  TEST_CASE("a byte windows-1252 leaves undefined is refused with its position") {
    std::string bytes = cp1252(kDutch);
    const std::size_t at = bytes.size() - 5;
    bytes[at] = '\x81';
    CHECK(error_of([&] { text::decode(bytes, "L03.txt"); }) ==
          "L03.txt: cannot decode as UTF-8 or a known 8-bit encoding (invalid byte 0x81 at byte " +
              std::to_string(at) + ")");
  }

  TEST_CASE("binary files are refused, never decoded to mojibake") {
    SUBCASE("png magic bytes") {
      const std::string png("\x89PNG\r\n\x1A\n", 8);
      CHECK(error_of([&] { text::decode(png, "photo.png"); }) ==
            "photo.png: not a text file (control byte 0x1A at byte 6)");
    }
    SUBCASE("a png header with its first chunk") {
      const std::string png("\x89PNG\r\n\x1A\n\0\0\0\x0DIHDR", 16);
      CHECK_THROWS_AS(text::decode(png, "photo.png"), InputError);
    }
    SUBCASE("a NUL byte") {
      CHECK(error_of([&] { text::decode(std::string("abc\0def", 7), "L01.txt"); }) ==
            "L01.txt: not a text file (NUL byte at byte 3)");
    }
    SUBCASE("random bytes") {
      std::uint32_t state = 12345;
      std::string noise;
      for (int k = 0; k < 4096; ++k) {
        state = state * 1664525u + 1013904223u;
        noise.push_back(static_cast<char>(state >> 24));
      }
      CHECK_THROWS_AS(text::decode(noise, "noise.bin"), InputError);
    }
    SUBCASE("random high bytes only") {
      std::uint32_t state = 99;
      std::string noise;
      for (int k = 0; k < 4096; ++k) {
        state = state * 1664525u + 1013904223u;
        noise.push_back(static_cast<char>(0x80 | (state >> 25)));
      }
      CHECK_THROWS_AS(text::decode(noise, "noise.bin"), InputError);
    }
  }

  TEST_CASE("utf-8 holding control characters or replacement characters is refused") {
    CHECK(error_of([] { text::decode("ab\x1B[0m", "L01.txt"); }) ==
          "L01.txt: not a text file (control byte 0x1B at byte 2)");
    CHECK(error_of([] { text::decode("ok \xC2\x85 nee", "L01.txt"); }) ==
          "L01.txt: not a text file (control character U+0085 at byte 3)");
    CHECK(error_of([] { text::decode("caf\xEF\xBF\xBD", "L01.txt"); }) ==
          "L01.txt: contains the replacement character U+FFFD at byte 3 (the text was damaged "
          "by an earlier conversion)");
    CHECK(text::decode("tab\tform\ffeed\r\n", "L01.txt").utf8 == "tab\tform\ffeed\r\n");
  }

  TEST_CASE("broken utf-8 after a utf-8 byte order mark is an error, not a guess") {
    CHECK(
        error_of([] {
          text::decode(
              "\xEF\xBB\xBF"
              "caf\xE9!",
              "L01.txt");
        }) ==
        "L01.txt: cannot decode as UTF-8 or a known 8-bit encoding (invalid byte 0xE9 at byte 6)");
  }

  TEST_CASE("an explicit encoding is used as given, strictly") {
    SUBCASE("latin-9 has the euro sign at 0xA4") {
      const auto decoded = text::decode("prijs: \xA4 300", "L04.txt", "ISO-8859-15");
      CHECK(decoded.utf8 == "prijs: € 300");
      CHECK(decoded.encoding == "ISO-8859-15");
    }
    SUBCASE("windows-1252 by an alias") {
      const auto decoded = text::decode("caf\xE9 \x80", "L04.txt", "cp1252");
      CHECK(decoded.utf8 == "café €");
      CHECK(decoded.encoding == "windows-1252");
    }
    SUBCASE("utf-16 without a byte order mark") {
      const auto decoded = text::decode(utf16("één", true).substr(2), "L04.txt", "UTF-16LE");
      CHECK(decoded.utf8 == "één");
    }
    SUBCASE("a byte order mark is still removed") {
      CHECK(text::decode("\xEF\xBB\xBFja", "L04.txt", "UTF-8").utf8 == "ja");
    }
    SUBCASE("an unmappable byte names its offset") {
      CHECK(error_of([] { text::decode("goed\xFF", "L04.txt", "UTF-8"); }) ==
            "L04.txt: cannot decode as UTF-8 (invalid byte 0xFF at byte 4)");
      CHECK(error_of([] {
              text::decode("ok\x81", "L04.txt", "Shift_JIS");
            }).starts_with("L04.txt: cannot decode as Shift_JIS (invalid"));
    }
    SUBCASE("control characters are refused with their byte") {
      CHECK(error_of([] { text::decode(utf16("a\x01", true), "L04.txt", "UTF-16"); }) ==
            "L04.txt: not a text file (control character U+0001 at byte 4)");
    }
    SUBCASE("an unknown encoding") {
      CHECK(error_of([] { text::decode("x", "L04.txt", "klingon-8"); }) ==
            "L04.txt: unknown encoding \"klingon-8\"");
    }
  }

  // ---- normalisation ------------------------------------------------------------------

  TEST_CASE("newlines are normalised to LF") {
    CHECK(text::normalize_newlines("a\r\nb\rc\n\r\nd\r") == "a\nb\nc\n\nd\n");
    CHECK(text::normalize_newlines("geen\n") == "geen\n");
    CHECK(text::normalize_newlines("").empty());
  }

  TEST_CASE("text is normalised to NFC") {
    CHECK(text::to_nfc("e\xCC\x81\xC3\xA9n") == "één");
    CHECK(text::to_nfc("geï") == "geï");
    CHECK(text::to_nfc("gei\xCC\x88nterviewd") == "geïnterviewd");
    CHECK(text::to_nfc("\xEF\xAC\x81") == "\xEF\xAC\x81");  // NFC keeps the "fi" ligature
  }

  // ---- UTF-8 and code points ----------------------------------------------------------

  TEST_CASE("utf-8 validation finds the first invalid sequence") {
    CHECK(inzicht::is_valid_utf8("één 😀"));
    CHECK(inzicht::first_invalid_utf8("abc\xC0\xAF") == 3u);     // overlong
    CHECK(inzicht::first_invalid_utf8("ab\xED\xA0\x80") == 2u);  // surrogate
    CHECK(inzicht::first_invalid_utf8("é\xE2\x82") == 2u);       // truncated
    CHECK(inzicht::first_invalid_utf8("ok") == std::nullopt);
    CHECK(text::count_code_points("één 😀") == 5);
    CHECK(text::count_code_points("") == 0);
  }

  TEST_CASE("a code point index converts between offsets and bytes") {
    const std::string s = "één 😀 x";
    const text::CodePointIndex index(s);
    CHECK(index.size() == 7);
    CHECK(index.byte_at(0) == 0u);
    CHECK(index.byte_at(1) == 2u);
    CHECK(index.byte_at(4) == 6u);
    CHECK(index.byte_at(5) == 10u);
    CHECK(index.byte_at(7) == s.size());
    CHECK(index.offset_at_byte(10) == 5);
    CHECK(index.offset_at_byte(s.size()) == 7);
    CHECK(index.slice({1, 5}) == "én 😀");
    CHECK(index.slice({-3, 2}) == "éé");
    CHECK(index.slice({6, 99}) == "x");
    CHECK(index.slice({5, 2}).empty());
    CHECK_THROWS_AS(index.byte_at(8), InputError);
    CHECK_THROWS_AS(index.byte_at(-1), InputError);
    CHECK_THROWS_AS(index.offset_at_byte(1), InputError);
    CHECK(text::CodePointIndex("").size() == 0);
  }

  // ---- folding ------------------------------------------------------------------------

  TEST_CASE("folding removes case and diacritics") {
    CHECK(text::fold_text("Eénzelfde") == "eenzelfde");
    CHECK(text::fold_text("geïnterviewd") == "geinterviewd");
    CHECK(text::fold_text("Straße") == "strasse");
    CHECK(text::fold_text("İSTANBUL") == "istanbul");
    CHECK(text::fold_text("ÇA VA, Ærø? Ńo.") == "ca va, ærø? no.");
    CHECK(text::fold_text("\xEF\xAC\x81"
                          "ets") == "fiets");
    CHECK(text::fold_text("ΌΣΟΣ") == "οσοσ");
    CHECK(text::fold_text("한국 😀") == "한국 😀");
    CHECK(text::fold_text("e\xCC\x81") == "e");  // a decomposed accent folds away too
  }

  TEST_CASE("the fold origin map leads back to the original text") {
    SUBCASE("same length") {
      const std::string original = "Eén Geïnterviewde";
      const text::Folded folded = text::fold(original);
      CHECK(folded.text == "een geinterviewde");
      REQUIRE(folded.origin.size() == 18);
      CHECK(folded.origin.back() == 17);
      CHECK(unfold(original, folded, "geinterviewde") == "Geïnterviewde");
    }
    SUBCASE("folding makes the text longer") {
      const std::string original = "Ich weiß, Straße ist groß.";
      const text::Folded folded = text::fold(original);
      CHECK(folded.text == "ich weiss, strasse ist gross.");
      CHECK(folded.origin == std::vector<Offset>{0,  1,  2,  3,  4,  5,  6,  7,  7,  8,
                                                 9,  10, 11, 12, 13, 14, 14, 15, 16, 17,
                                                 18, 19, 20, 21, 22, 23, 24, 24, 25, 26});
      CHECK(unfold(original, folded, "weiss") == "weiß");
      CHECK(unfold(original, folded, "strasse") == "Straße");
      CHECK(unfold(original, folded, "ist") == "ist");
      CHECK(unfold(original, folded, "gross.") == "groß.");
    }
    SUBCASE("folding makes the text shorter") {
      const std::string original = "cafe\xCC\x81 open";  // e + combining acute
      const text::Folded folded = text::fold(original);
      CHECK(folded.text == "cafe open");
      CHECK(unfold(original, folded, "cafe") == "cafe\xCC\x81");
      CHECK(unfold(original, folded, "open") == "open");
    }
    SUBCASE("empty text") {
      const text::Folded folded = text::fold("");
      CHECK(folded.text.empty());
      CHECK(folded.origin == std::vector<Offset>{0});
    }
    CHECK(text::fold("Ænergie ÉÉN").text == text::fold_text("Ænergie ÉÉN"));
  }

  // ---- segmentation -------------------------------------------------------------------

  TEST_CASE("words follow ICU word boundaries for dutch") {
    const std::string s = "Twee auto’s, drie auto's en één STAP-budget van € 1.000,50 (2023).";
    // ICU keeps apostrophes inside a word and splits at hyphens; a number keeps its
    // separators.
    CHECK(word_texts(s) == std::vector<std::string>{"Twee", "auto’s", "drie", "auto's", "en", "één",
                                                    "STAP", "budget", "van", "1.000,50", "2023"});
    const std::vector<text::Word> w = text::words(s);
    REQUIRE(w.size() == 11);
    CHECK(w[1].span == Span{5, 11});
    CHECK(w[5].span == Span{28, 31});
    const text::CodePointIndex index(s);
    for (const text::Word& word : w) CHECK(index.slice(word.span) == word.text);
    CHECK(text::words("  ... !? ").empty());
    CHECK(text::words("").empty());
  }

  TEST_CASE("word spans count code points after text outside the BMP") {
    const std::vector<text::Word> w = text::words("😀😀 ja");
    REQUIRE(w.size() == 1);
    CHECK(w[0].span == Span{3, 5});
    // A word's text is sliced from the input by the same walk that counts code points.
    const std::string mixed = "😀 één 😀twee ж3";
    const std::vector<text::Word> m = text::words(mixed);
    CHECK(word_texts(mixed) == std::vector<std::string>{"één", "twee", "ж3"});
    const text::CodePointIndex index(mixed);
    for (const text::Word& word : m) CHECK(index.slice(word.span) == word.text);
    // Bytes that are not UTF-8 are segmented as replacement characters, as before.
    for (const text::Word& word : text::words("ab\xFF cd")) CHECK(inzicht::is_valid_utf8(word.text));
  }

  TEST_CASE("sentences do not end after dutch abbreviations") {
    CHECK(sentence_texts("Ik sprak met dhr. Jansen. Hij zei nee.") ==
          std::vector<std::string>{"Ik sprak met dhr. Jansen.", "Hij zei nee."});
    CHECK(sentence_texts("We hadden o.a. Excel nodig.") ==
          std::vector<std::string>{"We hadden o.a. Excel nodig."});
    CHECK(sentence_texts("Dat kost bv. 300 euro. Echt.") ==
          std::vector<std::string>{"Dat kost bv. 300 euro.", "Echt."});
    CHECK(sentence_texts("Dat kost Bv. Veel. Echt.") ==
          std::vector<std::string>{"Dat kost Bv. Veel.", "Echt."});
    const std::vector<std::string> abbreviations = {
        "bv.",    "bijv.",    "o.a.",  "i.p.v.", "dhr.", "mevr.",  "mr.",    "dr.",    "ir.",
        "ing.",   "drs.",     "prof.", "enz.",   "etc.", "d.w.z.", "m.a.w.", "t.o.v.", "m.b.t.",
        "i.v.m.", "z.g.a.n.", "ca.",   "nr.",    "blz.", "p.",     "jl.",    "a.s.",   "vnl.",
        "evt.",   "resp.",    "incl.", "excl.",  "ong.", "min.",   "max.",   "o.b.v.", "n.a.v.",
        "t.a.v.", "a.u.b.",   "vs.",   "e.d.",   "e.a."};
    for (const std::string& a : abbreviations) {
      CAPTURE(a);
      CHECK(sentence_texts("Het ging om " + a + " Jansen en anderen. Klaar.") ==
            std::vector<std::string>{"Het ging om " + a + " Jansen en anderen.", "Klaar."});
    }
  }

  TEST_CASE("sentence ends are kept where an abbreviation is only a word ending") {
    CHECK(sentence_texts("Ik volgde een opleiding. Het was goed.") ==
          std::vector<std::string>{"Ik volgde een opleiding.", "Het was goed."});
    CHECK(sentence_texts("Ik zette een stap. Daarna niet.") ==
          std::vector<std::string>{"Ik zette een stap.", "Daarna niet."});
    CHECK(sentence_texts("Ik was jong. Nu niet.") ==
          std::vector<std::string>{"Ik was jong.", "Nu niet."});
  }

  TEST_CASE("a paragraph break ends a sentence even after an abbreviation") {
    CHECK(sentence_texts("Word, Excel enz.\nDaarna ging het.") ==
          std::vector<std::string>{"Word, Excel enz.", "Daarna ging het."});
    CHECK(sentence_texts("Word, Excel enz. \n\nDaarna ging het") ==
          std::vector<std::string>{"Word, Excel enz.", "Daarna ging het"});
    CHECK(sentence_texts("Geen punt\nen toch een nieuwe zin") ==
          std::vector<std::string>{"Geen punt", "en toch een nieuwe zin"});
    CHECK(sentence_texts("Tot slot enz.") == std::vector<std::string>{"Tot slot enz."});
  }

  TEST_CASE("sentence spans exclude surrounding whitespace") {
    const std::string s = "  Één zin. 😀 Nog één!  \n";
    CHECK(text::sentences(s) == std::vector<Span>{{2, 10}, {11, 21}});
    CHECK(text::sentences(" \n\t ").empty());
    CHECK(text::sentences("").empty());
  }

  // ---- stemming -----------------------------------------------------------------------

  TEST_CASE("the dutch snowball stemmer stems folded words") {
    // Outputs of the Snowball Dutch stemmer (libstemmer 2.2, snowballstem.org/algorithms/dutch).
    text::Stemmer stemmer;
    CHECK(stemmer.stem("drempels") == "drempel");
    CHECK(stemmer.stem("drempel") == "drempel");
    CHECK(stemmer.stem("financiering") == "financier");
    CHECK(stemmer.stem("financieren") == "financier");
    CHECK(stemmer.stem("opleidingen") == "opleid");
    CHECK(stemmer.stem("mogelijkheden") == "mogelijk");
    CHECK(stemmer.stem("") == "");
  }

  // ---- regular expressions ------------------------------------------------------------

  TEST_CASE("a regex prefix match must start at the start") {
    const text::Regex regex("opleid\\w*");
    const auto match = regex.match_prefix("opleidingen zijn duur");
    REQUIRE(match);
    CHECK(match->whole == Span{0, 11});
    CHECK(match->groups.empty());
    CHECK_FALSE(regex.match_prefix("de opleiding"));
    CHECK_FALSE(text::Regex("Opleid").match_prefix("opleiding"));
    CHECK(text::Regex("Opleid", true).match_prefix("opleiding"));
    CHECK(text::Regex("ÉÉN", true).match_prefix("één keer"));
  }

  TEST_CASE("regex spans are code points even after accented text") {
    const text::Regex regex("(?<wat>kosten|geld) (van )?(\\d+)");
    CHECK(regex.group_count() == 3);
    CHECK(regex.group_number("wat") == 1);
    CHECK(regex.group_number("hoeveel") == 0);
    const std::string s = "Één café 😀: kosten 300, geld van 40";
    const auto matches = regex.find_all(s);
    REQUIRE(matches.size() == 2);
    CHECK(matches[0].whole == Span{12, 22});
    REQUIRE(matches[0].groups.size() == 3);
    CHECK(matches[0].groups[0] == Span{12, 18});
    CHECK(matches[0].groups[1] == std::nullopt);
    CHECK(matches[0].groups[2] == Span{19, 22});
    CHECK(matches[1].whole == Span{24, 35});
    CHECK(matches[1].groups[1] == Span{29, 33});
    const text::CodePointIndex index(s);
    CHECK(index.slice(matches[1].whole) == "geld van 40");
  }

  TEST_CASE("one regex gives the same matches when used again and from several threads") {
    // The regex keeps one ICU matcher for reuse; a thread that finds it taken makes its own.
    const text::Regex regex("(kost\\w*) (\\d+)");
    const std::string first = "😀 kosten 300, kostte 40";
    const std::string second = "niets hier";
    for (int round = 0; round < 3; ++round) {
      const auto matches = regex.find_all(first);
      REQUIRE(matches.size() == 2);
      CHECK(matches[0].whole == Span{2, 12});
      CHECK(matches[1].groups[1] == Span{21, 23});
      CHECK(regex.find_all(second).empty());
      CHECK_FALSE(regex.match_prefix(second));
    }
    std::vector<std::size_t> found(4, 0);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < found.size(); ++t) {
      threads.emplace_back([&, t] {
        for (int k = 0; k < 200; ++k) found[t] += regex.find_all(first).size();
      });
    }
    for (auto& thread : threads) thread.join();
    for (const std::size_t n : found) CHECK(n == 400);
  }

  TEST_CASE("a regex prefix match counts code points up to its end, not beyond") {
    const text::Regex regex("(😀+)(?=x)");
    const auto match = regex.match_prefix("😀😀x en verder 😀");
    REQUIRE(match);
    CHECK(match->whole == Span{0, 2});
    CHECK(match->groups[0] == Span{0, 2});
    const auto speaker = text::Regex("([^:]+): ").match_prefix("Één 😀 spreker: tekst 😀😀");
    REQUIRE(speaker);
    CHECK(speaker->whole == Span{0, 15});
    CHECK(speaker->groups[0] == Span{0, 13});
  }

  TEST_CASE("find_all steps over empty matches") {
    const auto matches = text::Regex("x*").find_all("axxb");
    REQUIRE(matches.size() >= 2);
    CHECK(matches[0].whole == Span{0, 0});
    CHECK(matches[1].whole == Span{1, 3});
  }

  TEST_CASE("a bad regex pattern says where it is wrong") {
    CHECK(error_of([] { text::Regex("drempel(s"); }) ==
          "bad regular expression at position 9: U_REGEX_MISMATCHED_PAREN in \"drempel(s\"");
    CHECK(error_of([] {
            text::Regex("één[a-");
          }).starts_with("bad regular expression at position 6: "));
  }

  TEST_CASE("the words every match of a pattern holds are read from its literal text") {
    using Words = std::vector<std::string>;
    CHECK(text::required_literals("\\bSTAP\\b", false) == Words{"STAP"});
    CHECK(text::required_literals("\\b(niveau|mbo) ?[1-4]\\b", true) == Words{"niveau", "mbo"});
    CHECK(text::required_literals("(?<wat>Kosten|Geld) (van )?(\\d+)", true) ==
          Words{"kosten", "geld"});
    CHECK(text::required_literals("werk(geve)?r", false) == Words{"werk"});
    CHECK(text::required_literals("ab?c", false) == Words{"a"});
    CHECK(text::required_literals("ab+c", false) == Words{"ab"});
    CHECK(text::required_literals("x{0,2}yz\\.", false) == Words{"yz."});
    CHECK(text::required_literals("één keer", false) == Words{"één keer"});
    // Folding joins other letters to ASCII ones: a non-ASCII word is no certain requirement.
    CHECK(text::required_literals("één keer", true).empty());
    CHECK(text::required_literals("één.keer", true) == Words{"keer"});
    CHECK(text::required_literals("(a|)bc", false) == Words{"bc"});
    for (const char* none : {"a|b", "(?i)stap", "(\\w+\\s?)+$", "\\x41BC", "\\Qab\\E", "(abc)*",
                             "(?=abc)x?", "[abc]+", "(ab)\\1", ""}) {
      CAPTURE(none);
      CHECK(text::required_literals(none, false).empty());
    }
  }

  TEST_CASE("a regex finds the same with and without the words it requires looked for first") {
    // Wrapped in a group the pattern names no required word, so every text is searched.
    const std::vector<std::pair<std::string, bool>> patterns = {
        {"\\bSTAP\\b", false},       {"\\b(niveau|mbo) ?[1-4]\\b", true}, {"stap", true},
        {"kosten (van )?\\d+", true}, {"ß", false},                        {"ss", true},
        {"één", false},               {"^Ja\\b", false},                   {"k(?=m)", true}};
    const std::vector<std::string> texts = {
        "Het STAP-budget en stap en STAPpen.", "mbo 3 en niveau4, Niveau 2 of MBO-1",
        "ſtap en STAP en ſTAP",              "Kosten van 300 en kosten 12",
        "de KM (\u212Am) en km",             "Straße, STRASSE, strasse",
        "één, Één, een",                     "Ja, ja. Ja!",
        "",                                  "geen van alle"};
    for (const auto& [pattern, folded] : patterns) {
      const text::Regex quick(pattern, folded);
      const text::Regex full("(?:" + pattern + ")", folded);
      for (const std::string& text : texts) {
        CAPTURE(pattern);
        CAPTURE(text);
        const auto a = quick.find_all(text);
        const auto b = full.find_all(text);
        REQUIRE(a.size() == b.size());
        for (std::size_t i = 0; i < a.size(); ++i) CHECK(a[i].whole == b[i].whole);
      }
    }
  }

  TEST_CASE("a regex can be moved") {
    text::Regex a("ja");
    text::Regex b(std::move(a));
    CHECK(b.match_prefix("ja hoor"));
    text::Regex c("nee");
    c = std::move(b);
    CHECK(c.match_prefix("ja"));
  }

  TEST_CASE("words of Latin text are those of ICU's word break rules, character for character") {
    // words() reads Latin text itself and leaves the rest to ICU. A Cyrillic letter after
    // a newline sends a text to ICU without changing its words before the newline.
    const auto by_icu = [](const std::string& text) {
      auto found = text::words(text + "\n\u0436");
      REQUIRE(!found.empty());
      CHECK(found.back().text == "\u0436");
      found.pop_back();
      return found;
    };
    const auto same = [&](const std::string& text) {
      const auto fast = text::words(text);
      const auto icu = by_icu(text);
      CAPTURE(text);
      REQUIRE(fast.size() == icu.size());
      for (std::size_t i = 0; i < fast.size(); ++i) {
        CHECK(fast[i].span == icu[i].span);
        CHECK(fast[i].text == icu[i].text);
      }
    };
    const auto utf8 = [](char32_t c) {
      std::string out;
      if (c < 0x80) {
        out += static_cast<char>(c);
      } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
      } else {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
      }
      return out;
    };
    // Every character the fast reading covers, alone and between letters and digits.
    std::vector<std::string> all;
    for (char32_t c : {char32_t{'\t'}, char32_t{'\n'}, char32_t{'\r'}}) all.push_back(utf8(c));
    for (char32_t c = 0x20; c < 0x7F; ++c) all.push_back(utf8(c));
    for (char32_t c = 0xA0; c <= 0x17F; ++c) all.push_back(utf8(c));
    for (char32_t c : {0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x201E, 0x2022, 0x2026,
                       0x20AC}) {
      all.push_back(utf8(c));
    }
    for (const std::string& c : all) {
      for (const char* around : {"ab", "12", "a1", "1a", "__", "a_", "@@"}) {
        same(std::string(1, around[0]) + c + around[1]);
        same(c + around + c);
      }
    }
    // Every text of up to four of the characters that join or break words.
    const std::vector<std::string> joiners = {"a", "1", "_", ".", "'", "\u2019", ",", ";",
                                              "\u00B7", ":", "@", " ", "\u00E9", "-"};
    std::vector<std::string> texts = {""};
    for (int length = 1; length <= 4; ++length) {
      std::vector<std::string> longer;
      for (const std::string& text : texts) {
        for (const std::string& c : joiners) longer.push_back(text + c);
      }
      for (const std::string& text : longer) same(text);
      texts = std::move(longer);
    }
    // Random texts of every covered character, letters and digits the most.
    std::mt19937 random(18);
    for (int n = 0; n < 3000; ++n) {
      std::string text;
      const int length = 1 + static_cast<int>(random() % 24);
      for (int k = 0; k < length; ++k) {
        const auto pick = random() % 4;
        text += pick < 2 ? joiners[random() % joiners.size()] : all[random() % all.size()];
      }
      same(text);
    }
    same("Dat is o.a. 1.250,50 euro, zo'n 3,5% — ‘STAP’-budget; e-mail jan@school.nl: ja.");
  }

  TEST_CASE("word starts join letters or digits across one joiner and nothing else") {
    using Starts = std::vector<Offset>;
    CHECK(text::word_starts("'a") == Starts{1});
    CHECK(text::word_starts(".a") == Starts{1});
    CHECK(text::word_starts("a'") == Starts{0});
    CHECK(text::word_starts("1.a") == Starts{0, 2});
    CHECK(text::word_starts("a.1") == Starts{0, 2});
    CHECK(text::word_starts("1,2,3") == Starts{0});
    CHECK(text::word_starts("zo\u2019n o\u00B7a x:y") == Starts{0, 5, 9});
    // Arabic-Indic digits are digits; an ill-formed byte is one code point and no letter.
    CHECK(text::word_starts("\u0663,\u0663 ab") == Starts{0, 4});
    CHECK(text::word_starts("a\xFF'b") == Starts{0, 3});
    CHECK(text::word_starts("a'\xFF") == Starts{0});
  }

  TEST_CASE("a word index counts the starts inside any span as a list of starts does") {
    // Starts at block edges (63, 64, 127, 128), a long gap, and a text of one word.
    const std::vector<Offset> starts{0, 1, 63, 64, 65, 127, 128, 300, 1000, 1023, 1024};
    const auto index = text::WordIndex::from_starts(starts);
    CHECK(index.size() == 11);
    std::mt19937 random(7);
    for (int i = 0; i < 20000; ++i) {
      Offset a = static_cast<Offset>(random() % 1100), b = static_cast<Offset>(random() % 1100);
      if (i % 3 == 0) b = a + static_cast<Offset>(random() % 3);
      const auto expected = b <= a ? 0
                                   : std::lower_bound(starts.begin(), starts.end(), b) -
                                         std::lower_bound(starts.begin(), starts.end(), a);
      REQUIRE_MESSAGE(index.in({a, b}) == expected, a, "..", b);
    }
    CHECK(index.before(-5) == 0);
    CHECK(index.before(64) == 3);
    CHECK(index.before(65) == 4);
    CHECK(index.before(1 << 20) == 11);
    CHECK(text::WordIndex::from_blocks(index.blocks()).in({60, 130}) == 5);
    CHECK(text::WordIndex().in({0, 100}) == 0);
    CHECK(text::WordIndex::of("Ik had geen tijd, naast mijn werk.").in({0, 16}) == 4);
  }
}
