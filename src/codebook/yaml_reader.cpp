// Reading the YAML codebook: every problem is collected with its line before one
// InputError is thrown, so a researcher fixes a codebook in one round.

#include "codebook/yaml_reader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <string_view>

#include "base/error.hpp"
#include "base/strings.hpp"
#include "codebook/checks.hpp"
#include "codebook/codebook_io.hpp"
#include "codebook/yaml_load.hpp"
#include "text/text.hpp"

namespace inzicht::codebook {
namespace {

using Keys = std::vector<std::string_view>;

const Keys kRootKeys = {"codebook", "codes"};
const Keys kCodeKeys = {"name",    "id",       "description", "codable", "color",   "include",
                        "exclude", "examples", "fields",      "rules",   "children"};
const Keys kRuleKeys = {"keywords",       "all",   "any",     "not",  "near", "regex",
                        "case_sensitive", "scope", "speaker", "stem", "where"};
const Keys kNearKeys = {"terms", "within"};
const Keys kScopes = {"sentence", "paragraph", "turn"};
const Keys kSpeakers = {"respondent", "interviewer", "any"};

// Deeper trees than this are a mistake (or an attack), not a codebook.
constexpr int kMaxDepth = 64;
// More codes than this are an attack, not a codebook (the LLO codebook has about 150).
constexpr std::size_t kMaxCodes = 100'000;
bool contains(const Keys& keys, std::string_view key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

// Block scalars (`|`, `>`) end in a newline that is not part of the text.
std::string chomp(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

bool is_blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// One `key: value` of a mapping; `line` is the key's line, which is also right for an
// empty value (yaml-cpp marks those at the next token).
struct Entry {
  YAML::Node key;
  YAML::Node value;
  int line = 0;
};

using Entries = std::map<std::string, Entry, std::less<>>;

class Reader {
 public:
  explicit Reader(Problems& problems) : problems_(problems) {}

  ParsedYaml read(const YAML::Node& root) {
    if (!root.IsMap()) {
      problem(std::max(line_of(root), 1),
              std::string("the top level must be a mapping with 'codes:', not ") + kind_of(root));
      return std::move(parsed_);
    }
    Entries entries = known_entries(root, kRootKeys, "at the top level");
    if (const Entry* name = find(entries, "codebook")) {
      if (auto text = scalar(*name, "codebook")) parsed_.codebook.name = chomp(*text);
    }
    if (const Entry* codes = find(entries, "codes")) {
      read_codes(*codes, "", 0);
    } else {
      problem(std::max(line_of(root), 1), "no 'codes:' list at the top level");
    }
    return std::move(parsed_);
  }

 private:
  void problem(int line, std::string text) { problems_.add(line, std::move(text)); }

  static const Entry* find(const Entries& entries, std::string_view key) {
    const auto it = entries.find(key);
    return it == entries.end() ? nullptr : &it->second;
  }

  // The entries of `map` with known keys; unknown, duplicate and non-text keys are
  // reported. `where` completes "unknown key 'x' …".
  Entries known_entries(const YAML::Node& map, const Keys& keys, std::string_view where) {
    Entries entries;
    for (auto it = map.begin(); it != map.end(); ++it) {
      const int line = line_of(it->first);
      if (!it->first.IsScalar()) {
        problem(line, "a key must be a word, not " + std::string(kind_of(it->first)));
        continue;
      }
      const std::string key = it->first.Scalar();
      if (!contains(keys, key)) {
        problem(line, unknown_key_message(key, keys, where));
        continue;
      }
      const auto [existing, added] = entries.emplace(key, Entry{it->first, it->second, line});
      if (!added) {
        problem(line, "duplicate key " + quoted(key) + " (first at line " +
                          std::to_string(existing->second.line) + ")");
      }
    }
    return entries;
  }

  static std::string unknown_key_message(const std::string& key, const Keys& keys,
                                         std::string_view where) {
    std::string message = "unknown key " + quoted(key) + " " + std::string(where);
    if (auto guess = did_you_mean(key, keys))
      return message + " (did you mean " + quoted(*guess) + "?)";
    if (&keys == &kCodeKeys) {
      if (auto rule_key = did_you_mean(key, kRuleKeys)) {
        return message + " (" + quoted(*rule_key) +
               " is a rule key; rules go in a list under 'rules:')";
      }
    }
    if (&keys == &kRuleKeys) {
      if (auto code_key = did_you_mean(key, kCodeKeys)) {
        return message + " (" + quoted(*code_key) + " is a key of a code: check the indentation)";
      }
    }
    std::string known;
    for (std::string_view k : keys) known += (known.empty() ? "" : ", ") + std::string(k);
    return message + " (known keys: " + known + ")";
  }

  // The text of a scalar value; an empty value gives "".
  std::optional<std::string> scalar(const Entry& entry, std::string_view key) {
    if (entry.value.IsNull()) return std::string();
    if (!entry.value.IsScalar()) {
      problem(entry.line, quoted(key) + " must be text, not " + kind_of(entry.value));
      return std::nullopt;
    }
    return entry.value.Scalar();
  }

  std::optional<bool> boolean(const Entry& entry, std::string_view key) {
    bool value = false;
    if (!entry.value.IsScalar() || !YAML::convert<bool>::decode(entry.value, value)) {
      problem(entry.line, quoted(key) + " must be true or false");
      return std::nullopt;
    }
    return value;
  }

  // include/exclude/examples: one text or a list of texts.
  std::vector<std::string> text_list(const Entry& entry, std::string_view key) {
    std::vector<std::string> items;
    if (entry.value.IsNull()) return items;
    if (entry.value.IsScalar()) {
      items.push_back(chomp(entry.value.Scalar()));
    } else if (entry.value.IsSequence()) {
      for (const YAML::Node& item : entry.value) {
        if (!item.IsScalar()) {
          problem(line_of(item),
                  "the items of " + quoted(key) + " must be text, not " + kind_of(item));
          continue;
        }
        items.push_back(chomp(item.Scalar()));
      }
    } else {
      problem(entry.line, quoted(key) + " must be a text or a list of texts, not a mapping");
      return items;
    }
    if (std::any_of(items.begin(), items.end(), [](const std::string& s) { return is_blank(s); })) {
      problem(entry.line, quoted(key) + " has an empty item");
    }
    return items;
  }

  // keywords/all/any/not/near.terms: one term or a list of terms, at least one.
  std::vector<std::string> term_list(const YAML::Node& value, int line, const std::string& key) {
    std::vector<std::string> terms;
    if (value.IsScalar()) {
      const std::string term = value.Scalar();
      if (term.find(", ") != std::string::npos) {
        problem(line, quoted(key) + ": " + quoted(term) +
                          " is one term; write several as a list: [a, b]");
      }
      terms.push_back(term);
    } else if (value.IsSequence()) {
      for (const YAML::Node& item : value) {
        if (!item.IsScalar()) {
          problem(line_of(item),
                  "the terms of " + quoted(key) + " must be text, not " + kind_of(item));
          continue;
        }
        terms.push_back(item.Scalar());
      }
    } else if (value.IsMap()) {
      problem(line, quoted(key) + " must be a list of terms, not a mapping");
      return terms;
    }
    if (terms.empty() && (value.IsNull() || value.size() == 0)) {
      problem(line, quoted(key) + " is empty: give at least one term");
    }
    for (const std::string& term : terms) {
      if (auto why = term_problem(term)) problem(line, quoted(key) + ": " + *why);
    }
    return terms;
  }

  // A value from a fixed set, such as a scope.
  template <typename Enum>
  std::optional<Enum> choice(const Entry& entry, std::string_view key, const Keys& values) {
    const std::string value = entry.value.IsScalar() ? entry.value.Scalar() : "";
    const auto it = std::find(values.begin(), values.end(), value);
    if (it != values.end()) return static_cast<Enum>(it - values.begin());
    std::string message = "unknown " + std::string(key) + " " +
                          quoted(entry.value.IsScalar() ? value : kind_of(entry.value)) + " (";
    for (std::size_t i = 0; i < values.size(); ++i) {
      message += std::string(i == 0                   ? ""
                             : i + 1 == values.size() ? " or "
                                                      : ", ") +
                 std::string(values[i]);
    }
    message += ")";
    if (auto guess = did_you_mean(value, values))
      message += "; did you mean " + quoted(*guess) + "?";
    problem(entry.line, message);
    return std::nullopt;
  }

  void read_codes(const Entry& list, const std::string& parent_path, int depth) {
    if (list.value.IsNull()) return;
    if (!list.value.IsSequence()) {
      problem(list.line, quoted(list.key.Scalar()) +
                             " must be a list of codes ('- name: …'), not " + kind_of(list.value));
      return;
    }
    for (const YAML::Node& item : list.value) read_code(item, parent_path, depth);
  }

  void read_code(const YAML::Node& node, const std::string& parent_path, int depth) {
    const int line = line_of(node);
    if (!node.IsMap()) {
      problem(line,
              std::string("a code must be a mapping starting with 'name:', not ") + kind_of(node));
      return;
    }
    if (depth >= kMaxDepth) {
      problem(line, "codes nested deeper than " + std::to_string(kMaxDepth) + " levels");
      return;
    }
    if (++codes_read_ > kMaxCodes) {
      if (codes_read_ == kMaxCodes + 1) {
        problem(line, "more than " + std::to_string(kMaxCodes) + " codes; this is not a codebook");
      }
      return;
    }
    const Entries entries = known_entries(node, kCodeKeys, "in a code");
    model::Code code;
    CodeSite site;
    code.line = line;
    site.flow = node.Style() == YAML::EmitterStyle::Flow;

    // A code without a usable name still has its other keys and children checked.
    std::string name = "?";
    bool named = false;
    if (const Entry* entry = find(entries, "name")) {
      site.name_line = entry->key.Mark().line;
      site.name_column = entry->key.Mark().column;
      if (auto text = scalar(*entry, "name")) {
        *text = chomp(*text);
        if (auto why = name_problem(*text)) {
          problem(entry->line, "bad code name: " + *why);
        } else {
          name = *text;
          named = true;
        }
      }
    } else {
      problem(line, "a code has no 'name'");
    }
    code.name = name;
    code.parent_path = parent_path;
    code.path = parent_path.empty() ? name : parent_path + "/" + name;
    if (named) {
      const auto [first, added] = path_lines_.emplace(code.path, line);
      if (!added) {
        problem(line, "duplicate code path " + quoted(code.path) + " (first at line " +
                          std::to_string(first->second) + ")");
      }
    }

    if (const Entry* entry = find(entries, "id")) {
      site.has_id = true;
      if (auto id = scalar(*entry, "id")) {
        if (!is_guid(*id)) {
          problem(entry->line, "the id " + quoted(*id) + " of " + quoted(code.path) +
                                   " is not a GUID (8-4-4-4-12 hex digits); delete the line "
                                   "and inzicht writes a new one");
        } else {
          std::string folded = *id;
          std::transform(folded.begin(), folded.end(), folded.begin(), [](char c) {
            return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          });
          const auto [first, added] = id_paths_.emplace(folded, code.path);
          if (!added) {
            problem(entry->line, "the id " + *id + " of " + quoted(code.path) +
                                     " is already the id of " + quoted(first->second));
          }
          code.guid = *id;
        }
      }
    }
    if (const Entry* entry = find(entries, "description")) {
      if (auto text = scalar(*entry, "description")) code.description = chomp(*text);
    }
    if (const Entry* entry = find(entries, "codable")) {
      if (auto codable = boolean(*entry, "codable")) code.codable = *codable;
    }
    if (const Entry* entry = find(entries, "color")) {
      if (auto text = scalar(*entry, "color")) {
        if (auto color = normalize_color(*text, false)) {
          code.color = *color;
        } else {
          problem(entry->line, "the colour " + quoted(*text) + " of " + quoted(code.path) +
                                   " must be #RRGGBB (six hex digits, quoted: \"#C0392B\")");
        }
      }
    }
    if (const Entry* entry = find(entries, "include")) code.include = text_list(*entry, "include");
    if (const Entry* entry = find(entries, "exclude")) code.exclude = text_list(*entry, "exclude");
    if (const Entry* entry = find(entries, "examples")) {
      code.examples = text_list(*entry, "examples");
    }
    if (const Entry* entry = find(entries, "fields")) read_fields(*entry, code);
    if (const Entry* entry = find(entries, "rules")) {
      if (entry->value.IsSequence()) {
        for (const YAML::Node& rule : entry->value) {
          if (auto read = read_rule(rule, code.path)) code.rules.push_back(std::move(*read));
        }
        if (!code.codable && entry->value.size() > 0) {
          problem(entry->line, quoted(code.path) +
                                   " has rules but is not codable (codable: false); move the "
                                   "rules to a child code");
        }
      } else if (!entry->value.IsNull()) {
        problem(entry->line, "'rules' must be a list of rules ('- keywords: […]'), not " +
                                 std::string(kind_of(entry->value)));
      }
    }

    const std::string path = code.path;
    parsed_.codebook.codes.push_back(std::move(code));
    parsed_.sites.push_back(site);
    if (const Entry* entry = find(entries, "children")) read_codes(*entry, path, depth + 1);
  }

  void read_fields(const Entry& entry, model::Code& code) {
    if (entry.value.IsNull()) return;
    if (!entry.value.IsMap()) {
      problem(entry.line, "'fields' must be a mapping of names to texts, not " +
                              std::string(kind_of(entry.value)));
      return;
    }
    for (auto it = entry.value.begin(); it != entry.value.end(); ++it) {
      const int line = line_of(it->first);
      if (!it->first.IsScalar() || is_blank(it->first.Scalar())) {
        problem(line, "a field name must be a word");
        continue;
      }
      const std::string name = it->first.Scalar();
      if (!it->second.IsNull() && !it->second.IsScalar()) {
        problem(line, "the field " + quoted(name) + " must be text, not " + kind_of(it->second));
        continue;
      }
      const std::string value = it->second.IsNull() ? "" : chomp(it->second.Scalar());
      if (!code.fields.emplace(name, value).second) {
        problem(line, "duplicate field " + quoted(name));
      }
    }
  }

  // `where: group=learner` or `where: [group=learner, sector=zorg]`: case attributes.
  std::vector<std::pair<std::string, std::string>> read_where(const Entry& entry) {
    std::vector<std::pair<std::string, std::string>> conditions;
    std::vector<std::string> texts;
    if (entry.value.IsScalar()) {
      texts.push_back(entry.value.Scalar());
    } else if (entry.value.IsSequence()) {
      for (const YAML::Node& item : entry.value) {
        if (!item.IsScalar()) {
          problem(entry.line,
                  std::string("'where' must list conditions such as 'group=learner', not ") +
                      kind_of(item));
          return {};
        }
        texts.push_back(item.Scalar());
      }
    }
    if (texts.empty()) {
      problem(entry.line, std::string("'where' must be a case attribute condition such as "
                                      "'group=learner', or a list of them, not ") +
                              kind_of(entry.value));
      return {};
    }
    for (const std::string& text : texts) {
      const std::size_t equals = text.find('=');
      const std::string name = equals == std::string::npos ? "" : trim(text.substr(0, equals));
      if (equals == std::string::npos || name.empty()) {
        problem(entry.line, "'where': " + quoted(text) +
                                " is not ATTRIBUTE=VALUE (for example 'group=learner')");
        continue;
      }
      conditions.emplace_back(name, trim(text.substr(equals + 1)));
    }
    return conditions;
  }

  std::optional<model::Rule> read_rule(const YAML::Node& node, const std::string& path) {
    model::Rule rule;
    rule.line = line_of(node);
    if (!node.IsMap()) {
      problem(rule.line, "a rule of " + quoted(path) +
                             " must be a mapping such as '- keywords: [geen tijd]', not " +
                             kind_of(node));
      return std::nullopt;
    }
    const Entries entries = known_entries(node, kRuleKeys, "in a rule");
    if (const Entry* e = find(entries, "keywords"))
      rule.keywords = term_list(e->value, e->line, "keywords");
    if (const Entry* e = find(entries, "all")) rule.all = term_list(e->value, e->line, "all");
    if (const Entry* e = find(entries, "any")) rule.any = term_list(e->value, e->line, "any");
    if (const Entry* e = find(entries, "not")) rule.not_terms = term_list(e->value, e->line, "not");
    if (const Entry* e = find(entries, "near")) rule.near = read_near(*e);
    if (const Entry* e = find(entries, "regex")) {
      if (auto pattern = scalar(*e, "regex")) {
        if (pattern->empty()) {
          problem(e->line, "'regex' is empty");
        } else {
          rule.regex = *pattern;
        }
      }
    }
    if (const Entry* e = find(entries, "case_sensitive")) {
      if (auto value = boolean(*e, "case_sensitive")) rule.regex_case_sensitive = *value;
      if (!find(entries, "regex")) {
        problem(e->line,
                "'case_sensitive' applies to a 'regex' only; terms always match "
                "regardless of case and accents");
      }
    }
    if (const Entry* e = find(entries, "scope")) {
      if (auto scope = choice<model::Unit>(*e, "scope", kScopes)) rule.scope = *scope;
    }
    if (const Entry* e = find(entries, "speaker")) {
      if (auto speaker = choice<model::SpeakerFilter>(*e, "speaker", kSpeakers)) {
        rule.speaker = *speaker;
      }
    }
    if (const Entry* e = find(entries, "stem")) {
      if (auto stem = boolean(*e, "stem")) rule.stem = *stem;
    }
    if (const Entry* e = find(entries, "where")) rule.where = read_where(*e);
    const bool positive = find(entries, "keywords") || find(entries, "all") ||
                          find(entries, "any") || find(entries, "near") || find(entries, "regex");
    if (!positive) {
      problem(rule.line, "a rule of " + quoted(path) +
                             " has no positive condition (keywords, all, any, near or regex); "
                             "'not' alone only excludes");
    }
    if (rule.regex) {
      try {
        text::Regex check(*rule.regex, !rule.regex_case_sensitive);
      } catch (const InputError& error) {
        problem(find(entries, "regex")->line, error.what());
      }
    }
    return rule;
  }

  std::optional<model::Rule::Near> read_near(const Entry& entry) {
    if (!entry.value.IsMap()) {
      problem(entry.line,
              "'near' must be a mapping such as {terms: [tijd, combineren], "
              "within: 5}, not " +
                  std::string(kind_of(entry.value)));
      return std::nullopt;
    }
    const Entries entries = known_entries(entry.value, kNearKeys, "in 'near'");
    model::Rule::Near near;
    if (const Entry* e = find(entries, "terms")) {
      near.terms = term_list(e->value, e->line, "near.terms");
      if (near.terms.size() == 1) problem(e->line, "'near.terms' needs at least two terms");
    } else {
      problem(entry.line, "'near' has no 'terms'");
    }
    if (const Entry* e = find(entries, "within")) {
      int within = 0;
      if (!e->value.IsScalar() || !YAML::convert<int>::decode(e->value, within)) {
        problem(e->line, "'near.within' must be a whole number of words");
      } else if (within < 1) {
        problem(e->line, "'near.within' must be at least 1, not " + std::to_string(within));
      } else {
        near.within = within;
      }
    }
    return near;
  }

  Problems& problems_;
  std::size_t codes_read_ = 0;
  ParsedYaml parsed_;
  std::map<std::string, int> path_lines_;
  std::map<std::string, std::string> id_paths_;
};

}  // namespace

ParsedYaml read_yaml(const std::string& text, const std::string& source) {
  Problems problems(source);
  // Two YAML levels per code level (a list of mappings) and a few more for rules.
  const std::vector<YAML::Node> documents =
      load_yaml(text, problems, 2 * kMaxDepth + 16,
                "codes nest at most " + std::to_string(kMaxDepth) + " levels");
  if (documents.empty() || documents.front().IsNull()) {
    problems.add(1, "the codebook is empty; it needs a 'codes:' list");
    problems.throw_if_any();
  }
  if (documents.size() > 1) {
    problems.add(line_of(documents[1]),
                 "more than one YAML document ('---'); a codebook is a single document");
  }
  ParsedYaml parsed = Reader(problems).read(documents.front());
  problems.throw_if_any();
  return parsed;
}

model::Codebook parse_yaml(const std::string& text, const std::string& source) {
  return read_yaml(text, source).codebook;
}

}  // namespace inzicht::codebook
