// Reading and coding: the transcript by turns, coding stripes in the margin (one lane per
// overlapping coding, coders side by side), coding with mouse or keyboard, memos, search,
// and the layer of suggestions beside the codings (suggestions.ts).

import { Coding, Doc, get, send } from "./api";
import { append, clear, h, swatch } from "./dom";
import { t } from "./i18n";
import { codeById, state, usedCode } from "./state";
import * as suggestions from "./suggestions";
import { failed, isConflict, laneFor, pickCode, say } from "./ui";

interface Piece { start: number; end: number; node: Text; }
interface Word { start: number; end: number; }

const view = {
  root: null as HTMLElement | null,
  text: null as HTMLElement | null,
  lanes: null as HTMLElement | null,
  side: null as HTMLElement | null,
  pieces: [] as Piece[],
  words: [] as Word[],
  selection: null as { start: number; end: number } | null,
  keyboard: null as { a: number; b: number } | null,
  selected: null as number | null,  // coding id
  matches: [] as { start: number; end: number }[],
  match: -1,
  role: "both",
  hiddenCoders: new Set<string>(),
  snap: true,
  query: "",
};

const WORD = /[\p{L}\p{N}]+(?:['’.:,][\p{L}\p{N}]+)*/gu;

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  const hh = Math.floor(s / 3600), mm = Math.floor((s % 3600) / 60), ss = s % 60;
  const two = (n: number) => String(n).padStart(2, "0");
  return hh ? `${hh}:${two(mm)}:${two(ss)}` : `${two(mm)}:${two(ss)}`;
}

// The text from `start` to `end` as pieces cut at search matches and suggestions, each a
// span knowing its offsets, so a DOM position maps back to an offset in the document.
function pieces(doc: Doc, start: number, end: number): HTMLElement[] {
  const cuts = new Set<number>([start, end, ...suggestions.cuts(start, end)]);
  for (const m of view.matches) {
    if (m.end > start && m.start < end) {
      cuts.add(Math.max(start, m.start));
      cuts.add(Math.min(end, m.end));
    }
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: HTMLElement[] = [];
  for (let i = 0; i + 1 < points.length; ++i) {
    const a = points[i], b = points[i + 1];
    const index = view.matches.findIndex((m) => m.start <= a && b <= m.end);
    const node = document.createTextNode(doc.text.slice(a, b));
    view.pieces.push({ start: a, end: b, node });
    const span = index >= 0 ? h("mark", { class: index === view.match ? "current" : "", id: `match-${index}` }) : h("span");
    span.dataset.start = String(a);
    span.dataset.end = String(b);
    suggestions.mark(span, a, b);
    span.appendChild(node);
    out.push(span);
  }
  return out;
}

function offsetAt(node: Node, offset: number): number | null {
  if (node.nodeType === Node.TEXT_NODE) {
    const piece = view.pieces.find((p) => p.node === node);
    return piece ? piece.start + Math.min(offset, piece.end - piece.start) : null;
  }
  const element = node as Element;
  const children = element.childNodes;
  const at = offset < children.length ? children[offset] : null;
  const pick = (n: Node | null, first: boolean): number | null => {
    if (!n) return null;
    const walker = document.createTreeWalker(n, NodeFilter.SHOW_TEXT);
    let found: Node | null = first ? walker.nextNode() : null;
    if (!first) for (let x = walker.nextNode(); x; x = walker.nextNode()) found = x;
    if (!found) return null;
    const piece = view.pieces.find((p) => p.node === found);
    return piece ? (first ? piece.start : piece.end) : null;
  };
  if (at) return pick(at, true);
  return pick(element, false);
}

function rangeFor(start: number, end: number): Range | null {
  const visible = view.pieces.filter((p) => p.end > start && p.start < end && p.node.parentElement && p.node.parentElement.offsetParent !== null);
  if (!visible.length) return null;
  const first = visible[0], last = visible[visible.length - 1];
  const range = document.createRange();
  range.setStart(first.node, Math.max(0, start - first.start));
  range.setEnd(last.node, Math.min(last.end, end) - last.start);
  return range;
}

function showSelection(): void {
  const side = document.getElementById("selection-line");
  if (!side) return;
  clear(side);
  if (!view.selection || !state.doc) {
    side.textContent = t("noSelection");
    return;
  }
  const quote = state.doc.text.slice(view.selection.start, view.selection.end);
  append(side, `${t("selection")}: `, h("q", { text: quote.length > 120 ? quote.slice(0, 120) + "…" : quote }));
}

function selectRange(start: number, end: number, scroll: boolean): void {
  view.selection = { start, end };
  const range = rangeFor(start, end);
  if (range) {
    const selection = window.getSelection();
    if (selection) {
      selection.removeAllRanges();
      selection.addRange(range);
    }
    if (scroll) {
      const node = range.startContainer.parentElement;
      if (node) node.scrollIntoView({ block: "center" });
    }
  }
  showSelection();
}

function visibleCodings(doc: Doc): Coding[] {
  return doc.codings.filter((c) => !view.hiddenCoders.has(c.coder));
}

// One lane per overlapping coding, each coder's lanes side by side.
function drawStripes(): void {
  const doc = state.doc, lanes = view.lanes, text = view.text;
  if (!doc || !lanes || !text) return;
  clear(lanes);
  const base = text.getBoundingClientRect();
  const coders = [...new Set(visibleCodings(doc).map((c) => c.coder))].sort();
  let left = 0;
  for (const coder of coders) {
    const mine = visibleCodings(doc).filter((c) => c.coder === coder).sort((a, b) => a.start - b.start || b.end - a.end);
    const ends: number[] = [];
    const label = h("span", { class: "lane-coder", text: coder });
    label.style.left = `${left}px`;
    lanes.appendChild(label);
    for (const coding of mine) {
      const range = rangeFor(coding.start, coding.end);
      if (!range) continue;
      const rect = range.getBoundingClientRect();
      const lane = laneFor(ends, rect.top - base.top, rect.top - base.top + Math.max(6, rect.height));
      const code = codeById(coding.code_id);
      const name = code ? code.path : String(coding.code_id);
      const tip = `${name} — ${coding.coder}${coding.memo ? " — " + coding.memo : ""}`;
      const stripe = h("button", {
        type: "button",
        class: coding.id === view.selected ? "stripe selected" : "stripe",
        title: tip,
        "aria-label": `${t("coding")}: ${tip}`,
        "data-coding": coding.id,
        onclick: () => selectCoding(coding.id),
      });
      stripe.style.top = `${rect.top - base.top}px`;
      stripe.style.height = `${Math.max(6, rect.height)}px`;
      stripe.style.left = `${left + lane * 11}px`;
      stripe.style.background = code && code.color ? code.color : "#888888";
      lanes.appendChild(stripe);
    }
    left += Math.max(1, ends.length) * 11 + 12;
  }
  left = suggestions.drawStripes(lanes, base, left);
  lanes.style.width = `${Math.max(24, left)}px`;
}

function renderText(): void {
  const doc = state.doc, text = view.text;
  if (!doc || !text) return;
  clear(text);
  view.pieces = [];
  const turns = doc.turns.length ? doc.turns : [{ index: 0, speaker: "", role: "respondent", start: 0, end: doc.length, time_ms: null }];
  // Text before the first turn (a title), without the first speaker's label.
  const before = doc.turns.length ? doc.text.slice(0, doc.turns[0].start) : "";
  const label = doc.turns.length ? doc.turns[0].speaker : "";
  if (before.trim() && !(before.trim().startsWith(label) && before.trim().length <= label.length + 2)) {
    text.appendChild(h("div", { class: "preamble" }, ...pieces(doc, 0, doc.turns[0].start)));
  }
  for (const turn of turns) {
    const hidden = view.role !== "both" && turn.role !== view.role;
    const block = h(
      "div",
      { class: `turn ${turn.role}${hidden ? " hidden" : ""}`, "data-turn": turn.index },
      turn.speaker ? h("div", { class: "speaker" }, turn.speaker, turn.time_ms !== null ? h("time", { text: clock(turn.time_ms) }) : null) : null,
      h("p", { class: "words" }, ...pieces(doc, turn.start, turn.end))
    );
    text.appendChild(block);
  }
  drawStripes();
}

function codingPanel(): HTMLElement | null {
  const doc = state.doc;
  if (!doc || view.selected === null) return null;
  const coding = doc.codings.find((c) => c.id === view.selected);
  if (!coding) return null;
  const code = codeById(coding.code_id);
  const seen = { code_id: coding.code_id, start: coding.start, end: coding.end, memo: coding.memo };
  const patch = async (change: object) => {
    try {
      await send("PATCH", `/api/codings/${coding.id}`, { coder: state.coder, seen, ...change });
      await reload();
    } catch (e) {
      failed(e);
      if (isConflict(e)) await reload();
    }
  };
  const edge = (which: "start" | "end", direction: -1 | 1) => {
    const at = which === "start" ? coding.start : coding.end;
    let to = at;
    if (view.snap) {
      const edges = view.words.map((w) => (which === "start" ? w.start : w.end));
      const next = direction > 0 ? edges.find((e) => e > at) : [...edges].reverse().find((e) => e < at);
      if (next !== undefined) to = next;
    } else {
      to = at + direction;
    }
    const start = which === "start" ? to : coding.start;
    const end = which === "end" ? to : coding.end;
    if (start < end) patch({ start, end, snap: false });
  };
  const memo = h("textarea", { "aria-label": t("memo"), rows: 3 });
  memo.value = coding.memo || "";
  return h(
    "section",
    { class: "coding-panel", "aria-label": t("coding") },
    h("h3", {}, swatch(code ? code.color : null), code ? code.path : "?"),
    h("p", { class: "quiet", text: `${coding.coder} · ${doc.text.slice(coding.start, coding.end).slice(0, 80)}` }),
    h("div", { class: "row" },
      h("button", { type: "button", text: t("recode"), onclick: async () => { const id = await pickCode(); if (id !== null) { usedCode(id); patch({ code_id: id }); } } }),
      h("button", { type: "button", class: "danger", text: t("delete"), onclick: async () => {
        try {
          await send("DELETE", `/api/codings/${coding.id}`, { coder: state.coder, seen });
          view.selected = null;
          await reload();
        } catch (e) {
          failed(e);
          if (isConflict(e)) await reload();
        }
      } })),
    h("div", { class: "row" }, `${t("startEdge")}: `,
      h("button", { type: "button", "aria-label": `${t("startEdge")} ${t("earlier")}`, text: "◀", onclick: () => edge("start", -1) }),
      h("button", { type: "button", "aria-label": `${t("startEdge")} ${t("later")}`, text: "▶", onclick: () => edge("start", 1) }),
      ` ${t("endEdge")}: `,
      h("button", { type: "button", "aria-label": `${t("endEdge")} ${t("earlier")}`, text: "◀", onclick: () => edge("end", -1) }),
      h("button", { type: "button", "aria-label": `${t("endEdge")} ${t("later")}`, text: "▶", onclick: () => edge("end", 1) })),
    h("label", {}, t("memo"), memo),
    h("div", { class: "row" },
      h("button", { type: "button", text: t("save"), onclick: () => patch({ memo: memo.value || null }) }),
      h("button", { type: "button", text: t("close"), onclick: () => { view.selected = null; renderSide(); drawStripes(); } }))
  );
}

function memoList(): HTMLElement {
  const doc = state.doc as Doc;
  const text = h("textarea", { "aria-label": t("addMemo"), rows: 2 });
  return h(
    "section",
    { class: "memos", "aria-label": t("documentMemos") },
    h("h3", { text: t("documentMemos") }),
    h("ul", {}, ...doc.memos.map((memo) => {
      const edit = h("textarea", { "aria-label": t("memo"), rows: 2 });
      edit.value = memo.text;
      const mine = memo.coder === state.coder;
      return h("li", {}, h("span", { class: "quiet", text: `${memo.coder}: ` }),
        mine ? edit : h("span", { text: memo.text }),
        mine ? h("button", { type: "button", text: t("save"), onclick: () => changeMemo(memo.id, memo.text, edit.value) }) : null,
        mine ? h("button", { type: "button", text: t("delete"), onclick: () => changeMemo(memo.id, memo.text, "") }) : null);
    })),
    text,
    h("button", { type: "button", text: t("addMemo"), onclick: async () => {
      if (!text.value.trim()) return;
      try {
        await send("POST", "/api/memos", { coder: state.coder, target_kind: "document", target_id: doc.id, text: text.value });
        await reload();
      } catch (e) {
        failed(e);
      }
    } })
  );
}

async function changeMemo(id: number, seen: string, text: string): Promise<void> {
  try {
    await send("PATCH", `/api/memos/${id}`, { coder: state.coder, seen, text });
  } catch (e) {
    failed(e);
  }
  await reload();
}

function renderSide(): void {
  const side = view.side;
  if (!side || !state.doc) return;
  clear(side);
  const favourites = state.favourites.map(codeById).filter((c) => !!c);
  append(
    side,
    h("p", { id: "selection-line", class: "selection-line", "aria-live": "polite" }),
    h("div", { class: "row" },
      h("button", { type: "button", id: "code-button", text: t("codeSelection"), onclick: () => codeWithPicker() }),
      h("button", { type: "button", text: t("again"), onclick: () => again() })),
    favourites.length
      ? h("p", { class: "quiet" }, `${t("favourites")}: `, ...favourites.map((c, i) => h("span", { class: "fav" }, `${i + 1} `, swatch(c ? c.color : null), c ? c.path : "", " ")))
      : null,
    codingPanel(),
    suggestions.panel(),
    memoList(),
    h("p", { class: "quiet", text: t("lanesHelp") })
  );
  suggestions.refreshPanel();
  showSelection();
}

async function codeSelection(codeId: number): Promise<void> {
  const doc = state.doc;
  if (!doc || !view.selection) {
    say(t("noSelection"), true);
    return;
  }
  try {
    const made = await send<{ id: number }>("POST", "/api/codings", {
      coder: state.coder, document_id: doc.id, code_id: codeId,
      start: view.selection.start, end: view.selection.end, snap: view.snap,
    });
    usedCode(codeId);
    const code = codeById(codeId);
    say(`${t("coding")}: ${code ? code.path : codeId}`);
    view.selected = made.id;
    await reload();
  } catch (e) {
    failed(e);
  }
}

async function codeWithPicker(): Promise<void> {
  if (!view.selection) {
    say(t("noSelection"), true);
    return;
  }
  const keep = view.selection;
  const id = await pickCode();
  view.selection = keep;
  if (id !== null) {
    await loadCodebook();
    await codeSelection(id);
  }
  if (view.text) view.text.focus();
}

function again(): void {
  if (state.lastCode === null) {
    say(t("noLastCode"), true);
    return;
  }
  codeSelection(state.lastCode);
}

async function loadCodebook(): Promise<void> {
  const book = await get<{ codes: typeof state.codes }>("/api/codebook");
  state.codes = book.codes;
}

function wordAt(offset: number): number {
  const i = view.words.findIndex((w) => w.end > offset);
  return i < 0 ? view.words.length - 1 : i;
}

function keySelect(a: number, b: number): void {
  if (!view.words.length) return;
  a = Math.max(0, Math.min(view.words.length - 1, a));
  b = Math.max(a, Math.min(view.words.length - 1, b));
  view.keyboard = { a, b };
  selectRange(view.words[a].start, view.words[b].end, true);
}

function onKey(event: KeyboardEvent): void {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const doc = state.doc;
  if (!doc) return;
  if (suggestions.onKey(event)) {
    event.preventDefault();
    return;
  }
  const k = view.keyboard || (view.selection ? { a: wordAt(view.selection.start), b: wordAt(Math.max(view.selection.start, view.selection.end - 1)) } : null);
  const turnOf = (word: number) => {
    const at = view.words[word] ? view.words[word].start : 0;
    return doc.turns.findIndex((turn) => turn.start <= at && at < turn.end);
  };
  const visibleTurn = (from: number, step: number) => {
    for (let i = from + step; i >= 0 && i < doc.turns.length; i += step) {
      if (view.role === "both" || doc.turns[i].role === view.role) return i;
    }
    return -1;
  };
  switch (event.key) {
    case "ArrowRight":
      if (!k) keySelect(0, 0);
      else if (event.shiftKey) keySelect(k.a, k.b + 1);
      else keySelect(k.b + 1, k.b + 1);
      break;
    case "ArrowLeft":
      if (!k) keySelect(0, 0);
      else if (event.shiftKey) keySelect(k.a, Math.max(k.a, k.b - 1));
      else keySelect(k.a - 1, k.a - 1);
      break;
    case "ArrowDown":
    case "ArrowUp": {
      const next = visibleTurn(k ? turnOf(k.a) : -1, event.key === "ArrowDown" ? 1 : -1);
      if (next < 0) return;
      const w = wordAt(doc.turns[next].start);
      keySelect(w, w);
      break;
    }
    case "t":
    case "T": {
      const turn = k ? doc.turns[turnOf(k.a)] : undefined;
      if (!turn) return;
      keySelect(wordAt(turn.start), wordAt(turn.end - 1));
      break;
    }
    case "c":
    case "C":
    case "Enter":
      codeWithPicker();
      break;
    case ".":
      again();
      break;
    case "Escape":
      view.selection = null;
      view.keyboard = null;
      view.selected = null;
      const s = window.getSelection();
      if (s) s.removeAllRanges();
      renderSide();
      drawStripes();
      break;
    default:
      if (/^[1-9]$/.test(event.key)) {
        const id = state.favourites[Number(event.key) - 1];
        if (id !== undefined) codeSelection(id);
        break;
      }
      return;
  }
  event.preventDefault();
}

function selectCoding(id: number): void {
  view.selected = id;
  const doc = state.doc;
  const coding = doc ? doc.codings.find((c) => c.id === id) : undefined;
  renderSide();
  drawStripes();
  if (coding) selectRange(coding.start, coding.end, false);
}

async function runSearch(): Promise<void> {
  const doc = state.doc;
  if (!doc) return;
  view.matches = view.query ? (await get<{ matches: { start: number; end: number }[] }>(`/api/documents/${doc.id}/search`, [["q", view.query]])).matches : [];
  view.match = view.matches.length ? 0 : -1;
  renderText();
  showMatch();
}

function showMatch(): void {
  const count = document.getElementById("match-count");
  if (count) count.textContent = view.query ? `${view.matches.length} ${t("matches")}` : "";
  document.querySelectorAll("mark.current").forEach((m) => m.classList.remove("current"));
  const mark = document.getElementById(`match-${view.match}`);
  if (mark) {
    mark.classList.add("current");
    mark.scrollIntoView({ block: "center" });
  }
}

function toolbar(doc: Doc): HTMLElement {
  const role = h("select", { "aria-label": t("show"), onchange: (e: Event) => { view.role = (e.target as HTMLSelectElement).value; renderText(); } },
    ...["both", "respondent", "interviewer"].map((r) => {
      const o = h("option", { value: r, text: t(r as "both") });
      o.selected = view.role === r;
      return o;
    }));
  const coders = [...new Set([state.coder, ...doc.codings.map((c) => c.coder)])].sort();
  const search = h("input", { type: "search", "aria-label": t("search"), placeholder: t("search") });
  search.value = view.query;
  search.addEventListener("keydown", (e) => {
    e.stopPropagation();
    if (e.key === "Enter") {
      if (search.value === view.query && view.matches.length) {
        view.match = (view.match + (e.shiftKey ? view.matches.length - 1 : 1)) % view.matches.length;
        showMatch();
      } else {
        view.query = search.value;
        runSearch().catch(failed);
      }
    }
  });
  const snap = h("input", { type: "checkbox", onchange: (e: Event) => { view.snap = (e.target as HTMLInputElement).checked; } });
  snap.checked = view.snap;
  const suggested = h("input", { type: "checkbox", onchange: (e: Event) => {
    suggestions.show((e.target as HTMLInputElement).checked);
    renderText();
    renderSide();
  } });
  suggested.checked = suggestions.shown();
  return h(
    "div",
    { class: "toolbar" },
    h("h2", { text: doc.name }),
    h("span", { class: "quiet", text: `${doc.case} · ${Object.entries(doc.attributes).map(([k, v]) => `${k}=${v}`).join(", ")}` }),
    h("label", {}, `${t("show")} `, role),
    h("fieldset", { class: "coders" }, h("legend", { text: t("coders") }),
      ...coders.map((coder) => {
        const box = h("input", { type: "checkbox", onchange: (e: Event) => {
          if ((e.target as HTMLInputElement).checked) view.hiddenCoders.delete(coder);
          else view.hiddenCoders.add(coder);
          drawStripes();
        } });
        box.checked = !view.hiddenCoders.has(coder);
        return h("label", {}, box, coder);
      })),
    h("label", {}, snap, t("snap")),
    h("label", { class: "suggestion-toggle" }, suggested, `${t("showSuggestions")} (${suggestions.count()})`),
    search,
    h("button", { type: "button", text: t("previous"), onclick: () => { if (view.matches.length) { view.match = (view.match + view.matches.length - 1) % view.matches.length; showMatch(); } } }),
    h("button", { type: "button", text: t("next"), onclick: () => { if (view.matches.length) { view.match = (view.match + 1) % view.matches.length; showMatch(); } } }),
    h("span", { id: "match-count", class: "quiet", "aria-live": "polite" })
  );
}

function render(): void {
  const root = view.root, doc = state.doc;
  if (!root || !doc) return;
  clear(root);
  view.words = [];
  for (const m of doc.text.matchAll(WORD)) view.words.push({ start: m.index || 0, end: (m.index || 0) + m[0].length });
  view.lanes = h("div", { class: "lanes", "aria-label": t("codings") });
  view.text = h("div", { class: "doc-text", tabindex: 0, role: "region", "aria-label": doc.name });
  view.text.addEventListener("keydown", onKey);
  view.text.addEventListener("mouseup", () => {
    const s = window.getSelection();
    if (!s || s.isCollapsed || !s.rangeCount) return;
    const range = s.getRangeAt(0);
    const a = offsetAt(range.startContainer, range.startOffset);
    const b = offsetAt(range.endContainer, range.endOffset);
    if (a === null || b === null || a >= b) return;
    view.selection = { start: a, end: b };
    view.keyboard = null;
    showSelection();
  });
  view.side = h("aside", { class: "side" });
  append(root, toolbar(doc), h("div", { class: "reader" }, h("div", { class: "doc-wrap" }, view.lanes, view.text), view.side));
  renderText();
  renderSide();
}

// Loads the document again (after an edit here or elsewhere), keeping the place.
export async function reload(): Promise<void> {
  const doc = state.doc;
  if (!doc || !view.root || !view.root.isConnected) return;
  const scroll = window.scrollY;
  const [fresh] = await Promise.all([get<Doc>(`/api/documents/${doc.id}`), suggestions.load(doc.id)]);
  state.doc = fresh;
  if (view.selected !== null && !state.doc.codings.some((c) => c.id === view.selected)) view.selected = null;
  const selection = view.selection;
  const focused = document.activeElement === view.text;
  render();
  window.scrollTo(0, scroll);
  if (selection) selectRange(selection.start, selection.end, false);
  if (focused && view.text) view.text.focus();
}

export function current(): number | null {
  return view.root && view.root.isConnected && state.doc ? state.doc.id : null;
}

export async function show(root: HTMLElement, id: number, start: number | null, end: number | null): Promise<void> {
  view.root = root;
  view.selected = null;
  view.selection = null;
  view.keyboard = null;
  view.matches = [];
  view.query = "";
  view.match = -1;
  root.textContent = t("loading");
  suggestions.reset();
  const [, doc] = await Promise.all([loadCodebook(), get<Doc>(`/api/documents/${id}`), suggestions.load(id)]);
  state.doc = doc;
  render();
  if (start !== null && end !== null) selectRange(start, end, true);
  if (view.text) view.text.focus({ preventScroll: start !== null });
}

window.addEventListener("resize", () => drawStripes());
// A suggestion selected by key or click becomes the selection (C codes it otherwise).
suggestions.setHost({
  rangeFor,
  selectRange: (start, end, scroll) => {
    view.keyboard = null;
    selectRange(start, end, scroll);
  },
  reload,
});
