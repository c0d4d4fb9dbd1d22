#include "web/routes.hpp"

#include <chrono>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "analysis/agreement.hpp"
#include "analysis/coding_data.hpp"
#include "analysis/cooccurrence.hpp"
#include "analysis/frequencies.hpp"
#include "analysis/query.hpp"
#include "coding/coding.hpp"
#include "coding/workbench.hpp"
#include "base/error.hpp"
#include "report/study_report.hpp"
#include "text/text.hpp"
#include "web/utf16.hpp"

namespace inzicht::web {

namespace {

using nlohmann::json;
using Request = httplib::Request;
using Response = httplib::Response;

constexpr std::size_t kMaxText = 100000;   // a memo, a query
constexpr std::size_t kMaxName = 200;      // a coder, a code name
constexpr int kMaxWait = 25;               // seconds a request for changes may wait

std::string dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// Runs a route, mapping what it throws to a status once for every route.
httplib::Server::Handler route(std::function<json(const Request&)> handler) {
  return [handler = std::move(handler)](const Request& request, Response& response) {
    int status = 200;
    json body;
    try {
      body = handler(request);
    } catch (const InputError& e) {
      status = 400;
      body = {{"error", e.what()}};
    } catch (const json::exception& e) {
      status = 400;
      body = {{"error", std::string("bad JSON: ") + e.what()}};
    } catch (const NotFoundError& e) {
      status = 404;
      body = {{"error", e.what()}};
    } catch (const ConflictError& e) {
      status = 409;
      body = {{"error", e.what()}};
    } catch (const std::exception& e) {
      std::cerr << "inzicht serve: " << request.method << " " << request.path << ": " << e.what()
                << std::endl;
      status = 500;
      body = {{"error", "internal error; the server's log has the details"}};
    }
    response.status = status;
    response.set_content(dump(body), "application/json");
  };
}

// ---- reading requests ---------------------------------------------------------------

json body_of(const Request& request) {
  if (request.get_header_value("Content-Type").rfind("application/json", 0) != 0) {
    throw InputError("the body must be JSON (Content-Type: application/json)");
  }
  json body = json::parse(request.body);
  if (!body.is_object()) throw InputError("the body must be a JSON object");
  return body;
}

std::int64_t integer(const json& body, const char* key) {
  if (!body.contains(key) || !body[key].is_number_integer()) {
    throw InputError(std::string(key) + ": expected a whole number");
  }
  return body[key].get<std::int64_t>();
}

std::optional<std::int64_t> optional_integer(const json& body, const char* key) {
  if (!body.contains(key) || body[key].is_null()) return std::nullopt;
  return integer(body, key);
}

std::string text(const json& body, const char* key, std::size_t limit = kMaxText) {
  if (!body.contains(key) || !body[key].is_string()) {
    throw InputError(std::string(key) + ": expected text");
  }
  std::string value = body[key].get<std::string>();
  if (value.size() > limit) {
    throw InputError(std::string(key) + ": longer than " + std::to_string(limit) + " bytes");
  }
  return value;
}

std::optional<double> optional_number(const json& body, const char* key) {
  if (!body.contains(key) || body[key].is_null()) return std::nullopt;
  if (!body[key].is_number()) throw InputError(std::string(key) + ": expected a number");
  return body[key].get<double>();
}

std::optional<std::string> optional_text(const json& body, const char* key) {
  if (!body.contains(key) || body[key].is_null()) return std::nullopt;
  return text(body, key);
}

std::string coder_of(const json& body) {
  std::string coder = text(body, "coder", kMaxName);
  if (coder.empty()) throw InputError("coder: a name is needed");
  return coder;
}

std::int64_t path_id(const Request& request) {
  try {
    return std::stoll(request.matches[1].str());
  } catch (const std::exception&) {
    throw InputError("the id in the path is not a number");
  }
}

std::int64_t param_integer(const Request& request, const char* key, std::int64_t fallback) {
  if (!request.has_param(key)) return fallback;
  const std::string value = request.get_param_value(key);
  std::size_t used = 0;
  std::int64_t number = 0;
  try {
    number = std::stoll(value, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != value.size()) {
    throw InputError(std::string(key) + ": expected a whole number, not '" + value + "'");
  }
  return number;
}

std::vector<std::string> param_list(const Request& request, const char* key) {
  std::vector<std::string> values;
  for (std::size_t i = 0; i < request.get_param_value_count(key); ++i) {
    std::string value = request.get_param_value(key, i);
    if (value.size() > kMaxText) throw InputError(std::string(key) + ": too long");
    if (!value.empty()) values.push_back(std::move(value));
  }
  return values;
}

std::vector<std::pair<std::string, std::string>> where_of(const Request& request) {
  std::vector<std::pair<std::string, std::string>> where;
  for (const std::string& condition : param_list(request, "where")) {
    const auto equals = condition.find('=');
    if (equals == std::string::npos || equals == 0) {
      throw InputError("where: expected ATTRIBUTE=VALUE, not '" + condition + "'");
    }
    where.emplace_back(condition.substr(0, equals), condition.substr(equals + 1));
  }
  return where;
}

// ---- writing answers ----------------------------------------------------------------

json value_json(const store::AttributeValue& value) {
  if (const auto* i = std::get_if<std::int64_t>(&value)) return *i;
  if (const auto* d = std::get_if<double>(&value)) return *d;
  return std::get<std::string>(value);
}

json table_json(const table::Table& table) {
  json rows = json::array();
  for (const auto& row : table.rows) {
    json out = json::array();
    for (const table::Cell& cell : row) {
      if (const auto* i = std::get_if<std::int64_t>(&cell)) {
        out.push_back(*i);
      } else if (const auto* d = std::get_if<double>(&cell)) {
        out.push_back(*d);
      } else if (const auto* s = std::get_if<std::string>(&cell)) {
        out.push_back(*s);
      } else {
        out.push_back(nullptr);
      }
    }
    rows.push_back(std::move(out));
  }
  return {{"columns", table.columns}, {"rows", rows}};
}

json change_json(const store::LoggedChange& change) {
  return {{"id", change.id},         {"coder", change.coder},
          {"at", change.at},         {"kind", change.kind},
          {"summary", change.summary}, {"document_id", change.document_id ? json(*change.document_id) : json(nullptr)},
          {"state", change.state}};
}

const store::DocumentSummary& document_by_id(const std::vector<store::DocumentSummary>& all,
                                             std::int64_t id) {
  for (const store::DocumentSummary& document : all) {
    if (document.id == id) return document;
  }
  throw NotFoundError("no document with id " + std::to_string(id));
}

// The UTF-16 maps of documents by name, made on first use.
class Utf16Maps {
 public:
  explicit Utf16Maps(const store::Project& project) : project_(project) {
    for (const store::DocumentSummary& d : project.documents()) ids_[d.name] = d.id;
  }
  const Utf16Map& of(const std::string& document) {
    auto found = maps_.find(document);
    if (found == maps_.end()) {
      const std::int64_t id = ids_.at(document);
      const std::string text = project_.document_texts({id}).at(id);
      found = maps_.emplace(document, Utf16Map(text)).first;
    }
    return found->second;
  }
  std::int64_t id(const std::string& document) const { return ids_.at(document); }

 private:
  const store::Project& project_;
  std::map<std::string, std::int64_t> ids_;
  std::map<std::string, Utf16Map> maps_;
};

json span_json(const Utf16Map& map, Span span) {
  return {{"start", map.to_utf16(span.start)}, {"end", map.to_utf16(span.end)}};
}

json memo_json(const store::Memo& memo) {
  return {{"id", memo.id},     {"target_kind", memo.target_kind}, {"target", memo.target},
          {"coder", memo.coder}, {"text", memo.text},             {"created", memo.created}};
}

// ---- routes -------------------------------------------------------------------------

json session(store::Project& project, const std::string& csrf) {
  json coders = json::array();
  for (const auto& [id, name] : project.coder_rows()) coders.push_back(name);
  return {{"project", project.name()},
          {"csrf", csrf},
          {"coders", coders},
          {"last_change", project.last_change()}};
}

json documents(store::Project& project) {
  json out = json::array();
  for (const coding::DocumentListing& listing : coding::document_listings(project)) {
    json attributes = json::object();
    for (const auto& [name, value] : listing.attributes) attributes[name] = value_json(value);
    out.push_back({{"id", listing.document.id},
                   {"name", listing.document.name},
                   {"case", listing.document.case_name},
                   {"format", listing.document.format},
                   {"attributes", attributes},
                   {"words", listing.words},
                   {"turns", listing.document.turns},
                   {"codings", listing.codings_by_coder},
                   {"suggestions", listing.pending_suggestions}});
  }
  return {{"documents", out}};
}

json document(store::Project& project, std::int64_t id) {
  const std::vector<store::DocumentSummary> all = project.documents();
  const store::DocumentSummary& summary = document_by_id(all, id);
  const model::Document loaded = project.load_document(summary.name);
  const Utf16Map map(loaded.text);
  std::map<std::int64_t, std::string> coders;
  for (const auto& [coder_id, name] : project.coder_rows()) coders[coder_id] = name;
  json turns = json::array();
  for (std::size_t i = 0; i < loaded.turns.size(); ++i) {
    const model::Turn& turn = loaded.turns[i];
    json t = span_json(map, turn.span);
    t["index"] = i;
    t["speaker"] = turn.speaker;
    t["role"] = model::to_string(turn.role);
    t["time_ms"] = turn.time_ms ? json(*turn.time_ms) : json(nullptr);
    turns.push_back(std::move(t));
  }
  json codings = json::array();
  for (const store::StoredCoding& c : project.codings_of(summary.name)) {
    json out = span_json(map, c.span);
    out["id"] = c.id;
    out["code_id"] = c.code;
    out["coder"] = coders[c.coder];
    out["memo"] = c.memo ? json(*c.memo) : json(nullptr);
    out["created"] = c.created;
    codings.push_back(std::move(out));
  }
  json memos = json::array();
  for (const store::Memo& memo : project.memos("document", summary.name)) {
    memos.push_back(memo_json(memo));
  }
  json attributes = json::object();
  for (const store::CaseSummary& c : project.cases()) {
    if (c.name != summary.case_name) continue;
    for (const auto& [name, value] : c.attributes) attributes[name] = value_json(value);
  }
  return {{"id", summary.id},      {"name", summary.name},   {"case", summary.case_name},
          {"attributes", attributes}, {"text", loaded.text}, {"length", map.to_utf16(map.size())},
          {"turns", turns},        {"codings", codings},     {"memos", memos}};
}

json search_document(store::Project& project, std::int64_t id, const std::string& query) {
  const std::vector<store::DocumentSummary> all = project.documents();
  const store::DocumentSummary& summary = document_by_id(all, id);
  const std::string text = project.document_texts({summary.id}).at(summary.id);
  const Utf16Map map(text);
  json matches = json::array();
  for (const Span& span : coding::find_in_text(text, query)) matches.push_back(span_json(map, span));
  return {{"matches", matches}};
}

json suggestions_of(store::Project& project, std::int64_t id) {
  const std::vector<store::Suggestion> pending = coding::pending_suggestions(project, id);
  const Utf16Map map(project.document_texts({id}).at(id));
  json out = json::array();
  for (const store::Suggestion& s : pending) {
    json one = span_json(map, s.span);
    one["id"] = s.id;
    one["code_id"] = s.code_id;
    one["code"] = s.code_path;
    one["score"] = s.score;
    one["source"] = s.source;
    one["origin"] = s.origin;
    one["words"] = s.words;
    one["created"] = s.created;
    out.push_back(std::move(one));
  }
  return {{"suggestions", out}};
}

json decision_json(const store::SuggestionDecision& decision) {
  return {{"decided", decision.decided}, {"codings_added", decision.codings_added}};
}

// The span a write names, in code points, snapped to words when asked.
Span span_of(store::Project& project, std::int64_t document_id, const json& body) {
  const std::string text = project.document_texts({document_id}).at(document_id);
  const Utf16Map map(text);
  Span span = map.to_code_points(integer(body, "start"), integer(body, "end"));
  if (body.value("snap", false)) span = coding::snap_to_words(text, span);
  return span;
}

coding::CodingState seen_of(store::Project& project, std::int64_t document_id, const json& body) {
  if (!body.contains("seen") || !body["seen"].is_object()) {
    throw InputError("seen: expected the coding as the page showed it");
  }
  const json& seen = body["seen"];
  const std::string text = project.document_texts({document_id}).at(document_id);
  const Utf16Map map(text);
  return {integer(seen, "code_id"), map.to_code_points(integer(seen, "start"), integer(seen, "end")),
          optional_text(seen, "memo")};
}

std::int64_t document_of_coding(store::Project& project, std::int64_t id) {
  const auto row = project.row("codings", id);
  if (!row) {
    if (project.last_change_of("codings", id)) {
      throw ConflictError("coding " + std::to_string(id) + " no longer exists: it was deleted meanwhile");
    }
    throw NotFoundError("no coding with id " + std::to_string(id));
  }
  return std::get<std::int64_t>(*row->at("document_id"));
}

json codebook(store::Project& project) {
  const model::Codebook book = project.codebook();
  std::map<std::string, std::int64_t> ids;
  std::map<std::string, std::optional<std::int64_t>> parents;
  for (const store::CodeRow& row : project.code_rows()) {
    ids[row.path] = row.id;
    parents[row.path] = row.parent_id;
  }
  std::map<std::string, std::map<std::string, std::int64_t>> counts;  // path → coder → n
  for (const auto& [coder_id, coder] : project.coder_rows()) {
    for (const auto& [path, n] : project.coding_counts({coder})) counts[path][coder] = n;
  }
  std::map<std::string, json> memos;
  for (const store::Memo& memo : project.memos("code")) memos[memo.target].push_back(memo_json(memo));
  json codes = json::array();
  for (const model::Code& code : book.codes) {
    const auto parent = parents[code.path];
    codes.push_back({{"id", ids[code.path]},
                     {"path", code.path},
                     {"name", code.name},
                     {"parent_id", parent ? json(*parent) : json(nullptr)},
                     {"color", code.color ? json(*code.color) : json(nullptr)},
                     {"description", code.description},
                     {"include", code.include},
                     {"exclude", code.exclude},
                     {"examples", code.examples},
                     {"codable", code.codable},
                     {"counts", counts.count(code.path) ? json(counts[code.path]) : json::object()},
                     {"memos", memos.count(code.path) ? memos[code.path] : json::array()}});
  }
  return {{"codes", codes}};
}

json segments(store::Project& project, const Request& request) {
  store::CodingFilter filter;
  filter.code_paths = param_list(request, "code");
  filter.coders = param_list(request, "coder");
  filter.where = where_of(request);
  const auto context = static_cast<int>(param_integer(request, "context", 1));
  if (context < 0 || context > 5) throw InputError("context: 0 to 5 sentences");
  Utf16Maps maps(project);
  json out = json::array();
  for (const coding::Segment& segment : coding::segments(project, filter, context)) {
    json s = span_json(maps.of(segment.coding.document), segment.coding.span);
    s["id"] = segment.coding.id;
    s["document"] = segment.coding.document;
    s["document_id"] = maps.id(segment.coding.document);
    s["case"] = segment.coding.case_name;
    s["code"] = segment.coding.code;
    s["coder"] = segment.coding.coder;
    s["speaker"] = segment.speaker;
    s["text"] = segment.text;
    s["before"] = segment.before;
    s["after"] = segment.after;
    out.push_back(std::move(s));
    if (out.size() >= 5000) break;
  }
  return {{"segments", out}};
}

json query(store::Project& project, const Request& request) {
  const std::string expression = request.get_param_value("q");
  if (expression.empty() || expression.size() > kMaxText) throw InputError("q: a query is needed");
  const analysis::Query parsed = analysis::parse_query(expression);
  analysis::QueryOptions options;
  if (request.has_param("unit")) options.unit = analysis::parse_unit(request.get_param_value("unit"));
  options.coders = param_list(request, "coder");
  const analysis::CodingData data(project);
  const auto found = analysis::run_query(data, parsed, options);
  Utf16Maps maps(project);
  std::vector<std::size_t> documents;
  for (const analysis::QuerySegment& segment : found) documents.push_back(segment.document);
  data.load_texts(documents);
  json out = json::array();
  for (const analysis::QuerySegment& segment : found) {
    const analysis::DocumentInfo& document = data.documents()[segment.document];
    json s = span_json(maps.of(document.name), segment.span);
    s["document"] = document.name;
    s["document_id"] = document.id;
    json codes = json::array();
    for (const std::size_t code : segment.codes) codes.push_back(data.codes()[code].path);
    s["codes"] = codes;
    const text::CodePointIndex index(data.text(segment.document));
    s["text"] = std::string(index.slice(segment.span)).substr(0, 2000);
    out.push_back(std::move(s));
    if (out.size() >= 5000) break;
  }
  return {{"segments", out}, {"total", found.size()}};
}

json glance(store::Project& project, const Request& request) {
  const analysis::CodingData data(project);
  analysis::Selection selection{{}, param_list(request, "coder"), where_of(request)};
  analysis::FrequencyOptions frequency{selection, "", analysis::parse_count("codings")};
  const analysis::CooccurMeasure measure = analysis::parse_cooccur_measure("count");
  const analysis::Cooccurrence cooccur = analysis::cooccurrence(
      data, {selection, analysis::parse_cooccur_scope("overlap"), measure});
  return {{"frequencies", table_json(analysis::frequencies(data, frequency))},
          {"cooccurrence", table_json(analysis::cooccurrence_table(cooccur, measure))}};
}

json agreement(store::Project& project, const Request& request) {
  analysis::AgreementOptions options;
  options.coders = param_list(request, "coder");
  if (options.coders.size() != 2) throw InputError("coder: name two coders");
  options.codes = param_list(request, "code");
  const std::string unit = request.has_param("unit") ? request.get_param_value("unit") : "sentence";
  options.characters = unit == "char";
  if (!options.characters) options.unit = analysis::parse_unit(unit);
  options.speaker = model::parse_speaker(
      request.has_param("speaker") ? request.get_param_value("speaker") : "respondent");
  options.disagreements = true;
  const analysis::CodingData data(project);
  const analysis::AgreementResult result = analysis::agreement(data, options);
  json sheets = json::object();
  for (const table::Sheet& sheet : analysis::agreement_sheets(result)) {
    if (sheet.name == "disagreements") continue;
    sheets[sheet.name] = table_json(sheet.table);
  }
  Utf16Maps maps(project);
  json disagreements = json::array();
  for (const analysis::Disagreement& d : result.disagreements) {
    json out = span_json(maps.of(d.document), d.span);
    out["document"] = d.document;
    out["document_id"] = maps.id(d.document);
    out["code"] = d.code;
    out["coders"] = d.coders;
    out["text"] = d.text;
    disagreements.push_back(std::move(out));
    if (disagreements.size() >= 2000) break;
  }
  return {{"tables", sheets}, {"disagreements", disagreements}};
}

}  // namespace

Api::Api(const std::string& project_path) : project_(store::Project::open(project_path)) {}

void Api::changed() { changes_.notify_all(); }

void Api::stop() {
  {
    std::lock_guard<std::mutex> lock(wait_mutex_);
    stopping_ = true;
  }
  changes_.notify_all();
}

std::int64_t Api::wait_for_change(std::int64_t after, int seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  for (;;) {
    const std::int64_t last = with_project([](store::Project& p) { return p.last_change(); });
    if (last > after || std::chrono::steady_clock::now() >= deadline) return last;
    // Another `serve` on the same file writes without telling us: look again every
    // quarter second; our own writes wake us at once.
    std::unique_lock<std::mutex> lock(wait_mutex_);
    if (stopping_) return last;
    changes_.wait_for(lock, std::chrono::milliseconds(250));
    if (stopping_) return last;
  }
}

void Api::install(httplib::Server& http, const std::string& csrf) {
  // A write runs under the project lock and then wakes those waiting for changes.
  const auto read = [this](auto f) {
    return route([this, f](const Request& request) {
      return with_project([&](store::Project& project) { return f(project, request); });
    });
  };
  const auto write = [this](auto f) {
    return route([this, f](const Request& request) {
      const json body = body_of(request);
      json out = with_project([&](store::Project& project) { return f(project, request, body); });
      changed();
      return out;
    });
  };

  http.Get("/api/session", read([csrf](store::Project& p, const Request&) { return session(p, csrf); }));
  http.Get("/api/documents", read([](store::Project& p, const Request&) { return documents(p); }));
  http.Get(R"(/api/documents/(\d+))",
           read([](store::Project& p, const Request& r) { return document(p, path_id(r)); }));
  http.Get(R"(/api/documents/(\d+)/search)", read([](store::Project& p, const Request& r) {
             const std::string q = r.get_param_value("q");
             if (q.size() > kMaxName) throw InputError("q: longer than 200 bytes");
             return search_document(p, path_id(r), q);
           }));
  http.Get(R"(/api/documents/(\d+)/suggestions)",
           read([](store::Project& p, const Request& r) { return suggestions_of(p, path_id(r)); }));
  http.Get("/api/codebook", read([](store::Project& p, const Request&) { return codebook(p); }));
  http.Get("/api/segments", read([](store::Project& p, const Request& r) { return segments(p, r); }));
  http.Get("/api/query", read([](store::Project& p, const Request& r) { return query(p, r); }));
  http.Get("/api/glance", read([](store::Project& p, const Request& r) { return glance(p, r); }));
  http.Get("/api/agreement",
           read([](store::Project& p, const Request& r) { return agreement(p, r); }));
  http.Get("/api/changes", route([this](const Request& request) {
             const std::int64_t after = param_integer(request, "after", 0);
             const std::int64_t wait = param_integer(request, "wait", 0);
             if (wait < 0 || wait > kMaxWait) throw InputError("wait: 0 to 25 seconds");
             wait_for_change(after, static_cast<int>(wait));
             return with_project([&](store::Project& p) {
               json changes = json::array();
               for (const auto& change : p.changes_after(after, 500)) changes.push_back(change_json(change));
               return json{{"last", p.last_change()}, {"changes", changes}};
             });
           }));
  http.Get("/report", [this](const Request& request, Response& response) {
    try {
      const std::string html = with_project([](store::Project& p) {
        return report::study_report(p, report::StudyReportOptions{});
      });
      // The report is one self-contained file: its styles and charts are inline, and it
      // runs no script.
      response.set_header("Content-Security-Policy",
                          "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                          "frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
      response.set_content(html, "text/html; charset=utf-8");
    } catch (const std::exception& e) {
      std::cerr << "inzicht serve: " << request.path << ": " << e.what() << std::endl;
      response.status = 500;
      response.set_content(dump({{"error", std::string("cannot make the report: ") + e.what()}}),
                           "application/json");
    }
  });

  http.Post("/api/codings", write([](store::Project& p, const Request&, const json& body) {
              const std::int64_t document_id = integer(body, "document_id");
              const auto all = p.documents();
              const store::DocumentSummary& summary = document_by_id(all, document_id);
              const coding::CodingState state{integer(body, "code_id"), span_of(p, document_id, body),
                                              optional_text(body, "memo")};
              const std::int64_t id = coding::add_coding(p, coder_of(body), summary.name, state);
              return json{{"id", id}};
            }));
  http.Patch(R"(/api/codings/(\d+))", write([](store::Project& p, const Request& r, const json& body) {
               const std::int64_t id = path_id(r);
               const std::int64_t document_id = document_of_coding(p, id);
               const coding::CodingState seen = seen_of(p, document_id, body);
               coding::CodingState wanted = seen;
               if (body.contains("code_id")) wanted.code_id = integer(body, "code_id");
               if (body.contains("start") || body.contains("end")) wanted.span = span_of(p, document_id, body);
               if (body.contains("memo")) wanted.memo = optional_text(body, "memo");
               if (wanted.memo && wanted.memo->empty()) wanted.memo.reset();
               coding::change_coding(p, coder_of(body), id, seen, wanted);
               return json{{"id", id}};
             }));
  http.Delete(R"(/api/codings/(\d+))", write([](store::Project& p, const Request& r, const json& body) {
                const std::int64_t id = path_id(r);
                const std::int64_t document_id = document_of_coding(p, id);
                coding::delete_coding(p, coder_of(body), id, seen_of(p, document_id, body));
                return json{{"deleted", id}};
              }));
  http.Post("/api/memos", write([](store::Project& p, const Request&, const json& body) {
              const std::int64_t id = coding::add_memo(p, coder_of(body), text(body, "target_kind", 20),
                                                       integer(body, "target_id"), text(body, "text"));
              return json{{"id", id}};
            }));
  http.Patch(R"(/api/memos/(\d+))", write([](store::Project& p, const Request& r, const json& body) {
               coding::change_memo(p, coder_of(body), path_id(r), text(body, "seen"), text(body, "text"));
               return json{{"id", path_id(r)}};
             }));
  http.Post("/api/codes", write([](store::Project& p, const Request&, const json& body) {
              const std::int64_t id = coding::add_code(p, coder_of(body), optional_integer(body, "parent_id"),
                                                       text(body, "name", kMaxName), optional_text(body, "color"));
              return json{{"id", id}};
            }));
  http.Patch(R"(/api/codes/(\d+))", write([](store::Project& p, const Request& r, const json& body) {
               const std::int64_t id = path_id(r);
               const std::string coder = coder_of(body);
               if (body.contains("name")) coding::rename_code(p, coder, id, text(body, "name", kMaxName));
               if (body.contains("parent_id")) coding::move_code(p, coder, id, optional_integer(body, "parent_id"));
               if (body.contains("color")) coding::recolour_code(p, coder, id, optional_text(body, "color"));
               return json{{"id", id}};
             }));
  http.Post(R"(/api/codes/(\d+)/merge)", write([](store::Project& p, const Request& r, const json& body) {
              coding::merge_codes(p, coder_of(body), path_id(r), integer(body, "into"));
              return json{{"merged", path_id(r)}, {"into", integer(body, "into")}};
            }));
  http.Post(R"(/api/suggestions/(\d+)/(accept|reject))",
            write([](store::Project& p, const Request& r, const json& body) {
              coding::SuggestionPick pick;
              pick.id = path_id(r);
              return decision_json(
                  coding::decide_suggestions(p, coder_of(body), pick, r.matches[2] == "accept"));
            }));
  http.Post(R"(/api/documents/(\d+)/suggestions/(accept|reject))",
            write([](store::Project& p, const Request& r, const json& body) {
              coding::SuggestionPick pick;
              pick.document_id = path_id(r);
              pick.code_id = integer(body, "code_id");
              pick.min_score = optional_number(body, "min_score");
              return decision_json(
                  coding::decide_suggestions(p, coder_of(body), pick, r.matches[2] == "accept"));
            }));
  http.Post("/api/undo", write([](store::Project& p, const Request&, const json& body) {
              const auto change = coding::undo(p, coder_of(body));
              return json{{"change", change ? change_json(*change) : json(nullptr)}};
            }));
  http.Post("/api/redo", write([](store::Project& p, const Request&, const json& body) {
              const auto change = coding::redo(p, coder_of(body));
              return json{{"change", change ? change_json(*change) : json(nullptr)}};
            }));
}

}  // namespace inzicht::web
