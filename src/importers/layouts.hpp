#pragma once
// Recognising the layouts transcription services write, on the lines a reader extracted:
// Zoom's "[Name] 10:02:34" headers, Otter.ai's and Teams' "Name  0:05" headers with the
// words on the lines below, WhisperX's "[SPEAKER_00]:" cue prefixes, and the cue layouts
// of Zoom, Teams and Whisper WebVTT. A recognised layout names the speakers itself
// (Extracted::speakers_given) and is recorded in Extracted::layout for `inzicht docs`.

#include <string_view>

#include "importers/extracted.hpp"

namespace inzicht::importers {

// Text-like formats (txt, md, docx, odt, rtf, pdf, html): finds speaker-and-time header
// lines. When at least two headers are found (or one with the wide gap Otter and Teams
// put between name and time), header lines start turns, text before the first header
// and service footers ("Transcribed by https://otter.ai") belong to no turn, and
// `extracted.layout` names the layout. Otherwise `extracted` is left as it was and the
// builder looks for "Name:" labels as before. `format` is the file's extension.
void recognise_text_layout(Extracted& extracted, std::string_view format);

// Where a reader or recognise_text_layout named the speakers of a text layout: a label
// that repeats the speaker of the turn before it (services start a new block at every
// pause, and a table a new row) is taken out, so that the blocks make one turn with the
// first block's time. A label alone on its line goes with its line; a label before words
// ("[Jane] 10:02:19 words", a table row) leaves the words.
void merge_repeated_speakers(Extracted& extracted);

// Subtitle formats (srt, vtt): strips WhisperX's "[SPEAKER_00]: " prefixes into the cue's
// speaker and names the layout: Teams (voices, "…/12-0" cue ids), Zoom ("Name: " in
// numbered cues), WhisperX, or plain cues. `teams_ids` and `numbered_ids` say which cue
// identifiers the reader saw.
void recognise_cue_layout(Extracted& extracted, std::string_view format, bool teams_ids,
                          bool numbered_ids);

}  // namespace inzicht::importers
