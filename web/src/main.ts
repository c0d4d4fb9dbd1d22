// The workbench's shell: the coder's name, navigation between the views, undo and redo,
// and the feed of changes other coders make (long polling over the change log).

import { Change, get, send, setCsrf } from "./api";
import * as codebook from "./codebook";
import * as documents from "./documents";
import { clear, h } from "./dom";
import * as glance from "./glance";
import { t, toggleLanguage } from "./i18n";
import * as reading from "./reading";
import * as retrieval from "./retrieval";
import { remember, state } from "./state";
import { failed, say } from "./ui";

const main = h("main", { id: "main", tabindex: -1 });

function header(): HTMLElement {
  const link = (hash: string, label: string) => h("a", { href: hash, text: label });
  return h("header", {},
    h("h1", { text: t("app") }),
    h("nav", { "aria-label": "inzicht" }, link("#/docs", t("documents")), link("#/codebook", t("codebook")), link("#/retrieve", t("retrieval")), link("#/glance", t("glance"))),
    h("div", { class: "row" },
      h("button", { type: "button", text: t("undo"), title: "Ctrl+Z", onclick: () => undoRedo("undo") }),
      h("button", { type: "button", text: t("redo"), title: "Ctrl+Shift+Z", onclick: () => undoRedo("redo") }),
      h("span", { class: "coder", text: `${t("coder")}: ${state.coder}` }),
      h("button", { type: "button", text: t("change"), onclick: () => askCoder() }),
      h("button", { type: "button", text: t("language"), onclick: () => { toggleLanguage(); start(); } })),
    h("p", { id: "messages", class: "messages", role: "status", "aria-live": "polite" }));
}

async function undoRedo(which: "undo" | "redo"): Promise<void> {
  try {
    const { change } = await send<{ change: Change | null }>("POST", `/api/${which}`, { coder: state.coder });
    say(change ? `${t(which)}: ${change.summary}` : t(which === "undo" ? "nothingToUndo" : "nothingToRedo"));
    await route(false);
  } catch (e) {
    failed(e);
    await route(false);
  }
}

async function route(fresh = true): Promise<void> {
  const hash = location.hash || "#/docs";
  const [path, query] = hash.slice(1).split("?");
  const params = new URLSearchParams(query || "");
  try {
    const doc = /^\/doc\/(\d+)$/.exec(path);
    if (doc) {
      if (!fresh && reading.current() === Number(doc[1])) await reading.reload();
      else await reading.show(main, Number(doc[1]), params.has("start") ? Number(params.get("start")) : null, params.has("end") ? Number(params.get("end")) : null);
    } else if (path === "/codebook") {
      await codebook.show(main);
    } else if (path === "/retrieve") {
      await retrieval.show(main);
    } else if (path === "/glance") {
      await glance.show(main);
    } else {
      await documents.show(main);
    }
  } catch (e) {
    failed(e);
  }
}

// Follows the change log: changes by others to the open document reload it, changes to
// the codebook reload the codebook.
async function follow(): Promise<void> {
  for (;;) {
    try {
      const feed = await get<{ last: number; changes: Change[] }>("/api/changes", [["after", String(state.lastChange)], ["wait", "20"]]);
      const changes = feed.changes;
      state.lastChange = feed.last;
      const others = changes.filter((c) => c.coder !== state.coder);
      if (others.length) say(`${t("changedBy")} ${others[others.length - 1].coder}: ${others[others.length - 1].summary}`);
      const open = reading.current();
      if (changes.some((c) => open !== null && c.document_id === open) || changes.some((c) => c.kind.startsWith("code.") || c.kind === "undo" || c.kind === "redo")) {
        if (open !== null) await reading.reload();
        else if (location.hash.startsWith("#/codebook") && others.length) await route(false);
      }
    } catch (e) {
      await new Promise((resolve) => window.setTimeout(resolve, 2000));
    }
  }
}

function askCoder(): void {
  const input = h("input", { type: "text", id: "coder-name", required: true, maxlength: 100, autocomplete: "name" });
  input.value = state.coder;
  const form = h("form", { class: "coder-form", "aria-label": t("coderPrompt") },
    h("label", { for: "coder-name", text: t("coderPrompt") }), input,
    h("p", { class: "quiet", text: t("coderHelp") }),
    h("button", { type: "submit", text: t("start") }));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const name = input.value.trim();
    if (!name) return;
    state.coder = name;
    remember();
    start();
  });
  clear(document.body);
  document.body.appendChild(h("main", {}, form));
  input.focus();
}

let following = false;

function start(): void {
  clear(document.body);
  document.body.appendChild(header());
  document.body.appendChild(main);
  route().catch(failed);
  if (!following) {
    following = true;
    follow();
  }
}

document.addEventListener("keydown", (event) => {
  const target = event.target as HTMLElement;
  if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT")) return;
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "z") {
    undoRedo(event.shiftKey ? "redo" : "undo");
    event.preventDefault();
  } else if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "y") {
    undoRedo("redo");
    event.preventDefault();
  }
});

window.addEventListener("hashchange", () => route());

async function boot(): Promise<void> {
  const session = await get<{ csrf: string; last_change: number; project: string }>("/api/session");
  setCsrf(session.csrf);
  state.lastChange = session.last_change;
  document.title = `inzicht — ${session.project}`;
  if (!state.coder) askCoder();
  else start();
}

boot().catch((e) => {
  document.body.textContent = e instanceof Error ? e.message : String(e);
});
