#include "analysis/query.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "analysis_fixture.hpp"
#include "base/error.hpp"

using namespace inzicht;
using analysis::QueryOptions;
using inzicht::testing::CliResult;
using inzicht::testing::inzicht_cli;

namespace doctest {
template <>
struct StringMaker<std::vector<std::string>> {
  static String convert(const std::vector<std::string>& items) {
    std::string out = "{";
    for (const std::string& item : items) out += "\n  \"" + item + "\"";
    return (out + "}").c_str();
  }
};
template <>
struct StringMaker<Span> {
  static String convert(const Span& span) {
    return ("[" + std::to_string(span.start) + "," + std::to_string(span.end) + ")").c_str();
  }
};
}  // namespace doctest

// Expected segments of tests/analysis_fixture.hpp, worked out by hand. Offsets are code
// points into each document's text, which keeps the speaker labels; sentences exclude the
// spaces between them, so no two sentences touch.
//
//   A.txt (case A: learner, zorg)              codings (ann, bob)
//     s0 [13,32)   Wat hield je tegen?           interviewer
//     s1 [40,61)   De kosten waren hoog.         kosten (ann, bob)
//     s2 [62,83)   Ik had ook geen tijd.         tijd (ann, bob)
//     s3 [98,114)  En je werkgever?              interviewer
//     s4 [122,156) Mijn werkgever betaalde de kosten.   werkgever (ann, bob), kosten (ann)
//     s5 [157,179) Online lessen hielpen.        online (ann)
//   B.txt (case B: learner, techniek)
//     s0 [13,33)   Hoe ging het zoeken?          interviewer
//     s1 [41,67)   Geen tijd, echt geen tijd.    tijd (ann, bob)
//     s2 [68,89)   De kosten vielen mee.         kosten (ann)
//     s3 [104,113) Nog iets?                     interviewer
//     s4 [121,144) Online volgen was fijn.       online (bob)
//   C.txt (case C: provider, no sector)
//     s0 [13,36)   Hoe startte het aanbod?       interviewer
//     s1 [38,69)   Carla: De werkgever vroeg erom.   werkgever (ann) [45,69)
//     s2 [70,92)   De kosten droegen wij.        kosten (bob)
//
// Turns: A [40,83) and [122,179) are Anna's, B [41,89) and [121,144) Bram's. "Carla:"
// occurs once in C and names no role, so the importer does not take it for a label: all of
// C is the interviewer's turn [13,92), and AND and NOT leave C out unless the speaker is
// "any". The texts end without a newline (A is 179 code points, B 144, C 92). Code paths
// in codebook (pre-)order: drempels, drempels/kosten, drempels/tijd, hefbomen,
// hefbomen/werkgever, hefbomen/online.

namespace {

// A second project for positions: one long respondent turn, codings that start and end
// inside sentences, span two sentences or touch, a coding in an interviewer turn, and a
// code whose name holds a space and accents.
//
//   D.txt (case D: learner)
//     s0 [13,28)   Wat speelde er?                    interviewer
//     s1 [36,52)   Het geld was op.                   thema/financiën [36,52)
//     s2 [53,68)   Ik werkte veel.                    werk [53,68)
//     s3 [69,90)   Mijn baas hielp niet.              steun [68,90) (from the space: touches werk)
//     s4 [91,115)  Later kwam er tijd vrij.           thema/tijd [105,114) "tijd vrij";
//                                                     verloop [91,135) over s4 and s5
//     s5 [116,135) Toen ging het snel.                sfeer [130,154) from "snel." into s6
//     s6 [136,154) De sfeer was goed.
//     s7 [169,185) Hielp het loket?                   interviewer; vraag [169,185)
//     s8 [193,243) Het één loket wees de weg, en daarna vond ik tijd.
//                                                     hulp/één loket [193,218),
//                                                     thema/tijd [230,242) "vond ik tijd"
//   Turns: [13,28) interviewer, [36,154) Dirk, [169,185) interviewer, [193,243) Dirk.
//   Codes in pre-order: thema, thema/financiën, thema/tijd, hulp, hulp/één loket, werk,
//   steun, verloop, sfeer, vraag.
constexpr const char* kPositionsCodebook =
    "codebook: posities\n"
    "codes:\n"
    "  - name: thema\n"
    "    codable: false\n"
    "    children:\n"
    "      - name: financiën\n"
    "      - name: tijd\n"
    "  - name: hulp\n"
    "    codable: false\n"
    "    children:\n"
    "      - name: één loket\n"
    "  - name: werk\n"
    "  - name: steun\n"
    "  - name: verloop\n"
    "  - name: sfeer\n"
    "  - name: vraag\n";

constexpr const char* kInterviewD =
    "Interviewer: Wat speelde er?\n\n"
    "Dirk: Het geld was op. Ik werkte veel. Mijn baas hielp niet. Later kwam er tijd vrij. "
    "Toen ging het snel. De sfeer was goed.\n\n"
    "Interviewer: Hielp het loket?\n\n"
    "Dirk: Het één loket wees de weg, en daarna vond ik tijd.\n";

struct PositionsProject {
  testing::TempDir dir;
  std::string path = dir / "posities.inzicht";
  store::Project project = store::Project::create(path, "posities");

  void code(const std::string& quote, const std::string& code) {
    const model::Document loaded = project.load_document("D.txt");
    coding::Selector selector;
    selector.quote = quote;
    project.add_codings(
        {{"D.txt", code, "ann", coding::select_span(loaded, selector), std::nullopt}});
  }

  PositionsProject() {
    testing::write_file(dir / "codebook.yaml", kPositionsCodebook);
    project.add_document(
        importers::build_document(importers::read_text(kInterviewD, "D.txt"), "D.txt", "txt", {}),
        {"D", "/D.txt", "D"}, "learner");
    coding::load_codebook(project, dir / "codebook.yaml", false);
    code("Het geld was op.", "thema/financiën");
    code("Ik werkte veel.", "werk");
    code(" Mijn baas hielp niet.", "steun");
    code("tijd vrij", "thema/tijd");
    code("Later kwam er tijd vrij. Toen ging het snel.", "verloop");
    code("snel. De sfeer was goed.", "sfeer");
    code("Hielp het loket?", "vraag");
    code("Het één loket wees de weg", "hulp/één loket");
    code("vond ik tijd", "thema/tijd");
  }
};

// Each segment as "DOC START-END TEXT".
std::vector<std::string> found(const analysis::CodingData& data, const std::string& expression,
                               const QueryOptions& options = {}) {
  std::vector<std::string> out;
  for (const auto& segment :
       analysis::run_query(data, analysis::parse_query(expression), options)) {
    const text::CodePointIndex index(data.text(segment.document));
    out.push_back(data.documents()[segment.document].name + " " +
                  std::to_string(segment.span.start) + "-" + std::to_string(segment.span.end) +
                  " " + std::string(index.slice(segment.span)));
  }
  return out;
}

using Found = std::vector<std::string>;

// The codes column of each segment.
std::vector<std::string> codes(const analysis::CodingData& data, const std::string& expression,
                               const QueryOptions& options = {}) {
  std::vector<std::string> out;
  const auto segments = analysis::run_query(data, analysis::parse_query(expression), options);
  for (const auto& row : analysis::query_sheet(data, segments, 0).table.rows) {
    out.push_back(std::get<std::string>(row[5]));
  }
  return out;
}

// The parse tree as an S-expression: (AND a (NEAR/2 b c)).
std::string tree(const analysis::QueryNode& node) {
  using Kind = analysis::QueryNode::Kind;
  switch (node.kind) {
    case Kind::code:
      return node.name;
    case Kind::attribute:
      return "[" + node.name + (node.negated ? "!=" : "=") + node.value + "]";
    case Kind::negation:
      return "(NOT " + tree(node.operands[0]) + ")";
    default:
      break;
  }
  const std::string n = "/" + std::to_string(node.sentences);
  const std::string op = node.kind == Kind::conjunction   ? "AND"
                         : node.kind == Kind::disjunction ? "OR"
                         : node.kind == Kind::overlaps    ? "OVERLAPS"
                         : node.kind == Kind::within      ? "WITHIN"
                         : node.kind == Kind::near        ? "NEAR" + n
                                                          : "FOLLOWS" + n;
  return "(" + op + " " + tree(node.operands[0]) + " " + tree(node.operands[1]) + ")";
}

std::string tree(const std::string& expression) {
  return tree(analysis::parse_query(expression).root);
}

// The message parse_query throws for `expression`.
std::string parse_error(const std::string& expression) {
  try {
    analysis::parse_query(expression);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

// The message run_query throws for `expression`.
std::string run_error(const analysis::CodingData& data, const std::string& expression) {
  try {
    analysis::run_query(data, analysis::parse_query(expression), {});
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_SUITE("query") {
  TEST_CASE("the fixtures hold the sentences and turns the expected results assume") {
    testing::CodedProject fixture;
    const analysis::CodingData data(fixture.project);
    CHECK(data.units(analysis::Unit::sentence, 0)[4] == Span{122, 156});
    CHECK(data.units(analysis::Unit::sentence, 1)[3] == Span{104, 113});
    CHECK(data.units(analysis::Unit::sentence, 2)[2] == Span{70, 92});
    CHECK(data.units(analysis::Unit::turn, 0)[3] == Span{122, 179});
    CHECK(data.length(0) == 179);
    CHECK(data.units(analysis::Unit::turn, 2) == std::vector<Span>{{13, 92}});

    PositionsProject positions;
    const analysis::CodingData d(positions.project);
    const std::vector<Span> sentences = {{13, 28},   {36, 52},   {53, 68},   {69, 90},  {91, 115},
                                         {116, 135}, {136, 154}, {169, 185}, {193, 243}};
    CHECK(d.units(analysis::Unit::sentence, 0) == sentences);
    CHECK(d.units(analysis::Unit::turn, 0) ==
          std::vector<Span>{{13, 28}, {36, 154}, {169, 185}, {193, 243}});
    CHECK(d.codings().size() == 9);
    CHECK(d.codings_of(0)[2].span == Span{68, 90});  // steun, from the space
  }

  TEST_CASE("a code operand gives its codings and those of the codes below it, merged") {
    testing::CodedProject fixture;
    const analysis::CodingData data(fixture.project);
    CHECK(found(data, "drempels/kosten") ==
          Found{"A.txt 40-61 De kosten waren hoog.",
                "A.txt 122-156 Mijn werkgever betaalde de kosten.",
                "B.txt 68-89 De kosten vielen mee.", "C.txt 70-92 De kosten droegen wij."});
    // ann and bob both coded A's first sentence: one segment.
    CHECK(found(data, "drempels") ==
          Found{"A.txt 40-61 De kosten waren hoog.", "A.txt 62-83 Ik had ook geen tijd.",
                "A.txt 122-156 Mijn werkgever betaalde de kosten.",
                "B.txt 41-67 Geen tijd, echt geen tijd.", "B.txt 68-89 De kosten vielen mee.",
                "C.txt 70-92 De kosten droegen wij."});
    CHECK(codes(data, "drempels") ==
          std::vector<std::string>{"drempels/kosten", "drempels/tijd", "drempels/kosten",
                                   "drempels/tijd", "drempels/kosten", "drempels/kosten"});

    PositionsProject positions;
    const analysis::CodingData d(positions.project);
    // werk [53,68) and steun [68,90) touch: their union is one segment.
    CHECK(found(d, "werk OR steun") == Found{"D.txt 53-90 Ik werkte veel. Mijn baas hielp niet."});
    CHECK(codes(d, "werk OR steun") == std::vector<std::string>{"werk; steun"});
    CHECK(found(d, "thema/tijd") == Found{"D.txt 105-114 tijd vrij", "D.txt 230-242 vond ik tijd"});
  }

  TEST_CASE("--coder chooses whose codings a code operand uses") {
    testing::CodedProject fixture;
    const analysis::CodingData data(fixture.project);
    QueryOptions bob;
    bob.coders = {"bob"};
    CHECK(found(data, "drempels/kosten", bob) ==
          Found{"A.txt 40-61 De kosten waren hoog.", "C.txt 70-92 De kosten droegen wij."});
    QueryOptions ann;
    ann.coders = {"ann"};
    CHECK(found(data, "hefbomen/online", ann) == Found{"A.txt 157-179 Online lessen hielpen."});
    QueryOptions nobody;
    nobody.coders = {"carl"};
    CHECK_THROWS_AS(found(data, "drempels", nobody), NotFoundError);
  }

  TEST_CASE("AND gives the units holding both operands") {
    testing::CodedProject fixture;
    const analysis::CodingData data(fixture.project);
    // Only A's s4 holds kosten and werkgever in one sentence; C has them in two.
    CHECK(found(data, "drempels/kosten AND hefbomen/werkgever") ==
          Found{"A.txt 122-156 Mijn werkgever betaalde de kosten."});
    CHECK(codes(data, "drempels/kosten AND hefbomen/werkgever") ==
          std::vector<std::string>{"drempels/kosten; hefbomen/werkgever"});
    QueryOptions turns;
    turns.unit = analysis::Unit::turn;
    CHECK(found(data, "drempels/kosten AND hefbomen/werkgever", turns) ==
          Found{"A.txt 122-179 Mijn werkgever betaalde de kosten. Online lessen hielpen."});
    turns.unit_role = std::nullopt;  // C's one turn is the interviewer's
    CHECK(found(data, "drempels/kosten AND hefbomen/werkgever", turns) ==
          Found{"A.txt 122-179 Mijn werkgever betaalde de kosten. Online lessen hielpen.",
                "C.txt 13-92 Hoe startte het aanbod?\n\nCarla: De werkgever vroeg erom. De "
                "kosten droegen wij."});
    QueryOptions documents;
    documents.unit = analysis::Unit::document;
    const auto whole = analysis::run_query(
        data, analysis::parse_query("drempels/tijd AND hefbomen/online"), documents);
    REQUIRE(whole.size() == 2);  // A and B: both hold tijd and online somewhere
    CHECK(whole[0].span == Span{0, 179});
    CHECK(whole[1].span == Span{0, 144});
    CHECK(whole[1].codes == std::vector<std::size_t>{2, 5});

    PositionsProject positions;
    const analysis::CodingData d(positions.project);
    // verloop [91,135) and sfeer [130,154) share only s5.
    CHECK(found(d, "verloop AND sfeer") == Found{"D.txt 116-135 Toen ging het snel."});
    CHECK(found(d, "thema/tijd AND hulp") ==
          Found{"D.txt 193-243 Het één loket wees de weg, en daarna vond ik tijd."});
    CHECK(codes(d, "thema/tijd AND hulp") ==
          std::vector<std::string>{"thema/tijd; hulp/één loket"});
    QueryOptions paragraphs;
    paragraphs.unit = analysis::Unit::paragraph;
    CHECK(found(d, "werk AND sfeer", paragraphs).size() == 1);  // Dirk's first paragraph
    CHECK(found(d, "werk AND sfeer").empty());
  }

  TEST_CASE("OR gives the union and merges what overlaps") {
    testing::CodedProject fixture;
    const analysis::CodingData data(fixture.project);
    CHECK(found(data, "drempels/tijd OR hefbomen/online") ==
          Found{"A.txt 62-83 Ik had ook geen tijd.", "A.txt 157-179 Online lessen hielpen.",
                "B.txt 41-67 Geen tijd, echt geen tijd.", "B.txt 121-144 Online volgen was fijn."});
    PositionsProject positions;
    const analysis::CodingData d(positions.project);
    CHECK(found(d, "verloop OR sfeer") ==
          Found{"D.txt 91-154 Later kwam er tijd vrij. Toen ging het snel. De sfeer was goed."});
    CHECK(codes(d, "verloop OR sfeer") == std::vector<std::string>{"verloop; sfeer"});
  }

  TEST_CASE("NOT gives the respondent units without the operand unless told otherwise") {
    testing::CodedProject fixture;
    const analysis::CodingData data(fixture.project);
    CHECK(found(data, "NOT drempels") ==
          Found{"A.txt 157-179 Online lessen hielpen.", "B.txt 121-144 Online volgen was fijn."});
    CHECK(codes(data, "NOT drempels") == std::vector<std::string>{"", ""});
    QueryOptions any;
    any.unit_role = std::nullopt;
    // Also A's and B's questions and C's s0 and s1.
    CHECK(found(data, "NOT drempels", any).size() == 8);
    QueryOptions interviewer;
    interviewer.unit_role = model::Role::interviewer;
    CHECK(found(data, "NOT drempels", interviewer) ==
          Found{"A.txt 13-32 Wat hield je tegen?", "A.txt 98-114 En je werkgever?",
                "B.txt 13-33 Hoe ging het zoeken?", "B.txt 104-113 Nog iets?",
                "C.txt 13-36 Hoe startte het aanbod?",
                "C.txt 38-69 Carla: De werkgever vroeg erom."});
    QueryOptions documents;
    documents.unit = analysis::Unit::document;
    CHECK(found(data, "NOT hefbomen/online", documents).size() == 1);  // C
    // AND NOT reads as it sounds.
    CHECK(found(data, "hefbomen AND NOT drempels") ==
          Found{"A.txt 157-179 Online lessen hielpen.", "B.txt 121-144 Online volgen was fijn."});
    CHECK(found(data, "hefbomen AND NOT drempels", any) ==
          Found{"A.txt 157-179 Online lessen hielpen.", "B.txt 121-144 Online volgen was fijn.",
                "C.txt 38-69 Carla: De werkgever vroeg erom."});

    PositionsProject positions;
    const analysis::CodingData d(positions.project);
    CHECK(found(d, "NOT thema") ==
          Found{"D.txt 53-68 Ik werkte veel.", "D.txt 69-90 Mijn baas hielp niet.",
                "D.txt 116-135 Toen ging het snel.", "D.txt 136-154 De sfeer was goed."});
    QueryOptions turns;
    turns.unit = analysis::Unit::turn;
    CHECK(found(d, "NOT vraag", turns).size() == 2);  // Dirk's turns
  }

  TEST_CASE("OVERLAPS keeps the left operand's segments that share a code point with the right") {
    testing::CodedProject fixture;
    const analysis::CodingData data(fixture.project);
    CHECK(found(data, "drempels/kosten OVERLAPS hefbomen/werkgever") ==
          Found{"A.txt 122-156 Mijn werkgever betaalde de kosten."});
    PositionsProject positions;
    const analysis::CodingData d(positions.project);
    CHECK(found(d, "thema/tijd OVERLAPS verloop") == Found{"D.txt 105-114 tijd vrij"});
    CHECK(found(d, "sfeer OVERLAPS verloop") == Found{"D.txt 130-154 snel. De sfeer was goed."});
    // The left operand's span as it is, not merged with the right's.
    CHECK(found(d, "verloop OVERLAPS sfeer") ==
          Found{"D.txt 91-135 Later kwam er tijd vrij. Toen ging het snel."});
    CHECK(codes(d, "verloop OVERLAPS sfeer") == std::vector<std::string>{"verloop; sfeer"});
    // Touching is not overlapping.
    CHECK(found(d, "werk OVERLAPS steun").empty());
  }

  TEST_CASE("WITHIN keeps the left operand's segments inside one segment of the right") {
    testing::CodedProject fixture;
    const analysis::CodingData data(fixture.project);
    CHECK(found(data, "drempels/kosten WITHIN [group=learner]").size() == 3);
    CHECK(found(data, "drempels/kosten WITHIN hefbomen/werkgever") ==
          Found{"A.txt 122-156 Mijn werkgever betaalde de kosten."});  // the same span
    PositionsProject positions;
    const analysis::CodingData d(positions.project);
    CHECK(found(d, "thema/tijd WITHIN verloop") == Found{"D.txt 105-114 tijd vrij"});
    CHECK(found(d, "sfeer WITHIN verloop").empty());  // reaches past its end
    CHECK(found(d, "verloop WITHIN thema/tijd").empty());
    // verloop OR sfeer is one segment [91,154).
    CHECK(found(d, "sfeer WITHIN (verloop OR sfeer)").size() == 1);
    CHECK(found(d, "werk WITHIN (werk OR steun)") == Found{"D.txt 53-68 Ik werkte veel."});
  }

  TEST_CASE("NEAR counts sentences between the operands in either direction") {
    testing::CodedProject fixture;
    const analysis::CodingData data(fixture.project);
    // werkgever in A's s4 (kosten in the same sentence), in C's s1 (kosten in s2).
    CHECK(found(data, "hefbomen/werkgever NEAR drempels/kosten") ==
          Found{"A.txt 122-156 Mijn werkgever betaalde de kosten.",
                "C.txt 45-69 De werkgever vroeg erom."});
    CHECK(found(data, "hefbomen/werkgever NEAR/0 drempels/kosten") ==
          Found{"A.txt 122-156 Mijn werkgever betaalde de kosten."});
    // tijd in A's s2 is two sentences from werkgever in s4: the question s3 counts.
    CHECK(found(data, "drempels/tijd NEAR hefbomen/werkgever").empty());
    CHECK(found(data, "drempels/tijd near/2 hefbomen/werkgever") ==
          Found{"A.txt 62-83 Ik had ook geen tijd."});

    PositionsProject positions;
    const analysis::CodingData d(positions.project);
    // financiën in s1, tijd in s4 and s8.
    CHECK(found(d, "thema/financiën NEAR thema/tijd").empty());
    CHECK(found(d, "thema/financiën NEAR/2 thema/tijd").empty());
    CHECK(found(d, "thema/financiën NEAR/3 thema/tijd") == Found{"D.txt 36-52 Het geld was op."});
    CHECK(found(d, "thema/tijd NEAR/3 thema/financiën") == Found{"D.txt 105-114 tijd vrij"});
    // steun starts at the space before s3: it lies in s3, one sentence from werk in s2.
    CHECK(found(d, "werk NEAR/0 steun").empty());
    CHECK(found(d, "werk NEAR steun") == Found{"D.txt 53-68 Ik werkte veel."});
    // A question between the turns counts as a sentence too.
    CHECK(found(d, "vraag NEAR thema/tijd") == Found{"D.txt 169-185 Hielp het loket?"});
  }

  TEST_CASE("FOLLOWS wants the left operand after the right, within n sentences") {
    testing::CodedProject fixture;
    const analysis::CodingData data(fixture.project);
    // C: kosten (s2) follows werkgever (s1). A: kosten in s4 starts inside werkgever.
    CHECK(found(data, "drempels/kosten FOLLOWS hefbomen/werkgever") ==
          Found{"C.txt 70-92 De kosten droegen wij."});
    CHECK(found(data, "drempels/tijd FOLLOWS drempels/kosten") ==
          Found{"A.txt 62-83 Ik had ook geen tijd."});
    CHECK(found(data, "drempels/kosten FOLLOWS drempels/tijd") ==
          Found{"B.txt 68-89 De kosten vielen mee."});
    CHECK(found(data, "hefbomen/werkgever FOLLOWS drempels/tijd").empty());
    CHECK(found(data, "hefbomen/werkgever FOLLOWS/2 drempels/tijd") ==
          Found{"A.txt 122-156 Mijn werkgever betaalde de kosten."});

    PositionsProject positions;
    const analysis::CodingData d(positions.project);
    CHECK(found(d, "thema/tijd FOLLOWS thema/financiën").empty());
    CHECK(found(d, "thema/tijd FOLLOWS/3 thema/financiën") == Found{"D.txt 105-114 tijd vrij"});
    CHECK(found(d, "thema/financiën FOLLOWS/9 thema/tijd").empty());  // it comes first
    // In the same sentence, after it.
    CHECK(found(d, "thema/tijd FOLLOWS/0 hulp") == Found{"D.txt 230-242 vond ik tijd"});
    CHECK(found(d, "hulp FOLLOWS/0 thema/tijd").empty());
    CHECK(found(d, "hulp FOLLOWS/4 thema/tijd") ==
          Found{"D.txt 193-218 Het één loket wees de weg"});
    // steun starts where werk ends: after it, in the next sentence.
    CHECK(found(d, "steun FOLLOWS werk") == Found{"D.txt 68-90  Mijn baas hielp niet."});
    CHECK(found(d, "steun FOLLOWS/0 werk").empty());
  }

  TEST_CASE("attribute filters give whole documents of the cases that match") {
    testing::CodedProject fixture;
    const analysis::CodingData data(fixture.project);
    const auto zorg = analysis::run_query(data, analysis::parse_query("[sector=zorg]"), {});
    REQUIRE(zorg.size() == 1);
    CHECK(zorg[0].document == 0);
    CHECK(zorg[0].span == Span{0, 179});
    CHECK(zorg[0].codes.empty());
    CHECK(found(data, "drempels AND [group=learner]").size() == 5);
    CHECK(found(data, "drempels AND [group!=learner]").empty());  // C is all interviewer
    QueryOptions any;
    any.unit_role = std::nullopt;
    CHECK(found(data, "drempels AND [group!=learner]", any) ==
          Found{"C.txt 70-92 De kosten droegen wij."});
    CHECK(found(data, "drempels AND [sector=\"techniek\"]") ==
          Found{"B.txt 41-67 Geen tijd, echt geen tijd.", "B.txt 68-89 De kosten vielen mee."});
    // C has no sector: its value is empty, which is not zorg.
    CHECK(found(data, "drempels AND [ sector != zorg ]", any).size() == 3);
    CHECK(found(data, "drempels/kosten AND [sector=]", any) ==
          Found{"C.txt 70-92 De kosten droegen wij."});
    CHECK(found(data, "[case=B] AND hefbomen") == Found{"B.txt 121-144 Online volgen was fijn."});
    CHECK(found(data, "drempels AND [sector=onderwijs]").empty());
  }

  TEST_CASE("NOT binds tightest then the positional operators then AND then OR") {
    CHECK(tree("a OR b AND c NEAR/2 d") == "(OR a (AND b (NEAR/2 c d)))");
    CHECK(tree("NOT a AND b") == "(AND (NOT a) b)");
    CHECK(tree("NOT a OVERLAPS b") == "(OVERLAPS (NOT a) b)");
    CHECK(tree("a WITHIN NOT b") == "(WITHIN a (NOT b))");
    CHECK(tree("NOT NOT a") == "(NOT (NOT a))");
    CHECK(tree("a AND b AND c") == "(AND (AND a b) c)");
    CHECK(tree("a OR b OR c") == "(OR (OR a b) c)");
    CHECK(tree("a FOLLOWS b NEAR c WITHIN d") == "(WITHIN (NEAR/1 (FOLLOWS/1 a b) c) d)");
    CHECK(tree("(a OR b) AND c") == "(AND (OR a b) c)");
    CHECK(tree("a AND (b OR (c))") == "(AND a (OR b c))");
    CHECK(tree("a and b Or not c") == "(OR (AND a b) (NOT c))");
    CHECK(tree("a Near b follows/3 c") == "(FOLLOWS/3 (NEAR/1 a b) c)");
    CHECK(tree("drempels/kosten AND [group=learner]") == "(AND drempels/kosten [group=learner])");
    CHECK(tree("a.b_c-d/e") == "a.b_c-d/e");

    testing::CodedProject fixture;
    const analysis::CodingData data(fixture.project);
    // tijd OR (kosten AND werkgever), not (tijd OR kosten) AND werkgever.
    CHECK(found(data, "drempels/tijd OR drempels/kosten AND hefbomen/werkgever").size() == 3);
    CHECK(found(data, "(drempels/tijd OR drempels/kosten) AND hefbomen/werkgever").size() == 1);
    // tijd OR (kosten NEAR werkgever): A s2, A s4, B s1, C s2.
    CHECK(found(data, "drempels/tijd OR drempels/kosten NEAR hefbomen/werkgever").size() == 4);
    CHECK(found(data, "(drempels/tijd OR drempels/kosten) NEAR hefbomen/werkgever") ==
          Found{"A.txt 122-156 Mijn werkgever betaalde de kosten.",
                "C.txt 70-92 De kosten droegen wij."});
    // (NOT drempels) AND hefbomen, not NOT (drempels AND hefbomen).
    CHECK(found(data, "NOT drempels AND hefbomen").size() == 2);
    CHECK(found(data, "NOT (drempels AND hefbomen)").size() == 6);
  }

  TEST_CASE("code names with spaces or accents are quoted and may be written decomposed") {
    CHECK(tree("\"hulp/één loket\" AND thema/financiën") == "(AND hulp/één loket thema/financiën)");
    CHECK(tree("\"say \\\"no\\\" \\\\ here\"") == "say \"no\" \\ here");
    CHECK(tree("\"AND\" OR \"near/2\"") == "(OR AND near/2)");

    PositionsProject positions;
    const analysis::CodingData d(positions.project);
    CHECK(found(d, "\"hulp/één loket\"") == Found{"D.txt 193-218 Het één loket wees de weg"});
    CHECK(found(d, "\"hulp/één loket\" FOLLOWS/4 thema/tijd").size() == 1);
    // e + combining diaeresis, as some keyboards send it.
    CHECK(found(d, "thema/financie\xCC\x88n") == Found{"D.txt 36-52 Het geld was op."});
  }

  TEST_CASE("--speaker limits code operands to codings that start in turns of one role") {
    PositionsProject positions;
    const analysis::CodingData d(positions.project);
    CHECK(found(d, "vraag") == Found{"D.txt 169-185 Hielp het loket?"});
    QueryOptions respondent;
    respondent.coding_role = model::Role::respondent;
    CHECK(found(d, "vraag", respondent).empty());
    CHECK(found(d, "thema", respondent).size() == 3);
    QueryOptions interviewer;
    interviewer.coding_role = model::Role::interviewer;
    interviewer.unit_role = model::Role::interviewer;
    CHECK(found(d, "vraag OR thema", interviewer) == Found{"D.txt 169-185 Hielp het loket?"});
    CHECK(found(d, "NOT vraag", interviewer) == Found{"D.txt 13-28 Wat speelde er?"});
  }

  TEST_CASE("a bad expression is an error with a caret under the offending character") {
    CHECK(parse_error("drempels AND )") ==
          "query: expected a code, [attribute=value], NOT or '(' at position 14\n"
          "  drempels AND )\n"
          "               ^");
    SUBCASE("unbalanced parentheses") {
      CHECK(parse_error("(drempels AND hefbomen") ==
            "query: no closing ')' for this '(' at position 1\n"
            "  (drempels AND hefbomen\n"
            "  ^");
      CHECK(parse_error("drempels AND (hefbomen OR (x)") ==
            "query: no closing ')' for this '(' at position 14\n"
            "  drempels AND (hefbomen OR (x)\n"
            "               ^");
      CHECK(parse_error("drempels) OR x") ==
            "query: ')' without a matching '(' at position 9\n"
            "  drempels) OR x\n"
            "          ^");
      CHECK(
          parse_error("()").find("expected a code, [attribute=value], NOT or '(' at position 2") !=
          std::string::npos);
    }
    SUBCASE("a missing operand") {
      CHECK(parse_error("drempels AND") ==
            "query: expected a code, [attribute=value], NOT or '(' at position 13\n"
            "  drempels AND\n"
            "              ^");
      CHECK(parse_error("") ==
            "query: expected a code, [attribute=value], NOT or '(' at position 1\n"
            "  \n"
            "  ^");
      CHECK(parse_error("AND drempels") ==
            "query: expected a code, [attribute=value], NOT or '(', found the operator 'AND' "
            "(quote a code named so) at position 1\n"
            "  AND drempels\n"
            "  ^");
      CHECK(parse_error("a OR NOT") ==
            "query: expected a code, [attribute=value], NOT or '(' at position 9\n"
            "  a OR NOT\n"
            "          ^");
      CHECK(parse_error("a NEAR/2 OR b").find("at position 10\n") != std::string::npos);
    }
    SUBCASE("an unknown keyword or a second operand after a code") {
      CHECK(parse_error("drempels ANDD hefbomen") ==
            "query: expected AND, OR, OVERLAPS, WITHIN, NEAR, FOLLOWS or ')', found 'ANDD' (a code "
            "name with spaces goes in double quotes) at position 10\n"
            "  drempels ANDD hefbomen\n"
            "           ^");
      CHECK(parse_error("geen tijd")
                .find("found 'tijd' (a code name with spaces goes in double "
                      "quotes) at position 6\n") != std::string::npos);
      CHECK(parse_error("a NOT b").find("found 'NOT' (NOT goes before an operand: A AND NOT B) at "
                                        "position 3\n") != std::string::npos);
      CHECK(parse_error("a (b)").find("found '(' at position 3\n") != std::string::npos);
      CHECK(parse_error("(a b)").find("found 'b' (a code name") != std::string::npos);
      CHECK(parse_error("a [x=y]").find("found '[' at position 3\n") != std::string::npos);
    }
    SUBCASE("a bad number of sentences") {
      CHECK(parse_error("a NEAR/x b") ==
            "query: expected a number of sentences after '/' at position 8\n"
            "  a NEAR/x b\n"
            "         ^");
      CHECK(parse_error("a NEAR/ b").find("after '/' at position 8\n") != std::string::npos);
      CHECK(parse_error("a FOLLOWS/2x b").find("after '/' at position 12\n") != std::string::npos);
      CHECK(parse_error("a FOLLOWS/-1 b").find("after '/' at position 11\n") != std::string::npos);
      CHECK(parse_error("a NEAR/1000000 b")
                .find("at most 999999 sentences after '/' at position "
                      "8\n") != std::string::npos);
      CHECK(parse_error("a AND/2 b") ==
            "query: only NEAR and FOLLOWS take a number of sentences (/n) at position 6\n"
            "  a AND/2 b\n"
            "       ^");
    }
    SUBCASE("an unterminated quote or bracket") {
      CHECK(parse_error("drempels AND \"geen tijd") ==
            "query: no closing '\"' for this quote at position 14\n"
            "  drempels AND \"geen tijd\n"
            "               ^");
      CHECK(parse_error("\"a\\\"").find("no closing '\"' for this quote at position 1\n") !=
            std::string::npos);
      CHECK(parse_error("drempels AND [group=learner") ==
            "query: no closing ']' for this '[' at position 14\n"
            "  drempels AND [group=learner\n"
            "               ^");
      CHECK(parse_error("[group").find("no closing ']' for this '[' at position 1\n") !=
            std::string::npos);
      CHECK(parse_error("[group]").find("expected '=' or '!=' after the attribute name at "
                                        "position 7\n") != std::string::npos);
      CHECK(parse_error("[=learner]")
                .find("expected an attribute name after '[' at position "
                      "2\n") != std::string::npos);
      CHECK(parse_error("[group=a b]")
                .find("expected ']' after the attribute value at position "
                      "10\n") != std::string::npos);
      CHECK(parse_error("\"\"").find("empty code name at position 1\n") != std::string::npos);
    }
    SUBCASE("a character that starts no token") {
      CHECK(parse_error("drempels & hefbomen") ==
            "query: unexpected character '&' at position 10\n"
            "  drempels & hefbomen\n"
            "           ^");
      CHECK(parse_error("a OR \xE2\x80\x9C"
                        "b\xE2\x80\x9D")
                .find("unexpected character '“' at position 6\n") != std::string::npos);
      CHECK(parse_error("a\xFF").find("not UTF-8") != std::string::npos);
    }
    SUBCASE("positions count code points, not bytes") {
      // "hulp/één loket" in quotes is 16 code points and 18 bytes.
      CHECK(parse_error("\"hulp/één loket\" AND )") ==
            "query: expected a code, [attribute=value], NOT or '(' at position 22\n"
            "  \"hulp/één loket\" AND )\n"
            "                       ^");
      CHECK(parse_error("thema/financiën NEAR/x a").find("at position 22\n") != std::string::npos);
    }
    SUBCASE("tabs and line breaks keep the caret in place") {
      CHECK(parse_error("a\tAND\n)") ==
            "query: expected a code, [attribute=value], NOT or '(' at position 7\n"
            "  a AND )\n"
            "        ^");
    }
  }

  TEST_CASE("an unknown code or attribute is an error pointing at its name") {
    testing::CodedProject fixture;
    const analysis::CodingData data(fixture.project);
    const std::string code = run_error(data, "drempels OR drempels/geld");
    CHECK(code.find("query: no code 'drempels/geld'") == 0);
    CHECK(code.find(" at position 13\n  drempels OR drempels/geld\n              ^") !=
          std::string::npos);
    CHECK_THROWS_AS(analysis::run_query(data, analysis::parse_query("kosten"), {}), NotFoundError);
    CHECK(run_error(data, "drempels AND [regio=noord]") ==
          "query: no case has the attribute 'regio' (attributes: case, group, sector) at "
          "position 15\n"
          "  drempels AND [regio=noord]\n"
          "                ^");
  }

  TEST_CASE("query sheets show each segment in context and count segments documents and cases") {
    testing::CodedProject fixture;
    const analysis::CodingData data(fixture.project);
    const auto segments = analysis::run_query(data, analysis::parse_query("drempels/tijd"), {});
    const table::Sheet sheet = analysis::query_sheet(data, segments, 1);
    CHECK(sheet.table.columns == std::vector<std::string>{"document", "case", "speaker", "start",
                                                          "end", "codes", "before", "text",
                                                          "after"});
    REQUIRE(sheet.table.rows.size() == 2);
    const auto& a = sheet.table.rows[0];
    CHECK(std::get<std::string>(a[2]) == "Anna");
    CHECK(std::get<std::string>(a[6]) == "De kosten waren hoog.");
    CHECK(std::get<std::string>(a[7]) == "Ik had ook geen tijd.");
    CHECK(std::get<std::string>(a[8]) == "En je werkgever?");
    const auto& b = sheet.table.rows[1];
    CHECK(std::get<std::string>(b[1]) == "B");
    CHECK(std::get<std::string>(b[6]) == "Hoe ging het zoeken?");
    CHECK(std::get<std::string>(b[8]) == "De kosten vielen mee.");

    const table::Sheet count = analysis::query_count_sheet(
        data, analysis::run_query(data, analysis::parse_query("drempels"), {}));
    CHECK(count.table.columns == std::vector<std::string>{"segments", "documents", "cases"});
    CHECK(count.table.rows[0] ==
          std::vector<table::Cell>{std::int64_t{6}, std::int64_t{3}, std::int64_t{3}});
  }

  TEST_CASE("the query command writes every format and counts") {
    testing::CodedProject fixture;
    const std::string project = fixture.path;
    auto result = inzicht_cli(
        {"-p", project, "query", "drempels/kosten AND hefbomen/werkgever", "--format", "json"});
    CAPTURE(result.err);
    REQUIRE(result.status == 0);
    auto json = nlohmann::json::parse(result.out);
    REQUIRE(json.size() == 1);
    CHECK(json[0]["document"] == "A.txt");
    CHECK(json[0]["case"] == "A");
    CHECK(json[0]["speaker"] == "Anna");
    CHECK(json[0]["start"] == 122);
    CHECK(json[0]["end"] == 156);
    CHECK(json[0]["codes"] == "drempels/kosten; hefbomen/werkgever");
    CHECK(json[0]["text"] == "Mijn werkgever betaalde de kosten.");

    result = inzicht_cli({"-p", project, "query", "drempels", "--count", "--format", "json"});
    REQUIRE(result.status == 0);
    json = nlohmann::json::parse(result.out);
    REQUIRE(json.size() == 1);
    CHECK(json[0] == nlohmann::json{{"segments", 6}, {"documents", 3}, {"cases", 3}});

    // bob coded kosten in A's s1 only, not in the turn where he coded werkgever.
    result = inzicht_cli({"-p", project, "query", "drempels/kosten AND hefbomen/werkgever",
                          "--unit", "turn", "--coder", "bob", "--count", "--format", "csv"});
    CHECK(result.out == "segments,documents,cases\r\n0,0,0\r\n");
    result = inzicht_cli({"-p", project, "query", "drempels/kosten AND hefbomen/werkgever",
                          "--unit", "turn", "--coder", "ann,bob", "--speaker", "any", "--count",
                          "--format", "csv"});
    CHECK(result.out == "segments,documents,cases\r\n2,2,2\r\n");
    result = inzicht_cli(
        {"-p", project, "query", "NOT drempels", "--speaker", "any", "--count", "--format", "csv"});
    CHECK(result.out == "segments,documents,cases\r\n8,3,3\r\n");
    result = inzicht_cli({"-p", project, "query", "NOT drempels", "--speaker", "interviewer",
                          "--count", "--format", "csv"});
    CHECK(result.out == "segments,documents,cases\r\n6,3,3\r\n");
    result = inzicht_cli(
        {"-p", project, "query", "drempels/tijd", "--context", "1", "--format", "json"});
    json = nlohmann::json::parse(result.out);
    REQUIRE(json.size() == 2);
    CHECK(json[0]["before"] == "De kosten waren hoog.");
    CHECK(json[1]["after"] == "De kosten vielen mee.");
    result = inzicht_cli({"-p", project, "query", "hefbomen/online", "--format", "md"});
    CHECK(result.out.find("| A.txt | A | Anna | 157 | 179 | hefbomen/online | Online lessen "
                          "hielpen. |") != std::string::npos);
    result = inzicht_cli({"-p", project, "query", "drempels/tijd"});
    CHECK(result.out.find("Geen tijd, echt geen tijd.") != std::string::npos);

    result = inzicht_cli({"-p", project, "query", "drempels AND )"});
    CHECK(result.status == 1);
    CHECK(result.err ==
          "inzicht: error: query: expected a code, [attribute=value], NOT or '(' at position 14\n"
          "  drempels AND )\n"
          "               ^\n");
    CHECK(inzicht_cli({"-p", project, "query", "drempels", "--unit", "line"}).status == 2);
    CHECK(inzicht_cli({"-p", project, "query", "drempels", "--speaker", "all"}).status == 2);
    CHECK(inzicht_cli({"-p", project, "query", "drempels/geld"}).status == 1);
  }
}

TEST_SUITE("query") {
  TEST_CASE("an expression typed as separate words is read as one") {
    testing::CodedProject fixture;
    const CliResult joined = inzicht_cli({"-p", fixture.path, "query", "drempels AND hefbomen",
                                          "--count", "--format", "csv", "--speaker", "any"});
    const CliResult words = inzicht_cli({"-p", fixture.path, "query", "drempels", "AND", "hefbomen",
                                         "--count", "--format", "csv", "--speaker", "any"});
    REQUIRE(joined.status == 0);
    CHECK(words.status == 0);
    CHECK(words.out == joined.out);
  }
}
