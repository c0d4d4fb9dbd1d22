#pragma once
// Expert reviews of websites against the UX requirements (analysis/requirements.hpp): an
// expert scores each site on each requirement 0 (absent), 1 (partial) or 2 (complete). A
// site's score is its share of the attainable points, optionally weighting each
// requirement by how many learners voiced the need; sites are ranked overall and per level
// (HBO, MBO: the `type` of sites.csv), themes averaged, and the best site of each level
// set against its level's average per theme.
//
// Files (RFC 4180 CSV with a header row; other columns are ignored):
//   reviews: site,code,score[,note] — code is a requirement id (a code path)
//   sites:   site,type[,name,…]     — type is the site's level
// Every problem is reported with its file and line, all at once; nothing is scored then.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/codebook.hpp"
#include "table/table.hpp"

namespace inzicht::analysis {

struct ReviewScore {
  std::string site;
  std::string code;
  std::int64_t score = 0;  // 0, 1 or 2
  std::string note;
  std::size_t line = 0;  // in the reviews file
};

struct ReviewFile {
  std::string source;
  std::vector<ReviewScore> scores;
};

struct Site {
  std::string id;
  std::string name;
  std::string level;  // the `type` column
  std::size_t line = 0;
};

struct SiteList {
  std::string source;
  std::vector<Site> sites;
};

// Reads a sites file. Throws InputError listing, with `source` and line, a missing column
// (site, type), a row with too few or too many fields, an empty site or type and a site
// listed twice.
SiteList parse_sites(std::string_view bytes, const std::string& source);

// Reads a reviews file and checks it against `codebook` and, when given, `sites`. Throws
// one InputError listing, with `source` and line, every missing column (site, code,
// score), row with too few or too many fields, empty site or code, score other than 0, 1
// or 2, (site, code) pair scored twice, unknown requirement id (no such code, or a code
// without a requirement field) and site missing from `sites`; also for a file without
// rows.
ReviewFile parse_reviews(std::string_view bytes, const std::string& source,
                         const model::Codebook& codebook,
                         const std::optional<SiteList>& sites = std::nullopt);

enum class Weights { none, learners };
// "none" or "learners"; throws InputError otherwise.
Weights parse_weights(const std::string& name);

struct SiteScore {
  std::string site;
  std::string name;             // empty without a sites file
  std::string level;            // empty without a sites file
  std::int64_t points = 0;      // Σ weight × score
  std::int64_t attainable = 0;  // Σ weight × 2
  std::int64_t reviewed = 0;    // requirements scored
  std::optional<double> pct;    // 100 × points / attainable; none when attainable is 0
  std::int64_t rank = 0;        // overall, 1 = best; equal scores share a rank
  std::int64_t level_rank = 0;  // within the level
};

// Points of a group of reviews (a theme, a level, a theme within a level).
struct Pooled {
  std::int64_t points = 0;
  std::int64_t attainable = 0;
  std::optional<double> pct() const;
};

struct ThemeScore {
  std::string theme;
  std::int64_t requirements = 0;  // reviewed requirements of this theme
  Pooled all;
  std::vector<Pooled> by_level;  // per Review::levels
};

struct ThemeLead {
  std::string theme;
  double site_pct = 0;
  double level_pct = 0;
};

struct BestSite {
  std::string level;             // "all" without a sites file
  std::size_t site = 0;          // into Review::ranking
  Pooled level_total;            // every review of the level's sites
  std::vector<ThemeLead> leads;  // themes where the site beats the level, largest lead first
};

struct Review {
  std::vector<std::string> levels;  // sorted; empty without a sites file
  std::vector<SiteScore> ranking;   // best first, ties by site id
  std::vector<ThemeScore> themes;   // in codebook order
  std::vector<BestSite> best;       // per level (or one, "all")
};

// Scores `reviews` against the requirement codes of `codebook`, each weighted by
// `weights[code]` (1 for every code when `weights` is empty, 0 for a code missing from a
// non-empty map). With `sites`, each reviewed site must be listed there and takes its name
// and level from it. A site's and a group's score is its share of the attainable points
// (pooled over its reviews, not averaged over sites); the best site of a level is its top
// ranked one (ties: the first site id). Throws InputError as parse_reviews does for an
// unknown requirement id or a site missing from `sites`.
Review review(const ReviewFile& reviews, const std::optional<SiteList>& sites,
              const model::Codebook& codebook, const std::map<std::string, std::int64_t>& weights);

// The sheets of `review`: ranking, by_level (only with levels), themes, best; see
// docs/cli.md for their columns.
std::vector<table::Sheet> review_sheets(const Review& review);

}  // namespace inzicht::analysis
