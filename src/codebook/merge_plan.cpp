#include "codebook/merge_plan.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "base/error.hpp"

namespace inzicht::codebook {

namespace {

bool same_rule(const model::Rule& a, const model::Rule& b) {
  const auto same_near = [](const std::optional<model::Rule::Near>& x,
                            const std::optional<model::Rule::Near>& y) {
    if (!x || !y) return !x && !y;
    return x->terms == y->terms && x->within == y->within;
  };
  return a.keywords == b.keywords && a.all == b.all && a.any == b.any &&
         a.not_terms == b.not_terms && same_near(a.near, b.near) && a.regex == b.regex &&
         (!a.regex || a.regex_case_sensitive == b.regex_case_sensitive) && a.scope == b.scope &&
         a.speaker == b.speaker && a.stem == b.stem && a.where == b.where;
}

}  // namespace

bool same_definition(const model::Code& a, const model::Code& b) {
  return a.name == b.name && a.parent_path == b.parent_path && a.description == b.description &&
         a.color == b.color && a.codable == b.codable && a.include == b.include &&
         a.exclude == b.exclude && a.examples == b.examples && a.fields == b.fields &&
         std::equal(a.rules.begin(), a.rules.end(), b.rules.begin(), b.rules.end(), same_rule);
}

model::CodebookPlan plan_merge(const std::vector<model::StoredCode>& stored,
                               const model::Codebook& loaded, bool prune,
                               std::string (*new_guid)()) {
  std::map<std::string, const model::StoredCode*> by_guid, by_path;
  for (const model::StoredCode& code : stored) {
    by_guid[code.code.guid] = &code;
    by_path[code.code.path] = &code;
  }
  model::CodebookPlan plan;
  std::map<std::string, std::size_t> step_of_path;  // the file's paths
  std::set<std::int64_t> matched;
  for (const model::Code& code : loaded.codes) {
    model::CodebookPlan::Step step;
    if (!code.parent_path.empty()) {
      const auto parent = step_of_path.find(code.parent_path);
      if (parent == step_of_path.end()) {
        throw InputError("code " + code.path + ": its parent " + code.parent_path +
                         " is not in the codebook");
      }
      step.parent = parent->second;
    }
    const model::StoredCode* match = nullptr;
    if (!code.guid.empty() && by_guid.count(code.guid)) match = by_guid[code.guid];
    if (!match && by_path.count(code.path) && !matched.count(by_path[code.path]->id)) {
      match = by_path[code.path];
    }
    const auto position = static_cast<std::int64_t>(plan.steps.size());
    if (match) {
      matched.insert(match->id);
      step.stored_id = match->id;
      const bool same = same_definition(match->code, code);
      step.write = !same || match->position != position;
      // A code that only moved among its siblings counts as unchanged.
      (same ? plan.report.unchanged : plan.report.changed).push_back(code.path);
    } else {
      step.guid = code.guid.empty() ? new_guid() : code.guid;
      plan.report.added.push_back(code.path);
    }
    step_of_path[code.path] = plan.steps.size();
    plan.steps.push_back(std::move(step));
  }
  std::vector<const model::StoredCode*> missing;
  for (const model::StoredCode& code : stored) {
    if (!matched.count(code.id)) missing.push_back(&code);
  }
  if (!prune) {
    for (const model::StoredCode* code : missing) plan.report.missing.push_back(code->code.path);
    return plan;
  }
  // `stored` is in pre-order, so backwards puts children before their parents.
  std::reverse(missing.begin(), missing.end());
  for (const model::StoredCode* code : missing) {
    plan.drop.push_back(code->id);
    plan.report.removed.push_back(code->code.path);
  }
  return plan;
}

}  // namespace inzicht::codebook
