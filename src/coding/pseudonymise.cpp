#include "coding/pseudonymise.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "base/clock.hpp"
#include "base/error.hpp"
#include "store/project.hpp"
#include "text/text.hpp"

namespace inzicht::coding {

namespace {

std::string random_id() { return new_key().id; }

// The project entries pseudonymisation keeps.
constexpr const char* kMetaRecord = "pseudonymised";
constexpr const char* kMetaKey = "pseudonym_key";
constexpr const char* kMetaAt = "pseudonymised_at";
constexpr const char* kMetaCount = "pseudonym_replacements";

// A text with its matches replaced, and where each replacement went.
struct Rewritten {
  std::string text;
  std::vector<Moved> moved;
  std::vector<Replacement> replacements;
};

Rewritten rewrite(const PseudonymMatcher& matcher, const std::vector<PseudonymEntry>& entries,
                  const std::string& original) {
  Rewritten result;
  const text::CodePointIndex index(original);
  Offset at = 0;
  Offset written = 0;  // code points in result.text
  for (const PseudonymMatcher::Match& match : matcher.find(original)) {
    const std::string_view before = index.slice({at, match.span.start});
    result.text += before;
    written += match.span.start - at;
    const std::string& pseudonym = entries[match.entry].pseudonym;
    const Offset length = text::count_code_points(pseudonym);
    result.moved.push_back({match.span, {written, written + length}});
    result.replacements.push_back({written, length, std::string(index.slice(match.span))});
    result.text += pseudonym;
    written += length;
    at = match.span.end;
  }
  result.text += index.slice({at, index.size()});
  return result;
}

// Units keep tiling the text: both their ends move the way an end does.
Span move_unit(const std::vector<Moved>& moved, Span span) {
  return {move_offset(moved, span.start, true), move_offset(moved, span.end, true)};
}

std::string project_id_of(const store::ParticipantTexts& texts) {
  const auto found = texts.meta.find("id");
  return found == texts.meta.end() ? std::string() : found->second;
}

std::string project_name_of(const store::ParticipantTexts& texts) {
  const auto found = texts.meta.find("name");
  return found == texts.meta.end() ? std::string() : found->second;
}

void check_project(const PseudonymKey& key, const store::ParticipantTexts& texts,
                   const std::string& key_path) {
  const std::string id = project_id_of(texts);
  if (key.project_id && *key.project_id != id) {
    throw InputError(key_path + ": this key belongs to another project ('" + key.project_name +
                     "'); nothing changed");
  }
}

struct Plan {
  store::ParticipantRewrite rewrite;
  AppliedRecord record;
  PseudonymRun run;
};

Plan plan_apply(const store::ParticipantTexts& before, const PseudonymKey& key,
                const std::string& key_path) {
  check_project(key, before, key_path);
  if (const auto found = before.meta.find(kMetaRecord); found != before.meta.end()) {
    const auto with = before.meta.find(kMetaKey);
    throw InputError("the project is pseudonymised already (key " +
                     (with == before.meta.end() ? std::string("?") : with->second) +
                     "); run `inzicht pseudonyms revert` first, then apply the key again");
  }
  if (key.entries.empty()) throw InputError(key_path + ": the key has no entries");
  const PseudonymMatcher matcher(key.entries);
  Plan plan;
  plan.record.id = random_id();
  plan.record.applied_at = now_utc();
  std::map<std::string, std::int64_t> by_pseudonym;
  store::ParticipantTexts& after = plan.rewrite.texts;
  after.meta = before.meta;
  after.cases = before.cases;
  after.attributes = before.attributes;
  after.memos = before.memos;

  for (const store::ParticipantDocument& old_document : before.documents) {
    store::ParticipantDocument document = old_document;
    model::Document& d = document.document;
    const model::Document& o = old_document.document;
    DocumentRecord record;
    record.id = old_document.id;
    const Rewritten rewritten = rewrite(matcher, key.entries, o.text);
    record.replacements = rewritten.replacements;
    const std::vector<Moved> back = inverse(rewritten.moved);
    for (const auto& match : matcher.find(o.text)) ++by_pseudonym[key.entries[match.entry].pseudonym];
    d.text = rewritten.text;
    d.length = text::count_code_points(d.text);
    bool changed = !rewritten.moved.empty();

    auto move_units = [&](auto& units, const auto& old_units, std::map<std::size_t, Span>& kept) {
      for (std::size_t i = 0; i < units.size(); ++i) {
        units[i].span = move_unit(rewritten.moved, old_units[i].span);
        if (!(move_unit(back, units[i].span) == old_units[i].span)) kept[i] = old_units[i].span;
      }
    };
    move_units(d.turns, o.turns, record.turns);
    move_units(d.paragraphs, o.paragraphs, record.paragraphs);
    move_units(d.sentences, o.sentences, record.sentences);
    for (std::size_t i = 0; i < d.turns.size(); ++i) {
      d.turns[i].speaker = matcher.replace(o.turns[i].speaker);
      if (d.turns[i].speaker != o.turns[i].speaker) {
        record.speakers[i] = o.turns[i].speaker;
        ++plan.run.fields;
        changed = true;
      }
    }
    std::set<std::tuple<std::int64_t, std::int64_t, Offset, Offset>> seen;
    for (std::size_t i = 0; i < document.codings.size(); ++i) {
      store::StoredCoding& coding = document.codings[i];
      const store::StoredCoding& was = old_document.codings[i];
      coding.span = move_span(rewritten.moved, was.span);
      if (!(coding.span == was.span)) ++plan.run.codings_moved;
      if (!(move_span(back, coding.span) == was.span)) {
        record.codings[coding.id] = {was.span, coding.span};
      }
      if (!seen.emplace(coding.code, coding.coder, coding.span.start, coding.span.end)
               .second) {
        throw InputError(o.name + ": coding " + std::to_string(coding.id) +
                         " would cover the same text as another coding of its code and coder "
                         "after pseudonymisation (both cover part of one name); remove one");
      }
      if (was.memo) {
        coding.memo = matcher.replace(*was.memo);
        if (coding.memo != was.memo) {
          record.coding_memos[coding.id] = *was.memo;
          ++plan.run.fields;
          changed = true;
        }
      }
    }
    d.name = matcher.replace(o.name);
    if (d.name != o.name) {
      record.name = o.name;
      ++plan.run.fields;
      changed = true;
    }
    document.source_path = matcher.replace(old_document.source_path);
    if (document.source_path != old_document.source_path) {
      record.source_path = old_document.source_path;
      ++plan.run.fields;
      changed = true;
    }
    if (changed) {
      record.before_sha256 = sha256_hex(o.text);
      record.after_sha256 = sha256_hex(d.text);
      plan.run.replacements += static_cast<std::int64_t>(record.replacements.size());
      ++plan.run.documents;
      plan.record.documents.push_back(std::move(record));
    }
    after.documents.push_back(std::move(document));
  }
  for (auto& [id, name] : after.cases) {
    std::string replaced = matcher.replace(name);
    if (replaced == name) continue;
    plan.record.case_names[id] = name;
    name = std::move(replaced);
    ++plan.run.fields;
  }
  for (auto& [where, value] : after.attributes) {
    std::string replaced = matcher.replace(value);
    if (replaced == value) continue;
    plan.record.attributes[where] = value;
    value = std::move(replaced);
    ++plan.run.fields;
  }
  for (auto& [id, memo] : after.memos) {
    std::string replaced = matcher.replace(memo);
    if (replaced == memo) continue;
    plan.record.memos[id] = memo;
    memo = std::move(replaced);
    ++plan.run.fields;
  }
  after.codes = before.codes;
  for (auto& code : after.codes) {
    if (code.description) {
      std::string replaced = matcher.replace(*code.description);
      if (replaced != *code.description) {
        plan.record.code_descriptions[code.id] = *code.description;
        code.description = std::move(replaced);
        ++plan.run.fields;
      }
    }
    if (code.details) {
      std::string replaced = matcher.replace(*code.details);
      if (replaced != *code.details) {
        plan.record.code_details[code.id] = *code.details;
        code.details = std::move(replaced);
        ++plan.run.fields;
      }
    }
  }
  plan.run.fingerprint = key.fingerprint();
  for (const auto& [pseudonym, count] : by_pseudonym) {
    plan.run.by_pseudonym.emplace_back(pseudonym, count);
  }
  auto& meta = plan.rewrite.meta;
  meta[kMetaRecord] = plan.record.id;
  meta[kMetaKey] = key.fingerprint();
  meta[kMetaAt] = plan.record.applied_at;
  meta[kMetaCount] = std::to_string(plan.run.replacements);
  return plan;
}

}  // namespace

// ---- matching ------------------------------------------------------------------------

PseudonymMatcher::PseudonymMatcher(const std::vector<PseudonymEntry>& entries)
    : entries_(entries) {
  for (std::size_t e = 0; e < entries.size(); ++e) {
    for (std::size_t o = 0; o < entries[e].originals.size(); ++o) {
      const std::string& text = entries[e].originals[o];
      const std::u32string points = text::code_points(text);
      if (points.empty()) continue;
      Original original{text, e, o, text::is_word_character(points.front()),
                        text::is_word_character(points.back()),
                        static_cast<Offset>(points.size())};
      const std::size_t index = originals_.size();
      if (original.word_start) {
        std::size_t n = 0;
        while (n < points.size() && text::is_word_character(points[n])) ++n;
        const text::CodePointIndex cp(text);
        by_word_[std::string(cp.slice({0, static_cast<Offset>(n)}))].push_back(index);
      } else {
        by_point_[points.front()].push_back(index);
      }
      originals_.push_back(std::move(original));
    }
  }
  auto longest_first = [this](std::size_t a, std::size_t b) {
    if (originals_[a].text.size() != originals_[b].text.size()) {
      return originals_[a].text.size() > originals_[b].text.size();
    }
    return originals_[a].text < originals_[b].text;
  };
  for (auto& [word, list] : by_word_) std::sort(list.begin(), list.end(), longest_first);
  for (auto& [point, list] : by_point_) std::sort(list.begin(), list.end(), longest_first);
}

std::vector<PseudonymMatcher::Match> PseudonymMatcher::scan(std::string_view text,
                                                            bool all) const {
  std::vector<Match> result;
  if (originals_.empty() || text.empty()) return result;
  const std::u32string points = text::code_points(text);
  const text::CodePointIndex index(text);
  const Offset n = static_cast<Offset>(points.size());
  std::vector<bool> word(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) word[i] = text::is_word_character(points[i]);

  auto fits = [&](const Original& o, Offset at) {
    const std::size_t byte = index.byte_at(at);
    if (text.compare(byte, o.text.size(), o.text) != 0) return false;
    const Offset end = at + o.length;
    return !(o.word_end && end < n && word[static_cast<std::size_t>(end)]);
  };
  Offset i = 0;
  while (i < n) {
    const auto u = static_cast<std::size_t>(i);
    const Original* best = nullptr;
    auto consider = [&](const std::vector<std::size_t>& list) {
      for (const std::size_t k : list) {
        const Original& o = originals_[k];
        if (!fits(o, i)) continue;
        if (all) {
          result.push_back({{i, i + o.length}, o.entry, o.original});
        } else if (best == nullptr || o.text.size() > best->text.size()) {
          best = &o;
        }
        if (!all) break;  // lists are longest first
      }
    };
    if (word[u] && (u == 0 || !word[u - 1]) && !by_word_.empty()) {
      Offset j = i;
      while (j < n && word[static_cast<std::size_t>(j)]) ++j;
      const auto found = by_word_.find(std::string(index.slice({i, j})));
      if (found != by_word_.end()) consider(found->second);
    }
    if (!by_point_.empty()) {
      const auto found = by_point_.find(points[u]);
      if (found != by_point_.end()) consider(found->second);
    }
    if (best != nullptr) {
      result.push_back({{i, i + best->length}, best->entry, best->original});
      i += best->length;
    } else {
      ++i;
    }
  }
  if (all) {
    std::sort(result.begin(), result.end(), [](const Match& a, const Match& b) {
      return std::tie(a.span.start, a.span.end) < std::tie(b.span.start, b.span.end);
    });
  }
  return result;
}

std::vector<PseudonymMatcher::Match> PseudonymMatcher::find(std::string_view text) const {
  return scan(text, false);
}

std::vector<PseudonymMatcher::Match> PseudonymMatcher::find_all(std::string_view text) const {
  return scan(text, true);
}

std::string PseudonymMatcher::replace(std::string_view text) const {
  const std::vector<Match> matches = find(text);
  if (matches.empty()) return std::string(text);
  const text::CodePointIndex index(text);
  std::string result;
  Offset at = 0;
  for (const Match& match : matches) {
    result += index.slice({at, match.span.start});
    result += entries_[match.entry].pseudonym;
    at = match.span.end;
  }
  result += index.slice({at, index.size()});
  return result;
}

// ---- moving positions ----------------------------------------------------------------

Offset move_offset(const std::vector<Moved>& moved, Offset position, bool end) {
  // The first stretch that does not lie wholly before `position`.
  const auto next = std::partition_point(moved.begin(), moved.end(), [position](const Moved& m) {
    return m.from.end <= position;
  });
  const Offset delta = next == moved.begin() ? 0 : std::prev(next)->to.end - std::prev(next)->from.end;
  if (next == moved.end() || position <= next->from.start) return position + delta;
  return end ? next->to.end : next->to.start;
}

Span move_span(const std::vector<Moved>& moved, Span span) {
  return {move_offset(moved, span.start, false), move_offset(moved, span.end, true)};
}

std::vector<Moved> inverse(const std::vector<Moved>& moved) {
  std::vector<Moved> result;
  result.reserve(moved.size());
  for (const Moved& m : moved) result.push_back({m.to, m.from});
  return result;
}

// ---- apply and revert ----------------------------------------------------------------

PseudonymRun apply_pseudonyms(store::Project& project, PseudonymKey& key,
                              const std::string& key_path, bool dry_run) {
  check_key(key);
  if (dry_run) return plan_apply(project.participant_texts(), key, key_path).run;
  // The project's identity is committed on its own, so that a key bound by an apply that
  // then failed still fits this project.
  project.identity();
  PseudonymRun run;
  PseudonymKey written = key;
  const store::Scrub scrub = project.rewrite_participant_texts(
      [&](const store::ParticipantTexts& before) {
        Plan plan = plan_apply(before, key, key_path);
        written.project_id = project_id_of(before);
        written.project_name = project_name_of(before);
        written.applied = std::move(plan.record);
        // The key first: should the project's commit then fail, the key holds a record
        // the project does not know, which the next apply replaces.
        save_key(key_path, written);
        run = std::move(plan.run);
        return std::move(plan.rewrite);
      },
      true);
  key = std::move(written);
  run.vacuumed = scrub.vacuumed;
  run.checkpointed = scrub.checkpointed;
  return run;
}

PseudonymRun revert_pseudonyms(store::Project& project, PseudonymKey& key,
                               const std::string& key_path) {
  PseudonymRun run;
  run.fingerprint = key.fingerprint();
  PseudonymKey written = key;
  const store::Scrub scrub = project.rewrite_participant_texts(
      [&](const store::ParticipantTexts& before) {
        check_project(key, before, key_path);
        const auto applied = before.meta.find(kMetaRecord);
        if (applied == before.meta.end()) {
          throw InputError("the project is not pseudonymised; nothing to revert");
        }
        if (!key.applied || key.applied->id != applied->second) {
          const auto with = before.meta.find(kMetaKey);
          throw InputError(key_path + ": the project was pseudonymised with another key (" +
                           (with == before.meta.end() ? std::string("?") : with->second) +
                           "), or with a copy of this one saved before; nothing changed");
        }
        const AppliedRecord& record = *key.applied;
        store::ParticipantRewrite rewrite;
        rewrite.texts = before;
        std::map<std::int64_t, std::size_t> by_id;
        for (std::size_t i = 0; i < before.documents.size(); ++i) by_id[before.documents[i].id] = i;
        for (const DocumentRecord& r : record.documents) {
          const auto found = by_id.find(r.id);
          if (found == by_id.end()) continue;  // removed since
          store::ParticipantDocument& document = rewrite.texts.documents[found->second];
          model::Document& d = document.document;
          if (sha256_hex(d.text) != r.after_sha256) {
            throw InputError(d.name + ": changed since it was pseudonymised (re-imported?); "
                             "cannot restore it; nothing changed");
          }
          // Undo the replacements, noting where each stretch goes back to.
          const text::CodePointIndex index(d.text);
          std::string original;
          std::vector<Moved> back;
          Offset at = 0;
          Offset written_points = 0;
          for (const Replacement& replacement : r.replacements) {
            if (replacement.at < at || replacement.at + replacement.length > index.size()) {
              throw InputError(key_path + ": a damaged record for " + d.name);
            }
            original += index.slice({at, replacement.at});
            written_points += replacement.at - at;
            const Offset length = text::count_code_points(replacement.original);
            back.push_back({{replacement.at, replacement.at + replacement.length},
                            {written_points, written_points + length}});
            original += replacement.original;
            written_points += length;
            at = replacement.at + replacement.length;
          }
          original += index.slice({at, index.size()});
          if (sha256_hex(original) != r.before_sha256) {
            throw InputError(key_path + ": the record for " + d.name +
                             " does not give back its original text; nothing changed");
          }
          d.text = std::move(original);
          d.length = text::count_code_points(d.text);
          auto restore = [&](auto& units, const std::map<std::size_t, Span>& kept) {
            for (std::size_t i = 0; i < units.size(); ++i) {
              const auto k = kept.find(i);
              units[i].span = k != kept.end() ? k->second : move_unit(back, units[i].span);
            }
          };
          restore(d.turns, r.turns);
          restore(d.paragraphs, r.paragraphs);
          restore(d.sentences, r.sentences);
          for (const auto& [i, speaker] : r.speakers) {
            if (i < d.turns.size()) d.turns[i].speaker = speaker;
          }
          run.fields += static_cast<std::int64_t>(r.speakers.size() + r.coding_memos.size()) +
                        (r.name ? 1 : 0) + (r.source_path ? 1 : 0);
          for (store::StoredCoding& coding : document.codings) {
            const auto k = r.codings.find(coding.id);
            const Span moved_back = move_span(back, coding.span);
            const Span was = coding.span;
            if (k != r.codings.end() && k->second.second == coding.span) {
              coding.span = k->second.first;
            } else {
              coding.span = moved_back;
            }
            if (!(coding.span == was)) ++run.codings_moved;
            if (const auto m = r.coding_memos.find(coding.id); m != r.coding_memos.end()) {
              coding.memo = m->second;
            }
          }
          if (r.name) d.name = *r.name;
          if (r.source_path) document.source_path = *r.source_path;
          run.replacements += static_cast<std::int64_t>(r.replacements.size());
          ++run.documents;
        }
        for (auto& [id, name] : rewrite.texts.cases) {
          if (const auto k = record.case_names.find(id); k != record.case_names.end()) {
            name = k->second;
            ++run.fields;
          }
        }
        for (auto& [where, value] : rewrite.texts.attributes) {
          if (const auto k = record.attributes.find(where); k != record.attributes.end()) {
            value = k->second;
            ++run.fields;
          }
        }
        for (auto& [id, memo] : rewrite.texts.memos) {
          if (const auto k = record.memos.find(id); k != record.memos.end()) {
            memo = k->second;
            ++run.fields;
          }
        }
        for (auto& code : rewrite.texts.codes) {
          if (const auto k = record.code_descriptions.find(code.id);
              k != record.code_descriptions.end()) {
            code.description = k->second;
            ++run.fields;
          }
          if (const auto k = record.code_details.find(code.id); k != record.code_details.end()) {
            code.details = k->second;
            ++run.fields;
          }
        }
        for (const char* entry : {kMetaRecord, kMetaKey, kMetaAt, kMetaCount}) {
          rewrite.meta[entry] = std::nullopt;
        }
        return rewrite;
      },
      false);
  // The key after the project: should writing it fail, it keeps a record the project no
  // longer has, which the next apply replaces; the other way round could lose the record.
  written.applied.reset();
  save_key(key_path, written);
  key = std::move(written);
  run.vacuumed = scrub.vacuumed;
  run.checkpointed = scrub.checkpointed;
  return run;
}

PseudonymStatus pseudonym_status(const store::Project& project) {
  const auto meta = project.meta();
  PseudonymStatus status;
  const auto record = meta.find(kMetaRecord);
  status.pseudonymised = record != meta.end();
  if (const auto k = meta.find(kMetaKey); k != meta.end()) status.fingerprint = k->second;
  if (const auto k = meta.find(kMetaAt); k != meta.end()) status.applied_at = k->second;
  if (const auto k = meta.find(kMetaCount); k != meta.end()) status.replacements = k->second;
  return status;
}

}  // namespace inzicht::coding
