#include "analysis/agreement.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "analysis_fixture.hpp"
#include "base/error.hpp"

using namespace inzicht;
using inzicht::testing::inzicht_cli;

namespace {

double value(const analysis::Estimate& estimate) {
  REQUIRE_MESSAGE(estimate.value.has_value(), estimate.undefined);
  return *estimate.value;
}

constexpr double kExact = 1e-12;

}  // namespace

TEST_SUITE("agreement") {
  // The fixture (tests/analysis_fixture.hpp) by sentence. "Carla:" occurs once in C, so it
  // is no speaker label and all of C is the interviewer's turn. Respondent sentences, by
  // index: A1 A2 A4 A5 and B1 B2 B4 — 7 units.
  //   kosten     ann A1 A4 B2, bob A1: both 1, neither 3, agreed 4 + 1 = 5 of 7; kappa:
  //              ann 3 of 7, bob 1, pe = (3·1 + 4·6)/49 = 27/49, po = 35/49,
  //              kappa = 8/22 = 4/11; alpha: n1 = 4, n0 = 10, 2 split units,
  //              1 − 13·4/(2·4·10) = 7/20; Brennan–Prediger 2·5/7 − 1 = 3/7
  //   tijd       both A2 B1; werkgever both A4: everything 1
  //   online     ann A5, bob B4: 5/7; pe = (1 + 36)/49, kappa = −2/12 = −1/6; alpha = −1/12
  // Pooled, 28 decisions: ann 7, bob 5, both 4, split 4: 24/28; pe = (7·5 + 21·23)/784 =
  // 518/784, kappa = (672 − 518)/(784 − 518) = 11/19; alpha = 1 − 55·8/(2·12·44) = 7/12.
  // Means over the four codes: kappa (4/11 + 1 + 1 − 1/6)/4 = 145/264, alpha 17/30.
  TEST_CASE("agreement by sentence counts each code as present or absent per unit") {
    testing::CodedProject fixture;
    const analysis::CodingData data(fixture.project);
    analysis::AgreementOptions options;
    options.coders = {"ann", "bob"};
    options.disagreements = true;
    const analysis::AgreementResult result = analysis::agreement(data, options);
    CHECK(result.documents == 3);
    CHECK(result.units == 7);
    REQUIRE(result.codes.size() == 4);
    const auto& kosten = result.codes[0];
    CHECK(kosten.name == "drempels/kosten");
    CHECK(kosten.units == 7);
    CHECK(kosten.complete == 7);
    CHECK(kosten.coded == std::vector<std::int64_t>{3, 1});
    CHECK(kosten.agreed == 5);
    CHECK(value(kosten.percent) == doctest::Approx(5.0 / 7).epsilon(kExact));
    CHECK(value(kosten.kappa) == doctest::Approx(4.0 / 11).epsilon(kExact));
    CHECK(value(kosten.brennan_prediger) == doctest::Approx(3.0 / 7).epsilon(kExact));
    CHECK(value(kosten.alpha) == doctest::Approx(7.0 / 20).epsilon(kExact));
    CHECK(value(result.codes[1].kappa) == doctest::Approx(1));
    CHECK(value(result.codes[2].alpha) == doctest::Approx(1));
    CHECK(value(result.codes[3].kappa) == doctest::Approx(-1.0 / 6).epsilon(kExact));
    CHECK(value(result.codes[3].alpha) == doctest::Approx(-1.0 / 12).epsilon(kExact));
    CHECK(result.overall.units == 28);
    CHECK(result.overall.coded == std::vector<std::int64_t>{7, 5});
    CHECK(result.overall.agreed == 24);
    CHECK(value(result.overall.kappa) == doctest::Approx(11.0 / 19).epsilon(kExact));
    CHECK(value(result.overall.alpha) == doctest::Approx(7.0 / 12).epsilon(kExact));
    CHECK(value(result.mean.kappa) == doctest::Approx(145.0 / 264).epsilon(kExact));
    CHECK(value(result.mean.alpha) == doctest::Approx(17.0 / 30).epsilon(kExact));

    // kosten A4 (ann), online A5 (ann), kosten B2 (ann), online B4 (bob).
    REQUIRE(result.disagreements.size() == 4);
    const analysis::Disagreement& first = result.disagreements[0];
    CHECK(first.document == "A.txt");
    CHECK(first.case_name == "A");
    CHECK(first.unit == std::size_t{4});
    CHECK(first.speaker == "Anna");
    CHECK(first.code == "drempels/kosten");
    CHECK(first.coders == std::vector<std::string>{"ann"});
    CHECK(first.text == "Mijn werkgever betaalde de kosten.");
    CHECK(result.disagreements[1].code == "hefbomen/online");
    CHECK(result.disagreements[3].unit == std::size_t{4});
    CHECK(result.disagreements[3].document == "B.txt");
    CHECK(result.disagreements[3].coders == std::vector<std::string>{"bob"});
  }

  TEST_CASE("interviewer text counts when asked, and a parent code counts its children") {
    testing::CodedProject fixture;
    const analysis::CodingData data(fixture.project);
    analysis::AgreementOptions options;
    options.coders = {"ann", "bob"};
    // Every sentence: 6 + 5 + 3 = 14. C adds werkgever by ann on C1 and kosten by bob on
    // C2. kosten: both A1, ann A4 B2, bob C2: 11/14; ann 3, bob 2, pe = (6 + 11·12)/196,
    // kappa = (154 − 138)/(196 − 138) = 8/29. werkgever: both A4, ann C1: 13/14,
    // pe = (2 + 12·13)/196, kappa = (182 − 158)/(196 − 158) = 12/19.
    options.speaker = model::SpeakerFilter::any;
    auto result = analysis::agreement(data, options);
    CHECK(result.units == 14);
    CHECK(value(result.codes[0].kappa) == doctest::Approx(8.0 / 29).epsilon(kExact));
    CHECK(value(result.codes[2].kappa) == doctest::Approx(12.0 / 19).epsilon(kExact));
    CHECK(result.codes[2].coded == std::vector<std::int64_t>{2, 1});

    // drempels stands for kosten and tijd. Respondent turns A1 A3 B1 B3: ann A1 A3 B1,
    // bob A1 B1: agreed 3 of 4. Coders in the order given.
    options = {};
    options.coders = {"bob", "ann"};
    options.codes = {"drempels"};
    options.unit = analysis::Unit::turn;
    result = analysis::agreement(data, options);
    REQUIRE(result.codes.size() == 1);
    CHECK(result.codes[0].name == "drempels");
    CHECK(result.units == 4);
    CHECK(result.codes[0].coded == std::vector<std::int64_t>{2, 3});
    CHECK(result.codes[0].agreed == 3);
    // Whole documents: C has no respondent text, A and B both coded drempels: all agree,
    // and with one category in use kappa and alpha are undefined.
    options.unit = analysis::Unit::document;
    result = analysis::agreement(data, options);
    CHECK(result.units == 2);
    CHECK(result.codes[0].agreed == 2);
    CHECK(value(result.codes[0].percent) == 1);
    CHECK_FALSE(result.codes[0].kappa.value.has_value());
    CHECK_FALSE(result.codes[0].alpha.value.has_value());
  }

  TEST_CASE("agreement by character weighs each stretch by its length") {
    // Respondent turns of A and B hold 43 + 57 + 48 + 23 = 171 code points. kosten: both
    // "De kosten waren hoog." (21), ann alone "Mijn werkgever betaalde de kosten." (34)
    // and "De kosten vielen mee." (21): agreed 171 − 55 = 116; ann 76, bob 21;
    // kappa = (171·116 − (76·21 + 95·150)) / (171² − 15846) = 3990/13395 = 14/47;
    // alpha = 1002/4753 (exact fractions in Python).
    testing::CodedProject fixture;
    const analysis::CodingData data(fixture.project);
    analysis::AgreementOptions options;
    options.coders = {"ann", "bob"};
    options.codes = {"drempels/kosten"};
    options.characters = true;
    options.disagreements = true;
    const auto result = analysis::agreement(data, options);
    CHECK(result.unit == "char");
    CHECK(result.units == 171);
    REQUIRE(result.codes.size() == 1);
    CHECK(result.codes[0].coded == std::vector<std::int64_t>{76, 21});
    CHECK(result.codes[0].agreed == 116);
    CHECK(value(result.codes[0].kappa) == doctest::Approx(14.0 / 47).epsilon(kExact));
    CHECK(value(result.codes[0].alpha) == doctest::Approx(1002.0 / 4753).epsilon(kExact));
    REQUIRE(result.disagreements.size() == 2);
    CHECK(result.disagreements[0].text == "Mijn werkgever betaalde de kosten.");
    CHECK(result.disagreements[0].speaker == "Anna");
    CHECK_FALSE(result.disagreements[0].unit.has_value());
    CHECK(result.disagreements[1].text == "De kosten vielen mee.");
  }

  TEST_CASE("exclusive codes are categories of one variable with missing values") {
    // Categories drempels (kosten, tijd) and hefbomen (werkgever, online), respondent
    // sentences. ann gave A4 both (a conflict; equal cover, so drempels, first in the
    // codebook). Rated by both: A1 A2 B1 (drempels, drempels) and A4 (drempels, hefbomen):
    // 3/4 agree; kappa: ann 4 drempels, bob 3 and 1, pe = 12/16 = po, kappa 0; alpha:
    // n = 8, 7 drempels, one split unit, 1 − 7·2/(2·7·1) = 0; Brennan–Prediger
    // (2·3/4 − 1)/1 = 1/2. A5 B2 B4 have one rating each: they only count as units.
    testing::CodedProject fixture;
    const analysis::CodingData data(fixture.project);
    analysis::AgreementOptions options;
    options.coders = {"ann", "bob"};
    options.codes = {"hefbomen", "drempels"};
    options.exclusive = true;
    options.disagreements = true;
    const auto result = analysis::agreement(data, options);
    CHECK(result.conflicts == 1);
    CHECK(result.overall.name == "nominal");
    CHECK(result.overall.units == 7);
    CHECK(result.overall.complete == 4);
    CHECK(result.overall.coded == std::vector<std::int64_t>{6, 5});
    CHECK(result.overall.agreed == 3);
    CHECK(value(result.overall.percent) == doctest::Approx(0.75));
    CHECK(value(result.overall.kappa) == doctest::Approx(0).epsilon(kExact));
    CHECK(value(result.overall.alpha) == doctest::Approx(0).epsilon(kExact));
    CHECK(value(result.overall.brennan_prediger) == doctest::Approx(0.5).epsilon(kExact));
    REQUIRE(result.codes.size() == 2);
    CHECK(result.codes[0].name == "drempels");
    CHECK(result.codes[0].coded == std::vector<std::int64_t>{5, 3});
    // A4 twice (drempels by ann, hefbomen by bob), A5, B2, B4.
    CHECK(result.disagreements.size() == 5);
    analysis::AgreementOptions nested;
    nested.coders = {"ann", "bob"};
    nested.codes = {"drempels", "drempels/tijd"};
    nested.exclusive = true;
    CHECK_THROWS_AS(analysis::agreement(data, nested), InputError);
    nested.codes = {"drempels"};
    CHECK_THROWS_AS(analysis::agreement(data, nested), InputError);
  }

  TEST_CASE("documents some coders left alone are not compared") {
    testing::CodedProject fixture;
    fixture.add(testing::kInterviewC, "D", "provider");
    fixture.code("D.txt", "De kosten droegen wij.", "drempels/kosten", "ann");
    const analysis::CodingData data(fixture.project);
    analysis::AgreementOptions options;
    options.coders = {"ann", "bob"};
    auto result = analysis::agreement(data, options);
    CHECK(result.documents == 3);
    CHECK(result.documents_skipped == 1);
    options.documents = {"D.txt"};
    result = analysis::agreement(data, options);
    CHECK(result.documents == 0);
    CHECK(result.units == 0);
    CHECK_FALSE(result.overall.kappa.value.has_value());
    CHECK_FALSE(result.overall.alpha.value.has_value());
  }

  TEST_CASE("unknown coders, a single coder and a coder named twice are errors") {
    testing::CodedProject fixture;
    const analysis::CodingData data(fixture.project);
    analysis::AgreementOptions options;
    options.coders = {"ann", "carl"};
    CHECK_THROWS_AS(analysis::agreement(data, options), NotFoundError);
    options.coders = {"ann"};
    CHECK_THROWS_AS(analysis::agreement(data, options), InputError);
    options.coders = {"ann", "ann"};
    CHECK_THROWS_AS(analysis::agreement(data, options), InputError);
    options.coders = {"ann", "bob"};
    options.codes = {"drempels/geld"};
    CHECK_THROWS_AS(analysis::agreement(data, options), NotFoundError);
  }

  TEST_CASE("the agreement command writes every sheet as JSON with full precision") {
    testing::CodedProject fixture;
    const auto run = inzicht_cli({"-p", fixture.path, "agreement", "--coders", "ann,bob",
                                  "--disagreements", "--format", "json"});
    REQUIRE_MESSAGE(run.status == 0, run.err);
    const auto json = nlohmann::json::parse(run.out);
    REQUIRE(json["agreement"].size() == 4);
    const auto& kosten = json["agreement"][0];
    CHECK(kosten["code"] == "drempels/kosten");
    CHECK(kosten["units"] == 7);
    CHECK(kosten["coded_ann"] == 3);
    CHECK(kosten["coded_bob"] == 1);
    CHECK(kosten["agreed"] == 5);
    CHECK(kosten["cohen_kappa"].get<double>() == doctest::Approx(4.0 / 11).epsilon(kExact));
    CHECK(kosten["krippendorff_alpha"].get<double>() == doctest::Approx(7.0 / 20).epsilon(kExact));
    CHECK(kosten["note"] == "");
    REQUIRE(json["overall"].size() == 2);
    CHECK(json["overall"][0]["figure"] == "pooled");
    CHECK(json["overall"][0]["documents"] == 3);
    CHECK(json["overall"][0]["units"] == 28);
    CHECK(json["overall"][1]["figure"] == "mean");
    CHECK(json["overall"][1]["units"].is_null());
    REQUIRE(json["disagreements"].size() == 4);
    const auto& first = json["disagreements"][0];
    CHECK(first["document"] == "A.txt");
    CHECK(first["unit"] == 4);
    CHECK(first["speaker"] == "Anna");
    CHECK(first["coders"] == "ann");
    CHECK(first["text"] == "Mijn werkgever betaalde de kosten.");
    // CSV keeps every digit too: 4/11.
    const auto csv =
        inzicht_cli({"-p", fixture.path, "agreement", "--coders", "ann,bob", "--format", "csv"});
    CHECK(csv.out.find(",0.36363636363636365,") != std::string::npos);
  }

  TEST_CASE("an undefined figure is a null with a note, and three coders get Fleiss' kappa") {
    testing::CodedProject fixture;
    auto run = inzicht_cli({"-p", fixture.path, "agreement", "--coders", "ann,bob", "--doc", "C",
                            "--codes", "drempels/tijd", "--speaker", "any", "--format", "json"});
    REQUIRE_MESSAGE(run.status == 0, run.err);
    auto json = nlohmann::json::parse(run.out);
    const auto& tijd = json["agreement"][0];
    CHECK(tijd["percent_agreement"] == 1.0);
    CHECK(tijd["cohen_kappa"].is_null());
    CHECK(tijd["krippendorff_alpha"].is_null());
    CHECK(tijd["note"].get<std::string>().find("Cohen's kappa") != std::string::npos);

    fixture.code("A.txt", "De kosten waren hoog.", "drempels/kosten", "cem");
    run = inzicht_cli({"-p", fixture.path, "agreement", "--coders", "ann,bob,cem", "--unit", "turn",
                       "--format", "csv"});
    REQUIRE_MESSAGE(run.status == 0, run.err);
    CHECK(run.out.find("fleiss_kappa") != std::string::npos);
    CHECK(run.out.find("cohen_kappa") == std::string::npos);
    CHECK(run.out.find("coded_cem") != std::string::npos);
  }

  TEST_CASE("the agreement command refuses unknown and too few coders") {
    testing::CodedProject fixture;
    auto run = inzicht_cli({"-p", fixture.path, "agreement", "--coders", "ann,carl"});
    CHECK(run.status == 1);
    CHECK(run.err.find("no coder 'carl'") != std::string::npos);
    run = inzicht_cli({"-p", fixture.path, "agreement", "--coders", "ann"});
    CHECK(run.status == 1);
    CHECK(run.err.find("at least two coders") != std::string::npos);
    run = inzicht_cli({"-p", fixture.path, "agreement"});
    CHECK(run.status == 2);
    run = inzicht_cli({"-p", fixture.path, "agreement", "--coders", "ann,bob", "--unit", "word"});
    CHECK(run.status == 2);
    run = inzicht_cli({"-p", fixture.path, "agreement", "--coders", "ann,bob", "--exclusive"});
    CHECK(run.status == 1);
    run = inzicht_cli({"-p", fixture.path, "agreement", "--coders", "ann,bob"});
    CHECK(run.status == 0);
    CHECK(run.out.find("krippendorff_alpha") != std::string::npos);
  }
}
