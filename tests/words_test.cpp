#include "analysis/words.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

#include "analysis/stopwords.hpp"
#include "analysis_fixture.hpp"
#include "cli/cli.hpp"
#include "base/error.hpp"

using namespace inzicht;
using inzicht::testing::TempDir;

namespace {

// A project of hand-written transcripts, for words the analysis fixture lacks.
struct SmallProject {
  TempDir dir;
  std::string path = dir / "woorden.inzicht";
  store::Project project = store::Project::create(path, "woorden");

  void add(const std::string& text, const std::string& name, const std::string& group) {
    project.add_document(importers::build_document(importers::read_text(text, name + ".txt"),
                                                   name + ".txt", "txt", {}),
                         {name, "/" + name + ".txt", name}, group);
  }
};

constexpr const char* kFillers =
    "Interviewer: Hoe was de drempel voor jou?\n\n"
    "Eva: Eh, ja, nou, de drempel was gewoon echt hoog hè. Ehm, allez, ge weet wel.\n\n"
    "Interviewer: En nu?\n\n"
    "Eva: Drempels zijn er altijd. Die drempels! Ik ben drie keer geïnterviewd.\n";

const analysis::WordFrequency* find(const analysis::WordCounts& counts, const std::string& key) {
  const auto found = std::find_if(counts.words.begin(), counts.words.end(),
                                  [&](const analysis::WordFrequency& w) { return w.key == key; });
  return found == counts.words.end() ? nullptr : &*found;
}

analysis::WordOptions dutch() {
  analysis::WordOptions options;
  options.stopwords = analysis::load_stopwords("nl");
  options.top = 0;
  return options;
}

// Every line's match is the document's text at [start, end).
void check_offsets(const store::Project& project, const analysis::Concordance& concordance) {
  for (const analysis::KwicLine& line : concordance.lines) {
    const model::Document document = project.load_document(line.document);
    CHECK(testing::slice(document, line.span) == line.kwic.match);
  }
}

std::vector<std::string> matches(const analysis::Concordance& concordance) {
  std::vector<std::string> out;
  for (const auto& line : concordance.lines) out.push_back(line.kwic.match);
  return out;
}

using inzicht::testing::run_cli;

}  // namespace

TEST_SUITE("analysis") {
  TEST_CASE("words are counted per word, document and case, ranked, ties by word") {
    testing::CodedProject fixture;
    const analysis::WordCounts counts = analysis::word_frequencies(fixture.project, dutch());
    // Respondent turns only: 9 + 8 words of Anna, 9 + 4 of Bram. "Carla:" occurs once, so
    // it is not a speaker label and C is all interviewer.
    CHECK(counts.words_read == 30);
    CHECK(counts.documents == 3);
    CHECK(counts.turns == 4);
    REQUIRE(counts.words.size() >= 5);
    CHECK(counts.words[0].word == "kosten");  // ties by word: kosten, tijd
    CHECK(counts.words[0].count == 3);
    CHECK(counts.words[0].documents == 2);
    CHECK(counts.words[0].cases == 2);
    CHECK(counts.words[0].per_mille == doctest::Approx(100));  // 3 of 30 words
    CHECK(counts.words[1].word == "tijd");
    CHECK(counts.words[1].count == 3);
    CHECK(counts.words[1].documents == 2);
    CHECK(counts.words[2].word == "Online");  // as written
    CHECK(counts.words[2].count == 2);
    CHECK(counts.words[3].word == "betaalde");
    CHECK(counts.words[4].word == "fijn");
    CHECK(!find(counts, "de"));
    CHECK(!find(counts, "geen"));
    CHECK(!find(counts, "wat"));  // the interviewer's

    analysis::WordOptions learners = dutch();
    learners.turns.where = {{"group", "learner"}};
    learners.turns.speaker = model::SpeakerFilter::interviewer;
    learners.top = 2;
    const auto asked = analysis::word_frequencies(fixture.project, learners);
    CHECK(asked.documents == 2);
    REQUIRE(asked.words.size() == 2);
    // "Wat hield je tegen?", "En je werkgever?", "Hoe ging het zoeken?", "Nog iets?"
    CHECK(asked.distinct == 3);
    CHECK(asked.words[0].key == "hield");
    CHECK(asked.words[1].key == "werkgever");
  }

  TEST_CASE("the Dutch stopwords remove the fillers of spoken Dutch") {
    SmallProject small;
    small.add(kFillers, "E", "learner");
    const auto counts = analysis::word_frequencies(small.project, dutch());
    for (const char* filler : {"eh", "ja", "nou", "gewoon", "echt", "he", "ehm", "allez", "ge",
                               "wel", "ik", "de", "was", "die", "er", "zijn"}) {
      CAPTURE(filler);
      CHECK(!find(counts, filler));
    }
    CHECK(find(counts, "drempel")->count == 1);
    CHECK(find(counts, "drempels")->count == 2);
    CHECK(find(counts, "drempels")->word == "drempels");  // "Drempels" and "drempels" tie
    CHECK(find(counts, "geinterviewd")->word == "geïnterviewd");
    CHECK(find(counts, "hoog"));
    CHECK(!find(counts, "hoe"));  // the interviewer's turn

    analysis::WordOptions none;
    none.top = 0;
    const auto all = analysis::word_frequencies(small.project, none);
    CHECK(find(all, "eh")->count == 1);
    CHECK(find(all, "he")->word == "hè");
    CHECK(all.words_read == counts.words_read);  // per mille does not depend on the list

    analysis::WordOptions long_words = dutch();
    long_words.min_length = 8;
    for (const auto& word : analysis::word_frequencies(small.project, long_words).words) {
      CHECK(word.key.size() >= 8);
    }
  }

  TEST_CASE("with stems, inflections are one row showing the stem and the forms") {
    SmallProject small;
    small.add(kFillers, "E", "learner");
    analysis::WordOptions options = dutch();
    options.stem = true;
    const auto counts = analysis::word_frequencies(small.project, options);
    const analysis::WordFrequency* drempel = find(counts, "drempel");
    REQUIRE(drempel);
    CHECK(drempel->count == 3);
    CHECK(drempel->word == "drempels");
    REQUIRE(drempel->forms.size() == 2);
    CHECK(drempel->forms[0] == std::pair<std::string, std::int64_t>{"drempels", 2});
    CHECK(drempel->forms[1] == std::pair<std::string, std::int64_t>{"drempel", 1});
    const table::Table table = analysis::words_table(counts, true);
    CHECK(table.columns == std::vector<std::string>{"stem", "word", "forms", "count", "documents",
                                                    "cases", "per_mille"});
    CHECK(table.rows[0][2] == table::Cell{std::string("drempels (2), drempel (1)")});
  }

  TEST_CASE("a stopword file holds one word per line with comments") {
    TempDir dir;
    testing::write_file(dir / "stop.txt",
                        "\xEF\xBB\xBF# mijn lijst\nKosten\n  tijd  # ook\n\nZó\n");
    const auto words = analysis::load_stopwords(dir / "stop.txt");
    CHECK(words == std::unordered_set<std::string>{"kosten", "tijd", "zo"});

    testing::CodedProject fixture;
    analysis::WordOptions options;
    options.stopwords = words;
    const auto counts = analysis::word_frequencies(fixture.project, options);
    CHECK(!find(counts, "kosten"));
    CHECK(!find(counts, "tijd"));
    CHECK(find(counts, "de"));

    testing::write_file(dir / "twee.txt", "kosten\ngeen tijd\n");
    CHECK_THROWS_WITH_AS(analysis::load_stopwords(dir / "twee.txt"),
                         doctest::Contains("twee.txt:2:"), InputError);
    testing::write_file(dir / "latin1.txt", "caf\xE9\n");
    CHECK_THROWS_WITH_AS(analysis::load_stopwords(dir / "latin1.txt"),
                         doctest::Contains("invalid UTF-8"), InputError);
    CHECK_THROWS_AS(analysis::load_stopwords(dir / "nergens.txt"), InputError);
    CHECK(analysis::load_stopwords("none").empty());
    CHECK(analysis::load_stopwords("en").count("the"));
  }

  TEST_CASE("keyword in context finds inflections and accented forms at exact offsets") {
    SmallProject small;
    small.add(kFillers, "E", "learner");
    analysis::KwicOptions options;
    auto found = analysis::concordance(small.project, "drempel", options);
    CHECK(matches(found) == std::vector<std::string>{"drempel", "Drempels", "drempels"});
    check_offsets(small.project, found);
    CHECK(found.lines[0].turn == 1);
    CHECK(found.lines[0].speaker == "Eva");
    CHECK(found.lines[0].case_name == "E");
    CHECK(found.lines[0].kwic.left == "Eh, ja, nou, de ");
    CHECK(found.lines[0].kwic.right.rfind(" was gewoon", 0) == 0);

    found = analysis::concordance(small.project, "geinterviewd", options);
    CHECK(matches(found) == std::vector<std::string>{"geïnterviewd"});
    check_offsets(small.project, found);

    options.exact = true;
    CHECK(matches(analysis::concordance(small.project, "drempel", options)) ==
          std::vector<std::string>{"drempel"});
    CHECK(matches(analysis::concordance(small.project, "GEÏNTERVIEWD", options)) ==
          std::vector<std::string>{"geïnterviewd"});

    options = {};
    options.turns.speaker = model::SpeakerFilter::any;
    found = analysis::concordance(small.project, "drempel", options);
    CHECK(found.lines.size() == 4);  // the interviewer's question too
    CHECK(found.lines[0].speaker == "Interviewer");
    options.limit = 2;
    found = analysis::concordance(small.project, "drempel", options);
    CHECK(found.lines.size() == 2);
    CHECK(found.limited);

    CHECK_THROWS_AS(analysis::concordance(small.project, "*", {}), InputError);
  }

  TEST_CASE("keyword in context takes phrases and prefixes") {
    testing::CodedProject fixture;
    analysis::KwicOptions options;
    auto found = analysis::concordance(fixture.project, "geen tijd", options);
    CHECK(matches(found) == std::vector<std::string>{"geen tijd", "Geen tijd", "geen tijd"});
    check_offsets(fixture.project, found);
    CHECK(found.documents == 2);

    found = analysis::concordance(fixture.project, "werk*", options);
    CHECK(matches(found) == std::vector<std::string>{"werkgever"});
    options.turns.speaker = model::SpeakerFilter::any;
    found = analysis::concordance(fixture.project, "werk*", options);
    REQUIRE(matches(found) == std::vector<std::string>{"werkgever", "werkgever", "werkgever"});
    CHECK(found.lines[0].speaker == "Interviewer");
    CHECK(found.lines[2].document == "C.txt");
    check_offsets(fixture.project, found);
    options.turns.speaker = model::SpeakerFilter::respondent;

    options.turns.where = {{"sector", "techniek"}};
    found = analysis::concordance(fixture.project, "kosten", options);
    REQUIRE(found.lines.size() == 1);
    CHECK(found.lines[0].document == "B.txt");
    const table::Table table = analysis::concordance_table(found);
    CHECK(table.columns == std::vector<std::string>{"document", "case", "turn", "speaker", "start",
                                                    "end", "left", "match", "right"});
  }

  TEST_CASE("words and kwic run from the command line") {
    testing::CodedProject fixture;
    std::string out, err;
    REQUIRE(run_cli({"-p", fixture.path, "words", "--format", "json", "--top", "3"}, out, err) ==
            0);
    auto json = nlohmann::json::parse(out);
    REQUIRE(json.size() == 3);
    CHECK(json[0]["word"] == "kosten");
    CHECK(json[0]["count"] == 3);
    CHECK(json[0]["documents"] == 2);
    CHECK(json[0]["cases"] == 2);
    CHECK(json[0]["per_mille"].get<double>() == doctest::Approx(100));

    REQUIRE(
        run_cli({"-p", fixture.path, "words", "--stem", "--group", "learner", "--format", "json"},
                out, err) == 0);
    json = nlohmann::json::parse(out);
    CHECK(json[0]["stem"] == "kost");
    CHECK(json[0]["word"] == "kosten");
    CHECK(json[0]["forms"] == "kosten (3)");

    REQUIRE(run_cli({"-p", fixture.path, "kwic", "kosten", "--width", "10", "--format", "json",
                     "--where", "case=A"},
                    out, err) == 0);
    json = nlohmann::json::parse(out);
    REQUIRE(json.size() == 2);
    CHECK(json[0]["document"] == "A.txt");
    CHECK(json[0]["match"] == "kosten");
    CHECK(json[0]["left"] == "De ");
    CHECK(json[0]["right"] == " waren hoo…");
    CHECK(json[0]["end"].get<std::int64_t>() - json[0]["start"].get<std::int64_t>() == 6);

    REQUIRE(run_cli({"-p", fixture.path, "kwic", "kosten"}, out, err) == 0);
    CHECK(out.find("3 line(s) in 2 document(s)") != std::string::npos);
    CHECK(run_cli({"-p", fixture.path, "words", "--speaker", "iedereen"}, out, err) == 2);
    CHECK(run_cli({"-p", fixture.path, "words", "--where", "regio=noord"}, out, err) == 1);
    CHECK(err.find("regio") != std::string::npos);
    CHECK(run_cli({"-p", fixture.path, "kwic", "kosten", "--format", "xlsx"}, out, err) == 1);
  }
}
