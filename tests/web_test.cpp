// Routes of the workbench's server, against an in-process server on an ephemeral port with
// a real HTTP client: authentication, origin and CSRF checks, and each route's good and bad
// input, offsets in UTF-16 as browsers count them.

#include <doctest/doctest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "test_support.hpp"
#include "web/server.hpp"

using namespace inzicht;
using inzicht::testing::inzicht_cli;
using inzicht::testing::TempDir;
using nlohmann::json;

namespace {

// UTF-16 units in `utf8`, as a browser counts a string's length.
std::int64_t utf16_length(std::string_view utf8) {
  std::int64_t units = 0;
  for (const char c : utf8) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte & 0xC0) == 0x80) continue;
    units += byte >= 0xF0 ? 2 : 1;
  }
  return units;
}

// The UTF-16 offset of the first `needle` in `utf8`.
std::int64_t utf16_find(const std::string& utf8, const std::string& needle) {
  const auto at = utf8.find(needle);
  REQUIRE(at != std::string::npos);
  return utf16_length(utf8.substr(0, at));
}

constexpr const char* kCodebook = R"(codebook: test
codes:
  - name: drempels
    codable: false
    color: "#C0392B"
    children:
      - name: kosten
        color: "#E67E22"
      - name: tijd
  - name: hefbomen
    children:
      - name: subsidie
)";

// The same codebook with rules, for `autocode --suggest`: both sentences they match lie
// after the emoji.
constexpr const char* kRulesCodebook = R"(codebook: test
codes:
  - name: drempels
    codable: false
    color: "#C0392B"
    children:
      - name: kosten
        color: "#E67E22"
        rules:
          - keywords: [duur]
      - name: tijd
        rules:
          - keywords: [geen tijd]
  - name: hefbomen
    children:
      - name: subsidie
)";

// A project with one transcript holding an emoji, an accent in NFD and CRLF line ends, a
// codebook, and a server on it.
struct Workbench {
  TempDir dir;
  std::string project = dir / "p.inzicht";
  std::unique_ptr<web::Server> server;
  std::thread thread;
  std::unique_ptr<httplib::Client> client;
  std::string cookie;
  std::string origin;

  std::size_t max_body;

  explicit Workbench(std::size_t body_limit = 4 * 1024 * 1024, const char* codebook = kCodebook)
      : max_body(body_limit) {
    REQUIRE(inzicht_cli({"-p", project, "init"}).status == 0);
    testing::write_file(dir / "anna.txt",
                        "Interviewer: Hoe ging het?\r\n\r\nAnna: Goed \xF0\x9F\x98\x80 maar het "
                        "cafe\xCC\x81 was duur.\r\n\r\nInterviewer: En de tijd?\r\n\r\nAnna: "
                        "Geen tijd naast mijn werk.\r\n");
    REQUIRE(inzicht_cli({"-p", project, "import", dir / "anna.txt", "--group", "learner"}).status == 0);
    testing::write_file(dir / "codebook.yaml", codebook);
    REQUIRE(inzicht_cli({"-p", project, "codebook", "load", dir / "codebook.yaml"}).status == 0);
    start();
  }

  void start() {
    server = std::make_unique<web::Server>(web::ServeOptions{project, 0, max_body});
    thread = std::thread([this] { server->run(); });
    client = std::make_unique<httplib::Client>("127.0.0.1", server->port());
    client->set_read_timeout(30, 0);
    origin = "http://127.0.0.1:" + std::to_string(server->port());
    const auto login = client->Get("/auth?token=" + server->token());
    REQUIRE(login);
    REQUIRE(login->status == 303);
    CHECK(login->get_header_value("Location") == "/");
    const std::string set = login->get_header_value("Set-Cookie");
    CHECK(set.find("HttpOnly") != std::string::npos);
    CHECK(set.find("SameSite=Strict") != std::string::npos);
    cookie = set.substr(0, set.find(';'));
  }
  ~Workbench() { stop(); }

  void stop() {
    server->stop();
    thread.join();
  }
  // A new server on the same project, as after Ctrl-C and `inzicht serve` again.
  void restart() {
    stop();
    start();
  }

  httplib::Headers headers(bool write = false) const {
    httplib::Headers h = {{"Cookie", cookie}};
    if (write) {
      h.emplace("Origin", origin);
      h.emplace("X-Inzicht-CSRF", server->csrf());
    }
    return h;
  }

  std::pair<int, json> get(const std::string& path) {
    const auto response = client->Get(path, headers());
    REQUIRE(response);
    return {response->status, json::parse(response->body)};
  }

  std::pair<int, json> send(const std::string& method, const std::string& path, const json& body) {
    httplib::Result response = method == "POST"    ? client->Post(path, headers(true), body.dump(), "application/json")
                               : method == "PATCH" ? client->Patch(path, headers(true), body.dump(), "application/json")
                                                   : client->Delete(path, headers(true), body.dump(), "application/json");
    REQUIRE(response);
    return {response->status, json::parse(response->body)};
  }

  json document() {
    auto [status, doc] = get("/api/documents/1");
    REQUIRE(status == 200);
    return doc;
  }

  std::int64_t code_id(const std::string& path) {
    const json book = get("/api/codebook").second;  // kept: the loop reads into it
    for (const json& code : book["codes"]) {
      if (code["path"] == path) return code["id"].get<std::int64_t>();
    }
    FAIL("no code " << path);
    return 0;
  }
};

}  // namespace

TEST_SUITE("web") {
  TEST_CASE("a request without the session cookie gets 401, and a wrong token no cookie") {
    Workbench bench;
    httplib::Client anonymous("127.0.0.1", bench.server->port());
    for (const char* path : {"/", "/app.js", "/api/documents", "/api/session", "/report"}) {
      const auto response = anonymous.Get(path);
      REQUIRE(response);
      CHECK(response->status == 401);
      CHECK(json::parse(response->body).contains("error"));
    }
    const auto wrong = anonymous.Get("/auth?token=abc");
    REQUIRE(wrong);
    CHECK(wrong->status == 401);
    CHECK(!wrong->has_header("Set-Cookie"));
    const auto forged = anonymous.Get("/api/session", {{"Cookie", "inzicht_session=" + bench.server->token()}});
    CHECK(forged->status == 401);
  }

  TEST_CASE("every answer carries a strict content security policy and no framing") {
    Workbench bench;
    const auto page = bench.client->Get("/", bench.headers());
    REQUIRE(page);
    CHECK(page->status == 200);
    const std::string csp = page->get_header_value("Content-Security-Policy");
    CHECK(csp.find("script-src 'self'") != std::string::npos);
    CHECK(csp.find("unsafe-inline") == std::string::npos);
    CHECK(csp.find("unsafe-eval") == std::string::npos);
    CHECK(page->get_header_value("X-Frame-Options") == "DENY");
    CHECK(page->get_header_value("X-Content-Type-Options") == "nosniff");
    CHECK(page->body.find("<script src=\"/app.js\"") != std::string::npos);
    const auto script = bench.client->Get("/app.js", bench.headers());
    CHECK(script->status == 200);
    CHECK(script->get_header_value("Content-Type").rfind("text/javascript", 0) == 0);
  }

  TEST_CASE("a write from a foreign origin or without the CSRF header gets 403 and changes nothing") {
    Workbench bench;
    const json body = {{"coder", "ann"}, {"parent_id", nullptr}, {"name", "nieuw"}};
    httplib::Headers foreign = {{"Cookie", bench.cookie}, {"Origin", "http://evil.example"},
                                {"X-Inzicht-CSRF", bench.server->csrf()}};
    auto response = bench.client->Post("/api/codes", foreign, body.dump(), "application/json");
    CHECK(response->status == 403);
    httplib::Headers no_origin = {{"Cookie", bench.cookie}, {"X-Inzicht-CSRF", bench.server->csrf()}};
    response = bench.client->Post("/api/codes", no_origin, body.dump(), "application/json");
    CHECK(response->status == 403);
    httplib::Headers no_csrf = {{"Cookie", bench.cookie}, {"Origin", bench.origin}};
    response = bench.client->Post("/api/codes", no_csrf, body.dump(), "application/json");
    CHECK(response->status == 403);
    CHECK(json::parse(response->body)["error"].get<std::string>().find("CSRF") != std::string::npos);
    httplib::Headers rebound = bench.headers(true);
    rebound.emplace("Host", "evil.example:" + std::to_string(bench.server->port()));
    response = bench.client->Get("/api/session", rebound);
    CHECK(response->status == 403);
    CHECK(bench.get("/api/codebook").second["codes"].size() == 5);
  }

  TEST_CASE("a coding made with UTF-16 offsets is what inzicht segments prints") {
    Workbench bench;
    const json doc = bench.document();
    const std::string text = doc["text"];
    CHECK(text.find("caf\xC3\xA9") != std::string::npos);  // NFC
    CHECK(text.find('\r') == std::string::npos);
    CHECK(doc["length"] == utf16_length(text));
    CHECK(doc["turns"].size() == 4);
    CHECK(doc["turns"][0]["role"] == "interviewer");
    const std::int64_t start = utf16_find(text, "caf\xC3\xA9");
    const std::int64_t end = utf16_find(text, " was duur") + 9;
    auto [status, made] = bench.send("POST", "/api/codings",
                                     {{"coder", "ann"}, {"document_id", 1},
                                      {"code_id", bench.code_id("drempels/kosten")},
                                      {"start", start}, {"end", end}});
    REQUIRE(status == 200);
    const auto segments = inzicht_cli({"-p", bench.project, "segments", "--format", "json"});
    REQUIRE(segments.status == 0);
    const json rows = json::parse(segments.out);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["text"] == "caf\xC3\xA9 was duur");
    CHECK(rows[0]["coder"] == "ann");
    const json again = bench.document();
    REQUIRE(again["codings"].size() == 1);
    CHECK(again["codings"][0]["start"] == start);
    CHECK(again["codings"][0]["end"] == end);
    CHECK(again["codings"][0]["id"] == made["id"]);

    SUBCASE("an offset inside the emoji's surrogate pair is refused") {
      const std::int64_t emoji = utf16_find(text, "\xF0\x9F\x98\x80");
      auto [bad, error] = bench.send("POST", "/api/codings",
                                     {{"coder", "ann"}, {"document_id", 1},
                                      {"code_id", bench.code_id("drempels/kosten")},
                                      {"start", emoji + 1}, {"end", end}});
      CHECK(bad == 400);
      CHECK(error["error"].get<std::string>().find("surrogate") != std::string::npos);
    }
    SUBCASE("snapping widens a selection to whole words") {
      auto [ok, snapped] = bench.send("POST", "/api/codings",
                                      {{"coder", "ann"}, {"document_id", 1},
                                       {"code_id", bench.code_id("hefbomen/subsidie")},
                                       {"start", start + 1}, {"end", end - 2}, {"snap", true}});
      REQUIRE(ok == 200);
      const json now = bench.document();
      for (const json& c : now["codings"]) {
        if (c["id"] != snapped["id"]) continue;
        CHECK(c["start"] == start);
        CHECK(c["end"] == end);
      }
    }
  }

  TEST_CASE("bad codings get 400 or 404 and change nothing") {
    Workbench bench;
    const std::int64_t kosten = bench.code_id("drempels/kosten");
    const auto post = [&](json body) {
      body["coder"] = "ann";
      return bench.send("POST", "/api/codings", body);
    };
    CHECK(post({{"document_id", 1}, {"code_id", kosten}, {"start", 5}, {"end", 2}}).first == 400);
    CHECK(post({{"document_id", 1}, {"code_id", kosten}, {"start", 0}, {"end", 100000}}).first == 400);
    CHECK(post({{"document_id", 1}, {"code_id", kosten}, {"start", -1}, {"end", 3}}).first == 400);
    CHECK(post({{"document_id", 1}, {"code_id", kosten}, {"start", "0"}, {"end", 3}}).first == 400);
    CHECK(post({{"document_id", 1}, {"code_id", kosten}, {"start", 2}, {"end", 2}}).first == 400);
    CHECK(post({{"document_id", 9}, {"code_id", kosten}, {"start", 0}, {"end", 3}}).first == 404);
    CHECK(post({{"document_id", 1}, {"code_id", 999}, {"start", 0}, {"end", 3}}).first == 404);
    CHECK(post({{"document_id", 1}, {"code_id", bench.code_id("drempels")}, {"start", 0}, {"end", 3}}).first == 400);
    auto [no_coder, e] = bench.send("POST", "/api/codings", {{"document_id", 1}, {"code_id", kosten}, {"start", 0}, {"end", 3}});
    CHECK(no_coder == 400);
    const auto not_json = bench.client->Post("/api/codings", bench.headers(true), "{oops", "application/json");
    CHECK(not_json->status == 400);
    const auto wrong_type = bench.client->Post("/api/codings", bench.headers(true), "{}", "text/plain");
    CHECK(wrong_type->status == 400);
    CHECK(bench.document()["codings"].empty());
    // The same coding twice: it exists already, a conflict with what the project holds.
    CHECK(post({{"document_id", 1}, {"code_id", kosten}, {"start", 0}, {"end", 3}}).first == 200);
    auto [twice, why] = post({{"document_id", 1}, {"code_id", kosten}, {"start", 0}, {"end", 3}});
    CHECK(twice == 409);
    CHECK(why["error"].get<std::string>().find("already") != std::string::npos);
    CHECK(bench.document()["codings"].size() == 1);
    CHECK(bench.get("/api/documents/abc").first == 404);
    CHECK(bench.get("/api/documents/77").first == 404);
    CHECK(bench.get("/api/changes?after=x").first == 400);
    CHECK(bench.get("/api/changes?wait=100").first == 400);
  }

  TEST_CASE("a body over the limit gets 413") {
    Workbench bench(1024);
    const json body = {{"coder", "ann"}, {"name", std::string(4000, 'x')}};
    const auto response = bench.client->Post("/api/codes", bench.headers(true), body.dump(), "application/json");
    REQUIRE(response);
    CHECK(response->status == 413);
    CHECK(bench.get("/api/codebook").second["codes"].size() == 5);
  }

  TEST_CASE("change, move and delete a coding; a stale view gets 409") {
    Workbench bench;
    const std::int64_t kosten = bench.code_id("drempels/kosten");
    const std::int64_t tijd = bench.code_id("drempels/tijd");
    auto [status, made] = bench.send("POST", "/api/codings",
                                     {{"coder", "ann"}, {"document_id", 1}, {"code_id", kosten}, {"start", 13}, {"end", 21}});
    REQUIRE(status == 200);
    const std::string path = "/api/codings/" + std::to_string(made["id"].get<std::int64_t>());
    const json seen = {{"code_id", kosten}, {"start", 13}, {"end", 21}, {"memo", nullptr}};
    auto [changed, c] = bench.send("PATCH", path, {{"coder", "bob"}, {"seen", seen}, {"code_id", tijd}, {"start", 17}, {"end", 21}, {"memo", "duur!"}});
    CHECK(changed == 200);
    json coding = bench.document()["codings"][0];
    CHECK(coding["code_id"] == tijd);
    CHECK(coding["start"] == 17);
    CHECK(coding["memo"] == "duur!");
    // Ann's page still shows the old coding: her change is refused, not applied over Bob's.
    auto [stale, message] = bench.send("PATCH", path, {{"coder", "ann"}, {"seen", seen}, {"code_id", kosten}});
    CHECK(stale == 409);
    CHECK(message["error"].get<std::string>().find("changed meanwhile") != std::string::npos);
    const json now = {{"code_id", tijd}, {"start", 17}, {"end", 21}, {"memo", "duur!"}};
    CHECK(bench.send("DELETE", path, {{"coder", "ann"}, {"seen", now}}).first == 200);
    CHECK(bench.document()["codings"].empty());
    auto [gone, why] = bench.send("DELETE", path, {{"coder", "bob"}, {"seen", now}});
    CHECK(gone == 409);
    CHECK(why["error"].get<std::string>().find("deleted meanwhile") != std::string::npos);
    CHECK(bench.send("DELETE", "/api/codings/4242", {{"coder", "bob"}, {"seen", now}}).first == 404);
  }

  TEST_CASE("undo and redo are per coder and survive a restart of the server") {
    Workbench bench;
    const std::int64_t kosten = bench.code_id("drempels/kosten");
    bench.send("POST", "/api/codings", {{"coder", "ann"}, {"document_id", 1}, {"code_id", kosten}, {"start", 13}, {"end", 21}});
    bench.send("POST", "/api/codings", {{"coder", "bob"}, {"document_id", 1}, {"code_id", kosten}, {"start", 0}, {"end", 5}});
    auto [status, undone] = bench.send("POST", "/api/undo", {{"coder", "ann"}});
    CHECK(status == 200);
    CHECK(undone["change"]["kind"] == "coding.add");
    json codings = bench.document()["codings"];
    REQUIRE(codings.size() == 1);
    CHECK(codings[0]["coder"] == "bob");
    CHECK(bench.send("POST", "/api/undo", {{"coder", "ann"}}).second["change"].is_null());
    bench.restart();
    auto [again, redone] = bench.send("POST", "/api/redo", {{"coder", "ann"}});
    CHECK(again == 200);
    CHECK(redone["change"]["kind"] == "coding.add");
    codings = bench.document()["codings"];
    CHECK(codings.size() == 2);
    CHECK(bench.send("POST", "/api/redo", {{"coder", "ann"}}).second["change"].is_null());
    // A new change after an undo empties the redo stack.
    bench.send("POST", "/api/undo", {{"coder", "bob"}});
    bench.send("POST", "/api/codings", {{"coder", "bob"}, {"document_id", 1}, {"code_id", kosten}, {"start", 1}, {"end", 5}});
    CHECK(bench.send("POST", "/api/redo", {{"coder", "bob"}}).second["change"].is_null());
  }

  TEST_CASE("rename, move, recolour and merge codes: codings follow, undo brings them back") {
    Workbench bench;
    const std::int64_t kosten = bench.code_id("drempels/kosten");
    const std::int64_t tijd = bench.code_id("drempels/tijd");
    const std::int64_t subsidie = bench.code_id("hefbomen/subsidie");
    const std::int64_t hefbomen = bench.code_id("hefbomen");
    bench.send("POST", "/api/codings", {{"coder", "ann"}, {"document_id", 1}, {"code_id", kosten}, {"start", 13}, {"end", 21}});
    bench.send("POST", "/api/codings", {{"coder", "ann"}, {"document_id", 1}, {"code_id", tijd}, {"start", 13}, {"end", 21}});
    bench.send("POST", "/api/codings", {{"coder", "ann"}, {"document_id", 1}, {"code_id", tijd}, {"start", 0}, {"end", 5}});
    const std::string code = "/api/codes/" + std::to_string(kosten);
    CHECK(bench.send("PATCH", code, {{"coder", "ann"}, {"name", "geld"}}).first == 200);
    CHECK(bench.code_id("drempels/geld") == kosten);
    CHECK(bench.send("PATCH", code, {{"coder", "ann"}, {"name", "tijd"}}).first == 400);     // a sibling's name
    CHECK(bench.send("PATCH", code, {{"coder", "ann"}, {"name", "a/b"}}).first == 400);
    CHECK(bench.send("PATCH", code, {{"coder", "ann"}, {"color", "red"}}).first == 400);
    CHECK(bench.send("PATCH", code, {{"coder", "ann"}, {"color", "#00AA00"}}).first == 200);
    CHECK(bench.send("PATCH", "/api/codes/" + std::to_string(hefbomen), {{"coder", "ann"}, {"parent_id", subsidie}}).first == 400);  // below itself
    CHECK(bench.send("PATCH", code, {{"coder", "ann"}, {"parent_id", hefbomen}}).first == 200);
    CHECK(bench.code_id("hefbomen/geld") == kosten);
    auto [merged, m] = bench.send("POST", "/api/codes/" + std::to_string(tijd) + "/merge", {{"coder", "ann"}, {"into", kosten}});
    REQUIRE(merged == 200);
    json codings = bench.document()["codings"];
    CHECK(codings.size() == 2);  // the duplicate at 13:21 went
    for (const json& c : codings) CHECK(c["code_id"] == kosten);  // codings is a local
    CHECK(bench.get("/api/codebook").second["codes"].size() == 4);
    const auto segments = inzicht_cli({"-p", bench.project, "segments", "--code", "hefbomen/geld", "--format", "json"});
    CHECK(json::parse(segments.out).size() == 2);
    CHECK(bench.send("POST", "/api/codes/" + std::to_string(kosten) + "/merge", {{"coder", "ann"}, {"into", kosten}}).first == 400);
    CHECK(bench.send("POST", "/api/codes/999/merge", {{"coder", "ann"}, {"into", kosten}}).first == 404);
    CHECK(bench.send("POST", "/api/undo", {{"coder", "ann"}}).first == 200);  // the merge
    codings = bench.document()["codings"];
    CHECK(codings.size() == 3);
    CHECK(bench.code_id("drempels/tijd") == tijd);
    CHECK(bench.send("POST", "/api/undo", {{"coder", "ann"}}).first == 200);  // the move
    CHECK(bench.code_id("drempels/geld") == kosten);
  }

  TEST_CASE("memos on a document, a code and a coding") {
    Workbench bench;
    const std::int64_t kosten = bench.code_id("drempels/kosten");
    auto [ok, memo] = bench.send("POST", "/api/memos", {{"coder", "ann"}, {"target_kind", "document"}, {"target_id", 1}, {"text", "Eerste indruk: <b>open</b>"}});
    REQUIRE(ok == 200);
    CHECK(bench.document()["memos"][0]["text"] == "Eerste indruk: <b>open</b>");
    CHECK(bench.send("POST", "/api/memos", {{"coder", "ann"}, {"target_kind", "code"}, {"target_id", kosten}, {"text", "Breed opvatten"}}).first == 200);
    CHECK(bench.get("/api/codebook").second["codes"][1]["memos"][0]["text"] == "Breed opvatten");
    CHECK(bench.send("POST", "/api/memos", {{"coder", "ann"}, {"target_kind", "case"}, {"target_id", 1}, {"text", "x"}}).first == 400);
    CHECK(bench.send("POST", "/api/memos", {{"coder", "ann"}, {"target_kind", "document"}, {"target_id", 5}, {"text", "x"}}).first == 404);
    CHECK(bench.send("POST", "/api/memos", {{"coder", "ann"}, {"target_kind", "document"}, {"target_id", 1}, {"text", ""}}).first == 400);
    const std::string path = "/api/memos/" + std::to_string(memo["id"].get<std::int64_t>());
    CHECK(bench.send("PATCH", path, {{"coder", "bob"}, {"seen", "Eerste indruk: <b>open</b>"}, {"text", "Open"}}).first == 200);
    CHECK(bench.send("PATCH", path, {{"coder", "ann"}, {"seen", "Eerste indruk: <b>open</b>"}, {"text", "Dicht"}}).first == 409);
    CHECK(bench.send("PATCH", path, {{"coder", "ann"}, {"seen", "Open"}, {"text", ""}}).first == 200);
    CHECK(bench.document()["memos"].empty());
  }

  TEST_CASE("the change feed lists what others did since a given change") {
    Workbench bench;
    const std::int64_t last = bench.get("/api/session").second["last_change"];
    CHECK(bench.get("/api/changes?after=" + std::to_string(last)).second["changes"].empty());
    bench.send("POST", "/api/codings", {{"coder", "bob"}, {"document_id", 1}, {"code_id", bench.code_id("drempels/tijd")}, {"start", 0}, {"end", 5}});
    // A request waiting for changes returns as soon as there is one.
    auto [status, feed] = bench.get("/api/changes?wait=20&after=" + std::to_string(last));
    CHECK(status == 200);
    REQUIRE(feed["changes"].size() == 1);
    CHECK(feed["changes"][0]["coder"] == "bob");
    CHECK(feed["changes"][0]["document_id"] == 1);
    CHECK(feed["last"] > last);
  }

  TEST_CASE("search, retrieval, queries, the glance tables and agreement") {
    Workbench bench;
    const std::int64_t tijd = bench.code_id("drempels/tijd");
    const json doc = bench.document();
    const std::string text = doc["text"];
    const std::int64_t geen = utf16_find(text, "Geen tijd");
    bench.send("POST", "/api/codings", {{"coder", "ann"}, {"document_id", 1}, {"code_id", tijd}, {"start", geen}, {"end", geen + 9}});
    bench.send("POST", "/api/codings", {{"coder", "bob"}, {"document_id", 1}, {"code_id", tijd}, {"start", 0}, {"end", 5}});
    auto [found, matches] = bench.get("/api/documents/1/search?q=CAFE");
    CHECK(found == 200);
    REQUIRE(matches["matches"].size() == 1);
    CHECK(matches["matches"][0]["start"] == utf16_find(text, "caf\xC3\xA9"));
    CHECK(matches["matches"][0]["end"] == utf16_find(text, " was duur"));
    auto [ok, segments] = bench.get("/api/segments?code=drempels&coder=ann&where=group%3Dlearner");
    CHECK(ok == 200);
    REQUIRE(segments["segments"].size() == 1);
    CHECK(segments["segments"][0]["text"] == "Geen tijd");
    CHECK(segments["segments"][0]["start"] == geen);
    CHECK(bench.get("/api/segments?where=group%3Dprovider").second["segments"].empty());
    CHECK(bench.get("/api/segments?where=nogroup").first == 400);
    auto [q, query] = bench.get("/api/query?q=drempels/tijd&unit=sentence");
    CHECK(q == 200);
    CHECK(query["total"].get<int>() >= 1);
    CHECK(bench.get("/api/query?q=drempels%20AND%20(").first == 400);
    CHECK(bench.get("/api/query?q=onbekend").first == 404);
    auto [g, glance] = bench.get("/api/glance");
    CHECK(g == 200);
    CHECK(glance["frequencies"]["columns"].size() > 2);
    auto [a, agreement] = bench.get("/api/agreement?coder=ann&coder=bob&unit=sentence&speaker=any");
    CHECK(a == 200);
    CHECK(!agreement["disagreements"].empty());
    CHECK(bench.get("/api/agreement?coder=ann").first == 400);
  }

  TEST_CASE("a suggestion accepted in the workbench is a coding that inzicht segments prints, and undo takes it back") {
    Workbench bench(4 * 1024 * 1024, kRulesCodebook);
    REQUIRE(inzicht_cli({"-p", bench.project, "autocode", "--suggest"}).status == 0);
    const std::string text = bench.document()["text"];
    auto [status, listed] = bench.get("/api/documents/1/suggestions");
    REQUIRE(status == 200);
    const json& pending = listed["suggestions"];
    REQUIRE(pending.size() == 2);
    const json& duur = pending[0];
    CHECK(duur["code"] == "drempels/kosten");
    CHECK(duur["code_id"] == bench.code_id("drempels/kosten"));
    CHECK(duur["source"] == "rule");
    CHECK(duur["origin"] == "drempels/kosten#1");
    CHECK(duur["words"] == json::array({"duur"}));
    CHECK(duur["score"] == 1.0);
    // The sentence after the emoji, in UTF-16 units as the page counts them.
    const std::int64_t start = utf16_find(text, "Goed");
    const std::int64_t end = utf16_find(text, "duur.") + 5;
    CHECK(duur["start"] == start);
    CHECK(duur["end"] == end);
    CHECK(pending[1]["code"] == "drempels/tijd");
    CHECK(bench.get("/api/documents").second["documents"][0]["suggestions"] == 2);

    const std::string accept = "/api/suggestions/" + std::to_string(duur["id"].get<std::int64_t>()) + "/accept";
    auto [ok, decision] = bench.send("POST", accept, {{"coder", "ann"}});
    REQUIRE(ok == 200);
    CHECK(decision["decided"] == 1);
    CHECK(decision["codings_added"] == 1);
    const json codings = bench.document()["codings"];
    REQUIRE(codings.size() == 1);
    CHECK(codings[0]["coder"] == "ann");
    CHECK(codings[0]["start"] == start);
    CHECK(codings[0]["end"] == end);
    const auto segments = inzicht_cli({"-p", bench.project, "segments", "--format", "json"});
    REQUIRE(segments.status == 0);
    const json rows = json::parse(segments.out);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["text"] == "Goed \xF0\x9F\x98\x80 maar het caf\xC3\xA9 was duur.");
    CHECK(rows[0]["code"] == "drempels/kosten");
    CHECK(rows[0]["coder"] == "ann");
    const auto state = [&] {
      const auto listing = inzicht_cli({"-p", bench.project, "suggestions", "list", "--format", "json"});
      REQUIRE(listing.status == 0);
      return json::parse(listing.out);
    };
    CHECK(state()[0]["state"] == "accepted");
    CHECK(state()[0]["decided_by"] == "ann");
    CHECK(bench.get("/api/documents/1/suggestions").second["suggestions"].size() == 1);

    // Deciding it again: it is decided already, and nothing changes.
    auto [again, why] = bench.send("POST", accept, {{"coder", "bob"}});
    CHECK(again == 409);
    CHECK(why["error"].get<std::string>().find("accepted already") != std::string::npos);
    CHECK(bench.document()["codings"].size() == 1);

    // Undo takes back the coding and makes the suggestion pending again; redo repeats it.
    auto [undone, change] = bench.send("POST", "/api/undo", {{"coder", "ann"}});
    REQUIRE(undone == 200);
    CHECK(change["change"]["kind"] == "suggestion.accept");
    CHECK(bench.document()["codings"].empty());
    CHECK(state()[0]["state"] == "pending");
    CHECK(state()[0]["decided_by"] == "");
    CHECK(bench.get("/api/documents/1/suggestions").second["suggestions"].size() == 2);
    CHECK(bench.send("POST", "/api/redo", {{"coder", "ann"}}).first == 200);
    CHECK(bench.document()["codings"].size() == 1);
    CHECK(state()[0]["state"] == "accepted");
  }

  TEST_CASE("reject one suggestion, accept all of a code at or above a score") {
    Workbench bench(4 * 1024 * 1024, kRulesCodebook);
    REQUIRE(inzicht_cli({"-p", bench.project, "autocode", "--suggest"}).status == 0);
    const json pending = bench.get("/api/documents/1/suggestions").second["suggestions"];
    REQUIRE(pending.size() == 2);
    auto [ok, rejected] = bench.send("POST", "/api/suggestions/" + std::to_string(pending[1]["id"].get<std::int64_t>()) + "/reject", {{"coder", "bob"}});
    REQUIRE(ok == 200);
    CHECK(rejected["decided"] == 1);
    CHECK(rejected["codings_added"] == 0);
    CHECK(bench.document()["codings"].empty());
    const std::int64_t kosten = bench.code_id("drempels/kosten");
    const std::string all = "/api/documents/1/suggestions/accept";
    // Rules score 1: above that nothing is decided.
    auto [none, nothing] = bench.send("POST", all, {{"coder", "bob"}, {"code_id", kosten}, {"min_score", 1.5}});
    CHECK(none == 200);
    CHECK(nothing["decided"] == 0);
    // bob codes the passage by hand first: accepting keeps that coding, adds none.
    bench.send("POST", "/api/codings", {{"coder", "bob"}, {"document_id", 1}, {"code_id", kosten}, {"start", pending[0]["start"]}, {"end", pending[0]["end"]}});
    auto [some, decided] = bench.send("POST", all, {{"coder", "bob"}, {"code_id", bench.code_id("drempels")}, {"min_score", 1}});
    CHECK(some == 200);
    CHECK(decided["decided"] == 1);
    CHECK(decided["codings_added"] == 0);
    CHECK(bench.document()["codings"].size() == 1);
    CHECK(bench.get("/api/documents/1/suggestions").second["suggestions"].empty());
    const auto listing = inzicht_cli({"-p", bench.project, "suggestions", "list", "--format", "json"});
    const json rows = json::parse(listing.out);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0]["state"] == "accepted");
    CHECK(rows[1]["state"] == "rejected");
    CHECK(rows[1]["decided_by"] == "bob");
    // Undo takes back bob's latest change, the acceptance: the suggestion is pending again,
    // and his coding by hand stays.
    CHECK(bench.send("POST", "/api/undo", {{"coder", "bob"}}).second["change"]["kind"] == "suggestion.accept");
    CHECK(bench.get("/api/documents/1/suggestions").second["suggestions"].size() == 1);
    CHECK(bench.document()["codings"].size() == 1);
  }

  TEST_CASE("bad suggestion requests get 4xx with a message and change nothing") {
    Workbench bench(4 * 1024 * 1024, kRulesCodebook);
    REQUIRE(inzicht_cli({"-p", bench.project, "autocode", "--suggest"}).status == 0);
    const std::int64_t last = bench.get("/api/session").second["last_change"];
    const std::int64_t kosten = bench.code_id("drempels/kosten");
    const auto expect = [&](int status, const std::string& path, const json& body) {
      auto [got, answer] = bench.send("POST", path, body);
      CHECK_MESSAGE(got == status, path << " " << body.dump());
      CHECK(answer.contains("error"));
    };
    expect(404, "/api/suggestions/4242/accept", {{"coder", "ann"}});
    expect(404, "/api/suggestions/abc/accept", {{"coder", "ann"}});
    expect(400, "/api/suggestions/99999999999999999999999/accept", {{"coder", "ann"}});
    expect(404, "/api/suggestions/1/approve", {{"coder", "ann"}});
    expect(400, "/api/suggestions/1/reject", json::object());
    expect(400, "/api/suggestions/1/reject", {{"coder", ""}});
    const std::string all = "/api/documents/1/suggestions/accept";
    expect(400, all, {{"coder", "ann"}});
    expect(400, all, {{"coder", "ann"}, {"code_id", "kosten"}});
    expect(400, all, {{"coder", "ann"}, {"code_id", kosten}, {"min_score", "high"}});
    expect(404, all, {{"coder", "ann"}, {"code_id", 999}});
    expect(404, "/api/documents/9/suggestions/reject", {{"coder", "ann"}, {"code_id", kosten}});
    CHECK(bench.get("/api/documents/9/suggestions").first == 404);
    const auto no_csrf = bench.client->Post("/api/suggestions/1/accept", {{"Cookie", bench.cookie}, {"Origin", bench.origin}},
                                            json{{"coder", "ann"}}.dump(), "application/json");
    CHECK(no_csrf->status == 403);
    CHECK(bench.get("/api/documents/1/suggestions").second["suggestions"].size() == 2);
    CHECK(bench.document()["codings"].empty());
    CHECK(bench.get("/api/session").second["last_change"] == last);
  }
}

