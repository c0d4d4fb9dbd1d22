// CSV files: case attributes (INZICHT_FUZZ_FORMAT "attributes") and codings ("codings",
// imported into an in-memory project holding one document and a small codebook).

#include <unistd.h>

#include <fstream>

#include "base/utf8.hpp"
#include "coding/coding.hpp"
#include "fuzz_support.hpp"
#include "importers/case_attributes.hpp"
#include "importers/document_builder.hpp"
#include "importers/readers.hpp"
#include "store/project.hpp"
#include "text/text.hpp"

using namespace inzicht;

namespace {

store::Project& project() {
  static store::Project project = [] {
    store::Project p = store::Project::create(":memory:", "fuzz");
    const importers::Extracted extracted =
        importers::read_text("I: Hoe ging het?\n\nR: Ik had geen tijd naast mijn werk.\n", "T1.txt");
    p.add_document(importers::build_document(extracted, "T1.txt", "txt", {}),
                   {"T1", "T1.txt", "0"}, std::nullopt);
    model::Codebook codebook;
    for (const char* name : {"tijd", "werk"}) {
      model::Code code;
      code.name = name;
      code.path = name;
      code.guid = std::string("00000000-0000-4000-8000-00000000000") + (name[0] == 't' ? "1" : "2");
      codebook.codes.push_back(code);
    }
    coding::merge_codebook(p, codebook, false);
    return p;
  }();
  return project;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return fuzz::expect_refusal_at_most([&] {
    const std::string_view bytes = fuzz::bytes_of(data, size);
    const std::string format = INZICHT_FUZZ_FORMAT;
    if (format == "attributes") {
      for (const auto& [name, attributes] : importers::parse_attributes_csv(bytes, "fuzz.csv")) {
        if (!inzicht::is_valid_utf8(name)) __builtin_trap();
      }
      return;
    }
    static const std::string path = "/tmp/inzicht-fuzz-codings-" + std::to_string(getpid()) + ".csv";
    {
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
    (void)coding::import_codings(project(), {path}, "fuzz");
  });
}
