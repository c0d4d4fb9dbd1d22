// The flat copies beside a project (store/codings_cache, store/structure_cache): files
// anyone who can write the project's folder can plant. The first byte chooses what the
// rest is: a whole file, or a section's bytes that the harness wraps in a well-formed
// header with the right token and checksum, so that the decoders behind them are reached.
// The readers never throw; whatever they accept must be what they hand out.

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "fuzz_support.hpp"
#include "store/codings_cache.hpp"
#include "store/flat_file.hpp"
#include "store/structure_cache.hpp"

using namespace inzicht;

namespace {

const std::string kToken = "fuzz-token";

const std::string& scratch() {
  static const std::string path = [] {
    char name[] = "/tmp/inzicht-fuzz-cache-XXXXXX";
    const int fd = ::mkstemp(name);
    if (fd < 0) std::abort();
    ::close(fd);
    return std::string(name);
  }();
  return path;
}

void write(const std::string& bytes) {
  std::ofstream(scratch(), std::ios::binary | std::ios::trunc) << bytes;
}

template <typename T>
void put(std::string& out, const T& value) {
  store::flat_file::put(out, value);
}

// A structure file of one section of `kind` holding `payload`, as the writer lays it out.
std::string structure_file(std::uint64_t kind, std::string_view payload) {
  std::string out = store::flat_file::header({'I', 'N', 'Z', 'S', 'T', 'R', '0', '1'}, kToken);
  put(out, std::uint64_t{1});
  put(out, kind);
  put(out, static_cast<std::uint64_t>(payload.size()));
  put(out, store::flat_file::checksum(payload.data(), payload.size()));
  out += payload;
  return out;
}

// A codings file holding `payload` as its rows (trimmed to whole records).
std::string codings_file(std::string_view payload) {
  payload = payload.substr(0, payload.size() / 32 * 32);
  std::string out = store::flat_file::header({'I', 'N', 'Z', 'C', 'O', 'D', '0', '1'}, kToken);
  put(out, static_cast<std::uint64_t>(payload.size() / 32));
  put(out, store::flat_file::checksum(payload.data(), payload.size()));
  out += payload;
  return out;
}

void read_structure() {
  for (const auto unit : {model::Unit::sentence, model::Unit::paragraph}) {
    if (const auto rows = store::structure_cache::read_units(scratch(), kToken, unit)) {
      if (rows->spans.size() != rows->document_ids.size() ||
          rows->roles.size() != rows->document_ids.size()) {
        std::abort();
      }
      for (const Span span : rows->spans) {
        if (span.start > span.end) std::abort();
      }
    }
  }
  if (const auto words = store::structure_cache::read_words(scratch(), kToken)) {
    for (const auto& [id, index] : *words) {
      if (index.in({0, static_cast<Offset>(index.blocks().size()) * 64}) != index.size()) {
        std::abort();
      }
    }
  }
}

void read_codings() {
  store::codings_cache::read(scratch(), kToken, [](const store::CodingRow& row) {
    if (row.span.start > row.span.end) std::abort();
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::string_view bytes = fuzz::bytes_of(data, size);
  const std::string_view rest = bytes.substr(2);
  return fuzz::expect_refusal_at_most([&] {
    switch (data[0] % 4) {
      case 0:
        write(std::string(bytes.substr(1)));
        read_structure();
        break;
      case 1:
        write(structure_file(1 + data[1] % 3, rest));
        read_structure();
        break;
      case 2:
        write(std::string(bytes.substr(1)));
        read_codings();
        break;
      default:
        write(codings_file(rest));
        read_codings();
        break;
    }
  });
}
