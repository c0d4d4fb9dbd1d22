#include <doctest/doctest.h>

#include "base/error.hpp"
#include "store/project.hpp"
#include "test_support.hpp"

using namespace inzicht;
using inzicht::testing::TempDir;

namespace {

int guid_counter = 0;
std::string counting_guid() { return "guid-" + std::to_string(++guid_counter); }

model::Code make_code(const std::string& parent, const std::string& name, bool codable = true) {
  model::Code code;
  code.name = name;
  code.parent_path = parent;
  code.path = parent.empty() ? name : parent + "/" + name;
  code.codable = codable;
  return code;
}

model::Codebook sample_codebook() {
  model::Codebook codebook;
  codebook.codes.push_back(make_code("", "drempels", false));
  auto tijd = make_code("drempels", "tijdsgebrek");
  tijd.description = "Geen tijd naast werk of gezin.";
  tijd.color = "#C0392B";
  tijd.fields["theme"] = "flexibiliteit";
  model::Rule rule;
  rule.keywords = {"geen tijd", "druk*"};
  rule.not_terms = {"vakantie"};
  rule.near = model::Rule::Near{{"tijd", "combineren"}, 4};
  rule.scope = model::Scope::paragraph;
  rule.speaker = model::SpeakerFilter::any;
  tijd.rules.push_back(rule);
  codebook.codes.push_back(tijd);
  codebook.codes.push_back(make_code("drempels", "kosten"));
  codebook.codes.push_back(make_code("", "hefbomen", false));
  return codebook;
}

model::Document small_document() {
  model::Document document;
  document.name = "A.txt";
  document.format = "txt";
  document.encoding = "UTF-8";
  document.text = "R: Ik heb geen tijd.";
  document.length = text::count_code_points(document.text);
  document.turns = {{"R", model::Role::respondent, {3, document.length}, std::nullopt}};
  document.paragraphs = {{{3, document.length}, 0}};
  document.sentences = {{{3, document.length}, 0}};
  return document;
}

}  // namespace

TEST_SUITE("store") {
  TEST_CASE("a codebook merges into a project and reports what changed") {
    TempDir dir;
    auto project = store::Project::create(dir / "p.inzicht", "p");
    auto merge = project.merge_codebook(sample_codebook(), false, counting_guid);
    CHECK(merge.added.size() == 4);
    const auto stored = project.codebook();
    REQUIRE(stored.codes.size() == 4);
    const model::Code* tijd = stored.find("drempels/tijdsgebrek");
    REQUIRE(tijd != nullptr);
    CHECK(tijd->color == "#C0392B");
    CHECK(tijd->fields.at("theme") == "flexibiliteit");
    REQUIRE(tijd->rules.size() == 1);
    CHECK(tijd->rules[0].keywords == std::vector<std::string>{"geen tijd", "druk*"});
    CHECK(tijd->rules[0].near->within == 4);
    CHECK(tijd->rules[0].scope == model::Scope::paragraph);
    CHECK(tijd->rules[0].speaker == model::SpeakerFilter::any);
    CHECK_FALSE(stored.find("drempels")->codable);

    // The same file again: nothing changes.
    merge = project.merge_codebook(sample_codebook(), false, counting_guid);
    CHECK(merge.unchanged.size() == 4);
    CHECK(merge.added.empty());

    // A rename by GUID keeps the code (and so its codings).
    auto renamed = project.codebook();
    project.add_document(small_document(), {"A", "/a", "h"}, std::nullopt);
    CHECK(project.add_codings({{"A.txt", "drempels/tijdsgebrek", "gold", {3, 20}, std::nullopt}}) ==
          1);
    renamed.codes[1].name = "tijdgebrek";
    renamed.codes[1].path = "drempels/tijdgebrek";
    renamed.codes.erase(renamed.codes.begin() + 2);  // kosten left out of the file
    merge = project.merge_codebook(renamed, false, counting_guid);
    CHECK(merge.changed == std::vector<std::string>{"drempels/tijdgebrek"});
    CHECK(merge.missing == std::vector<std::string>{"drempels/kosten"});
    const auto codings = project.codings({});
    REQUIRE(codings.size() == 1);
    CHECK(codings[0].code_path == "drempels/tijdgebrek");

    // --prune drops what the file does not have, with its codings.
    renamed.codes.erase(renamed.codes.begin() + 1);
    merge = project.merge_codebook(renamed, true, counting_guid);
    CHECK(merge.removed.size() == 2);
    CHECK(project.codings({}).empty());
    CHECK(project.codebook().codes.size() == 2);
  }

  TEST_CASE("codings are idempotent, checked and filtered") {
    TempDir dir;
    auto project = store::Project::create(dir / "p.inzicht", "p");
    project.merge_codebook(sample_codebook(), false, counting_guid);
    project.add_document(small_document(), {"A", "/a", "h"}, std::string("learner"));
    const store::NewCoding coding{"A.txt", "drempels/kosten", "anna", {3, 8}, std::string("memo")};
    CHECK(project.add_codings({coding}) == 1);
    CHECK(project.add_codings({coding}) == 0);  // the same span, code and coder: no-op
    CHECK(project.add_codings({{"A.txt", "drempels/kosten", "bert", {3, 8}, std::nullopt}}) == 1);
    CHECK_THROWS_AS(project.add_codings({{"A.txt", "drempels", "anna", {3, 8}, std::nullopt}}),
                    InputError);
    CHECK_THROWS_AS(project.add_codings({{"A.txt", "drempels/kosten", "anna", {3, 99}, {}}}),
                    InputError);
    CHECK_THROWS_AS(project.add_codings({{"B.txt", "drempels/kosten", "anna", {3, 8}, {}}}),
                    NotFoundError);
    CHECK(project.codings({}).size() == 2);

    store::CodingFilter filter;
    filter.code_paths = {"drempels"};  // includes descendants
    filter.coders = {"anna"};
    auto found = project.codings(filter);
    REQUIRE(found.size() == 1);
    CHECK(found[0].memo == "memo");
    CHECK(found[0].case_name == "A");
    filter = {};
    filter.where = {{"group", "learner"}};
    CHECK(project.codings(filter).size() == 2);
    filter.where = {{"group", "provider"}};
    CHECK(project.codings(filter).empty());
    CHECK(project.coding_counts().at("drempels/kosten") == 2);
    CHECK(project.coding_counts({"bert"}).at("drempels/kosten") == 1);

    const auto memo = project.add_memo("coding", std::to_string(found[0].id), "anna", "Twijfel.");
    CHECK(memo > 0);
    project.add_memo("code", "drempels/kosten", "anna", "Ook indirecte kosten.");
    CHECK_THROWS_AS(project.add_memo("code", "nope", "anna", "x"), NotFoundError);
    CHECK(project.memos("code").size() == 1);
    CHECK(project.memos().size() == 2);

    store::CodingFilter by_coder;
    by_coder.coders = {"bert"};
    CHECK(project.remove_codings(by_coder) == 1);
    CHECK(project.remove_codings(std::vector<std::int64_t>{found[0].id}) == 1);
    CHECK(project.codings({}).empty());
    CHECK(project.memos("coding").empty());
  }
}
