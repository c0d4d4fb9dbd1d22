// The codebook: the tree with colours, definitions, criteria, examples and counts; rename,
// move, recolour and merge, each stored in the project through the change log.

import { Code, get, send } from "./api";
import { clear, h, swatch } from "./dom";
import { t } from "./i18n";
import { remember, state } from "./state";
import { depth, failed } from "./ui";

async function act(method: string, path: string, body: object, root: HTMLElement): Promise<void> {
  try {
    await send(method, path, { coder: state.coder, ...body });
  } catch (e) {
    failed(e);
  }
  await show(root);
}

function item(code: Code, root: HTMLElement): HTMLElement {
  const total = Object.values(code.counts).reduce((a, b) => a + b, 0);
  const name = h("input", { type: "text", "aria-label": `${t("rename")} ${code.path}` });
  name.value = code.name;
  const colour = h("input", { type: "color", "aria-label": `${t("colour")} ${code.path}` });
  colour.value = code.color || "#888888";
  const parents = state.codes.filter((c) => c.id !== code.id && !c.path.startsWith(code.path + "/"));
  const parent = h("select", { "aria-label": `${t("move")} ${code.path}` }, h("option", { value: "", text: t("topLevel") }),
    ...parents.map((c) => h("option", { value: String(c.id), text: c.path })));
  parent.value = code.parent_id === null ? "" : String(code.parent_id);
  const into = h("select", { "aria-label": `${t("mergeInto")} ${code.path}` }, h("option", { value: "", text: "—" }),
    ...parents.map((c) => h("option", { value: String(c.id), text: c.path })));
  const favourite = h("input", { type: "checkbox", "aria-label": `${t("favourite")} ${code.path}` });
  favourite.checked = state.favourites.includes(code.id);
  favourite.addEventListener("change", () => {
    state.favourites = favourite.checked ? [...state.favourites, code.id].slice(0, 9) : state.favourites.filter((f) => f !== code.id);
    remember();
  });
  const memo = h("textarea", { rows: 1, "aria-label": `${t("addMemo")} ${code.path}` });
  const li = h("li", { class: "code", "data-path": code.path },
    h("div", { class: "code-head" }, swatch(code.color), h("strong", { text: code.name }),
      h("span", { class: "quiet", text: ` ${total} · ${Object.entries(code.counts).map(([c, n]) => `${c}: ${n}`).join(", ")}` })),
    code.description ? h("p", { text: code.description }) : null,
    code.include.length ? h("p", { class: "quiet", text: `${t("include")}: ${code.include.join("; ")}` }) : null,
    code.exclude.length ? h("p", { class: "quiet", text: `${t("exclude")}: ${code.exclude.join("; ")}` }) : null,
    code.examples.length ? h("ul", { class: "examples", "aria-label": t("examples") }, ...code.examples.map((e) => h("li", {}, h("q", { text: e })))) : null,
    code.memos.length ? h("ul", { class: "memos" }, ...code.memos.map((m) => h("li", { text: `${m.coder}: ${m.text}` }))) : null,
    h("div", { class: "row tools" },
      name, h("button", { type: "button", text: t("rename"), onclick: () => act("PATCH", `/api/codes/${code.id}`, { name: name.value }, root) }),
      colour, h("button", { type: "button", text: t("colour"), onclick: () => act("PATCH", `/api/codes/${code.id}`, { color: colour.value.toUpperCase() }, root) }),
      parent, h("button", { type: "button", text: t("move"), onclick: () => act("PATCH", `/api/codes/${code.id}`, { parent_id: parent.value ? Number(parent.value) : null }, root) }),
      into, h("button", { type: "button", text: t("merge"), onclick: () => { if (into.value) act("POST", `/api/codes/${code.id}/merge`, { into: Number(into.value) }, root); } }),
      h("label", {}, favourite, t("favourite")),
      memo, h("button", { type: "button", text: t("addMemo"), onclick: () => { if (memo.value.trim()) act("POST", "/api/memos", { target_kind: "code", target_id: code.id, text: memo.value }, root); } })));
  li.style.marginLeft = `${depth(code) * 1.5}em`;
  return li;
}

export async function show(root: HTMLElement): Promise<void> {
  try {
    state.codes = (await get<{ codes: Code[] }>("/api/codebook")).codes;
  } catch (e) {
    failed(e);
    return;
  }
  const name = h("input", { type: "text", "aria-label": t("newCode"), placeholder: "drempels/nieuw" });
  clear(root);
  root.appendChild(h("section", {},
    h("h2", { text: t("codebook") }),
    h("div", { class: "row" }, name, h("button", { type: "button", text: t("newCode"), onclick: () => {
      const text = name.value.trim();
      const slash = text.lastIndexOf("/");
      const parent = state.codes.find((c) => c.path === text.slice(0, Math.max(0, slash)));
      act("POST", "/api/codes", { name: text.slice(slash + 1), parent_id: parent ? parent.id : null, color: null }, root);
    } })),
    h("ul", { class: "codebook" }, ...state.codes.map((c) => item(c, root)))));
}
