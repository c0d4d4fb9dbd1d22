#include "model/codebook.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "codebook/codebook_io.hpp"
#include "base/error.hpp"
#include "test_support.hpp"

using namespace inzicht;
using inzicht::testing::fixture;
using inzicht::testing::read_file;
using inzicht::testing::TempDir;
using inzicht::testing::write_file;

namespace {

const std::string kSchema = fixture("codebook/Codebook-mrt2019.xsd");

model::Codebook load_yaml(const std::string& name) {
  return codebook::parse_yaml(read_file(fixture("codebook/" + name)), name);
}

const model::Code& code_at(const model::Codebook& book, const std::string& path) {
  const model::Code* code = book.find(path);
  REQUIRE_MESSAGE(code != nullptr, "no code " << path);
  return *code;
}

// The message of the InputError that `parse` throws, or "" when it throws none.
template <typename Parse>
std::string error_of(Parse&& parse) {
  try {
    parse();
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end == std::string::npos ? end : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return lines;
}

void check_same_rules(const model::Rule& a, const model::Rule& b) {
  CHECK(a.keywords == b.keywords);
  CHECK(a.all == b.all);
  CHECK(a.any == b.any);
  CHECK(a.not_terms == b.not_terms);
  REQUIRE(a.near.has_value() == b.near.has_value());
  if (a.near) {
    CHECK(a.near->terms == b.near->terms);
    CHECK(a.near->within == b.near->within);
  }
  CHECK(a.regex == b.regex);
  CHECK(a.regex_case_sensitive == b.regex_case_sensitive);
  CHECK(a.scope == b.scope);
  CHECK(a.speaker == b.speaker);
  CHECK(a.stem == b.stem);
  CHECK(a.where == b.where);
}

// Equal apart from `line`; QDC keeps neither fields nor rules nor the codebook's name.
void check_same(const model::Codebook& a, const model::Codebook& b, bool all_of_it) {
  if (all_of_it) CHECK(a.name == b.name);
  REQUIRE(a.codes.size() == b.codes.size());
  for (std::size_t i = 0; i < a.codes.size(); ++i) {
    const model::Code& x = a.codes[i];
    const model::Code& y = b.codes[i];
    INFO("code " << x.path);
    CHECK(x.guid == y.guid);
    CHECK(x.name == y.name);
    CHECK(x.path == y.path);
    CHECK(x.parent_path == y.parent_path);
    CHECK(x.description == y.description);
    CHECK(x.include == y.include);
    CHECK(x.exclude == y.exclude);
    CHECK(x.examples == y.examples);
    CHECK(x.color == y.color);
    CHECK(x.codable == y.codable);
    if (all_of_it) {
      CHECK(x.fields == y.fields);
      REQUIRE(x.rules.size() == y.rules.size());
      for (std::size_t r = 0; r < x.rules.size(); ++r) check_same_rules(x.rules[r], y.rules[r]);
    }
  }
}

// Exit status of xmllint validating `xml` against the REFI-QDA codebook schema.
int xmllint(const TempDir& dir, const std::string& xml) {
  const std::string file = dir / "codebook.qdc";
  write_file(file, xml);
  const std::string command =
      "xmllint --noout --schema '" + kSchema + "' '" + file + "' 2>'" + (dir / "xmllint.txt") + "'";
  return std::system(command.c_str());
}

const std::regex kGuid("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

}  // namespace

TEST_SUITE("codebook") {
  TEST_CASE("a complete YAML codebook parses into the expected tree") {
    const model::Codebook book = load_yaml("complete.yaml");
    CHECK(book.name == "LLO levenslang leren");
    std::vector<std::string> paths;
    for (const model::Code& code : book.codes) paths.push_back(code.path);
    CHECK(paths == std::vector<std::string>{
                       "behoeften", "behoeften/flexibiliteit", "behoeften/studiekosten", "drempels",
                       "drempels/tijdsgebrek", "hefbomen", "hefbomen/werkgever betaalt"});

    const model::Code& behoeften = code_at(book, "behoeften");
    CHECK(behoeften.line == 6);
    CHECK(behoeften.parent_path.empty());
    CHECK_FALSE(behoeften.codable);
    CHECK(behoeften.color == "#2E86C1");
    CHECK(behoeften.guid == "0b6c9d1e-2f3a-4b5c-8d7e-9f0a1b2c3d4e");

    const model::Code& flexibiliteit = code_at(book, "behoeften/flexibiliteit");
    CHECK(flexibiliteit.name == "flexibiliteit");
    CHECK(flexibiliteit.parent_path == "behoeften");
    CHECK(flexibiliteit.codable);
    CHECK_FALSE(flexibiliteit.color.has_value());
    CHECK(flexibiliteit.description ==
          "Leren wanneer en waar het past: avonden, weekenden, online.\n"
          "Ook deeltijd en een eigen tempo.");
    CHECK(flexibiliteit.include ==
          std::vector<std::string>{"Wensen over het tijdstip, de plaats of het tempo van leren"});
    CHECK(flexibiliteit.examples.size() == 1);
    CHECK(flexibiliteit.fields.at("theme") == "flexibiliteit");
    CHECK(flexibiliteit.fields.at("requirement") ==
          "De opleidingspagina noemt lestijden, lesplaats en online delen.");

    const model::Code& studiekosten = code_at(book, "behoeften/studiekosten");
    CHECK(studiekosten.guid.empty());  // no id in the file: none is made up while parsing
    REQUIRE(studiekosten.rules.size() == 1);
    CHECK(studiekosten.rules[0].regex == "€\\s?\\d+");
    CHECK(studiekosten.rules[0].regex_case_sensitive);
    CHECK(studiekosten.rules[0].scope == model::Unit::paragraph);

    const model::Code& tijdsgebrek = code_at(book, "drempels/tijdsgebrek");
    CHECK(tijdsgebrek.line == 39);
    CHECK(tijdsgebrek.guid == "3f2a4b6c-5d7e-4f80-9a1b-2c3d4e5f6071");
    CHECK(tijdsgebrek.include ==
          std::vector<std::string>{"Geen tijd voor de opleiding naast werk of gezin"});
    CHECK(tijdsgebrek.exclude ==
          std::vector<std::string>{"Tijd als planning van lessen; zie flexibiliteit"});
    CHECK(tijdsgebrek.examples == std::vector<std::string>{"Ik werk 32 uur en heb twee kinderen, "
                                                           "wanneer moet ik dan studeren?"});
    CHECK(tijdsgebrek.fields ==
          std::map<std::string, std::string>{
              {"theme", "flexibiliteit"},
              {"requirement", "De opleidingspagina noemt de studielast in uren per week."}});
    const std::vector<model::Rule>& rules = tijdsgebrek.rules;
    REQUIRE(rules.size() == 5);

    CHECK(rules[0].line == 47);
    CHECK(rules[0].keywords == std::vector<std::string>{"geen tijd", "tijdgebrek", "druk*"});
    CHECK(rules[0].scope == model::Unit::sentence);
    CHECK(rules[0].speaker == model::SpeakerFilter::respondent);
    CHECK(rules[0].stem);

    CHECK(rules[1].line == 48);
    CHECK(rules[1].all == std::vector<std::string>{"werk", "gezin"});
    CHECK(rules[1].not_terms == std::vector<std::string>{"vakantie"});
    CHECK(rules[1].scope == model::Unit::paragraph);
    CHECK(rules[1].speaker == model::SpeakerFilter::any);

    CHECK(rules[2].line == 52);
    REQUIRE(rules[2].near.has_value());
    CHECK(rules[2].near->terms == std::vector<std::string>{"tijd", "combineren"});
    CHECK(rules[2].near->within == 5);
    CHECK(rules[2].keywords.empty());

    CHECK(rules[3].line == 53);
    CHECK(rules[3].regex == "\\b\\d+ uur per week\\b");
    CHECK_FALSE(rules[3].regex_case_sensitive);

    CHECK(rules[4].line == 55);
    CHECK(rules[4].any == std::vector<std::string>{"avond", "weekend"});
    CHECK_FALSE(rules[4].stem);
    CHECK(rules[4].speaker == model::SpeakerFilter::interviewer);
    CHECK(rules[4].scope == model::Unit::turn);

    const model::Code& hefbomen = code_at(book, "hefbomen");
    CHECK(hefbomen.color == "#27AE60");  // colours are stored in upper case
    const model::Code& betaalt = code_at(book, "hefbomen/werkgever betaalt");
    CHECK(betaalt.examples == std::vector<std::string>{"Mijn werkgever betaalt het helemaal.",
                                                       "De baas zei: doe maar,\nwij betalen."});
    REQUIRE(betaalt.rules.size() == 1);
    CHECK(betaalt.rules[0].keywords ==
          std::vector<std::string>{"werkgever betaalt", "STAP-budget"});
  }

  TEST_CASE("the documented example is the tested complete codebook") {
    const std::string doc = read_file(fixture("../../docs/codebook-format.md"));
    const std::string example = read_file(fixture("codebook/complete.yaml"));
    const std::size_t start = doc.find("```yaml\n");
    REQUIRE(start != std::string::npos);
    const std::size_t end = doc.find("```\n", start + 8);
    REQUIRE(end != std::string::npos);
    CHECK(doc.substr(start + 8, end - start - 8) == example);
  }

  TEST_CASE("every mistake in a codebook is listed with its line") {
    const std::string message = error_of([] { load_yaml("mistakes.yaml"); });
    const std::vector<std::string> expected = {
        "mistakes.yaml:5: unknown key 'colour' in a code (did you mean 'color'?)",
        "mistakes.yaml:6: 'drempels' has rules but is not codable",
        "mistakes.yaml:9: bad code name: the name 'tijd/geld' contains '/'",
        "mistakes.yaml:11: the colour 'red' of 'drempels/tijdsgebrek' must be #RRGGBB",
        "mistakes.yaml:12: the id 'not-a-guid' of 'drempels/tijdsgebrek' is not a GUID",
        "mistakes.yaml:14: 'keywords' is empty",
        "mistakes.yaml:15: 'near.within' must be at least 1, not 0",
        "mistakes.yaml:16: a rule of 'drempels/tijdsgebrek' has no positive condition",
        "mistakes.yaml:17: bad regular expression at position 10: U_REGEX_MISMATCHED_PAREN",
        "mistakes.yaml:19: unknown scope 'alinea' (sentence, paragraph or turn)",
        "mistakes.yaml:20: unknown speaker 'respondant' (respondent, interviewer or any); did "
        "you mean 'respondent'?",
        "mistakes.yaml:21: 'all': in the term '*tijd' '*' may only come last",
        "mistakes.yaml:22: 'case_sensitive' applies to a 'regex' only",
        "mistakes.yaml:23: unknown key 'keyword' in a code ('keywords' is a rule key; rules go "
        "in a list under 'rules:')",
        "mistakes.yaml:24: duplicate code path 'drempels/tijdsgebrek' (first at line 10)",
        "mistakes.yaml:25: 'codable' must be true or false",
        "mistakes.yaml:26: 'include' must be a text or a list of texts, not a mapping",
        "mistakes.yaml:27: a code has no 'name'",
        "mistakes.yaml:29: 'children' must be a list of codes",
    };
    const std::vector<std::string> lines = lines_of(message);
    REQUIRE(lines.size() == expected.size());
    for (std::size_t i = 0; i < lines.size(); ++i) {
      INFO(lines[i]);
      CHECK(lines[i].rfind(expected[i], 0) == 0);
    }
  }

  TEST_CASE("smaller mistakes are reported with their line") {
    struct Example {
      const char* yaml;
      const char* message;
    };
    const Example examples[] = {
        {"codes:\n  - name: a\n    rules: [{keywords: x}]\n  - name: [b]\n",
         "t.yaml:4: 'name' must be text, not a list"},
        {"codes:\n  - name: a\n    name: b\n", "t.yaml:3: duplicate key 'name' (first at line 2)"},
        {"codes:\n  - name: a\n    id: 3f2a4b6c-5d7e-4f80-9a1b-2c3d4e5f6071\n"
         "  - name: b\n    id: 3F2A4B6C-5D7E-4F80-9A1B-2C3D4E5F6071\n",
         "t.yaml:5: the id 3F2A4B6C-5D7E-4F80-9A1B-2C3D4E5F6071 of 'b' is already the id of 'a'"},
        {"codes:\n  - name: a\n    rules:\n      - near: {terms: [tijd]}\n",
         "t.yaml:4: 'near.terms' needs at least two terms"},
        {"codes:\n  - name: a\n    rules:\n      - near: {terms: [a, b], within: veel}\n",
         "t.yaml:4: 'near.within' must be a whole number of words"},
        {"codes:\n  - name: a\n    rules:\n      - near: {within: 3}\n",
         "t.yaml:4: 'near' has no 'terms'"},
        {"codes:\n  - name: a\n    rules:\n      - keywords: geen tijd, druk\n",
         "t.yaml:4: 'keywords': 'geen tijd, druk' is one term; write several as a list"},
        {"codes:\n  - name: a\n    rules:\n      - keywords: [x]\n        name: b\n",
         "t.yaml:5: unknown key 'name' in a rule ('name' is a key of a code: check the "
         "indentation)"},
        {"codes:\n  - name: a\n    fields: {theme: [a, b]}\n",
         "t.yaml:3: the field 'theme' must be text, not a list"},
        {"codes:\n  - name: a\n    color: '#12345'\n", "t.yaml:3: the colour '#12345' of 'a'"},
        {"codes:\n  - name: a\n    rules:\n      - keywords: [x]\n        stem: nee\n",
         "t.yaml:5: 'stem' must be true or false"},
        {"codes:\n  - name: a\n    rules: {keywords: [x]}\n", "t.yaml:3: 'rules' must be a list"},
        {"codes:\n  - name: a\n    rules:\n      - keywords: [x]\n        where: learner\n",
         "t.yaml:5: 'where': 'learner' is not ATTRIBUTE=VALUE"},
        {"codes:\n  - name: a\n    rules:\n      - keywords: [x]\n        where: [=x]\n",
         "t.yaml:5: 'where': '=x' is not ATTRIBUTE=VALUE"},
        {"codes:\n  - name: a\n    rules:\n      - keywords: [x]\n        where: {group: x}\n",
         "t.yaml:5: 'where' must be a case attribute condition such as 'group=learner'"},
        {"codes:\n  - name: a\n    rules:\n      - keywords: [x]\n        where: [[a=b]]\n",
         "t.yaml:5: 'where' must list conditions"},
        {"codes:\n  - name: a\n  - b\n", "t.yaml:3: a code must be a mapping"},
        {"codes: {name: a}\n", "t.yaml:1: 'codes' must be a list of codes"},
        {"code: []\n", "t.yaml:1: unknown key 'code' at the top level (did you mean 'codes'?)"},
        {"naam: x\ncodes: []\n",
         "t.yaml:1: unknown key 'naam' at the top level (known keys: codebook, codes)"},
        {"codebook: x\n", "t.yaml:1: no 'codes:' list at the top level"},
        {"", "t.yaml:1: the codebook is empty"},
        {"- name: a\n", "t.yaml:1: the top level must be a mapping with 'codes:'"},
        {"codes: []\n---\ncodes: []\n", "t.yaml:3: more than one YAML document"},
        {"codes:\n  - name: a\n    description: [geen\n  - name: b\n",
         "t.yaml:4: YAML syntax error: "},
        {"codes:\n  - name: \"caf\xE9\"\n", "t.yaml:2: not valid UTF-8 (byte 21)"},
    };
    for (const Example& example : examples) {
      INFO(example.yaml);
      const std::string message = error_of([&] { codebook::parse_yaml(example.yaml, "t.yaml"); });
      CHECK_MESSAGE(message.find(example.message) != std::string::npos, message);
    }
  }

  TEST_CASE("a codebook without mistakes of its own accepts an empty code list") {
    const model::Codebook book = codebook::parse_yaml("codes: []\n", "t.yaml");
    CHECK(book.codes.empty());
  }

  TEST_CASE("new GUIDs are random lower-case version 4 GUIDs") {
    std::set<std::string> seen;
    for (int i = 0; i < 100; ++i) {
      const std::string guid = codebook::new_guid();
      CHECK(std::regex_match(guid, kGuid));
      seen.insert(guid);
    }
    CHECK(seen.size() == 100);
  }

  TEST_CASE("add_missing_ids inserts an id under each name and keeps everything else") {
    const std::string text =
        "# Studiecodeboek, met commentaar\n"
        "codes:\n"
        "  - name: drempels   # ouder van alles\n"
        "    codable: false\n"
        "    children:\n"
        "      - name: 'tijdsgebrek'\n"
        "        id: 3f2a4b6c-5d7e-4f80-9a1b-2c3d4e5f6071\n"
        "        rules:\n"
        "          - keywords: [geen tijd]\n"
        "      - description: naam staat niet eerst\n"
        "        name: >\n"
        "          kosten en\n"
        "          geld\n"
        "\n"
        "        # een commentaar dat blijft staan\n"
        "        include: Over geld\n"
        "      - {name: flow, color: \"#ABCDEF\"}\n"
        "  - name: laatste";
    model::Codebook book = codebook::parse_yaml(text, "t.yaml");
    REQUIRE(book.codes.size() == 5);
    const std::string known = "0b6c9d1e-2f3a-4b5c-8d7e-9f0a1b2c3d4e";
    book.codes[4].guid = known;  // e.g. kept in the project
    const std::string result = codebook::add_missing_ids(text, book);

    CHECK(book.codes[1].guid == "3f2a4b6c-5d7e-4f80-9a1b-2c3d4e5f6071");
    CHECK(book.codes[4].guid == known);
    for (const model::Code& code : book.codes) CHECK(!code.guid.empty());
    std::string expected =
        "# Studiecodeboek, met commentaar\n"
        "codes:\n"
        "  - name: drempels   # ouder van alles\n"
        "    id: " +
        book.codes[0].guid +
        "\n"
        "    codable: false\n"
        "    children:\n"
        "      - name: 'tijdsgebrek'\n"
        "        id: 3f2a4b6c-5d7e-4f80-9a1b-2c3d4e5f6071\n"
        "        rules:\n"
        "          - keywords: [geen tijd]\n"
        "      - description: naam staat niet eerst\n"
        "        name: >\n"
        "          kosten en\n"
        "          geld\n"
        "        id: " +
        book.codes[2].guid +
        "\n"
        "\n"
        "        # een commentaar dat blijft staan\n"
        "        include: Over geld\n"
        "      - {id: " +
        book.codes[3].guid +
        ", name: flow, color: \"#ABCDEF\"}\n"
        "  - name: laatste\n"
        "    id: " +
        known;
    CHECK(result == expected);
    CHECK(std::regex_match(book.codes[0].guid, kGuid));

    // The ids read back, and a second call finds nothing to add.
    model::Codebook again = codebook::parse_yaml(result, "t.yaml");
    for (std::size_t i = 0; i < book.codes.size(); ++i) {
      CHECK(again.codes[i].guid == book.codes[i].guid);
    }
    CHECK(again.codes[2].name == "kosten en geld");
    CHECK(codebook::add_missing_ids(result, again) == result);
  }

  TEST_CASE("add_missing_ids keeps Windows line endings") {
    const std::string text = "codes:\r\n  - name: a\r\n    description: b\r\n";
    model::Codebook book = codebook::parse_yaml(text, "t.yaml");
    const std::string result = codebook::add_missing_ids(text, book);
    CHECK(result ==
          "codes:\r\n  - name: a\r\n    id: " + book.codes[0].guid + "\r\n    description: b\r\n");
  }

  TEST_CASE("add_missing_ids refuses a codebook that was read from another text") {
    model::Codebook book = codebook::parse_yaml("codes:\n  - name: a\n", "t.yaml");
    CHECK_THROWS_AS(codebook::add_missing_ids("codes:\n  - name: b\n", book), InputError);
  }

  TEST_CASE("a codebook written as YAML reads back the same") {
    SUBCASE("the complete example") {
      const model::Codebook book = load_yaml("complete.yaml");
      const std::string yaml = codebook::write_yaml(book);
      check_same(book, codebook::parse_yaml(yaml, "written.yaml"), true);
      // Defaults are left out.
      CHECK(yaml.find("scope: sentence") == std::string::npos);
      CHECK(yaml.find("speaker: respondent") == std::string::npos);
      CHECK(yaml.find("codable: true") == std::string::npos);
    }
    SUBCASE("texts that need quoting or blocks") {
      model::Codebook book;
      book.name = "Codeboek: \"test\" # 2";
      model::Code parent;
      parent.guid = codebook::new_guid();
      parent.name = "true";
      parent.path = "true";
      parent.codable = false;
      parent.description = "Regel één\n  ingesprongen\nen 'quotes' en \"meer\"";
      parent.include = {"null", "- een streepje", "#geen commentaar", " spatie voor"};
      parent.exclude = {"12", "ja: nee"};
      parent.examples = {"Eerste regel\ntweede regel", "~"};
      parent.fields = {{"requirement", "yes"}, {"leeg", ""}, {"thema's", "café"}};
      parent.color = "#00FF7F";
      model::Code child;
      child.name = "kind met spaties";
      child.path = "true/kind met spaties";
      child.parent_path = "true";
      model::Rule rule;
      rule.keywords = {"a, b", "'s avonds", "auto's", "STAP-budget*"};
      rule.not_terms = {"no"};
      rule.near = model::Rule::Near{{"ja", "nee"}, 12};
      rule.regex = "^\\s*[\"'](?<x>.+)$ # geen commentaar";
      rule.regex_case_sensitive = true;
      rule.stem = false;
      rule.speaker = model::SpeakerFilter::any;
      rule.where = {{"group", "learner"}, {"sector", "zorg, welzijn"}};
      model::Rule one;
      one.keywords = {"x"};
      one.where = {{"case type", "a=b"}};
      child.rules = {rule, one};
      book.codes = {parent, child};
      const std::string yaml = codebook::write_yaml(book);
      INFO(yaml);
      check_same(book, codebook::parse_yaml(yaml, "written.yaml"), true);
    }
  }

  TEST_CASE("a codebook written as QDC reads back the same") {
    model::Codebook book = load_yaml("complete.yaml");
    for (model::Code& code : book.codes) {
      if (code.guid.empty()) code.guid = codebook::new_guid();
    }
    const std::string qdc = codebook::write_qdc(book);
    CHECK(qdc.find("xmlns=\"urn:QDA-XML:codebook:1.0\"") != std::string::npos);
    const model::Codebook back = codebook::parse_qdc(qdc, "written.qdc");
    check_same(book, back, false);
    CHECK(back.codes[1].fields.empty());  // fields and rules do not travel in QDC
    CHECK(back.codes[1].rules.empty());
  }

  TEST_CASE("exported QDC codebooks validate against the REFI-QDA schema") {
    REQUIRE_MESSAGE(std::system("command -v xmllint >/dev/null 2>&1") == 0,
                    "xmllint is missing: run scripts/install-deps (Debian libxml2-utils)");
    TempDir dir;
    SUBCASE("the complete example, with codes that have no id yet") {
      const std::string qdc = codebook::write_qdc(load_yaml("complete.yaml"));
      CHECK_MESSAGE(xmllint(dir, qdc) == 0, read_file(dir / "xmllint.txt"));
    }
    SUBCASE("names and descriptions with markup characters") {
      model::Codebook book;
      model::Code code;
      code.name = "<tag> & \"quotes\" 'n café";
      code.path = code.name;
      code.description = "a < b & c > d\n]]> \x01 control";
      code.examples = {"\"Ik zei: <nee>\""};
      code.color = "#abcdef";
      book.codes = {code};
      const std::string qdc = codebook::write_qdc(book);
      CHECK_MESSAGE(xmllint(dir, qdc) == 0, read_file(dir / "xmllint.txt"));
      const model::Codebook back = codebook::parse_qdc(qdc, "t.qdc");
      CHECK(back.codes[0].name == code.name);
      CHECK(back.codes[0].description == "a < b & c > d\n]]>  control");
      CHECK(back.codes[0].examples == code.examples);
      CHECK(back.codes[0].color == "#ABCDEF");
    }
    SUBCASE("the check itself rejects a codebook without guids") {
      const std::string invalid =
          "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes><Code name=\"a\" "
          "isCodable=\"true\"/></Codes></CodeBook>";
      CHECK(xmllint(dir, invalid) != 0);
    }
  }

  TEST_CASE("a codebook without codes cannot be written as QDC") {
    CHECK_THROWS_AS(codebook::write_qdc(model::Codebook{}), InputError);
  }

  TEST_CASE("the ATLAS.ti 23.4 codebook loads with its colour and description") {
    const model::Codebook book = codebook::parse_qdc(
        read_file(fixture("codebook/atlasti-23.4-codebook.qdc")), "atlasti-23.4-codebook.qdc");
    REQUIRE(book.codes.size() == 1);  // the <Set> is read past
    const model::Code& code = book.codes[0];
    CHECK(code.name == "code1");
    CHECK(code.path == "code1");
    CHECK(code.guid == "1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294");
    CHECK(code.color == "#46AA00");
    CHECK(code.description == "description");
    CHECK(code.codable);
    CHECK(code.line == 4);
  }

  TEST_CASE("an ATLAS.ti codebook in the 0:4 namespace loads with its hierarchy and accents") {
    const model::Codebook book = codebook::parse_qdc(
        read_file(fixture("codebook/atlasti-codebook-ns-0-4-completed.qdc")), "completed.qdc");
    std::vector<std::string> paths;
    for (const model::Code& code : book.codes) paths.push_back(code.path);
    CHECK(paths ==
          std::vector<std::string>{"code1", "code2", "code3", "code3/subcode 3.1", "subcode 2.1"});
    const model::Code& sub = code_at(book, "code3/subcode 3.1");
    CHECK(sub.parent_path == "code3");
    CHECK(sub.guid == "14C4E248-F726-42CB-B1CD-A65D6A86F296");
    CHECK_FALSE(sub.color.has_value());
    CHECK(code_at(book, "code1").description == "popisek - nebo přesněji Comment - kódu 1");
    CHECK(code_at(book, "code3").color == "#006EFF");
  }

  TEST_CASE("the CodeBook of an ATLAS.ti project file loads") {
    const model::Codebook book =
        codebook::parse_qdc(read_file(fixture("codebook/atlasti-8.4-project.qde")), "Project.qde");
    CHECK(book.name == "ATLAS.ti standard project");
    CHECK(book.codes.size() == 14);
    CHECK(code_at(book, "Coke::diet Coke").description == "non sucré");
    CHECK(code_at(book, "Coke").color == "#966450");
    CHECK(code_at(book, "cornflakes").description == "breakfast cereal made by Kellogg’s");
    CHECK_FALSE(code_at(book, "milk").color.has_value());
    CHECK(code_at(book, "\"rushed\"").guid == "9F43FE32-C2CB-4BA8-B766-A0734C826E49");
  }

  TEST_CASE("a truncated codebook is rejected with the byte where it ends") {
    const std::string message = error_of([] {
      codebook::parse_qdc(read_file(fixture("codebook/atlasti-codebook-ns-0-4-truncated.qdc")),
                          "truncated.qdc");
    });
    CHECK(message ==
          "truncated.qdc: malformed XML at byte 1089 (line 18): error parsing start element tag; "
          "the file ends there, so it looks truncated");
  }

  TEST_CASE("QDC codebooks that inzicht cannot take are rejected naming the code") {
    const auto wrap = [](const std::string& codes) {
      return "<?xml version=\"1.0\"?>\n<CodeBook xmlns=\"urn:QDA-XML:codebook:1:0\">\n<Codes>\n" +
             codes + "</Codes>\n</CodeBook>\n";
    };
    struct Example {
      std::string xml;
      const char* message;
    };
    const Example examples[] = {
        {wrap("<Code guid=\"1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294\" name=\"geld/tijd\" "
              "isCodable=\"true\"/>\n"),
         "t.qdc:4: bad code name: the name 'geld/tijd' contains '/'"},
        {wrap("<Code guid=\"12\" name=\"a\" isCodable=\"true\"/>\n"),
         "t.qdc:4: the guid '12' of 'a' is not a GUID"},
        {wrap("<Code guid=\"1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294\" name=\"a\" color=\"rood\" "
              "isCodable=\"true\"/>\n"),
         "t.qdc:4: the colour 'rood' of 'a' is not #RRGGBB"},
        {wrap("<Code name=\"a\" isCodable=\"ja\"/>\n<Code name=\"a\" isCodable=\"true\"/>\n"),
         "t.qdc:4: isCodable of 'a' is 'ja', not true or false\nt.qdc:5: duplicate code path 'a'"},
        {wrap("<Code isCodable=\"true\"/>\n"), "t.qdc:4: a <Code> has no name attribute"},
        {"<Project name=\"p\"><Sources/></Project>",
         "t.qdc: the REFI-QDA project has no <CodeBook>"},
        {"<Codebook/>", "t.qdc: not a REFI-QDA codebook: the root element is <Codebook>"},
        {"", "t.qdc: malformed XML at byte 0 (line 1): no document element found"},
    };
    for (const Example& example : examples) {
      INFO(example.xml);
      const std::string message = error_of([&] { codebook::parse_qdc(example.xml, "t.qdc"); });
      CHECK_MESSAGE(message.rfind(example.message, 0) == 0, message);
    }
  }

  TEST_CASE("QDC colours in short or lower-case form become #RRGGBB") {
    const model::Codebook book = codebook::parse_qdc(
        "<q:CodeBook xmlns:q=\"urn:QDA-XML:codebook:1.0\"><q:Codes>"
        "<q:Code name=\"a\" isCodable=\"false\" color=\"#a1b\"><q:Description><![CDATA[x & y]]>"
        "</q:Description><q:Code name=\"b\" isCodable=\"1\" color=\"#c0392b\"/></q:Code>"
        "</q:Codes></q:CodeBook>",
        "t.qdc");
    REQUIRE(book.codes.size() == 2);
    CHECK(book.codes[0].color == "#AA11BB");
    CHECK_FALSE(book.codes[0].codable);
    CHECK(book.codes[0].description == "x & y");
    CHECK(book.codes[1].path == "a/b");
    CHECK(book.codes[1].color == "#C0392B");
    CHECK(book.codes[1].guid.empty());
  }

  TEST_CASE("a description that only mentions a heading stays a description") {
    const std::string description = "Include:\n- not a list, because more text follows\n\nThe end.";
    const model::Codebook book =
        codebook::parse_qdc("<CodeBook><Codes><Code name=\"a\" isCodable=\"true\"><Description>" +
                                description + "</Description></Code></Codes></CodeBook>",
                            "t.qdc");
    CHECK(book.codes[0].description == description);
    CHECK(book.codes[0].include.empty());
  }
}

#include "codebook/merge_plan.hpp"

namespace {

std::string next_guid() {
  static int n = 0;
  return "new-" + std::to_string(++n);
}

inzicht::model::Code plan_code(const std::string& guid, const std::string& path) {
  inzicht::model::Code code;
  code.guid = guid;
  code.path = path;
  const auto slash = path.rfind('/');
  code.name = slash == std::string::npos ? path : path.substr(slash + 1);
  code.parent_path = slash == std::string::npos ? "" : path.substr(0, slash);
  return code;
}

}  // namespace

TEST_SUITE("codebook") {
  TEST_CASE("a merge plan matches codes by GUID, then by path, and drops only with prune") {
    using inzicht::model::StoredCode;
    const std::vector<StoredCode> stored = {{1, 0, plan_code("g1", "drempels")},
                                            {2, 0, plan_code("g2", "drempels/tijd")},
                                            {3, 1, plan_code("g3", "drempels/kosten")},
                                            {4, 1, plan_code("g4", "hefbomen")}};
    inzicht::model::Codebook loaded;
    loaded.codes = {plan_code("", "drempels"), plan_code("g2", "drempels/tijdgebrek"),
                    plan_code("", "drempels/nieuw")};
    SUBCASE("kept") {
      const auto plan = inzicht::codebook::plan_merge(stored, loaded, false, next_guid);
      REQUIRE(plan.steps.size() == 3);
      CHECK(plan.steps[0].stored_id == 1);  // by path
      CHECK_FALSE(plan.steps[0].write);     // same code in the same place
      CHECK(plan.steps[1].stored_id == 2);  // by GUID: a rename keeps the code
      CHECK(plan.steps[1].parent == 0);
      CHECK(plan.steps[1].write);
      CHECK_FALSE(plan.steps[2].stored_id);
      CHECK(plan.steps[2].guid.rfind("new-", 0) == 0);
      CHECK(plan.report.unchanged == std::vector<std::string>{"drempels"});
      CHECK(plan.report.changed == std::vector<std::string>{"drempels/tijdgebrek"});
      CHECK(plan.report.added == std::vector<std::string>{"drempels/nieuw"});
      CHECK(plan.report.missing == std::vector<std::string>{"drempels/kosten", "hefbomen"});
      CHECK(plan.drop.empty());
    }
    SUBCASE("pruned, children before parents") {
      const auto plan = inzicht::codebook::plan_merge(stored, loaded, true, next_guid);
      CHECK(plan.drop == std::vector<std::int64_t>{4, 3});
      CHECK(plan.report.missing.empty());
      CHECK(plan.report.removed == std::vector<std::string>{"hefbomen", "drempels/kosten"});
    }
    SUBCASE("a parent the file does not have before its child") {
      loaded.codes.erase(loaded.codes.begin());
      CHECK_THROWS_WITH_AS(inzicht::codebook::plan_merge(stored, loaded, false, next_guid),
                           "code drempels/tijdgebrek: its parent drempels is not in the codebook",
                           inzicht::InputError);
    }
  }
}
