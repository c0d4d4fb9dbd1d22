#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>

#include "coding/pseudonym_candidates.hpp"
#include "coding/pseudonym_key.hpp"
#include "coding/pseudonymise.hpp"
#include "coding/workbench.hpp"
#include "base/error.hpp"
#include "store/project.hpp"
#include "test_support.hpp"

using namespace inzicht;
using inzicht::testing::inzicht_cli;
using inzicht::testing::TempDir;

namespace {

const char* const kTranscript =
    "Interview met Marloes, 6 februari 2024\n"
    "\n"
    "Interviewer: Hoe kwam je erbij, Marloes?\n"
    "\n"
    "Marloes: Mijn collega Ingrid zei het. Ik ken Roos Bakker van school. De roos bloeit en de "
    "bakker bakt.\n"
    "\n"
    "Interviewer: En Ingrid?\n"
    "\n"
    "Marloes: Ingrid werkt bij ROC Dommeldal in Eindhoven. Mail m.devries@dommeldal.nl of bel "
    "06-12345678. Ik heet MARLOES op de badge en Marloes-achtig is het niet.\n";

const char* const kCodebook =
    "codebook: test\n"
    "codes:\n"
    "  - name: namen\n"
    "    description: Namen.\n"
    "  - name: werk\n"
    "    description: Werk.\n";

// The originals of the test key, and words that must stay.
const std::vector<std::string> kOriginals = {"Marloes", "Ingrid", "Roos Bakker", "Dommeldal",
                                             "Eindhoven", "m.devries@dommeldal.nl",
                                             "06-12345678"};

struct Fixture {
  TempDir dir;
  std::string project = dir / "p.inzicht";
  std::string key = dir / "key.json";

  Fixture() {
    testing::write_file(dir / "M01.txt", kTranscript);
    testing::write_file(dir / "codes.yaml", kCodebook);
    REQUIRE(inzicht_cli({"-p", project, "init", "--name", "T"}).status == 0);
    REQUIRE(inzicht_cli({"-p", project, "import", dir / "M01.txt"}).status == 0);
    REQUIRE(inzicht_cli({"-p", project, "codebook", "load", dir / "codes.yaml"}).status == 0);
  }

  store::Project open() const { return store::Project::open(project); }

  // Codes the first occurrence of `quote` at or after `from`, from `skip` code points into
  // it to `cut` code points before its end.
  void code(const std::string& code_path, const std::string& quote, Offset skip = 0,
            Offset cut = 0, std::size_t from_byte = 0) {
    store::Project p = open();
    const model::Document d = p.load_document("M01.txt");
    const std::size_t byte = d.text.find(quote, from_byte);
    REQUIRE(byte != std::string::npos);
    const Offset start = text::count_code_points(std::string_view(d.text).substr(0, byte));
    const Offset end = start + text::count_code_points(quote);
    p.add_codings({{"M01.txt", code_path, "ann", {start + skip, end - cut}, std::nullopt}});
  }

  coding::PseudonymKey make_key() const {
    coding::PseudonymKey k = coding::new_key();
    coding::add_pseudonym(k, {"Marloes", "MARLOES"}, coding::PseudonymCategory::person,
                          std::nullopt);
    coding::add_pseudonym(k, {"Ingrid"}, coding::PseudonymCategory::person, std::nullopt);
    coding::add_pseudonym(k, {"Roos Bakker"}, coding::PseudonymCategory::person, std::nullopt);
    coding::add_pseudonym(k, {"ROC Dommeldal", "Dommeldal"},
                          coding::PseudonymCategory::organisation, std::nullopt);
    coding::add_pseudonym(k, {"Eindhoven"}, coding::PseudonymCategory::place, std::nullopt);
    coding::add_pseudonym(k, {"m.devries@dommeldal.nl"}, coding::PseudonymCategory::other,
                          std::string("[e-mail]"));
    coding::add_pseudonym(k, {"06-12345678"}, coding::PseudonymCategory::other,
                          std::string("[telefoon]"));
    coding::save_key(key, k);
    return k;
  }
};

struct Snapshot {
  model::Document document;
  std::vector<store::StoredCoding> codings;
  std::string search;
};

Snapshot snapshot(const store::Project& p) {
  Snapshot s{p.load_document(p.documents().front().name), {}, {}};
  s.codings = p.codings_of(s.document.name);
  return s;
}

void check_same(const Snapshot& a, const Snapshot& b) {
  CHECK(a.document.name == b.document.name);
  CHECK(a.document.text == b.document.text);
  CHECK(a.document.length == b.document.length);
  REQUIRE(a.document.turns.size() == b.document.turns.size());
  for (std::size_t i = 0; i < a.document.turns.size(); ++i) {
    CHECK(a.document.turns[i].speaker == b.document.turns[i].speaker);
    CHECK(a.document.turns[i].span == b.document.turns[i].span);
  }
  REQUIRE(a.document.paragraphs.size() == b.document.paragraphs.size());
  for (std::size_t i = 0; i < a.document.paragraphs.size(); ++i) {
    CHECK(a.document.paragraphs[i].span == b.document.paragraphs[i].span);
  }
  REQUIRE(a.document.sentences.size() == b.document.sentences.size());
  for (std::size_t i = 0; i < a.document.sentences.size(); ++i) {
    CHECK(a.document.sentences[i].span == b.document.sentences[i].span);
  }
  REQUIRE(a.codings.size() == b.codings.size());
  for (std::size_t i = 0; i < a.codings.size(); ++i) {
    CHECK(a.codings[i].id == b.codings[i].id);
    CHECK(a.codings[i].span == b.codings[i].span);
    CHECK(a.codings[i].memo == b.codings[i].memo);
  }
}

std::string file_bytes(const std::string& path) {
  std::error_code ec;
  return std::filesystem::exists(path, ec) ? testing::read_file(path) : std::string();
}

}  // namespace

TEST_SUITE("pseudonyms") {
  TEST_CASE("the matcher takes whole words, case-sensitively, the longest original first") {
    std::vector<coding::PseudonymEntry> entries = {
        {"[P1]", coding::PseudonymCategory::person, {"Marloes", "Marloes de Vries"}},
        {"[P2]", coding::PseudonymCategory::person, {"Roos"}},
        {"[P3]", coding::PseudonymCategory::person, {"Bakker"}},
        {"[T]", coding::PseudonymCategory::other, {"+31 6 1234"}}};
    const coding::PseudonymMatcher matcher(entries);
    CHECK(matcher.replace("Marloes de Vries en Marloes.") == "[P1] en [P1].");
    CHECK(matcher.replace("De roos van Roos; de bakker Bakker, de Bakkerij.") ==
          "De roos van [P2]; de bakker [P3], de Bakkerij.");
    CHECK(matcher.replace("Marloesje en xMarloes en Marloes-achtig") ==
          "Marloesje en xMarloes en [P1]-achtig");
    CHECK(matcher.replace("bel +31 6 1234 nu, niet +31 6 12345") == "bel [T] nu, niet +31 6 12345");
    CHECK(matcher.replace("Zoë Marloes") == "Zoë [P1]");
    const auto matches = matcher.find("ik, Marloes");
    REQUIRE(matches.size() == 1);
    CHECK(matches[0].span == Span{4, 11});
  }

  TEST_CASE("positions move with the text: inside a replaced word a start goes to its start") {
    // "ab Marloes cd" → "ab [P1] cd": [3, 10) became [3, 7).
    const std::vector<coding::Moved> moved = {{{3, 10}, {3, 7}}};
    CHECK(coding::move_offset(moved, 2, false) == 2);
    CHECK(coding::move_offset(moved, 3, false) == 3);
    CHECK(coding::move_offset(moved, 5, false) == 3);
    CHECK(coding::move_offset(moved, 5, true) == 7);
    CHECK(coding::move_offset(moved, 10, true) == 7);
    CHECK(coding::move_offset(moved, 12, false) == 9);
    CHECK(coding::move_span(moved, {3, 10}) == Span{3, 7});
    CHECK(coding::move_span(coding::inverse(moved), {3, 7}) == Span{3, 10});
  }

  TEST_CASE("a key refuses an original in two entries and an original inside a pseudonym") {
    coding::PseudonymKey key = coding::new_key();
    const auto& first = coding::add_pseudonym(key, {"Roos"}, std::nullopt, std::nullopt);
    CHECK(first.pseudonym == "[Persoon 1]");
    CHECK_THROWS_AS(coding::add_pseudonym(key, {"Roos"}, std::nullopt, std::nullopt), InputError);
    CHECK_THROWS_AS(coding::add_pseudonym(key, {"Persoon"}, std::nullopt, std::nullopt),
                    InputError);
    const auto& school = coding::add_pseudonym(
        key, {"Hogeschool Zuid"}, coding::PseudonymCategory::organisation, std::nullopt);
    CHECK(school.pseudonym == "[School 1]");
    const auto& spelling = coding::add_pseudonym(key, {"roos"}, std::nullopt, std::string("[Persoon 1]"));
    CHECK(spelling.originals == std::vector<std::string>{"Roos", "roos"});
  }

  TEST_CASE("apply moves codings with the text and revert restores it byte for byte") {
    Fixture f;
    // A name exactly coded, at a span's start edge, inside a span, partly coded, and a
    // span across a turn boundary.
    f.code("namen", "Marloes", 0, 0, 20);
    f.code("werk", "Ingrid zei het.");
    f.code("werk", "Ik ken Roos Bakker van school.");
    f.code("namen", "Dommeldal", 2, 2);
    f.code("namen", "Ingrid?\n\nMarloes: Ingrid werkt");
    store::Project project = f.open();
    const Snapshot before = snapshot(project);
    coding::PseudonymKey key = f.make_key();

    const coding::PseudonymRun run = coding::apply_pseudonyms(project, key, f.key, false);
    CHECK(run.vacuumed);
    CHECK(run.checkpointed);
    CHECK(run.documents == 1);
    const Snapshot after = snapshot(project);
    const std::string& text = after.document.text;
    for (const std::string& original : kOriginals) CHECK(text.find(original) == std::string::npos);
    CHECK(text.find("De roos bloeit en de bakker bakt.") != std::string::npos);
    CHECK(text.find("Marloes-achtig") == std::string::npos);
    CHECK(text.find("[Persoon 1]-achtig") != std::string::npos);
    CHECK(text.find("bij [School 1] in [Plaats 1]. Mail [e-mail] of bel [telefoon].") !=
          std::string::npos);
    for (const auto& turn : after.document.turns) {
      CHECK((turn.speaker == "Interviewer" || turn.speaker == "[Persoon 1]"));
    }
    REQUIRE(after.codings.size() == 5);
    std::vector<std::string> coded;
    for (const auto& c : after.codings) coded.push_back(testing::slice(after.document, c.span));
    CHECK(std::find(coded.begin(), coded.end(), "[Persoon 1]") != coded.end());
    CHECK(std::find(coded.begin(), coded.end(), "[Persoon 2] zei het.") != coded.end());
    CHECK(std::find(coded.begin(), coded.end(), "Ik ken [Persoon 3] van school.") != coded.end());
    CHECK(std::find(coded.begin(), coded.end(), "[School 1]") != coded.end());  // was "mmelda"
    CHECK(std::find(coded.begin(), coded.end(),
                    "[Persoon 2]?\n\n[Persoon 1]: [Persoon 2] werkt") != coded.end());
    // Turns still hold the speakers' words only.
    CHECK(testing::slice(after.document, after.document.turns[1].span)
              .rfind("Mijn collega [Persoon 2] zei het.", 0) == 0);
    // The search index was rebuilt from the pseudonymised turns.
    CHECK(project.search({"ingrid", std::nullopt, 10}).empty());
    CHECK(project.search({"dommeldal", std::nullopt, 10}).empty());
    CHECK(project.search({"persoon", std::nullopt, 10}).size() >= 2);
    CHECK(coding::pseudonym_status(project).pseudonymised);
    CHECK(coding::pseudonym_status(project).fingerprint == key.fingerprint());

    // Nothing of the originals is left in the file or its WAL, not even as lower-case
    // search tokens.
    for (const char* name : {"Marloes", "marloes", "MARLOES", "Ingrid", "ingrid",
                                    "Roos Bakker", "Dommeldal", "dommeldal", "Eindhoven",
                                    "eindhoven", "m.devries", "12345678"}) {
      CHECK_MESSAGE(file_bytes(f.project).find(name) == std::string::npos, name);
      CHECK_MESSAGE(file_bytes(f.project + "-wal").find(name) == std::string::npos, name);
    }
    // The key, apart from the project, knows them.
    CHECK(file_bytes(f.key).find("Dommeldal") != std::string::npos);

    CHECK_THROWS_WITH_AS(coding::apply_pseudonyms(project, key, f.key, false),
                         doctest::Contains("pseudonymised already"), InputError);

    coding::PseudonymKey reloaded = coding::load_key(f.key, [] { return std::string(); });
    coding::revert_pseudonyms(project, reloaded, f.key);
    check_same(snapshot(project), before);
    CHECK(!coding::pseudonym_status(project).pseudonymised);
    CHECK(project.search({"ingrid", std::nullopt, 10}).size() == 3);
    CHECK_THROWS_WITH_AS(coding::revert_pseudonyms(project, reloaded, f.key),
                         doctest::Contains("not pseudonymised"), InputError);
  }

  TEST_CASE("a coding made after apply moves back with the text on revert") {
    Fixture f;
    store::Project project = f.open();
    const std::string original = snapshot(project).document.text;
    coding::PseudonymKey key = f.make_key();
    coding::apply_pseudonyms(project, key, f.key, false);
    const model::Document pseudonymised = snapshot(project).document;
    const std::string quote = "[School 1] in [Plaats 1]";
    const auto byte = pseudonymised.text.find(quote);
    REQUIRE(byte != std::string::npos);
    const Offset start = text::count_code_points(pseudonymised.text.substr(0, byte));
    project.add_codings({{"M01.txt", "werk", "ann",
                          {start, start + text::count_code_points(quote)}, std::nullopt}});
    coding::revert_pseudonyms(project, key, f.key);
    const Snapshot back = snapshot(project);
    CHECK(back.document.text == original);
    REQUIRE(back.codings.size() == 1);
    CHECK(testing::slice(back.document, back.codings[0].span) == "ROC Dommeldal in Eindhoven");
  }

  TEST_CASE("apply deletes the change log, the suggestions and the words rules matched") {
    Fixture f;
    {
      store::Project project = f.open();
      const auto document = project.find_document("M01.txt");
      REQUIRE(document);
      coding::add_memo(project, "ann", "document", document->id, "Marloes belde terug");
      const model::Document d = project.load_document("M01.txt");
      const std::size_t byte = d.text.find("Marloes");
      REQUIRE(byte != std::string::npos);
      const Offset start = text::count_code_points(std::string_view(d.text).substr(0, byte));
      REQUIRE(project.add_suggestions(
                  {{"M01.txt", "werk", {start, start + 7}, 0.9, "model", "model", {"Marloes"}}},
                  "model", {}) == 1);
      REQUIRE(project.last_change() > 0);
    }
    // The flat copies beside the project trace the old texts' shape: apply removes them.
    const std::string copies[] = {f.project + "-codings", f.project + "-structure"};
    for (const std::string& copy : copies) testing::write_file(copy, "stale");
    store::Project project = f.open();
    coding::PseudonymKey key = f.make_key();
    coding::apply_pseudonyms(project, key, f.key, false);
    for (const std::string& copy : copies) CHECK_FALSE(std::filesystem::exists(copy));
    CHECK(project.last_change() == 0);
    CHECK(project.suggestions({}).empty());
    const std::string bytes = testing::read_file(f.project);
    CHECK(bytes.find("Marloes") == std::string::npos);
  }

  TEST_CASE("a key for another project is refused and that project is left as it was") {
    Fixture a;
    Fixture b;
    store::Project first = a.open();
    coding::PseudonymKey key = a.make_key();
    coding::apply_pseudonyms(first, key, a.key, false);
    store::Project second = b.open();
    const Snapshot before = snapshot(second);
    CHECK_THROWS_WITH_AS(coding::apply_pseudonyms(second, key, a.key, false),
                         doctest::Contains("another project"), InputError);
    CHECK_THROWS_WITH_AS(coding::revert_pseudonyms(second, key, a.key),
                         doctest::Contains("another project"), InputError);
    check_same(snapshot(second), before);
    CHECK(!coding::pseudonym_status(second).pseudonymised);
  }

  TEST_CASE("an encrypted key opens with its passphrase only") {
    TempDir dir;
    coding::PseudonymKey key = coding::new_key();
    coding::add_pseudonym(key, {"Marloes"}, std::nullopt, std::nullopt);
    // The lowest Argon2id costs keep the test quick; the command line uses libsodium's
    // interactive ones.
    key.lock = coding::lock_with("goed geheim", 1, 8192);
    coding::save_key(dir / "k", key);
    const std::string bytes = testing::read_file(dir / "k");
    CHECK(bytes.find("Marloes") == std::string::npos);
    CHECK(coding::is_encrypted_key(dir / "k"));
    CHECK_THROWS_WITH_AS(coding::load_key(dir / "k", [] { return std::string("fout"); }),
                         doctest::Contains("wrong passphrase"), InputError);
    const auto opened = coding::load_key(dir / "k", [] { return std::string("goed geheim"); });
    CHECK(opened.id == key.id);
    CHECK(opened.entries.size() == 1);
    // A changed byte in the header fails like a wrong passphrase.
    std::string damaged = bytes;
    damaged[20] = static_cast<char>(damaged[20] ^ 1);
    testing::write_file(dir / "k2", damaged);
    CHECK_THROWS_AS(coding::load_key(dir / "k2", [] { return std::string("goed geheim"); }),
                    InputError);
  }

  TEST_CASE("candidates name speakers, names after titles, organisations, places and numbers") {
    Fixture f;
    const store::Project project = f.open();
    const auto candidates = coding::find_candidates({project.load_document("M01.txt")});
    auto category_of = [&](const std::string& text) -> std::string {
      for (const auto& c : candidates) {
        if (c.text == text) return coding::to_string(c.category);
      }
      return "";
    };
    CHECK(category_of("Marloes") == "person");
    CHECK(category_of("Ingrid") == "person");
    CHECK(category_of("Roos Bakker") == "person");
    CHECK(category_of("ROC Dommeldal") == "organisation");
    CHECK(category_of("Eindhoven") == "place");
    CHECK(category_of("m.devries@dommeldal.nl") == "other");
    CHECK(category_of("06-12345678") == "other");
    CHECK(category_of("6 februari 2024") == "date");
    CHECK(category_of("Interviewer") == "");  // a role, not a name
    CHECK(category_of("De") == "");           // a sentence start of an ordinary word
    for (const auto& c : candidates) {
      if (c.text == "Marloes") {
        CHECK(c.count == 5);  // "Marloes-achtig" counts: a hyphen ends a word
        CHECK(c.context.find("Marloes") != std::string::npos);
        CHECK(c.reasons.find("speaker") != std::string::npos);
      }
    }
  }

  TEST_CASE("the command line adds, lists, applies and reverts with an encrypted key") {
    Fixture f;
    setenv("INZICHT_PASSPHRASE", "een lange zin", 1);
    const std::string key = f.dir / "sleutel.key";
    const auto p = f.project;
    CHECK(inzicht_cli({"-p", p, "pseudonyms", "add", "Marloes", "MARLOES", "--key", key,
                       "--encrypt"}).status == 0);
    CHECK(inzicht_cli({"-p", p, "pseudonyms", "add", "ROC Dommeldal", "Dommeldal", "--key", key,
                       "--category", "organisation"}).status == 0);
    CHECK(inzicht_cli({"-p", p, "pseudonyms", "edit", "Dommeldal", "--key", key, "--as",
                       "[School A]"}).status == 0);
    const auto list = inzicht_cli({"-p", p, "pseudonyms", "list", "--key", key, "--format", "csv"});
    CHECK(list.status == 0);
    CHECK(list.out.find("[School A],organisation,ROC Dommeldal | Dommeldal") != std::string::npos);
    const auto found = inzicht_cli({"-p", p, "pseudonyms", "find", "--key", key, "--new",
                                    "--format", "json"});
    CHECK(found.status == 0);
    CHECK(found.out.find("\"Ingrid\"") != std::string::npos);
    CHECK(found.out.find("\"Marloes\"") == std::string::npos);

    const std::string text_before = snapshot(f.open()).document.text;
    setenv("INZICHT_PASSPHRASE", "verkeerd", 1);
    const auto wrong = inzicht_cli({"-p", p, "pseudonyms", "apply", "--key", key});
    CHECK(wrong.status == 1);
    CHECK(wrong.err.find("wrong passphrase") != std::string::npos);
    CHECK(snapshot(f.open()).document.text == text_before);

    setenv("INZICHT_PASSPHRASE", "een lange zin", 1);
    const auto applied = inzicht_cli({"-p", p, "pseudonyms", "apply", "--key", key});
    CHECK(applied.status == 0);
    CHECK(applied.out.find("Made 7 replacements") != std::string::npos);
    const auto shown = inzicht_cli({"-p", p, "show", "M01"});
    CHECK(shown.out.find("Marloes") == std::string::npos);
    CHECK(shown.out.find("[School A]") != std::string::npos);
    const auto status = inzicht_cli({"-p", p, "pseudonyms", "status"});
    CHECK(status.out.find("pseudonymised at") != std::string::npos);
    CHECK(inzicht_cli({"-p", p, "pseudonyms", "apply", "--key", p}).status == 1);  // the project
    CHECK(inzicht_cli({"-p", p, "pseudonyms", "revert", "--key", key}).status == 0);
    CHECK(snapshot(f.open()).document.text == text_before);
    unsetenv("INZICHT_PASSPHRASE");
  }

  TEST_CASE("the demo corpus goes through apply and revert unchanged") {
    TempDir dir;
    const std::string corpus = std::string(INZICHT_FIXTURES) + "/../../corpus";
    const std::string p = dir / "llo.inzicht";
    REQUIRE(inzicht_cli({"-p", p, "init", "--name", "LLO"}).status == 0);
    REQUIRE(inzicht_cli({"-p", p, "import", corpus + "/learners", "--group", "learner"}).status == 0);
    REQUIRE(inzicht_cli({"-p", p, "import", corpus + "/providers", "--group", "provider"}).status ==
            0);
    std::filesystem::copy_file(corpus + "/../codebooks/llo.yaml", dir / "llo.yaml");
    REQUIRE(inzicht_cli({"-p", p, "codebook", "load", dir / "llo.yaml"}).status == 0);
    REQUIRE(inzicht_cli({"-p", p, "autocode"}).status == 0);

    store::Project project = store::Project::open(p);
    std::vector<model::Document> documents;
    for (const auto& d : project.documents()) documents.push_back(project.load_document(d.name));
    std::map<std::int64_t, std::pair<std::string, Span>> codings_before;
    for (const auto& d : project.documents()) {
      for (const auto& c : project.codings_of(d.name)) codings_before[c.id] = {d.name, c.span};
    }
    REQUIRE(codings_before.size() > 100);
    // Every person and organisation candidate found at least twice goes into the key.
    coding::PseudonymKey key = coding::new_key();
    std::vector<std::string> names;
    for (const auto& c : coding::find_candidates(documents)) {
      if (c.count < 2 || c.category == coding::PseudonymCategory::other) continue;
      try {
        coding::add_pseudonym(key, {c.text}, c.category, std::nullopt);
        names.push_back(c.text);
      } catch (const InputError&) {
        // an original inside a pseudonym ("Persoon"): left out
      }
    }
    REQUIRE(names.size() > 30);
    const std::string key_path = dir / "key.json";
    coding::save_key(key_path, key);
    const coding::PseudonymRun run = coding::apply_pseudonyms(project, key, key_path, false);
    CHECK(run.documents >= 45);
    CHECK(run.replacements > 500);
    CHECK(run.vacuumed);
    CHECK(run.checkpointed);
    const std::string bytes = file_bytes(p) + file_bytes(p + "-wal");
    for (const char* name : {"Marloes", "Ingrid", "Dommelhoeve", "Hanneke"}) {
      CHECK_MESSAGE(bytes.find(name) == std::string::npos, name);
    }
    coding::revert_pseudonyms(project, key, key_path);
    for (const model::Document& d : documents) {
      const model::Document back = project.load_document(d.name);
      CHECK(back.text == d.text);
      REQUIRE(back.turns.size() == d.turns.size());
      for (std::size_t i = 0; i < d.turns.size(); ++i) {
        CHECK(back.turns[i].span == d.turns[i].span);
        CHECK(back.turns[i].speaker == d.turns[i].speaker);
      }
      CHECK(back.sentences.size() == d.sentences.size());
    }
    std::size_t same = 0;
    for (const auto& d : project.documents()) {
      for (const auto& c : project.codings_of(d.name)) {
        same += codings_before.at(c.id) == std::pair<std::string, Span>{d.name, c.span};
      }
    }
    CHECK(same == codings_before.size());
  }
}
