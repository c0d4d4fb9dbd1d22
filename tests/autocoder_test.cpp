#include "coding/autocoder.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "base/error.hpp"
#include "importers/document_builder.hpp"
#include "importers/readers.hpp"
#include "test_support.hpp"

using namespace inzicht;
using coding::Autocoder;
using coding::AutoCoding;
using inzicht::testing::slice;

namespace {

model::Document build(const std::string& text) {
  return importers::build_document(importers::read_text(text, "t.txt"), "t.txt", "txt", {});
}

model::Rule keywords(std::vector<std::string> terms) {
  model::Rule rule;
  rule.keywords = std::move(terms);
  return rule;
}

model::Codebook codebook(std::vector<std::pair<std::string, std::vector<model::Rule>>> codes) {
  model::Codebook book;
  book.name = "test";
  for (auto& [path, rules] : codes) {
    model::Code code;
    code.path = path;
    code.name = path.substr(path.rfind('/') + 1);
    code.rules = std::move(rules);
    book.codes.push_back(std::move(code));
  }
  return book;
}

std::vector<AutoCoding> run(const model::Rule& rule, const std::string& text) {
  return Autocoder(codebook({{"code", {rule}}})).code(build(text));
}

// The coded units of `text`, as text.
std::vector<std::string> coded(const model::Rule& rule, const std::string& text) {
  const model::Document document = build(text);
  std::vector<std::string> units;
  for (const AutoCoding& coding : Autocoder(codebook({{"code", {rule}}})).code(document)) {
    units.push_back(slice(document, coding.span));
  }
  return units;
}

std::vector<std::string> hits(const model::Document& document, const AutoCoding& coding) {
  std::vector<std::string> words;
  for (const Span& hit : coding.hits) words.push_back(slice(document, hit));
  return words;
}

using Units = std::vector<std::string>;

// An interviewer turn before the respondent's, which no rule reads by default.
const std::string kAsked = "Interviewer: En toen?\n\n";

}  // namespace

TEST_SUITE("autocoder") {
  TEST_CASE("a stem finds the inflections of a word whatever its case") {
    const model::Document document = build(
        "Interviewer: Wat hield je tegen?\n\n"
        "Respondent: Drempels genoeg. De grootste drempel was geld. Ik deed twee opleidingen.\n");
    const Autocoder autocoder(codebook(
        {{"drempels", {keywords({"drempel"})}}, {"opleiding", {keywords({"opleiding"})}}}));
    const auto codings = autocoder.code(document);
    REQUIRE(codings.size() == 3);
    CHECK(codings[0].code_path == "drempels");
    CHECK(slice(document, codings[0].span) == "Drempels genoeg.");
    CHECK(hits(document, codings[0]) == Units{"Drempels"});
    CHECK(slice(document, codings[1].span) == "De grootste drempel was geld.");
    CHECK(codings[2].code_path == "opleiding");
    CHECK(hits(document, codings[2]) == Units{"opleidingen"});
  }

  TEST_CASE("without stemming a term matches the folded word only") {
    model::Rule rule = keywords({"drempel"});
    rule.stem = false;
    CHECK(coded(rule, kAsked + "Respondent: Drempels genoeg. Die DREMPEL was hoog.") ==
          Units{"Die DREMPEL was hoog."});
  }

  TEST_CASE("diacritics are folded in the text and in the terms") {
    CHECK(coded(keywords({"financiele"}), kAsked + "Respondent: De financiële kant viel mee.") ==
          Units{"De financiële kant viel mee."});
    CHECK(coded(keywords({"geinterviewd"}),
                kAsked + "Respondent: Ik ben eerder geïnterviewd. Toen niet.") ==
          Units{"Ik ben eerder geïnterviewd."});
    CHECK(coded(keywords({"Financiële"}), kAsked + "Respondent: Financiele steun hielp.") ==
          Units{"Financiele steun hielp."});
  }

  TEST_CASE("a trailing star makes a prefix of the folded word") {
    const std::string text =
        kAsked +
        "Respondent: De financiering was rond. Financiële zorgen had ik niet. Ik ben financieel "
        "adviseur.";
    CHECK(coded(keywords({"financi*"}), text) == Units{"De financiering was rond.",
                                                       "Financiële zorgen had ik niet.",
                                                       "Ik ben financieel adviseur."});
    // Folded, "Financiële" is "financiele": it does not start with "financier".
    CHECK(coded(keywords({"financier*"}), text) == Units{"De financiering was rond."});
  }

  TEST_CASE("a star that does not follow a word is a rule error") {
    CHECK_THROWS_AS(Autocoder(codebook({{"c", {keywords({"*tijd"})}}})), InputError);
    CHECK_THROWS_AS(Autocoder(codebook({{"c", {keywords({"tijd**"})}}})), InputError);
  }

  TEST_CASE("a phrase matches consecutive words only") {
    const model::Rule rule = keywords({"geen tijd"});
    CHECK(coded(rule, kAsked + "Respondent: Ik had gewoon geen tijd. Geen Tijd, echt niet.") ==
          Units{"Ik had gewoon geen tijd.", "Geen Tijd, echt niet."});
    CHECK(coded(rule, kAsked + "Respondent: Ik had geen idee hoeveel tijd het kost.").empty());
    CHECK(coded(rule, kAsked + "Respondent: Tijd genoeg, geen probleem.").empty());
  }

  TEST_CASE("a phrase can end in a prefix and its words are stemmed") {
    const std::string text =
        kAsked + "Respondent: Ik ging naar twee open dagen. Daarna een open dagavond. Open deur.";
    CHECK(coded(keywords({"open dag"}), text) == Units{"Ik ging naar twee open dagen."});
    CHECK(coded(keywords({"open dag*"}), text) ==
          Units{"Ik ging naar twee open dagen.", "Daarna een open dagavond."});
  }

  TEST_CASE("a phrase across two sentences codes the paragraph but no sentence") {
    model::Rule rule = keywords({"geen tijd"});
    const std::string text = kAsked + "Respondent: Ik zei nee, geen. Tijd is schaars.";
    CHECK(coded(rule, text).empty());
    rule.scope = model::Unit::paragraph;
    CHECK(coded(rule, text) == Units{"Ik zei nee, geen. Tijd is schaars."});
  }

  TEST_CASE("terms with characters that split words match the text they were copied from") {
    CHECK(coded(keywords({"STAP-budget"}), kAsked + "Respondent: Ik vroeg het stap-budget aan.") ==
          Units{"Ik vroeg het stap-budget aan."});
    CHECK(coded(keywords({"auto's"}), kAsked + "Respondent: Twee auto’s voor de deur. Een auto.") ==
          Units{"Twee auto’s voor de deur."});
    CHECK(coded(keywords({"auto’s"}), kAsked + "Respondent: Twee auto's.") ==
          Units{"Twee auto's."});
  }

  TEST_CASE("abbreviations do not end the sentence that is coded") {
    const model::Document document = build(
        kAsked +
        "Respondent: Ik volgde o.a. een cursus Excel, bv. draaitabellen, bij dhr. Jansen en de "
        "drempel was hoog. Daarna ging het beter.");
    const auto codings =
        Autocoder(codebook({{"drempels", {keywords({"drempel"})}}})).code(document);
    REQUIRE(codings.size() == 1);
    CHECK(slice(document, codings[0].span) ==
          "Ik volgde o.a. een cursus Excel, bv. draaitabellen, bij dhr. Jansen en de drempel "
          "was hoog.");
    CHECK(hits(document, codings[0]) == Units{"drempel"});
  }

  TEST_CASE("paragraph and turn scope code the whole paragraph or turn") {
    const std::string text =
        "Interviewer: En verder?\n\n"
        "Respondent: Het eerste jaar was zwaar. Ik had weinig tijd.\n\n"
        "Daarna werd het beter. De drempel was weg.\n\n"
        "Interviewer: Mooi.\n";
    model::Rule rule = keywords({"drempel"});
    SUBCASE("paragraph") {
      rule.scope = model::Unit::paragraph;
      CHECK(coded(rule, text) == Units{"Daarna werd het beter. De drempel was weg."});
    }
    SUBCASE("turn") {
      rule.scope = model::Unit::turn;
      CHECK(coded(rule, text) == Units{"Het eerste jaar was zwaar. Ik had weinig tijd.\n\n"
                                       "Daarna werd het beter. De drempel was weg."});
    }
  }

  TEST_CASE("interviewer turns are coded only when the rule reads the interviewer") {
    const std::string text =
        "Interviewer: Wat was de grootste drempel?\n\n"
        "Respondent: De drempel was het geld.\n";
    model::Rule rule = keywords({"drempel"});
    CHECK(coded(rule, text) == Units{"De drempel was het geld."});
    rule.speaker = model::SpeakerFilter::interviewer;
    CHECK(coded(rule, text) == Units{"Wat was de grootste drempel?"});
    rule.speaker = model::SpeakerFilter::any;
    CHECK(coded(rule, text) == Units{"Wat was de grootste drempel?", "De drempel was het geld."});
  }

  TEST_CASE("a rule with where keeps away from the turns of cases known to be otherwise") {
    const model::Document document = build(
        "Interviewer: Wat zocht je?\n\nRespondent: Ik zocht de prijs.\n\n"
        "Interviewer: En daarna?\n\nRespondent: Weer de prijs.\n");
    model::Rule rule = keywords({"prijs"});
    rule.where = {{"group", "learner"}};
    const std::map<std::string, std::string> learner{{"group", "learner"}, {"sector", "zorg"}};
    const std::map<std::string, std::string> provider{{"group", "provider"}};
    const std::map<std::string, std::string> unknown{{"sector", "zorg"}};
    REQUIRE(document.turns.size() == 4);
    const auto units = [&](const model::Rule& r, const Autocoder::TurnAttributes* attributes) {
      Units out;
      for (const AutoCoding& c : Autocoder(codebook({{"code", {r}}})).code(document, attributes)) {
        out.push_back(slice(document, c.span));
      }
      return out;
    };
    const Units both{"Ik zocht de prijs.", "Weer de prijs."};
    // Nothing known about the cases: read. A case of another group: not read.
    CHECK(units(rule, nullptr) == both);
    const Autocoder::TurnAttributes learners(4, &learner);
    CHECK(units(rule, &learners) == both);
    const Autocoder::TurnAttributes then_provider{&learner, &learner, &learner, &provider};
    CHECK(units(rule, &then_provider) == Units{"Ik zocht de prijs."});
    const Autocoder::TurnAttributes unknown_then_provider{&unknown, &unknown, &provider, nullptr};
    CHECK(units(rule, &unknown_then_provider) == both);  // turn 2 is the interviewer's
    const Autocoder::TurnAttributes provider_then_none{&provider, &provider, nullptr, nullptr};
    CHECK(units(rule, &provider_then_none) == Units{"Weer de prijs."});
    // Every condition counts.
    rule.where.emplace_back("sector", "zorg");
    CHECK(units(rule, &then_provider) == Units{"Ik zocht de prijs."});
    rule.where.back().second = "techniek";
    CHECK(units(rule, &learners).empty());
    // A regex-led rule keeps to it too, and a rule without `where` ignores the attributes.
    model::Rule regex;
    regex.regex = "prijs";
    regex.where = {{"group", "provider"}};
    CHECK(units(regex, &then_provider) == Units{"Weer de prijs."});
    CHECK(units(keywords({"prijs"}), &then_provider) == both);
  }

  TEST_CASE("where counts in a rule's version only when it is there") {
    model::Code code;
    code.path = code.name = "kosten";
    code.rules = {keywords({"prijs"})};
    const std::string plain = coding::rules_hash(code);
    code.rules[0].where = {{"group", "learner"}};
    const std::string scoped = coding::rules_hash(code);
    CHECK(plain != scoped);
    code.rules[0].where = {{"group", "provider"}};
    CHECK(coding::rules_hash(code) != scoped);
    code.rules[0].where.clear();
    CHECK(coding::rules_hash(code) == plain);
  }

  TEST_CASE("text outside any turn is never coded") {
    CHECK(coded(keywords({"drempel"}), "Interview over drempels\n\n" + kAsked +
                                           "Respondent: Geen drempel.") == Units{"Geen drempel."});
  }

  TEST_CASE("all needs every term in the unit") {
    model::Rule rule;
    rule.all = {"werkgever", "betalen"};
    CHECK(coded(rule, kAsked + "Respondent: Mijn werkgevers wilden betalen. De werkgever was blij. "
                               "Betalen deed ik niet.") ==
          Units{"Mijn werkgevers wilden betalen."});
  }

  TEST_CASE("any needs one of its terms") {
    model::Rule rule;
    rule.any = {"avond", "weekend"};
    CHECK(
        coded(rule, kAsked + "Respondent: Les in de avonden. Ook in het weekend. Overdag nooit.") ==
        Units{"Les in de avonden.", "Ook in het weekend."});
  }

  TEST_CASE("a not term vetoes the unit") {
    model::Rule rule = keywords({"drempel"});
    rule.not_terms = {"geen"};
    CHECK(coded(rule, kAsked + "Respondent: De drempel was hoog. Geen drempel meer nu.") ==
          Units{"De drempel was hoog."});
  }

  TEST_CASE("a not term vetoes the units of its rule's scope only, wherever else it is used") {
    model::Rule sentence = keywords({"drempel"});
    sentence.not_terms = {"geen", "werk*"};
    model::Rule paragraph = keywords({"drempel"});
    paragraph.scope = model::Unit::paragraph;
    paragraph.not_terms = {"geen"};
    model::Rule positive = keywords({"geen drempel"});  // a not term of others, used positively
    model::Rule interviewer = keywords({"drempel"});
    interviewer.speaker = model::SpeakerFilter::interviewer;
    interviewer.not_terms = {"geen"};
    const Autocoder autocoder(codebook({{"zin", {sentence}},
                                        {"alinea", {paragraph}},
                                        {"positief", {positive}},
                                        {"vraag", {interviewer}}}));
    const model::Document document = build(
        "Interviewer: Geen drempel? Een drempel.\n\nRespondent: De drempel was hoog. Geen drempel "
        "meer nu. Werkdrempels.\n\nDe drempel bleef.\n\nRespondent: Een drempel, geen geld.");
    std::vector<std::string> found;
    for (const AutoCoding& coding : autocoder.code(document)) {
      found.push_back(coding.code_path + ": " + slice(document, coding.span));
    }
    CHECK(found == std::vector<std::string>{
                       "vraag: Een drempel.",
                       "zin: De drempel was hoog.",
                       "positief: Geen drempel meer nu.",
                       "zin: De drempel bleef.",
                       "alinea: De drempel bleef.",
                   });
  }

  TEST_CASE("near needs its terms within the number of words between them") {
    model::Rule rule;
    rule.near = model::Rule::Near{{"tijd", "gezin"}, 3};
    SUBCASE("three words between is inside the window") {
      CHECK(coded(rule, kAsked + "Respondent: Geen tijd door mijn jonge gezin.") ==
            Units{"Geen tijd door mijn jonge gezin."});
    }
    SUBCASE("four words between is outside") {
      CHECK(coded(rule, kAsked + "Respondent: Geen tijd door mijn twee jonge gezinnen.").empty());
    }
    SUBCASE("the order does not matter and the nearest pair counts") {
      CHECK(coded(rule, kAsked + "Respondent: Tijd had ik, maar het gezin vroeg veel tijd.") ==
            Units{"Tijd had ik, maar het gezin vroeg veel tijd."});
    }
    SUBCASE("a phrase counts its own words apart from the gap") {
      rule.near = model::Rule::Near{{"geen tijd", "gezin"}, 1};
      CHECK(coded(rule, kAsked + "Respondent: Geen tijd voor gezin.") ==
            Units{"Geen tijd voor gezin."});
      CHECK(coded(rule, kAsked + "Respondent: Geen tijd voor mijn gezin.").empty());
    }
  }

  TEST_CASE("a regex matches the original text with code-point offsets") {
    model::Rule rule;
    rule.regex = "nt2[- ]?b\\d";
    const model::Document document =
        build(kAsked +
              "Respondent: Één cursus Nederlands, daarna kreeg ik het NT2-B1 certificaat. Leuk.");
    const auto codings = Autocoder(codebook({{"taal", {rule}}})).code(document);
    REQUIRE(codings.size() == 1);
    CHECK(slice(document, codings[0].span) ==
          "Één cursus Nederlands, daarna kreeg ik het NT2-B1 certificaat.");
    CHECK(hits(document, codings[0]) == Units{"NT2-B1"});
    rule.regex_case_sensitive = true;
    CHECK(Autocoder(codebook({{"taal", {rule}}})).code(document).empty());
  }

  TEST_CASE("a regex alone codes every unit it matches unless a not term vetoes it") {
    model::Rule rule;
    rule.regex = "^ja\\b";
    rule.not_terms = {"maar"};
    rule.speaker = model::SpeakerFilter::any;
    CHECK(coded(rule,
                "Interviewer: Ja, en toen?\n\nRespondent: Nee. Ja, dat klopt. Ja maar niet "
                "altijd. Jammer.") == Units{"Ja, en toen?", "Ja, dat klopt."});
  }

  TEST_CASE("a regex together with keywords needs both") {
    model::Rule rule = keywords({"cursus"});
    rule.regex = "\\d+ euro";
    CHECK(
        coded(
            rule,
            kAsked +
                "Respondent: De cursus kostte 450 euro. De cursus was gratis. Het kost 20 euro.") ==
        Units{"De cursus kostte 450 euro."});
  }

  TEST_CASE("several hits in one unit make one coding") {
    const model::Document document =
        build(kAsked + "Respondent: Tijd, geld en nog eens tijd: drempels genoeg. Verder niets.");
    model::Rule first = keywords({"tijd"});
    model::Rule second = keywords({"drempel", "geld"});
    const auto codings = Autocoder(codebook({{"drempels", {first, second}}})).code(document);
    REQUIRE(codings.size() == 1);
    CHECK(codings[0].rule == 0);
    CHECK(hits(document, codings[0]) == Units{"Tijd", "geld", "tijd", "drempels"});
  }

  TEST_CASE("the coding names the first rule of the code that matched") {
    const auto codings = run(keywords({"geld"}), kAsked + "Respondent: Geld was het probleem.");
    REQUIRE(codings.size() == 1);
    CHECK(codings[0].rule == 0);
    const Autocoder autocoder(codebook({{"c", {keywords({"tijd"}), keywords({"geld"})}}}));
    const auto second = autocoder.code(build(kAsked + "Respondent: Geld was het probleem."));
    REQUIRE(second.size() == 1);
    CHECK(second[0].rule == 1);
  }

  TEST_CASE("two codes on one unit make two codings in codebook order") {
    const model::Document document = build(kAsked + "Respondent: Geen tijd en geen geld.");
    const Autocoder autocoder(codebook(
        {{"drempels/tijd", {keywords({"tijd"})}}, {"drempels/geld", {keywords({"geld"})}}}));
    const auto codings = autocoder.code(document);
    REQUIRE(codings.size() == 2);
    CHECK(codings[0].code_path == "drempels/tijd");
    CHECK(codings[1].code_path == "drempels/geld");
    CHECK(codings[0].span == codings[1].span);
    CHECK(autocoder.rule_count() == 2);
  }

  TEST_CASE("only compiles the codes it names") {
    const auto book = codebook(
        {{"drempels/tijd", {keywords({"tijd"})}}, {"drempels/geld", {keywords({"geld"})}}});
    const Autocoder autocoder(book, {"drempels/geld"});
    CHECK(autocoder.rule_count() == 1);
    const auto codings = autocoder.code(build(kAsked + "Respondent: Geen tijd en geen geld."));
    REQUIRE(codings.size() == 1);
    CHECK(codings[0].code_path == "drempels/geld");
    CHECK_THROWS_AS(Autocoder(book, {"drempels/onbekend"}), InputError);
  }

  TEST_CASE("a bad rule is an error naming the code and the line") {
    model::Rule rule;
    rule.line = 17;
    SUBCASE("bad regex") { rule.regex = "(onaf"; }
    SUBCASE("term without words") { rule.keywords = {"tijd", " - "}; }
    SUBCASE("no positive condition") { rule.not_terms = {"geen"}; }
    SUBCASE("negative window") { rule.near = model::Rule::Near{{"a", "b"}, -1}; }
    std::string message;
    try {
      Autocoder autocoder(codebook({{"drempels/tijd", {rule}}}));
    } catch (const InputError& error) {
      message = error.what();
    }
    CHECK(message.find("drempels/tijd") != std::string::npos);
    CHECK(message.find("line 17") != std::string::npos);
  }

  TEST_CASE("rules on a code that is not codable are refused") {
    auto book = codebook({{"drempels", {keywords({"drempel"})}}});
    book.codes[0].codable = false;
    CHECK_THROWS_AS(Autocoder{book}, InputError);
  }

  TEST_CASE("two autocoders used in turn keep their own terms") {
    const model::Document document = build(kAsked + "Respondent: Geen tijd. Geen geld.");
    const Autocoder time(codebook({{"tijd", {keywords({"tijd"})}}}));
    const Autocoder money(codebook({{"geld", {keywords({"geld"})}}}));
    for (int round = 0; round < 2; ++round) {
      const auto by_time = time.code(document);
      const auto by_money = money.code(document);
      REQUIRE(by_time.size() == 1);
      REQUIRE(by_money.size() == 1);
      CHECK(slice(document, by_time[0].span) == "Geen tijd.");
      CHECK(slice(document, by_money[0].span) == "Geen geld.");
    }
  }

  TEST_CASE("an autocoder codes many documents the same way") {
    const Autocoder autocoder(codebook({{"drempels", {keywords({"drempel*"})}}}));
    for (int round = 0; round < 3; ++round) {
      CHECK(
          autocoder.code(build("Anna: Drempels.\n\nInterviewer: Drempels.\n\nAnna: Drempelvrees."))
              .size() == 2);
    }
  }
}
