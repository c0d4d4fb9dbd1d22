// Shared pieces of the page: the message line, the code picker, tables and links.

import { ApiError, Code, Table, send } from "./api";
import { clear, h, swatch } from "./dom";
import { t } from "./i18n";
import { codeById, state } from "./state";

export function say(message: string, error = false): void {
  const line = document.getElementById("messages");
  if (!line) return;
  line.className = error ? "messages error" : "messages";
  line.textContent = message;
}

export function failed(e: unknown): void {
  say(e instanceof Error ? e.message : String(e), true);
}

export function isConflict(e: unknown): boolean {
  return e instanceof ApiError && e.status === 409;
}

export function docLink(id: number, start: number, end: number, label: string): HTMLAnchorElement {
  return h("a", { href: `#/doc/${id}?start=${start}&end=${end}`, text: label });
}

export function tableView(table: Table, caption: string): HTMLElement {
  if (!table.rows.length) return h("p", { text: t("nothing") });
  return h(
    "table",
    { class: "data" },
    h("caption", { text: caption }),
    h("thead", {}, h("tr", {}, ...table.columns.map((c) => h("th", { scope: "col", text: c })))),
    h("tbody", {}, ...table.rows.map((row) => h("tr", {}, ...row.map((cell) => h("td", { text: cell === null ? "" : String(cell) })))))
  );
}

// The margin's lane for a stripe from `top` to `bottom` (pixels): the first whose last
// stripe ends above it, else a new one. `bottoms` holds each lane's lowest end. By pixels,
// not offsets: two passages that touch on one line would otherwise share a lane and hide
// each other.
export function laneFor(bottoms: number[], top: number, bottom: number): number {
  let lane = bottoms.findIndex((b) => b <= top);
  if (lane < 0) {
    lane = bottoms.length;
    bottoms.push(0);
  }
  bottoms[lane] = bottom;
  return lane;
}

export function depth(code: Code): number {
  return code.path.split("/").length - 1;
}

// The picker: the codebook tree in its colours, type-ahead, recent codes first, and a new
// code on the spot. Resolves to a code id, or null when cancelled.
export function pickCode(): Promise<number | null> {
  return new Promise((resolve) => {
    const previous = document.activeElement as HTMLElement | null;
    const input = h("input", { type: "text", "aria-label": t("typeToFilter"), placeholder: t("typeToFilter"), autocomplete: "off" });
    const list = h("ul", { class: "picker-list", role: "listbox", "aria-label": t("pickCode") });
    let options: { id: number | null; label: string }[] = [];
    let active = 0;
    const finish = (id: number | null) => {
      overlay.remove();
      if (previous) previous.focus();
      resolve(id);
    };
    const create = async (text: string) => {
      const slash = text.lastIndexOf("/");
      const parentPath = slash > 0 ? text.slice(0, slash) : "";
      const name = text.slice(slash + 1).trim();
      const parent = state.codes.find((c) => c.path === parentPath);
      try {
        const made = await send<{ id: number }>("POST", "/api/codes", {
          coder: state.coder, name, parent_id: parent ? parent.id : null, color: null,
        });
        finish(made.id);
      } catch (e) {
        failed(e);
      }
    };
    const render = () => {
      clear(list);
      const query = input.value.trim().toLowerCase();
      const matching = state.codes.filter((c) => c.codable && (!query || c.path.toLowerCase().includes(query)));
      const recent = query ? [] : state.recent.map(codeById).filter((c): c is Code => !!c && c.codable);
      options = [];
      const add = (code: Code, label: string, cls: string) => {
        const index = options.length;
        options.push({ id: code.id, label });
        const item = h("li", { role: "option", id: `pick-${index}`, class: cls, "aria-selected": index === active ? "true" : "false", onclick: () => finish(code.id) }, swatch(code.color), label);
        item.style.paddingLeft = cls === "tree" ? `${0.5 + depth(code) * 1.2}em` : "0.5em";
        list.appendChild(item);
      };
      if (recent.length) list.appendChild(h("li", { class: "picker-head", role: "presentation", text: t("recent") }));
      recent.forEach((c) => add(c, c.path, "recent"));
      if (recent.length) list.appendChild(h("li", { class: "picker-head", role: "presentation", text: t("codebook") }));
      for (const code of state.codes) {
        if (query && !matching.includes(code)) continue;
        if (!code.codable) {
          if (!query) {
            const head = h("li", { class: "picker-group", role: "presentation" }, swatch(code.color), code.name);
            head.style.paddingLeft = `${0.5 + depth(code) * 1.2}em`;
            list.appendChild(head);
          }
          continue;
        }
        add(code, query ? code.path : code.name, "tree");
      }
      if (query && !state.codes.some((c) => c.path.toLowerCase() === query)) {
        const index = options.length;
        options.push({ id: null, label: input.value.trim() });
        list.appendChild(h("li", { role: "option", id: `pick-${index}`, class: "new", "aria-selected": index === active ? "true" : "false", onclick: () => create(input.value.trim()) }, `+ ${t("newCode")}: ${input.value.trim()}`));
      }
      if (active >= options.length) active = Math.max(0, options.length - 1);
      input.setAttribute("aria-activedescendant", `pick-${active}`);
      const selected = document.getElementById(`pick-${active}`);
      if (selected) selected.scrollIntoView({ block: "nearest" });
    };
    input.addEventListener("input", () => {
      active = 0;
      render();
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown") {
        active = Math.min(options.length - 1, active + 1);
        render();
        event.preventDefault();
      } else if (event.key === "ArrowUp") {
        active = Math.max(0, active - 1);
        render();
        event.preventDefault();
      } else if (event.key === "Enter") {
        const option = options[active];
        if (option) {
          if (option.id === null) create(option.label);
          else finish(option.id);
        }
        event.preventDefault();
      } else if (event.key === "Escape") {
        finish(null);
        event.preventDefault();
      }
      event.stopPropagation();
    });
    const overlay = h(
      "div",
      { class: "overlay", onclick: (e: Event) => { if (e.target === overlay) finish(null); } },
      h("div", { class: "picker", role: "dialog", "aria-modal": "true", "aria-label": t("pickCode") },
        h("h2", { text: t("pickCode") }), input, list,
        h("button", { type: "button", onclick: () => finish(null), text: t("cancel") }))
    );
    document.body.appendChild(overlay);
    render();
    input.focus();
  });
}
