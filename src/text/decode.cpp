// Bytes to UTF-8: BOM sniffing, UTF-8 validation, ICU charset detection for legacy 8-bit
// files, strict ICU conversion; then newline and NFC normalisation.

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "text/text.hpp"

namespace inzicht::text {
namespace {

// ICU's detector examines every byte with every recogniser; a window around the first
// non-UTF-8 byte is enough to tell the encoding and keeps large files fast.
constexpr std::size_t kDetectionWindow = 1 << 20;

[[noreturn]] void fail(const std::string& source, const std::string& what) {
  throw InputError(source + ": " + what);
}

std::string hex_byte(unsigned char b) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", static_cast<unsigned>(b));
  return buf;
}

std::string code_point_name(UChar32 c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
  return buf;
}

std::string at_byte(std::size_t byte) { return " at byte " + std::to_string(byte); }

// Control characters have no place in a transcript; U+FFFD means an earlier conversion
// already lost characters. Either way the result would be garbage, so refuse.
bool is_forbidden(UChar32 c) {
  if (c < 0x20) return c != '\t' && c != '\n' && c != '\r' && c != '\f';
  return (c >= 0x7F && c <= 0x9F) || c == 0xFFFD;
}

bool is_forbidden_byte(unsigned char b) { return b < 0x80 && is_forbidden(b); }

// NUL and C0 control bytes mean the same in UTF-8 and every ASCII-based 8-bit encoding,
// so they are checked on the raw bytes before guessing an encoding.
void check_control_bytes(std::string_view bytes, const std::string& source) {
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    if (b == 0) fail(source, "not a text file (NUL byte" + at_byte(i) + ")");
    if (is_forbidden_byte(b)) {
      fail(source, "not a text file (control byte " + hex_byte(b) + at_byte(i) + ")");
    }
  }
}

void fail_forbidden(const std::string& source, UChar32 c, std::size_t byte) {
  if (c == 0xFFFD) {
    fail(source, "contains the replacement character U+FFFD" + at_byte(byte) +
                     " (the text was damaged by an earlier conversion)");
  }
  fail(source, "not a text file (control character " + code_point_name(c) + at_byte(byte) + ")");
}

// Checks valid UTF-8 for C1 controls and U+FFFD; `base` is added to byte positions.
void check_utf8_characters(std::string_view utf8, std::size_t base, const std::string& source) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(utf8.data());
  const std::int64_t n = static_cast<std::int64_t>(utf8.size());
  std::int64_t i = 0;
  while (i < n) {
    if (s[i] < 0x80) {
      ++i;
      continue;
    }
    const std::int64_t start = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (is_forbidden(c)) fail_forbidden(source, c, base + static_cast<std::size_t>(start));
  }
}

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

ConverterPtr open_converter(const std::string& name, const std::string& source) {
  UErrorCode status = U_ZERO_ERROR;
  ConverterPtr converter(ucnv_open(name.c_str(), &status));
  if (U_FAILURE(status) || !converter) fail(source, "unknown encoding \"" + name + "\"");
  // Stop at the first unmappable or illegal sequence instead of substituting U+FFFD.
  ucnv_setToUCallBack(converter.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  if (U_FAILURE(status)) {
    fail(source, "cannot set up encoding \"" + name + "\": " + u_errorName(status));
  }
  return converter;
}

struct Converted {
  std::vector<UChar> units;
  std::vector<std::int32_t> offsets;  // source byte of every unit, only when asked for
};

// Converts `bytes` strictly from `encoding`; `base` is the position of `bytes` in the file,
// for messages.
Converted convert(std::string_view bytes, const std::string& encoding, std::size_t base,
                  const std::string& source, bool with_offsets) {
  if (bytes.size() > static_cast<std::size_t>(INT32_MAX) / 4) {
    fail(source, "too large to convert from " + encoding);
  }
  ConverterPtr converter = open_converter(encoding, source);
  Converted out;
  // No ICU converter yields more than two UTF-16 units per byte; the loop below copes
  // if one ever does.
  out.units.resize(2 * bytes.size() + 16);
  if (with_offsets) out.offsets.resize(out.units.size());
  const char* src = bytes.data();
  const char* const src_end = bytes.data() + bytes.size();
  std::size_t filled = 0;
  for (;;) {
    UErrorCode status = U_ZERO_ERROR;
    UChar* dst = out.units.data() + filled;
    const auto call_base = static_cast<std::int32_t>(src - bytes.data());
    std::int32_t* offsets = with_offsets ? out.offsets.data() + filled : nullptr;
    ucnv_toUnicode(converter.get(), &dst, out.units.data() + out.units.size(), &src, src_end,
                   offsets, true, &status);
    const std::size_t written = static_cast<std::size_t>(dst - out.units.data()) - filled;
    if (with_offsets) {
      // ICU's offsets count from where this call started reading.
      for (std::size_t k = 0; k < written; ++k) {
        if (offsets[k] >= 0) offsets[k] += call_base;
      }
    }
    filled += written;
    if (status == U_BUFFER_OVERFLOW_ERROR) {
      out.units.resize(out.units.size() * 2);
      if (with_offsets) out.offsets.resize(out.units.size());
      continue;
    }
    if (U_FAILURE(status)) {
      char invalid[32];
      std::int8_t length = sizeof invalid;
      UErrorCode ignored = U_ZERO_ERROR;
      ucnv_getInvalidChars(converter.get(), invalid, &length, &ignored);
      if (U_FAILURE(ignored)) length = 0;
      const auto at =
          static_cast<std::size_t>(src - bytes.data()) - static_cast<std::size_t>(length);
      std::string shown;
      for (std::int8_t k = 0; k < length; ++k) {
        if (k) shown += ' ';
        shown += hex_byte(static_cast<unsigned char>(invalid[k]));
      }
      fail(source, "cannot decode as " + encoding + " (invalid " +
                       (length > 1    ? "bytes " + shown
                        : length == 1 ? "byte " + shown
                                      : "input") +
                       at_byte(base + at) + ")");
    }
    break;
  }
  out.units.resize(filled);
  if (with_offsets) out.offsets.resize(filled);
  return out;
}

// UTF-16 from a strict conversion to UTF-8, refusing control characters and U+FFFD. A
// leading U+FEFF is a byte order mark and is dropped.
std::string checked_utf8(std::string_view bytes, const std::string& encoding, std::size_t base,
                         const std::string& source) {
  const Converted converted = convert(bytes, encoding, base, source, false);
  const std::vector<UChar>& u = converted.units;
  for (std::size_t k = 0; k < u.size(); ++k) {
    if (!is_forbidden(u[k])) continue;
    // Rare: convert once more, this time keeping offsets, to say where in the file.
    const Converted again = convert(bytes, encoding, base, source, true);
    const std::int32_t at = again.offsets[k];
    fail_forbidden(source, u[k], base + static_cast<std::size_t>(std::max(at, 0)));
  }
  std::size_t skip = (!u.empty() && u[0] == 0xFEFF) ? 1 : 0;
  const auto length = static_cast<std::int32_t>(u.size() - skip);
  std::string utf8;
  UErrorCode status = U_ZERO_ERROR;
  std::int32_t needed = 0;
  u_strToUTF8(nullptr, 0, &needed, u.data() + skip, length, &status);
  if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status)) {
    fail(source, std::string("cannot convert to UTF-8: ") + u_errorName(status));
  }
  utf8.resize(static_cast<std::size_t>(needed));
  status = U_ZERO_ERROR;
  u_strToUTF8(utf8.data(), needed, nullptr, u.data() + skip, length, &status);
  if (U_FAILURE(status))
    fail(source, std::string("cannot convert to UTF-8: ") + u_errorName(status));
  return utf8;
}

// The name ICU gives `encoding` in MIME or IANA usage ("windows-1252", "UTF-16LE").
std::string standard_name(const std::string& encoding) {
  UErrorCode status = U_ZERO_ERROR;
  const char* canonical = ucnv_getCanonicalName(encoding.c_str(), "", &status);
  if (U_FAILURE(status) || !canonical) {
    status = U_ZERO_ERROR;
    canonical = ucnv_getAlias(encoding.c_str(), 0, &status);
  }
  if (U_FAILURE(status) || !canonical) return encoding;
  for (const char* standard : {"MIME", "IANA"}) {
    status = U_ZERO_ERROR;
    const char* name = ucnv_getStandardName(canonical, standard, &status);
    if (U_SUCCESS(status) && name) return name;
  }
  return encoding;
}

struct DetectorCloser {
  void operator()(UCharsetDetector* d) const { ucsdet_close(d); }
};

struct Guess {
  std::string charset;  // empty when ICU has no candidate left
  std::int32_t confidence = 0;
};

// ICU's best guess for `bytes` among the encodings still possible: the caller has already
// ruled out UTF-8 (invalid), and UTF-16 and UTF-32 (no byte order mark, no NUL byte).
Guess guess_charset(std::string_view bytes, const std::string& source) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, DetectorCloser> detector(ucsdet_open(&status));
  if (U_FAILURE(status))
    fail(source, std::string("cannot detect encoding: ") + u_errorName(status));
  ucsdet_setText(detector.get(), bytes.data(), static_cast<std::int32_t>(bytes.size()), &status);
  std::int32_t count = 0;
  const UCharsetMatch** matches = ucsdet_detectAll(detector.get(), &count, &status);
  if (U_FAILURE(status))
    fail(source, std::string("cannot detect encoding: ") + u_errorName(status));
  for (std::int32_t k = 0; k < count; ++k) {
    const char* name = ucsdet_getName(matches[k], &status);
    const std::int32_t confidence = ucsdet_getConfidence(matches[k], &status);
    if (U_FAILURE(status))
      fail(source, std::string("cannot detect encoding: ") + u_errorName(status));
    const std::string_view charset(name ? name : "");
    if (charset.empty() || charset.starts_with("UTF-")) continue;
    return {std::string(charset), confidence};
  }
  return {};
}

bool is_western_8bit(const std::string& charset) {
  return charset == "ISO-8859-1" || charset == "ISO-8859-15" || charset == "windows-1252";
}

// True when ICU names a Western encoding. ICU's detector works on letter statistics and
// only shrugs (confidence 10 or less) at a few words such as "café" alone; then a Western
// file is the best bet, as long as it is mostly ASCII: more high bytes than a quarter
// means binary data or another script, which windows-1252 would turn into mojibake.
bool looks_western_8bit(std::string_view bytes, const Guess& guess) {
  constexpr std::int32_t kShrug = 10;
  if (is_western_8bit(guess.charset)) return true;
  if (!guess.charset.empty() && guess.confidence > kShrug) return false;
  const auto high = std::count_if(bytes.begin(), bytes.end(),
                                  [](char b) { return static_cast<unsigned char>(b) >= 0x80; });
  return static_cast<std::size_t>(high) * 4 <= bytes.size();
}

}  // namespace

Decoded decode(std::string_view bytes, const std::string& source,
               const std::optional<std::string>& encoding) {
  if (encoding) {
    return {checked_utf8(bytes, *encoding, 0, source), standard_name(*encoding)};
  }
  if (bytes.starts_with("\xFF\xFE"))
    return {checked_utf8(bytes.substr(2), "UTF-16LE", 2, source), "UTF-16LE"};
  if (bytes.starts_with("\xFE\xFF"))
    return {checked_utf8(bytes.substr(2), "UTF-16BE", 2, source), "UTF-16BE"};

  check_control_bytes(bytes, source);
  const std::size_t base = bytes.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  const std::string_view body = bytes.substr(base);
  const std::optional<std::size_t> invalid = first_invalid_utf8(body);
  if (!invalid) {
    check_utf8_characters(body, base, source);
    return {std::string(body), "UTF-8"};
  }

  const std::size_t bad = base + *invalid;
  const std::string cannot = "cannot decode as UTF-8 or a known 8-bit encoding (invalid byte " +
                             hex_byte(static_cast<unsigned char>(bytes[bad])) + at_byte(bad) + ")";
  if (base != 0) fail(source, cannot);  // a UTF-8 BOM promises UTF-8
  const std::size_t from = bad > kDetectionWindow / 2 ? bad - kDetectionWindow / 2 : 0;
  const std::string_view window = bytes.substr(from, kDetectionWindow);
  if (!looks_western_8bit(window, guess_charset(window, source))) fail(source, cannot);
  // Files labelled ISO-8859-1 are nearly always windows-1252 in practice (curly quotes,
  // euro sign at 0x80-0x9F); the five bytes windows-1252 leaves undefined decode to C1
  // controls, which are refused below.
  std::string utf8;
  utf8.reserve(bytes.size() + bytes.size() / 8);
  const Converted converted = convert(bytes, "windows-1252", 0, source, false);
  for (std::size_t k = 0; k < converted.units.size(); ++k) {
    const UChar u = converted.units[k];
    if (is_forbidden(u)) {
      fail(source, "cannot decode as UTF-8 or a known 8-bit encoding (invalid byte " +
                       hex_byte(static_cast<unsigned char>(bytes[k])) + at_byte(k) + ")");
    }
    char buf[4];
    std::int32_t n = 0;
    U8_APPEND_UNSAFE(buf, n, u);
    utf8.append(buf, static_cast<std::size_t>(n));
  }
  return {std::move(utf8), "windows-1252"};
}

std::string normalize_newlines(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    const char c = utf8[i];
    if (c != '\r') {
      out.push_back(c);
      continue;
    }
    out.push_back('\n');
    if (i + 1 < utf8.size() && utf8[i + 1] == '\n') ++i;
  }
  return out;
}

namespace {

const icu::Normalizer2& nfc_normalizer(std::string_view utf8) {
  if (utf8.size() > static_cast<std::size_t>(INT32_MAX)) {
    throw InputError("text too large to normalise (" + std::to_string(utf8.size()) + " bytes)");
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status))
    throw InputError(std::string("cannot load NFC data: ") + u_errorName(status));
  return *nfc;
}

bool is_nfc(const icu::Normalizer2& nfc, std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::StringPiece piece(utf8.data(), static_cast<std::int32_t>(utf8.size()));
  return nfc.isNormalizedUTF8(piece, status) && U_SUCCESS(status);
}

std::string normalised(const icu::Normalizer2& nfc, std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::StringPiece piece(utf8.data(), static_cast<std::int32_t>(utf8.size()));
  std::string out;
  out.reserve(utf8.size());
  icu::StringByteSink<std::string> sink(&out);
  nfc.normalizeUTF8(0, piece, sink, nullptr, status);
  if (U_FAILURE(status))
    throw InputError(std::string("cannot normalise text to NFC: ") + u_errorName(status));
  return out;
}

}  // namespace

std::string to_nfc(std::string_view utf8) {
  const icu::Normalizer2& nfc = nfc_normalizer(utf8);
  if (is_nfc(nfc, utf8)) return std::string(utf8);
  return normalised(nfc, utf8);
}

void normalise_nfc(std::string& utf8) {
  const icu::Normalizer2& nfc = nfc_normalizer(utf8);
  if (!is_nfc(nfc, utf8)) utf8 = normalised(nfc, utf8);
}

}  // namespace inzicht::text
