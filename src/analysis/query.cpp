// Evaluation of a parsed query over CodingData. Every intermediate result is a list of
// spans per document, sorted and merged, so each operator is one linear merge per document
// (plus binary searches into the document's units): no step compares all codings with all
// codings.

#include "analysis/query.hpp"

#include <algorithm>
#include <set>

#include "base/error.hpp"
#include "text/text.hpp"

namespace inzicht::analysis {

namespace {

using Spans = std::vector<Span>;
using Segments = std::vector<Spans>;  // indexed by document

// Sorts `spans` and merges those that overlap or touch; drops empty ones.
void normalize(Spans& spans) {
  std::sort(spans.begin(), spans.end(),
            [](const Span& a, const Span& b) { return a.start < b.start; });
  std::size_t kept = 0;
  for (const Span& span : spans) {
    if (span.empty()) continue;
    if (kept > 0 && span.start <= spans[kept - 1].end) {
      spans[kept - 1].end = std::max(spans[kept - 1].end, span.end);
    } else {
      spans[kept++] = span;
    }
  }
  spans.resize(kept);
}

// Where a span lies among a document's sentences: the first sentence it reaches into and
// the last. A span between sentences (a title before the first turn) gets last = first - 1,
// so it is one sentence away from the sentences either side of it.
struct SentenceRange {
  std::ptrdiff_t first = 0;
  std::ptrdiff_t last = -1;
};

SentenceRange sentence_range(const Spans& sentences, Span span) {
  const auto first = std::upper_bound(sentences.begin(), sentences.end(), span.start,
                                      [](Offset at, const Span& s) { return at < s.end; });
  const auto after = std::lower_bound(sentences.begin(), sentences.end(), span.end,
                                      [](const Span& s, Offset at) { return s.start < at; });
  return {first - sentences.begin(), (after - sentences.begin()) - 1};
}

class Evaluator {
 public:
  Evaluator(const CodingData& data, const Query& query, const QueryOptions& options)
      : data_(data),
        query_(query),
        options_(options),
        operand_codes_(data.codes().size(), false),
        coder_ok_(data.coder_mask(options.coders)) {
    for (const std::string& name : options.speaker_names) names_.insert(text::fold_text(name));
  }

  Segments evaluate(const QueryNode& node) {
    using Kind = QueryNode::Kind;
    switch (node.kind) {
      case Kind::code:
        return code(node);
      case Kind::attribute:
        return attribute(node);
      case Kind::negation:
        return negation(evaluate(node.operands[0]));
      default:
        break;
    }
    Segments a = evaluate(node.operands[0]);
    const Segments b = evaluate(node.operands[1]);
    for (std::size_t d = 0; d < a.size(); ++d) {
      switch (node.kind) {
        case Kind::conjunction:
          a[d] = conjunction(d, a[d], b[d]);
          break;
        case Kind::disjunction:
          a[d].insert(a[d].end(), b[d].begin(), b[d].end());
          normalize(a[d]);
          break;
        case Kind::overlaps:
        case Kind::within:
          a[d] = containment(a[d], b[d], node.kind == Kind::within);
          break;
        case Kind::near:
          a[d] = near(d, a[d], b[d], node.sentences);
          break;
        case Kind::follows:
          a[d] = follows(d, a[d], b[d], node.sentences);
          break;
        default:
          break;
      }
    }
    return a;
  }

  // Whether `coding` counts for a code operand: its coder is chosen and, when a role is
  // asked for, it starts in a turn of that role.
  bool admits(const CodingInfo& coding) const {
    if (!coder_ok_[coding.coder]) return false;
    if (!names_.empty()) {
      return names_.count(text::fold_text(data_.speaker_at(coding.document, coding.span.start))) >
             0;
    }
    if (!options_.coding_role) return true;
    const auto [first, last] = data_.units_overlapping(Unit::turn, coding.document,
                                                       {coding.span.start, coding.span.start + 1});
    return first < last &&
           data_.unit_roles(Unit::turn, coding.document)[first] == *options_.coding_role;
  }

  // The codes of every code operand, with their descendants.
  const std::vector<bool>& operand_codes() const { return operand_codes_; }

 private:
  Segments code(const QueryNode& node) {
    std::size_t code = 0;
    try {
      code = data_.code_index(node.name);
    } catch (const NotFoundError& e) {
      throw NotFoundError(query_error_message(query_.expression, node.position, e.what()));
    }
    std::vector<bool> chosen(data_.codes().size(), false);
    for (const std::size_t c : data_.subtree(code)) chosen[c] = operand_codes_[c] = true;
    Segments out(data_.documents().size());
    // Codings come by document and start, so each document's spans arrive sorted.
    for (const CodingInfo& coding : data_.codings()) {
      if (chosen[coding.code] && admits(coding)) out[coding.document].push_back(coding.span);
    }
    for (Spans& spans : out) normalize(spans);
    return out;
  }

  Segments attribute(const QueryNode& node) {
    if (node.name != "case") {
      const std::vector<std::string> names = data_.attribute_names();
      if (!std::binary_search(names.begin(), names.end(), node.name)) {
        std::string known;
        for (const std::string& name : names) known += (known.empty() ? "" : ", ") + name;
        throw InputError(query_error_message(query_.expression, node.position,
                                             "no case has the attribute '" + node.name +
                                                 "' (attributes: case" +
                                                 (known.empty() ? "" : ", " + known) + ")"));
      }
    }
    Segments out(data_.documents().size());
    const auto admits = [&](std::size_t case_index) {
      return (data_.attribute(case_index, node.name) == node.value) != node.negated;
    };
    for (std::size_t d = 0; d < out.size(); ++d) {
      const DocumentInfo& document = data_.documents()[d];
      const std::span<const CaseRegion> regions = data_.speaker_cases(d);
      if (regions.empty()) {
        if (admits(document.case_index) && data_.length(d) > 0)
          out[d].push_back({0, data_.length(d)});
        continue;
      }
      // A case per speaker: the speakers' turns by their cases, the rest by the document's.
      const auto add = [&](Span span) {
        if (span.start >= span.end) return;
        if (!out[d].empty() && out[d].back().end == span.start) {
          out[d].back().end = span.end;
        } else {
          out[d].push_back(span);
        }
      };
      Offset at = 0;
      for (const CaseRegion& region : regions) {
        if (admits(document.case_index)) add({at, region.span.start});
        if (admits(region.case_index)) add(region.span);
        at = region.span.end;
      }
      if (admits(document.case_index)) add({at, data_.length(d)});
    }
    return out;
  }

  bool unit_admitted(std::size_t document, std::size_t unit) const {
    if (options_.unit == Unit::document) return true;
    if (!names_.empty()) {
      const Offset start = data_.units(options_.unit, document)[unit].start;
      return names_.count(text::fold_text(data_.speaker_at(document, start))) > 0;
    }
    if (!options_.unit_role) return true;
    return data_.unit_roles(options_.unit, document)[unit] == *options_.unit_role;
  }

  // Indices of the units of `document` that share a code point with `spans`, ascending.
  std::vector<std::size_t> touched_units(std::size_t document, const Spans& spans) const {
    std::vector<std::size_t> out;
    for (const Span& span : spans) {
      const auto [first, last] = data_.units_overlapping(options_.unit, document, span);
      for (std::size_t u = first; u < last; ++u) {
        if (out.empty() || u > out.back()) out.push_back(u);
      }
    }
    return out;
  }

  Spans conjunction(std::size_t document, const Spans& a, const Spans& b) const {
    if (a.empty() || b.empty()) return {};
    const std::vector<std::size_t> in_a = touched_units(document, a);
    const std::vector<std::size_t> in_b = touched_units(document, b);
    std::vector<std::size_t> both;
    std::set_intersection(in_a.begin(), in_a.end(), in_b.begin(), in_b.end(),
                          std::back_inserter(both));
    const Spans& units = data_.units(options_.unit, document);
    Spans out;
    for (const std::size_t u : both) {
      if (unit_admitted(document, u)) out.push_back(units[u]);
    }
    normalize(out);
    return out;
  }

  Segments negation(const Segments& a) const {
    Segments out(a.size());
    for (std::size_t d = 0; d < a.size(); ++d) {
      const std::vector<std::size_t> in_a = touched_units(d, a[d]);
      const Spans& units = data_.units(options_.unit, d);
      std::size_t next = 0;  // into in_a
      for (std::size_t u = 0; u < units.size(); ++u) {
        if (next < in_a.size() && in_a[next] == u) {
          ++next;
        } else if (unit_admitted(d, u)) {
          out[d].push_back(units[u]);
        }
      }
      normalize(out[d]);
    }
    return out;
  }

  // OVERLAPS (`inside` false) and WITHIN (`inside` true). Both lists are sorted and
  // disjoint, so their ends ascend too: a span of b that ends before one of a begins can
  // be passed for good.
  static Spans containment(const Spans& a, const Spans& b, bool inside) {
    Spans out;
    std::size_t j = 0;
    for (const Span& span : a) {
      while (j < b.size() && b[j].end <= span.start) ++j;
      if (j == b.size()) break;
      const bool hit = inside ? b[j].contains(span) : b[j].start < span.end;
      if (hit) out.push_back(span);
    }
    return out;
  }

  std::vector<SentenceRange> sentence_ranges(std::size_t document, const Spans& spans) const {
    const Spans& sentences = data_.units(Unit::sentence, document);
    std::vector<SentenceRange> out;
    out.reserve(spans.size());
    for (const Span& span : spans) out.push_back(sentence_range(sentences, span));
    return out;
  }

  // The ranges of b ascend in both first and last, so for each span of a the first range
  // of b that reaches far enough forward is also the one that starts earliest.
  Spans near(std::size_t document, const Spans& a, const Spans& b, std::int64_t n) const {
    if (a.empty() || b.empty()) return {};
    const std::vector<SentenceRange> ra = sentence_ranges(document, a);
    const std::vector<SentenceRange> rb = sentence_ranges(document, b);
    Spans out;
    std::size_t j = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
      while (j < rb.size() && rb[j].last < ra[i].first - n) ++j;
      if (j < rb.size() && rb[j].first <= ra[i].last + n) out.push_back(a[i]);
    }
    return out;
  }

  // Of the spans of b that end before a span of a starts, the last one ends in the latest
  // sentence: it alone decides.
  Spans follows(std::size_t document, const Spans& a, const Spans& b, std::int64_t n) const {
    if (a.empty() || b.empty()) return {};
    const std::vector<SentenceRange> ra = sentence_ranges(document, a);
    const std::vector<SentenceRange> rb = sentence_ranges(document, b);
    Spans out;
    std::size_t before = 0;  // spans of b ending at or before a[i].start
    for (std::size_t i = 0; i < a.size(); ++i) {
      while (before < b.size() && b[before].end <= a[i].start) ++before;
      if (before > 0 && ra[i].first - rb[before - 1].last <= n) out.push_back(a[i]);
    }
    return out;
  }

  const CodingData& data_;
  const Query& query_;
  const QueryOptions& options_;
  std::vector<bool> operand_codes_;
  std::vector<bool> coder_ok_;
  std::set<std::string> names_;  // folded speaker names; empty: by role
};

std::string join_codes(const CodingData& data, const std::vector<std::size_t>& codes) {
  std::string out;
  for (const std::size_t code : codes) out += (out.empty() ? "" : "; ") + data.codes()[code].path;
  return out;
}

}  // namespace

std::vector<QuerySegment> run_query(const CodingData& data, const Query& query,
                                    const QueryOptions& options) {
  Evaluator evaluator(data, query, options);
  const Segments result = evaluator.evaluate(query.root);
  std::vector<QuerySegment> out;
  for (std::size_t d = 0; d < result.size(); ++d) {
    if (result[d].empty()) continue;
    // The operand codings overlapping each segment, by a sweep: a coding joins `active`
    // once it starts before a segment's end and leaves once it ends before a segment's
    // start, which rules it out for every later segment too.
    const std::span<const CodingInfo> codings = data.codings_of(d);
    std::vector<const CodingInfo*> active;
    std::size_t next = 0;
    for (const Span& span : result[d]) {
      for (; next < codings.size() && codings[next].span.start < span.end; ++next) {
        const CodingInfo& coding = codings[next];
        if (evaluator.operand_codes()[coding.code] && evaluator.admits(coding)) {
          active.push_back(&coding);
        }
      }
      std::erase_if(active, [&](const CodingInfo* c) { return c->span.end <= span.start; });
      QuerySegment segment{d, span, {}};
      for (const CodingInfo* coding : active) segment.codes.push_back(coding->code);
      std::sort(segment.codes.begin(), segment.codes.end());
      segment.codes.erase(std::unique(segment.codes.begin(), segment.codes.end()),
                          segment.codes.end());
      out.push_back(std::move(segment));
    }
  }
  return out;
}

table::Sheet query_sheet(const CodingData& data, const std::vector<QuerySegment>& segments,
                          int context_sentences) {
  table::Table table{{"document", "case", "speaker", "start", "end", "codes", "text"}, {}};
  const bool context = context_sentences > 0;
  if (context) {
    table.columns.insert(table.columns.end() - 1, "before");
    table.columns.push_back("after");
  }
  std::vector<std::size_t> documents;
  for (const QuerySegment& segment : segments) {
    if (documents.empty() || documents.back() != segment.document) {
      documents.push_back(segment.document);
    }
  }
  data.load_texts(documents);
  std::optional<text::CodePointIndex> index;
  std::size_t indexed = data.documents().size();
  for (const QuerySegment& segment : segments) {
    const std::size_t d = segment.document;
    if (d != indexed) {
      index.emplace(data.text(d));
      indexed = d;
    }
    const DocumentInfo& document = data.documents()[d];
    std::vector<table::Cell> row = {document.name,
                                    data.cases()[data.case_of(d, segment.span)].name,
                                    std::string(data.speaker_at(d, segment.span.start)),
                                    segment.span.start,
                                    segment.span.end,
                                    join_codes(data, segment.codes)};
    if (context) {
      // Whole sentences before the first one the segment reaches into, and after the
      // last, as `segments --context` shows them.
      const Spans& sentences = data.units(Unit::sentence, d);
      const SentenceRange range = sentence_range(sentences, segment.span);
      const auto n = static_cast<std::ptrdiff_t>(context_sentences);
      const auto count = static_cast<std::ptrdiff_t>(sentences.size());
      std::string before, after;
      for (std::ptrdiff_t s = std::max<std::ptrdiff_t>(0, range.first - n); s < range.first; ++s) {
        before += (before.empty() ? "" : " ") + std::string(index->slice(sentences[s]));
      }
      for (std::ptrdiff_t s = range.last + 1; s < std::min(count, range.last + 1 + n); ++s) {
        after += (after.empty() ? "" : " ") + std::string(index->slice(sentences[s]));
      }
      row.emplace_back(std::move(before));
      row.emplace_back(std::string(index->slice(segment.span)));
      row.emplace_back(std::move(after));
    } else {
      row.emplace_back(std::string(index->slice(segment.span)));
    }
    table.rows.push_back(std::move(row));
  }
  return {"query", std::move(table)};
}

table::Sheet query_count_sheet(const CodingData& data, const std::vector<QuerySegment>& segments) {
  std::set<std::size_t> documents;
  std::set<std::size_t> cases;
  for (const QuerySegment& segment : segments) {
    documents.insert(segment.document);
    cases.insert(data.case_of(segment.document, segment.span));
  }
  table::Table table{{"segments", "documents", "cases"}, {}};
  table.rows.push_back({static_cast<std::int64_t>(segments.size()),
                        static_cast<std::int64_t>(documents.size()),
                        static_cast<std::int64_t>(cases.size())});
  return {"query", std::move(table)};
}

}  // namespace inzicht::analysis
