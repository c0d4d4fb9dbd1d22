#include <doctest/doctest.h>

#include "analysis/coding_data.hpp"
#include "analysis_fixture.hpp"
#include "model/error.hpp"
#include "report/table.hpp"

using namespace inzicht;

TEST_SUITE("analysis") {
  TEST_CASE("coding data loads every coding with its document, case, code and coder") {
    testing::CodedProject fixture;
    const analysis::CodingData data(fixture.project);
    REQUIRE(data.documents().size() == 3);
    CHECK(data.codings().size() == 14);
    CHECK(data.coders() == std::vector<std::string>{"ann", "bob"});
    CHECK(data.codings_of(0).size() == 8);
    CHECK(data.codings_of(1).size() == 4);
    CHECK(data.codings_of(2).size() == 2);
    const analysis::CodingInfo& first = data.codings_of(0)[0];
    CHECK(data.documents()[first.document].name == "A.txt");
    CHECK(data.codes()[first.code].path == "drempels/kosten");
    CHECK(data.attribute(data.documents()[1].case_index, "sector") == "techniek");
    CHECK(data.attribute(data.documents()[2].case_index, "group") == "provider");
    CHECK(data.attribute(data.documents()[2].case_index, "sector").empty());
    CHECK(data.codes()[data.code_index("drempels/tijd")].depth == 1);
  }

  TEST_CASE("a selection filters by code subtree, coder and case attribute") {
    testing::CodedProject fixture;
    const analysis::CodingData data(fixture.project);
    CHECK(data.select({{"drempels"}, {}, {}}).size() == 9);
    CHECK(data.select({{"drempels"}, {"bob"}, {}}).size() == 4);
    CHECK(data.select({{}, {"ann"}, {{"group", "learner"}}}).size() == 7);
    CHECK(data.select({{}, {}, {{"sector", "zorg"}}}).size() == 8);
    CHECK_THROWS_AS(data.select({{"drempels/geld"}, {}, {}}), NotFoundError);
    CHECK_THROWS_AS(data.select({{}, {"carl"}, {}}), NotFoundError);
    CHECK_THROWS_AS(data.select({{}, {}, {{"regio", "x"}}}), InputError);
  }

  TEST_CASE("units are the importer's sentences, paragraphs and turns") {
    testing::CodedProject fixture;
    const analysis::CodingData data(fixture.project);
    CHECK(data.units(analysis::Unit::turn, 0).size() == 4);
    CHECK(data.units(analysis::Unit::sentence, 0).size() == 6);
    CHECK(data.units(analysis::Unit::document, 0).size() == 1);
    const analysis::CodingInfo& tijd = data.codings_of(0)[2];
    REQUIRE(data.codes()[tijd.code].path == "drempels/tijd");
    const auto [first, last] = data.units_overlapping(analysis::Unit::sentence, 0, tijd.span);
    CHECK(last - first == 1);
    CHECK(data.units(analysis::Unit::sentence, 0)[first] == tijd.span);
    const auto turns =
        data.units_overlapping(analysis::Unit::turn, 0, {0, data.documents()[0].length});
    CHECK(turns.second - turns.first == 4);
  }

  TEST_CASE("units carry the role of their turn and turns their speaker") {
    testing::CodedProject fixture;
    const analysis::CodingData data(fixture.project);
    const auto& roles = data.unit_roles(analysis::Unit::sentence, 0);
    REQUIRE(roles.size() == 6);
    CHECK(roles[0] == model::Role::interviewer);
    CHECK(roles[1] == model::Role::respondent);
    CHECK(roles[3] == model::Role::interviewer);
    const Span second = data.units(analysis::Unit::sentence, 0)[1];
    CHECK(data.speaker_at(0, second.start) == "Anna");
    CHECK(data.speaker_at(0, data.units(analysis::Unit::sentence, 0)[0].start) == "Interviewer");
    CHECK(data.speaker_at(0, 0).empty());  // the label "Interviewer:" is in no turn
    CHECK(data.speaker_at(0, data.documents()[0].length).empty());
  }

  TEST_CASE("words in a span are counted by the fast word scan") {
    testing::CodedProject fixture;
    const analysis::CodingData data(fixture.project);
    const analysis::CodingInfo& kosten = data.codings_of(0)[0];
    CHECK(data.words_in(0, kosten.span) == 4);  // De kosten waren hoog.
    CHECK(text::word_starts("zo'n 1.250 euro, o.a. STAP-budget").size() == 6);
    CHECK(text::word_starts("").empty());
    CHECK(text::word_starts("Eénzelfde  ‘quote’") == std::vector<Offset>{0, 12});
  }
}
