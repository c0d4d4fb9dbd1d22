#include "analysis/review.hpp"

#include <algorithm>
#include <set>

#include "base/strings.hpp"
#include "analysis/requirements.hpp"
#include "base/csv.hpp"
#include "base/error.hpp"

namespace inzicht::analysis {

namespace {

// At most this many problems are listed; a file that is wrong throughout says so with
// a count rather than a screenful.
constexpr std::size_t kMaxProblems = 20;

// Every problem of one file, thrown together so the expert fixes them all in one round.
class Problems {
 public:
  explicit Problems(std::string source) : source_(std::move(source)) {}
  void add(std::size_t line, std::string text) { problems_.push_back({line, std::move(text)}); }
  void throw_if_any() {
    if (problems_.empty()) return;
    std::stable_sort(problems_.begin(), problems_.end(),
                     [](const Problem& a, const Problem& b) { return a.line < b.line; });
    std::string message;
    for (std::size_t i = 0; i < problems_.size() && i < kMaxProblems; ++i) {
      if (!message.empty()) message += '\n';
      message += source_;
      if (problems_[i].line > 0) message += ":" + std::to_string(problems_[i].line);
      message += ": " + problems_[i].text;
    }
    if (problems_.size() > kMaxProblems) {
      message += "\n… and " + std::to_string(problems_.size() - kMaxProblems) + " more problems";
    }
    throw InputError(message);
  }

 private:
  struct Problem {
    std::size_t line;
    std::string text;
  };
  std::string source_;
  std::vector<Problem> problems_;
};

// The header's column positions by name; a missing required column is a problem.
struct Header {
  std::map<std::string, std::size_t> at;
  std::size_t size = 0;
};

std::optional<Header> read_header(const std::vector<CsvRow>& rows,
                                  const std::vector<std::string>& required, Problems& problems) {
  if (rows.empty()) {
    std::string columns;
    for (const std::string& name : required) columns += (columns.empty() ? "" : ",") + name;
    problems.add(0, "empty file; expected a header row with " + columns);
    return std::nullopt;
  }
  Header header;
  header.size = rows.front().fields.size();
  for (std::size_t i = 0; i < header.size; ++i) {
    const std::string name = trim(rows.front().fields[i]);
    if (!header.at.emplace(name, i).second) {
      problems.add(rows.front().line, "column '" + name + "' appears twice");
    }
  }
  bool complete = true;
  for (const std::string& name : required) {
    if (!header.at.count(name)) {
      problems.add(rows.front().line, "missing column '" + name + "'");
      complete = false;
    }
  }
  if (!complete) return std::nullopt;
  return header;
}

bool has_size(const CsvRow& row, const Header& header, Problems& problems) {
  if (row.fields.size() == header.size) return true;
  problems.add(row.line, std::to_string(row.fields.size()) + " fields, but the header has " +
                             std::to_string(header.size));
  return false;
}

// Exact comparison of two shares of points: a/b against c/d by cross-multiplying. A share
// of nothing attainable comes after every other.
int compare_shares(std::int64_t a, std::int64_t b, std::int64_t c, std::int64_t d) {
  if (b == 0 || d == 0) return (b == 0) == (d == 0) ? 0 : (b == 0 ? -1 : 1);
  const std::int64_t left = a * d, right = c * b;
  return left < right ? -1 : (left > right ? 1 : 0);
}

// What a score may name: the codebook's requirement ids and the listed sites.
class Known {
 public:
  Known(const model::Codebook& codebook, const std::optional<SiteList>& sites)
      : codebook_(codebook), sites_(sites) {
    for (const RequirementCode& code : requirement_codes(codebook)) requirements_.insert(code.id);
    if (sites) {
      for (const Site& site : sites->sites) site_of_[site.id] = &site;
    }
  }

  // Adds a problem for an unknown requirement id or an unlisted site.
  void check(const ReviewScore& score, Problems& problems) const {
    if (!requirements_.count(score.code)) {
      problems.add(score.line, "unknown requirement '" + score.code + "': " +
                                   (codebook_.find(score.code) ? "the code has no requirement field"
                                                               : "there is no such code"));
    }
    if (sites_ && !site_of_.count(score.site)) {
      problems.add(score.line, "site " + score.site + " is not in " + sites_->source);
    }
  }

  const Site* site(const std::string& id) const {
    const auto found = site_of_.find(id);
    return found == site_of_.end() ? nullptr : found->second;
  }

 private:
  const model::Codebook& codebook_;
  const std::optional<SiteList>& sites_;
  std::set<std::string> requirements_;
  std::map<std::string, const Site*> site_of_;
};

table::Cell pct_cell(const std::optional<double>& pct) {
  if (!pct) return {};
  return *pct;
}

}  // namespace

std::optional<double> Pooled::pct() const {
  if (attainable == 0) return std::nullopt;
  return 100.0 * static_cast<double>(points) / static_cast<double>(attainable);
}

ReviewFile parse_reviews(std::string_view bytes, const std::string& source,
                         const model::Codebook& codebook, const std::optional<SiteList>& sites) {
  const std::vector<CsvRow> rows = read_csv(bytes, source);
  const Known known(codebook, sites);
  Problems problems(source);
  ReviewFile file{source, {}};
  const std::optional<Header> header = read_header(rows, {"site", "code", "score"}, problems);
  if (!header) problems.throw_if_any();
  const auto note = header->at.find("note");
  std::map<std::pair<std::string, std::string>, std::size_t> seen;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const CsvRow& row = rows[r];
    if (!has_size(row, *header, problems)) continue;
    ReviewScore score;
    score.line = row.line;
    score.site = trim(row.fields[header->at.at("site")]);
    score.code = trim(row.fields[header->at.at("code")]);
    if (note != header->at.end()) score.note = row.fields[note->second];
    const std::string value = trim(row.fields[header->at.at("score")]);
    if (score.site.empty()) problems.add(row.line, "the site is empty");
    if (score.code.empty()) problems.add(row.line, "the code is empty");
    if (value == "0" || value == "1" || value == "2") {
      score.score = value[0] - '0';
    } else {
      problems.add(row.line, "score '" + value + "' must be 0, 1 or 2");
    }
    if (score.site.empty() || score.code.empty()) continue;
    known.check(score, problems);
    const auto [first, fresh] = seen.emplace(std::make_pair(score.site, score.code), row.line);
    if (!fresh) {
      problems.add(row.line, "site " + score.site + " is scored on " + score.code +
                                 " already (line " + std::to_string(first->second) + ")");
    }
    file.scores.push_back(std::move(score));
  }
  if (rows.size() == 1) problems.add(rows.front().line, "no scores below the header");
  problems.throw_if_any();
  return file;
}

SiteList parse_sites(std::string_view bytes, const std::string& source) {
  const std::vector<CsvRow> rows = read_csv(bytes, source);
  Problems problems(source);
  SiteList list{source, {}};
  const std::optional<Header> header = read_header(rows, {"site", "type"}, problems);
  if (!header) problems.throw_if_any();
  const auto name = header->at.find("name");
  std::map<std::string, std::size_t> seen;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const CsvRow& row = rows[r];
    if (!has_size(row, *header, problems)) continue;
    Site site;
    site.line = row.line;
    site.id = trim(row.fields[header->at.at("site")]);
    site.level = trim(row.fields[header->at.at("type")]);
    if (name != header->at.end()) site.name = trim(row.fields[name->second]);
    if (site.id.empty()) {
      problems.add(row.line, "the site is empty");
      continue;
    }
    if (site.level.empty()) problems.add(row.line, "site " + site.id + " has no type (its level)");
    const auto [first, fresh] = seen.emplace(site.id, row.line);
    if (!fresh) {
      problems.add(row.line, "site " + site.id + " is listed already (line " +
                                 std::to_string(first->second) + ")");
    }
    list.sites.push_back(std::move(site));
  }
  problems.throw_if_any();
  return list;
}

Weights parse_weights(const std::string& name) {
  if (name == "none") return Weights::none;
  if (name == "learners") return Weights::learners;
  throw InputError("unknown weights '" + name + "' (use none or learners)");
}

Review review(const ReviewFile& reviews, const std::optional<SiteList>& sites,
              const model::Codebook& codebook, const std::map<std::string, std::int64_t>& weights) {
  // parse_reviews checked these already; a ReviewFile made otherwise is checked here.
  Problems problems(reviews.source);
  const Known known(codebook, sites);
  Review result;
  std::map<std::string, std::size_t> site_index;
  std::set<std::string> reviewed, levels;
  for (const ReviewScore& score : reviews.scores) {
    known.check(score, problems);
    reviewed.insert(score.code);
    if (site_index.count(score.site)) continue;
    site_index[score.site] = result.ranking.size();
    SiteScore site;
    site.site = score.site;
    if (const Site* listed = known.site(score.site)) {
      site.name = listed->name;
      site.level = listed->level;
      levels.insert(listed->level);
    }
    result.ranking.push_back(std::move(site));
  }
  problems.throw_if_any();
  result.levels.assign(levels.begin(), levels.end());

  // The themes of the reviewed requirements, in codebook order.
  std::map<std::string, std::size_t> theme_of;  // requirement id → index into result.themes
  for (const RequirementCode& code : requirement_codes(codebook)) {
    if (!reviewed.count(code.id)) continue;
    const std::string theme = code.theme.empty() ? "(none)" : code.theme;
    auto found = std::find_if(result.themes.begin(), result.themes.end(),
                              [&](const ThemeScore& t) { return t.theme == theme; });
    if (found == result.themes.end()) {
      result.themes.push_back({theme, 0, {}, std::vector<Pooled>(result.levels.size())});
      found = result.themes.end() - 1;
    }
    ++found->requirements;
    theme_of[code.id] = static_cast<std::size_t>(found - result.themes.begin());
  }
  // A level's pool: per level with sites, else the one group "all".
  const std::size_t groups = std::max<std::size_t>(result.levels.size(), 1);
  const auto level_of = [&](const SiteScore& site) {
    return sites ? static_cast<std::size_t>(
                       std::lower_bound(result.levels.begin(), result.levels.end(), site.level) -
                       result.levels.begin())
                 : 0;
  };
  const auto level_theme = [&](std::size_t g, std::size_t t) -> Pooled& {
    return sites ? result.themes[t].by_level[g] : result.themes[t].all;
  };
  std::vector<std::vector<Pooled>> site_theme(result.ranking.size(),
                                              std::vector<Pooled>(result.themes.size()));
  std::vector<Pooled> level_total(groups);
  for (const ReviewScore& score : reviews.scores) {
    std::int64_t weight = 1;
    if (!weights.empty()) {
      const auto found = weights.find(score.code);
      weight = found == weights.end() ? 0 : found->second;
    }
    SiteScore& site = result.ranking[site_index.at(score.site)];
    const std::size_t t = theme_of.at(score.code), g = level_of(site);
    Pooled* pools[] = {&site_theme[site_index.at(score.site)][t], &level_total[g],
                       &result.themes[t].all, sites ? &result.themes[t].by_level[g] : nullptr};
    for (Pooled* pooled : pools) {
      if (!pooled) continue;
      pooled->points += weight * score.score;
      pooled->attainable += weight * 2;
    }
    site.points += weight * score.score;
    site.attainable += weight * 2;
    ++site.reviewed;
  }
  for (SiteScore& site : result.ranking) site.pct = Pooled{site.points, site.attainable}.pct();

  // Best first, ties by site id; the per-theme pools follow their site.
  std::vector<std::size_t> order(result.ranking.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const SiteScore &x = result.ranking[a], &y = result.ranking[b];
    const int c = compare_shares(x.points, x.attainable, y.points, y.attainable);
    return c != 0 ? c > 0 : x.site < y.site;
  });
  std::vector<SiteScore> ranking;
  std::vector<std::vector<Pooled>> ranked_theme;
  for (const std::size_t i : order) {
    ranking.push_back(std::move(result.ranking[i]));
    ranked_theme.push_back(std::move(site_theme[i]));
  }
  result.ranking = std::move(ranking);

  // Competition ranks ("1, 2, 2, 4") within `members`, positions in the ranking.
  const auto rank = [&](const std::vector<std::size_t>& members, std::int64_t SiteScore::*field) {
    for (std::size_t k = 0; k < members.size(); ++k) {
      SiteScore& site = result.ranking[members[k]];
      const SiteScore* previous = k > 0 ? &result.ranking[members[k - 1]] : nullptr;
      site.*field = previous && compare_shares(previous->points, previous->attainable, site.points,
                                               site.attainable) == 0
                        ? previous->*field
                        : static_cast<std::int64_t>(k) + 1;
    }
  };
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  rank(order, &SiteScore::rank);
  for (std::size_t g = 0; g < groups; ++g) {
    std::vector<std::size_t> members;
    for (std::size_t i = 0; i < result.ranking.size(); ++i) {
      if (level_of(result.ranking[i]) == g) members.push_back(i);
    }
    rank(members, &SiteScore::level_rank);
    if (members.empty()) continue;
    BestSite best{sites ? result.levels[g] : "all", members.front(), level_total[g], {}};
    for (std::size_t t = 0; t < result.themes.size(); ++t) {
      const Pooled &mine = ranked_theme[best.site][t], &theirs = level_theme(g, t);
      if (mine.attainable == 0 || theirs.attainable == 0) continue;
      if (compare_shares(mine.points, mine.attainable, theirs.points, theirs.attainable) > 0) {
        best.leads.push_back({result.themes[t].theme, *mine.pct(), *theirs.pct()});
      }
    }
    std::stable_sort(best.leads.begin(), best.leads.end(),
                     [](const ThemeLead& a, const ThemeLead& b) {
                       return a.site_pct - a.level_pct > b.site_pct - b.level_pct;
                     });
    result.best.push_back(std::move(best));
  }
  return result;
}

std::vector<table::Sheet> review_sheets(const Review& review) {
  std::vector<table::Sheet> sheets;
  table::Table ranking;
  ranking.columns = {"rank",      "site",   "name",       "level",
                     "score_pct", "points", "attainable", "reviewed"};
  const auto text_or_null = [](const std::string& text) -> table::Cell {
    if (text.empty()) return {};
    return text;
  };
  for (const SiteScore& site : review.ranking) {
    ranking.rows.push_back({site.rank, site.site, text_or_null(site.name), text_or_null(site.level),
                            pct_cell(site.pct), site.points, site.attainable, site.reviewed});
  }
  sheets.push_back({"ranking", std::move(ranking)});

  if (!review.levels.empty()) {
    table::Table by_level;
    by_level.columns = {"level", "rank", "site", "name", "score_pct"};
    for (const std::string& level : review.levels) {
      for (const SiteScore& site : review.ranking) {
        if (site.level != level) continue;
        by_level.rows.push_back(
            {level, site.level_rank, site.site, text_or_null(site.name), pct_cell(site.pct)});
      }
    }
    sheets.push_back({"by_level", std::move(by_level)});
  }

  table::Table themes;
  themes.columns = {"theme", "requirements", "all"};
  themes.columns.insert(themes.columns.end(), review.levels.begin(), review.levels.end());
  for (const ThemeScore& theme : review.themes) {
    std::vector<table::Cell> row = {theme.theme, theme.requirements, pct_cell(theme.all.pct())};
    for (const Pooled& level : theme.by_level) row.push_back(pct_cell(level.pct()));
    themes.rows.push_back(std::move(row));
  }
  sheets.push_back({"themes", std::move(themes)});

  table::Table best;
  best.columns = {"level",           "site", "name", "score_pct", "level_pct", "theme", "theme_pct",
                  "level_theme_pct", "lead"};
  for (const BestSite& level : review.best) {
    const SiteScore& site = review.ranking[level.site];
    const std::vector<table::Cell> head = {level.level, site.site, text_or_null(site.name),
                                            pct_cell(site.pct), pct_cell(level.level_total.pct())};
    if (level.leads.empty()) {
      std::vector<table::Cell> row = head;
      row.resize(best.columns.size());
      best.rows.push_back(std::move(row));
    }
    for (const ThemeLead& lead : level.leads) {
      std::vector<table::Cell> row = head;
      row.insert(row.end(),
                 {lead.theme, lead.site_pct, lead.level_pct, lead.site_pct - lead.level_pct});
      best.rows.push_back(std::move(row));
    }
  }
  sheets.push_back({"best", std::move(best)});
  return sheets;
}

}  // namespace inzicht::analysis
