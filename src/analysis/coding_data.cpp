#include "analysis/coding_data.hpp"

#include <algorithm>
#include <cassert>
#include <iterator>
#include <set>

#include "base/error.hpp"
#include "text/text.hpp"

namespace inzicht::analysis {

namespace {

std::string join(const std::vector<std::string>& items, std::size_t limit = 8) {
  std::string out;
  for (std::size_t i = 0; i < items.size() && i < limit; ++i) out += (i ? ", " : "") + items[i];
  if (items.size() > limit) out += ", …";
  return out;
}

}  // namespace

namespace {

// Row ids are dense from 1, so a vector indexed by id maps them to positions.
template <typename Rows, typename Id>
std::vector<std::size_t> index_by_id(const Rows& rows, Id id_of) {
  std::int64_t largest = 0;
  for (const auto& row : rows) largest = std::max(largest, id_of(row));
  std::vector<std::size_t> at(static_cast<std::size_t>(largest) + 1, 0);
  for (std::size_t i = 0; i < rows.size(); ++i) at[static_cast<std::size_t>(id_of(rows[i]))] = i;
  return at;
}

}  // namespace

CodingData::CodingData(const store::Project& project) : project_(project) {
  const std::vector<store::CaseRow> case_rows = project.case_rows();
  const auto case_at = index_by_id(case_rows, [](const store::CaseRow& r) { return r.id; });
  for (const store::CaseRow& row : case_rows) {
    CaseInfo info{row.name, {}};
    for (const auto& [name, value] : row.attributes) {
      info.attributes.emplace(name, store::to_string(value));
    }
    cases_.push_back(std::move(info));
  }
  const std::vector<store::DocumentRow> document_rows = project.document_rows();
  const auto document_at =
      index_by_id(document_rows, [](const store::DocumentRow& r) { return r.id; });
  for (const store::DocumentRow& row : document_rows) {
    documents_.push_back({row.id, row.name, case_at[static_cast<std::size_t>(row.case_id)]});
  }
  // Rows come by document id, as documents_ does.
  first_region_.assign(documents_.size() + 1, 0);
  cases_of_.resize(documents_.size());
  for (std::size_t d = 0; d < documents_.size(); ++d)
    cases_of_[d].push_back(documents_[d].case_index);
  for (const store::TurnCaseRow& row : project.turn_case_rows()) {
    const std::size_t d = document_at[static_cast<std::size_t>(row.document_id)];
    const std::size_t c = case_at[static_cast<std::size_t>(row.case_id)];
    regions_.push_back({row.span, c});
    ++first_region_[d + 1];
    cases_of_[d].push_back(c);
  }
  for (std::size_t d = 0; d < documents_.size(); ++d) {
    first_region_[d + 1] += first_region_[d];
    std::sort(cases_of_[d].begin(), cases_of_[d].end());
    cases_of_[d].erase(std::unique(cases_of_[d].begin(), cases_of_[d].end()), cases_of_[d].end());
  }
  const std::vector<store::CodeRow> code_rows = project.code_rows();
  const auto code_at = index_by_id(code_rows, [](const store::CodeRow& r) { return r.id; });
  for (const store::CodeRow& row : code_rows) {
    CodeInfo info{row.id, row.path, std::nullopt, row.codable, 0};
    if (row.parent_id) {
      info.parent = code_at[static_cast<std::size_t>(*row.parent_id)];
      info.depth = codes_[*info.parent].depth + 1;
    }
    code_by_path_[info.path] = codes_.size();
    codes_.push_back(std::move(info));
  }
  children_.resize(codes_.size());
  for (std::size_t i = 0; i < codes_.size(); ++i) {
    if (codes_[i].parent) children_[*codes_[i].parent].push_back(i);
  }
  const auto coder_rows = project.coder_rows();
  const auto coder_at = index_by_id(
      coder_rows, [](const std::pair<std::int64_t, std::string>& r) { return r.first; });
  for (const auto& [id, name] : coder_rows) coders_.push_back(name);

  codings_.reserve(static_cast<std::size_t>(project.coding_count()));
  project.read_codings([&](const store::CodingRow& row) {
    codings_.push_back({{document_at[static_cast<std::size_t>(row.document)],
                         code_at[static_cast<std::size_t>(row.code)],
                         coder_at[static_cast<std::size_t>(row.coder)], row.span},
                        row.id});
  });
  // The store hands codings out by document id, which is documents_' order: one pass gives
  // each document's range, and sorting each document's few codings by start is much
  // cheaper than sorting all of them.
  assert(std::is_sorted(
      codings_.begin(), codings_.end(),
      [](const CodingInfo& a, const CodingInfo& b) { return a.document < b.document; }));
  first_coding_.assign(documents_.size() + 1, codings_.size());
  for (std::size_t i = codings_.size(); i-- > 0;) first_coding_[codings_[i].document] = i;
  for (std::size_t d = documents_.size(); d-- > 0;) {
    first_coding_[d] = std::min(first_coding_[d], first_coding_[d + 1]);
  }
  const auto before = [](const CodingInfo& a, const CodingInfo& b) {
    if (a.span.start != b.span.start) return a.span.start < b.span.start;
    if (a.span.end != b.span.end) return a.span.end < b.span.end;
    if (a.code != b.code) return a.code < b.code;
    return a.id < b.id;
  };
  for (std::size_t d = 0; d < documents_.size(); ++d) {
    const auto first = codings_.begin() + static_cast<std::ptrdiff_t>(first_coding_[d]);
    const auto last = codings_.begin() + static_cast<std::ptrdiff_t>(first_coding_[d + 1]);
    if (!std::is_sorted(first, last, before)) std::sort(first, last, before);
    const bool per_speaker = first_region_[d] != first_region_[d + 1];
    bool own = !per_speaker;
    for (auto coding = first; coding != last; ++coding) {
      coding->case_index = per_speaker ? case_of(d, coding->span) : documents_[d].case_index;
      own = own || coding->case_index == documents_[d].case_index;
    }
    // A focus group's own case (the moderator's, the session's) is not a participant: it
    // takes part only where something of it is coded.
    if (!own) std::erase(cases_of_[d], documents_[d].case_index);
  }
  texts_.resize(documents_.size());
  words_.resize(documents_.size());
}

std::span<const CodingInfo> CodingData::codings_of(std::size_t document) const {
  return {codings_.data() + first_coding_[document],
          first_coding_[document + 1] - first_coding_[document]};
}

std::optional<std::size_t> CodingData::find_code(const std::string& path) const {
  const auto found = code_by_path_.find(path);
  if (found == code_by_path_.end()) return std::nullopt;
  return found->second;
}

std::size_t CodingData::code_index(const std::string& path) const {
  const auto found = code_by_path_.find(path);
  if (found != code_by_path_.end()) return found->second;
  const std::string leaf =
      path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
  std::vector<std::string> near;
  for (const CodeInfo& code : codes_) {
    if (!leaf.empty() && code.path.find(leaf) != std::string::npos) near.push_back(code.path);
  }
  throw NotFoundError("no code '" + path + "'" +
                      (near.empty() ? std::string(" (see inzicht codebook list)")
                                    : " (did you mean " + join(near) + "?)"));
}

std::size_t CodingData::coder_index(const std::string& name) const {
  const auto found = std::find(coders_.begin(), coders_.end(), name);
  if (found != coders_.end()) return static_cast<std::size_t>(found - coders_.begin());
  throw NotFoundError("no coder '" + name + "'" +
                      (coders_.empty() ? std::string(" (the project has no codings)")
                                       : " (coders: " + join(coders_) + ")"));
}

std::vector<std::size_t> CodingData::subtree(std::size_t code) const {
  std::vector<std::size_t> out{code};
  for (std::size_t i = 0; i < out.size(); ++i) {
    for (const std::size_t child : children_[out[i]]) out.push_back(child);
  }
  std::sort(out.begin(), out.end());  // indices are pre-order positions
  return out;
}

std::vector<std::size_t> CodingData::select_codes(const std::vector<std::string>& paths) const {
  std::vector<std::size_t> out;
  if (paths.empty()) {
    for (std::size_t i = 0; i < codes_.size(); ++i) out.push_back(i);
    return out;
  }
  std::set<std::size_t> chosen;
  for (const std::string& path : paths) {
    for (const std::size_t code : subtree(code_index(path))) chosen.insert(code);
  }
  return {chosen.begin(), chosen.end()};
}

std::span<const CaseRegion> CodingData::speaker_cases(std::size_t document) const {
  return {regions_.data() + first_region_[document],
          first_region_[document + 1] - first_region_[document]};
}

std::size_t CodingData::case_of(std::size_t document, Span span) const {
  const std::span<const CaseRegion> regions = speaker_cases(document);
  // The first turn ending after the span starts: the span reaches into it when it starts
  // before the span ends (an empty span: when the turn holds its place).
  const auto found =
      std::upper_bound(regions.begin(), regions.end(), span.start,
                       [](Offset at, const CaseRegion& region) { return at < region.span.end; });
  if (found != regions.end() && (found->span.start < span.end ||
                                 (span.start == span.end && found->span.start <= span.start))) {
    return found->case_index;
  }
  return documents_[document].case_index;
}

std::vector<bool> CodingData::cases_where(
    const std::vector<std::pair<std::string, std::string>>& where) const {
  if (!where.empty()) {
    const std::vector<std::string> names = attribute_names();
    for (const auto& [name, value] : where) {
      if (name != "case" && !std::binary_search(names.begin(), names.end(), name)) {
        throw InputError("no case has the attribute '" + name +
                         "' (attributes: " + join(names, 20) + ")");
      }
    }
  }
  std::vector<bool> admitted(cases_.size(), true);
  for (std::size_t c = 0; c < cases_.size(); ++c) {
    for (const auto& [name, value] : where) {
      if (attribute(c, name) != value) admitted[c] = false;
    }
  }
  return admitted;
}

std::vector<bool> CodingData::coder_mask(const std::vector<std::string>& names) const {
  std::vector<bool> admitted(coders_.size(), names.empty());
  for (const std::string& name : names) admitted[coder_index(name)] = true;
  return admitted;
}

SelectionFilter CodingData::filter(const Selection& selection) const {
  SelectionFilter filter;
  filter.codes.assign(codes_.size(), selection.codes.empty());
  for (const std::size_t code : select_codes(selection.codes)) filter.codes[code] = true;
  filter.coders = coder_mask(selection.coders);
  filter.cases = cases_where(selection.where);
  return filter;
}

std::vector<CodingInfo> CodingData::select(const Selection& selection) const {
  const SelectionFilter admitted = filter(selection);
  std::vector<CodingInfo> out;
  out.reserve(codings_.size());
  for (const CodingInfo& coding : codings_) {
    if (admitted.admits(coding)) out.push_back(coding);
  }
  return out;
}

std::string CodingData::attribute(std::size_t case_index, const std::string& name) const {
  const CaseInfo& info = cases_[case_index];
  if (name == "case") return info.name;
  const auto found = info.attributes.find(name);
  return found == info.attributes.end() ? std::string() : found->second;
}

std::vector<std::string> CodingData::attribute_names() const {
  std::set<std::string> names;
  for (const CaseInfo& info : cases_) {
    for (const auto& [name, value] : info.attributes) names.insert(name);
  }
  return {names.begin(), names.end()};
}

const CodingData::UnitTable& CodingData::unit_table(Unit unit) const {
  auto found = units_.find(unit);
  if (found != units_.end()) return found->second;
  UnitTable table;
  table.spans.resize(documents_.size());
  table.roles.resize(documents_.size());
  if (unit == Unit::document) {
    for (std::size_t d = 0; d < documents_.size(); ++d) {
      table.spans[d].push_back({0, length(d)});
    }
  } else {
    const Unit kind = unit;
    if (unit == Unit::turn) table.speakers.resize(documents_.size());
    store::UnitRows rows = project_.unit_rows(kind);
    const std::size_t n = rows.spans.size();
    // Rows come by document id, as documents_ does: each document's run is copied at once.
    std::size_t d = 0;
    for (std::size_t first = 0, last = 0; first < n; first = last) {
      const std::int64_t id = rows.document_ids[first];
      last = first;
      while (last < n && rows.document_ids[last] == id) ++last;
      if (d >= documents_.size() || documents_[d].id != id) {
        const auto at = std::lower_bound(
            documents_.begin(), documents_.end(), id,
            [](const DocumentInfo& document, std::int64_t i) { return document.id < i; });
        if (at == documents_.end() || at->id != id) {
          throw StorageError(project_.path() + ": text units of a missing document (id " +
                             std::to_string(id) + ")");
        }
        d = static_cast<std::size_t>(at - documents_.begin());
      }
      const auto from = static_cast<std::ptrdiff_t>(first);
      const auto to = static_cast<std::ptrdiff_t>(last);
      table.spans[d].assign(rows.spans.begin() + from, rows.spans.begin() + to);
      table.roles[d].assign(rows.roles.begin() + from, rows.roles.begin() + to);
      if (unit == Unit::turn) {
        table.speakers[d].assign(std::make_move_iterator(rows.speakers.begin() + from),
                                 std::make_move_iterator(rows.speakers.begin() + to));
      }
      ++d;
    }
  }
  return units_.emplace(unit, std::move(table)).first->second;
}

const std::vector<Span>& CodingData::units(Unit unit, std::size_t document) const {
  return unit_table(unit).spans[document];
}

const std::vector<model::Role>& CodingData::unit_roles(Unit unit, std::size_t document) const {
  assert(unit != Unit::document);
  return unit_table(unit).roles[document];
}

std::string_view CodingData::speaker_at(std::size_t document, Offset at) const {
  const auto [first, last] = units_overlapping(Unit::turn, document, {at, at + 1});
  if (first == last) return {};
  return unit_table(Unit::turn).speakers[document][first];
}

std::pair<std::size_t, std::size_t> CodingData::units_overlapping(Unit unit, std::size_t document,
                                                                  Span span) const {
  const std::vector<Span>& all = units(unit, document);
  // Units do not overlap and are sorted, so their ends are sorted too.
  const auto first = std::upper_bound(all.begin(), all.end(), span.start,
                                      [](Offset at, const Span& u) { return at < u.end; });
  auto last = first;
  while (last != all.end() && last->start < span.end) ++last;
  return {static_cast<std::size_t>(first - all.begin()),
          static_cast<std::size_t>(last - all.begin())};
}

Offset CodingData::length(std::size_t document) const {
  if (lengths_.empty()) {
    lengths_.assign(documents_.size(), 0);
    std::size_t d = 0;
    // Both by id; a document added since the others were read is not one of documents_.
    for (const auto& [id, code_points] : project_.document_lengths()) {
      while (d < documents_.size() && documents_[d].id < id) ++d;
      if (d < documents_.size() && documents_[d].id == id) lengths_[d] = code_points;
    }
  }
  return lengths_[document];
}

void CodingData::load_texts(const std::vector<std::size_t>& documents) const {
  std::vector<std::int64_t> ids;
  std::map<std::int64_t, std::size_t> index_of;
  for (const std::size_t d : documents) {
    if (texts_[d]) continue;
    ids.push_back(documents_[d].id);
    index_of[documents_[d].id] = d;
  }
  if (ids.empty()) return;
  for (auto& [id, text] : project_.document_texts(ids)) texts_[index_of.at(id)] = std::move(text);
}

std::string_view CodingData::text(std::size_t document) const {
  if (!texts_[document]) load_texts({document});
  return *texts_[document];
}

void CodingData::load_words(const std::vector<std::size_t>& documents) const {
  std::vector<std::int64_t> ids;
  std::map<std::int64_t, std::size_t> index_of;
  for (const std::size_t d : documents) {
    if (words_[d]) continue;
    ids.push_back(documents_[d].id);
    index_of[documents_[d].id] = d;
  }
  if (ids.empty()) return;
  for (auto& [id, index] : project_.word_indexes(ids)) words_[index_of.at(id)] = std::move(index);
}

std::int64_t CodingData::words_in(std::size_t document, Span span) const {
  auto& index = words_[document];
  if (!index) index = text::WordIndex::of(text(document));
  return index->in(span);
}

}  // namespace inzicht::analysis
