// The suggestion layer of the reading view: pending suggestions (from the rules or a model)
// drawn apart from codings — a hatched, dashed stripe in the margin and a dashed underline
// in the code's colour — with their code, score, source and the words that weighed; accept
// one (it becomes a coding of this coder) or reject it, by mouse or key, or all of a code.

import { Decision, Suggestion, get, send } from "./api";
import { append, clear, h, swatch } from "./dom";
import { t } from "./i18n";
import { codeById, state } from "./state";
import { failed, isConflict, laneFor, say } from "./ui";

// What the reading view lends the layer.
export interface Host {
  rangeFor(start: number, end: number): Range | null;
  selectRange(start: number, end: number, scroll: boolean): void;
  reload(): Promise<void>;
}

const layer = {
  list: [] as Suggestion[],
  shown: localStorage.getItem("inzicht.showSuggestions") !== "false",
  selected: null as number | null,
  // After a decision by key, the stripe to focus once the view is drawn again.
  focusNext: null as number | null,
  host: null as Host | null,
  lanes: null as HTMLElement | null,
};

export function setHost(host: Host): void {
  layer.host = host;
}

export async function load(documentId: number): Promise<void> {
  layer.list = (await get<{ suggestions: Suggestion[] }>(`/api/documents/${documentId}/suggestions`)).suggestions;
  if (layer.selected !== null && !layer.list.some((s) => s.id === layer.selected)) layer.selected = null;
}

export function reset(): void {
  layer.list = [];
  layer.selected = null;
  layer.focusNext = null;
}

export function count(): number {
  return layer.list.length;
}

export function shown(): boolean {
  return layer.shown;
}

export function show(on: boolean): void {
  layer.shown = on;
  localStorage.setItem("inzicht.showSuggestions", on ? "true" : "false");
}

function visible(): Suggestion[] {
  return layer.shown ? layer.list : [];
}

function colour(s: Suggestion): string {
  const code = codeById(s.code_id);
  return code && code.color ? code.color : "#888888";
}

function source(s: Suggestion): string {
  return `${s.source === "rule" ? t("fromRule") : t("fromModel")} ${s.origin}`;
}

// Code, score, source and the words that weighed, in one line.
export function describe(s: Suggestion): string {
  const words = s.words.length ? ` — ${t("weighed")}: ${s.words.join(", ")}` : "";
  return `${s.code} — ${t("score")} ${s.score.toFixed(2)} — ${source(s)}${words}`;
}

// The offsets where the text must be cut so that each piece lies in or out of a suggestion.
export function cuts(start: number, end: number): number[] {
  const out: number[] = [];
  for (const s of visible()) {
    if (s.end > start && s.start < end) out.push(Math.max(start, s.start), Math.min(end, s.end));
  }
  return out;
}

// Underlines `piece` (the text from `a` to `b`) when a shown suggestion covers it.
export function mark(piece: HTMLElement, a: number, b: number): void {
  const over = visible().filter((s) => s.start <= a && b <= s.end);
  if (!over.length) return;
  piece.classList.add("suggested");
  piece.style.textDecorationColor = colour(over[0]);
  piece.title = over.map(describe).join("\n");
}

function select(id: number, scroll: boolean): void {
  layer.selected = id;
  const s = layer.list.find((x) => x.id === id);
  if (layer.lanes) {
    for (const stripe of layer.lanes.querySelectorAll<HTMLElement>(".suggestion-stripe")) {
      stripe.classList.toggle("selected", stripe.dataset.suggestion === String(id));
    }
  }
  renderPanel();
  if (s && layer.host && scroll) layer.host.selectRange(s.start, s.end, true);
}

// Draws the shown suggestions as stripes from `left` in `lanes` (a lane per overlap);
// returns the margin's width after them.
export function drawStripes(lanes: HTMLElement, base: DOMRect, left: number): number {
  layer.lanes = lanes;
  const mine = [...visible()].sort((a, b) => a.start - b.start || b.end - a.end);
  if (!mine.length || !layer.host) return left;
  const ends: number[] = [];
  const label = h("span", { class: "lane-coder suggestions-label", text: t("suggestionsShort") });
  label.style.left = `${left}px`;
  lanes.appendChild(label);
  for (const s of mine) {
    const range = layer.host.rangeFor(s.start, s.end);
    if (!range) continue;
    const rect = range.getBoundingClientRect();
    const top = rect.top - base.top;
    const lane = laneFor(ends, top, top + Math.max(8, rect.height));
    const tip = describe(s);
    const stripe = h("button", {
      type: "button",
      class: s.id === layer.selected ? "suggestion-stripe selected" : "suggestion-stripe",
      title: tip,
      "aria-label": `${t("suggestion")}: ${tip}. ${t("suggestionKeys")}`,
      "data-suggestion": s.id,
      onclick: () => select(s.id, true),
      onfocus: () => select(s.id, false),
    });
    stripe.addEventListener("keydown", (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key !== "a" && key !== "r") return;
      event.preventDefault();
      event.stopPropagation();
      decide(s.id, key === "a", "stripe");
    });
    const c = colour(s);
    stripe.style.top = `${top}px`;
    stripe.style.height = `${Math.max(8, rect.height)}px`;
    stripe.style.left = `${left + lane * 11}px`;
    stripe.style.borderColor = c;
    stripe.style.background = `repeating-linear-gradient(45deg, ${c} 0 2px, transparent 2px 5px)`;
    lanes.appendChild(stripe);
  }
  if (layer.focusNext !== null) {
    const next = lanes.querySelector<HTMLElement>(`[data-suggestion="${layer.focusNext}"]`);
    layer.focusNext = null;
    if (next) next.focus();
  }
  return left + Math.max(1, ends.length) * 11 + 12;
}

// The suggestion after `id` in the document, or before it when it was the last.
function neighbour(id: number): number | null {
  const i = layer.list.findIndex((s) => s.id === id);
  const next = layer.list[i + 1] || layer.list[i - 1];
  return next ? next.id : null;
}

// Decides one suggestion. By key (`from` a stripe or the text) the next one is selected
// after it, and a stripe's focus moves on to the next stripe, so a coder can go through
// them with A and R alone.
export async function decide(id: number, accept: boolean, from: "mouse" | "stripe" | "text" = "mouse"): Promise<void> {
  const s = layer.list.find((x) => x.id === id);
  try {
    const made = await send<Decision>("POST", `/api/suggestions/${id}/${accept ? "accept" : "reject"}`, { coder: state.coder });
    const next = neighbour(id);
    layer.selected = from === "mouse" ? null : next;
    layer.focusNext = from === "stripe" ? next : null;
    say(`${accept ? t("accepted") : t("rejected")}: ${s ? s.code : id}${accept && !made.codings_added ? ` (${t("codedAlready")})` : ""}`);
  } catch (e) {
    failed(e);
    if (!isConflict(e)) return;
  }
  if (layer.host) await layer.host.reload();
}

async function decideAll(codeId: number, minScore: number | null, accept: boolean): Promise<void> {
  const doc = state.doc;
  if (!doc) return;
  try {
    const made = await send<Decision>("POST", `/api/documents/${doc.id}/suggestions/${accept ? "accept" : "reject"}`,
      { coder: state.coder, code_id: codeId, min_score: minScore });
    const code = codeById(codeId);
    say(`${accept ? t("accepted") : t("rejected")}: ${made.decided} × ${code ? code.path : codeId}`);
    layer.selected = null;
  } catch (e) {
    failed(e);
  }
  if (layer.host) await layer.host.reload();
}

// Keys in the text: S and Shift+S walk the suggestions, A accepts and R rejects the one
// selected. True when the key was one of them.
export function onKey(event: KeyboardEvent): boolean {
  const key = event.key.toLowerCase();
  if (!layer.shown || !layer.list.length) return false;
  if (key === "s") {
    const i = layer.list.findIndex((s) => s.id === layer.selected);
    const n = layer.list.length;
    const next = i < 0 ? (event.shiftKey ? n - 1 : 0) : (i + (event.shiftKey ? n - 1 : 1)) % n;
    select(layer.list[next].id, true);
    return true;
  }
  if ((key === "a" || key === "r") && layer.selected !== null) {
    decide(layer.selected, key === "a", "text");
    return true;
  }
  return false;
}

function selectedPanel(): HTMLElement | null {
  const s = layer.list.find((x) => x.id === layer.selected);
  const doc = state.doc;
  if (!s || !doc) return null;
  const quote = doc.text.slice(s.start, s.end);
  return h("div", { class: "suggestion-detail" },
    h("h4", {}, swatch(colour(s)), s.code),
    h("p", { class: "quiet", text: `${t("score")} ${s.score.toFixed(2)} · ${source(s)}` }),
    s.words.length ? h("p", { class: "quiet", text: `${t("weighed")}: ${s.words.join(", ")}` }) : null,
    h("p", {}, h("q", { text: quote.length > 160 ? quote.slice(0, 160) + "…" : quote })),
    h("div", { class: "row" },
      h("button", { type: "button", text: t("accept"), onclick: () => decide(s.id, true) }),
      h("button", { type: "button", class: "danger", text: t("reject"), onclick: () => decide(s.id, false) })));
}

// Per code: how many are pending, and accept or reject them all at or above a score.
function byCode(): HTMLElement {
  const codes = new Map<number, Suggestion[]>();
  for (const s of layer.list) codes.set(s.code_id, [...(codes.get(s.code_id) || []), s]);
  return h("ul", { class: "suggestion-codes" }, ...[...codes.entries()].map(([codeId, list]) => {
    const path = list[0].code;
    const least = Math.min(...list.map((s) => s.score));
    const score = h("input", { type: "number", min: 0, max: 1, step: 0.05, "aria-label": `${t("minScore")} ${path}` });
    score.value = String(Math.floor(least * 100) / 100);
    const minimum = () => (score.value.trim() === "" ? null : Number(score.value));
    return h("li", {},
      h("span", {}, swatch(colour(list[0])), `${path} (${list.length})`),
      h("div", { class: "row" },
        h("label", {}, `${t("minScore")} `, score),
        h("button", { type: "button", "aria-label": `${t("acceptAll")} ${path}`, text: t("acceptAll"), onclick: () => decideAll(codeId, minimum(), true) }),
        h("button", { type: "button", class: "danger", "aria-label": `${t("rejectAll")} ${path}`, text: t("rejectAll"), onclick: () => decideAll(codeId, minimum(), false) })));
  }));
}

function renderPanel(): void {
  const panel = document.getElementById("suggestion-panel");
  if (!panel) return;
  clear(panel);
  append(panel, h("h3", { text: `${t("suggestions")} (${layer.list.length})` }));
  if (!layer.list.length) {
    append(panel, h("p", { class: "quiet", text: t("noSuggestions") }));
    return;
  }
  if (!layer.shown) {
    append(panel, h("p", { class: "quiet", text: t("suggestionsHidden") }));
    return;
  }
  append(panel, selectedPanel() || h("p", { class: "quiet", text: t("suggestionsHelp") }), byCode());
}

// The side panel's section on suggestions; refreshPanel fills it once it is in the page.
export function panel(): HTMLElement {
  return h("section", { id: "suggestion-panel", class: "suggestion-panel", "aria-label": t("suggestions") });
}

export function refreshPanel(): void {
  renderPanel();
}
