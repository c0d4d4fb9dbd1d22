#include "importers/document_builder.hpp"

#include <algorithm>
#include <map>

#include "importers/speaker_labels.hpp"
#include "base/error.hpp"
#include "text/text.hpp"

namespace inzicht::importers {

namespace {

// A --speaker-pattern that runs out of its budget names the file and line.
std::optional<SpeakerLabels::Label> match_label(const SpeakerLabels& labels, std::string_view line,
                                                std::size_t number,
                                                const model::Document& document) {
  try {
    return labels.match(line);
  } catch (const InputError& e) {
    throw InputError(document.name + ": line " + std::to_string(number) +
                     ": the speaker pattern failed: " + e.what());
  }
}

bool is_space(char32_t c) {
  return c == ' ' || c == '\t' || c == 0xA0 || c == 0x202F || c == 0x3000 ||
         (c >= 0x2000 && c <= 0x200B) || c == 0xFEFF;
}

// Decodes the code points of valid UTF-8.
std::u32string code_points(std::string_view utf8) {
  std::u32string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    const auto b = static_cast<unsigned char>(utf8[i]);
    const int n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t c = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
    for (int k = 1; k < n && i + static_cast<std::size_t>(k) < utf8.size(); ++k) {
      c = (c << 6) | (static_cast<unsigned char>(utf8[i + static_cast<std::size_t>(k)]) & 0x3F);
    }
    out.push_back(c);
    i += static_cast<std::size_t>(n);
  }
  return out;
}

// The non-space stretch of code points [from, to) of `line`, or nullopt if all space.
std::optional<Span> trimmed(const std::u32string& line, Offset from, Offset to) {
  while (from < to && is_space(line[static_cast<std::size_t>(from)])) ++from;
  while (to > from && is_space(line[static_cast<std::size_t>(to - 1)])) --to;
  if (from >= to) return std::nullopt;
  return Span{from, to};
}

// Accumulates turns and paragraphs as lines are appended to the text.
class TurnAssembler {
 public:
  explicit TurnAssembler(model::Document& document) : document_(document) {}

  void start_turn(std::string speaker, model::Role role, std::optional<std::int64_t> time_ms) {
    close_turn();
    open_ = true;
    pending_ = model::Turn{std::move(speaker), role, {}, time_ms};
  }
  bool open() const { return open_; }

  // Adds words at document span `words`; `new_paragraph` starts a paragraph.
  void add(Span words, bool new_paragraph) {
    if (!open_) return;
    if (!paragraph_ || new_paragraph) {
      close_paragraph();
      paragraph_ = words;
    } else {
      paragraph_->end = words.end;
    }
  }

  void close_turn() {
    close_paragraph();
    // A label with no words after it makes no turn.
    if (open_ && first_paragraph_ < document_.paragraphs.size()) {
      pending_.span = {document_.paragraphs[first_paragraph_].span.start,
                       document_.paragraphs.back().span.end};
      document_.turns.push_back(pending_);
    }
    open_ = false;
    first_paragraph_ = document_.paragraphs.size();
  }

 private:
  void close_paragraph() {
    if (!paragraph_) return;
    document_.paragraphs.push_back({*paragraph_, document_.turns.size()});
    paragraph_.reset();
  }

  model::Document& document_;
  bool open_ = false;
  model::Turn pending_;
  std::optional<Span> paragraph_;
  std::size_t first_paragraph_ = 0;
};

void add_sentences(model::Document& document, const std::string& language) {
  const text::CodePointIndex index(document.text);
  for (std::size_t p = 0; p < document.paragraphs.size(); ++p) {
    const Span paragraph = document.paragraphs[p].span;
    for (const Span& s : text::sentences(index.slice(paragraph), language)) {
      document.sentences.push_back(
          {{paragraph.start + s.start, paragraph.start + s.end}, p});
    }
  }
}

enum : unsigned char { kStartsParagraph = 1, kOutsideTurns = 2 };

// Text with labels: "Interviewer: …" lines start turns; other lines continue them.
// `lines` are the NFC lines (views into the document's text) and `flags` theirs. `given`
// are the labels the reader found (Extracted::speakers_given), by line number; without
// them the labels are looked for in the lines.
void build_labelled(const std::vector<std::string_view>& lines,
                    const std::vector<unsigned char>& flags,
                    std::optional<std::vector<std::pair<std::size_t, SpeakerLabels::Label>>> given,
                    const SpeakerLabels& labels, model::Document& document) {
  // The labelled lines only, by line number: most lines of a long text have none.
  std::vector<std::pair<std::size_t, SpeakerLabels::Label>> found;
  if (given) {
    found = std::move(*given);
  } else {
    std::map<std::string, int> weak_counts;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      auto label = match_label(labels, lines[i], i + 1, document);
      if (!label) continue;
      if (label->weak) ++weak_counts[text::fold_text(label->speaker)];
      found.emplace_back(i, std::move(*label));
    }
    // A weak label ("Toen zei ik:") counts when it recurs or names a role.
    std::erase_if(found, [&](const auto& entry) {
      const SpeakerLabels::Label& label = entry.second;
      return label.weak && weak_counts[text::fold_text(label.speaker)] < 2 &&
             !labels.is_role_name(label.speaker);
    });
  }
  const bool any = !found.empty();

  TurnAssembler turns(document);
  Offset line_start = 0;
  bool after_blank = true;
  auto next_label = found.begin();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::u32string cps = code_points(lines[i]);
    const auto length = static_cast<Offset>(cps.size());
    Offset from = 0;
    bool new_paragraph = after_blank || (flags[i] & kStartsParagraph) != 0;
    const SpeakerLabels::Label* label = nullptr;
    if (next_label != found.end() && next_label->first == i) label = &(next_label++)->second;
    if ((flags[i] & kOutsideTurns) != 0) {
      turns.close_turn();
      line_start += length + 1;
      after_blank = true;
      continue;
    }
    if (label) {
      turns.start_turn(label->speaker, labels.role_of(label->speaker), label->time_ms);
      from = label->content;
      new_paragraph = true;
    } else if (!any && new_paragraph) {
      // No labels anywhere: every paragraph is a respondent turn.
      if (trimmed(cps, 0, length)) turns.start_turn("", model::Role::respondent, std::nullopt);
    }
    const auto words = trimmed(cps, from, length);
    if (words) {
      turns.add({line_start + words->start, line_start + words->end}, new_paragraph);
      after_blank = false;
    } else if (!label) {
      after_blank = true;
    }
    line_start += length + 1;  // the '\n'
  }
  turns.close_turn();
}

// Subtitle cues: consecutive cues of one speaker make one turn, written as one line.
void build_cues(const std::vector<std::string>& lines, const Extracted& extracted,
                const SpeakerLabels& labels, model::Document& document) {
  struct Cue {
    std::string speaker;
    std::string words;
    std::optional<std::int64_t> start, end;
  };
  std::vector<std::optional<SpeakerLabels::Label>> found(lines.size());
  std::map<std::string, int> weak_counts;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (extracted.lines[i].speaker || extracted.speakers_given) continue;
    found[i] = match_label(labels, lines[i], i + 1, document);
    if (found[i] && found[i]->weak) ++weak_counts[text::fold_text(found[i]->speaker)];
  }
  // Merge cues into turns.
  std::vector<Cue> merged;
  std::string current;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string words = lines[i];
    std::string speaker = current;
    const Line& line = extracted.lines[i];
    auto& label = found[i];
    if (line.speaker) {
      speaker = *line.speaker;
    } else if (label && (!label->weak || weak_counts[text::fold_text(label->speaker)] >= 2 ||
                         labels.is_role_name(label->speaker) ||
                         std::count(label->speaker.begin(), label->speaker.end(), ' ') < 2)) {
      // A cue is short: a name of one or two words before a colon at its start is a
      // speaker even when named only once.
      speaker = label->speaker;
      const text::CodePointIndex index(words);
      words = std::string(index.slice({label->content, index.size()}));
    }
    const auto cps = code_points(words);
    if (!trimmed(cps, 0, static_cast<Offset>(cps.size()))) continue;
    // Without names, a pause of two seconds or more starts a new paragraph-turn.
    const bool pause = speaker.empty() && !merged.empty() && line.time_ms && merged.back().end &&
                       *line.time_ms - *merged.back().end >= 2000;
    if (merged.empty() || merged.back().speaker != speaker || pause) {
      merged.push_back({speaker, words, line.time_ms, line.end_ms});
    } else {
      merged.back().words += ' ';
      merged.back().words += words;
      if (line.end_ms) merged.back().end = line.end_ms;
    }
    current = speaker;
  }
  TurnAssembler turns(document);
  Offset line_start = 0;
  for (std::size_t i = 0; i < merged.size(); ++i) {
    Cue& cue = merged[i];
    const std::u32string cps = code_points(cue.words);
    const auto words = trimmed(cps, 0, static_cast<Offset>(cps.size()));
    if (i > 0) document.text += '\n';
    document.text += cue.words;
    const model::Role role = cue.speaker.empty() ? model::Role::respondent
                                                 : labels.role_of(cue.speaker);
    turns.start_turn(cue.speaker, role, cue.start);
    if (words) turns.add({line_start + words->start, line_start + words->end}, true);
    line_start += static_cast<Offset>(cps.size()) + 1;
  }
  turns.close_turn();
}

}  // namespace

model::Document build_document(Extracted extracted, const std::string& name,
                               const std::string& format, const TurnOptions& options) {
  const SpeakerLabels labels(options.interviewers, options.speaker_pattern);
  model::Document document;
  document.name = name;
  document.format = format;
  document.layout = extracted.layout;
  document.encoding = extracted.encoding;

  // The code points of each label a reader found, counted in its NFC form.
  std::vector<Offset> label_lengths;
  if (extracted.speakers_given && !extracted.cues) {
    label_lengths.resize(extracted.lines.size());
    for (std::size_t i = 0; i < extracted.lines.size(); ++i) {
      const Line& line = extracted.lines[i];
      if (!line.speaker) continue;
      label_lengths[i] = text::count_code_points(
          text::to_nfc(std::string_view(line.text).substr(0, line.label_bytes)));
    }
  }
  // NFC line by line, in place: '\n' never composes, so this equals NFC of the whole text.
  // A line already in NFC keeps its own string: replacing every line by its copy cost a
  // second allocation of the whole text and left the heap fragmented (+10 MB at 52 MB).
  for (Line& line : extracted.lines) text::normalise_nfc(line.text);

  if (extracted.plain) {
    // A plain text: the lines joined by '\n' are its text without a final newline, and
    // NFC of the whole equals NFC line by line, as '\n' never composes.
    document.text = std::move(*extracted.plain);
    extracted.plain.reset();
    if (!document.text.empty() && document.text.back() == '\n') document.text.pop_back();
    text::normalise_nfc(document.text);
    std::vector<std::string_view> lines;
    for (std::size_t start = 0;;) {
      const std::size_t end = document.text.find('\n', start);
      lines.push_back(std::string_view(document.text).substr(start, end - start));
      if (end == std::string::npos) break;
      start = end + 1;
    }
    const std::vector<bool> starts = paragraph_starts(lines);
    std::vector<unsigned char> flags(lines.size());
    for (std::size_t i = 0; i < lines.size(); ++i) flags[i] = starts[i] ? kStartsParagraph : 0;
    build_labelled(lines, flags, std::nullopt, labels, document);
  } else if (extracted.cues) {
    std::vector<std::string> lines;
    lines.reserve(extracted.lines.size());
    for (Line& line : extracted.lines) lines.push_back(std::move(line.text));
    build_cues(lines, extracted, labels, document);
  } else {
    // Reserved: growing a text of hundreds of MB by doubling holds it up to three times.
    // Each line's own copy is freed as it joins the text, so that a large transcript is
    // held about once; the lines are then read as views into the text.
    std::size_t size = 0;
    for (const Line& line : extracted.lines) size += line.text.size() + 1;
    document.text.reserve(size);
    // Views taken as it grows: reserved, the text does not move.
    std::vector<std::string_view> lines;
    lines.reserve(extracted.lines.size());
    for (std::size_t i = 0; i < extracted.lines.size(); ++i) {
      if (i > 0) document.text += '\n';
      const std::size_t start = document.text.size();
      document.text += extracted.lines[i].text;
      lines.push_back(std::string_view(document.text).substr(start));
      std::string().swap(extracted.lines[i].text);
    }
    // The line records are freed once read: for a large transcript they weigh more than
    // its text.
    std::vector<unsigned char> flags(lines.size());
    std::optional<std::vector<std::pair<std::size_t, SpeakerLabels::Label>>> given;
    if (extracted.speakers_given) given.emplace();
    for (std::size_t i = 0; i < lines.size(); ++i) {
      Line& line = extracted.lines[i];
      flags[i] =
          (line.starts_paragraph ? kStartsParagraph : 0) | (line.outside_turns ? kOutsideTurns : 0);
      if (given && line.speaker) {
        given->emplace_back(i, SpeakerLabels::Label{std::move(*line.speaker), label_lengths[i],
                                                    line.time_ms, false});
      }
    }
    std::vector<Line>().swap(extracted.lines);
    build_labelled(lines, flags, std::move(given), labels, document);
  }
  document.length = text::count_code_points(document.text);
  add_sentences(document, options.language);
  // Grown by doubling, the unit lists can hold twice their rows until the document is
  // stored, beside the text and the store's pages (44 MB spare at 52 MB of text).
  document.turns.shrink_to_fit();
  document.paragraphs.shrink_to_fit();
  document.sentences.shrink_to_fit();
  return document;
}

}  // namespace inzicht::importers
