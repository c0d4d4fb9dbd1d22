// The search query builder: whatever a researcher types becomes an FTS5 expression that
// SQLite accepts, or an InputError; run against an in-memory project to make sure.

#include "fuzz_support.hpp"
#include "importers/document_builder.hpp"
#include "importers/readers.hpp"
#include "store/project.hpp"
#include "store/search_query.hpp"

using namespace inzicht;

namespace {

store::Project& project() {
  static store::Project project = [] {
    store::Project p = store::Project::create(":memory:", "fuzz");
    const importers::Extracted extracted = importers::read_text(
        "I: Hoe ging het?\n\nR: Ik had geen tijd naast mijn werk, zei ze.\n", "T1.txt");
    p.add_document(importers::build_document(extracted, "T1.txt", "txt", {}),
                   {"T1", "T1.txt", "0"}, std::nullopt);
    return p;
  }();
  return project;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return fuzz::expect_refusal_at_most([&] {
    const std::string fts = store::fts_query(std::string(fuzz::bytes_of(data, size)));
    (void)project().search({fts, std::nullopt, 10});
  });
}
