// The documents: case, group, attributes, words, codings per coder and pending suggestions;
// filter by attribute.

import { DocListing, get } from "./api";
import { clear, h } from "./dom";
import { t } from "./i18n";

let filter = "";

export async function show(root: HTMLElement): Promise<void> {
  root.textContent = t("loading");
  const { documents } = await get<{ documents: DocListing[] }>("/api/documents");
  const options = new Set<string>();
  for (const d of documents) for (const [k, v] of Object.entries(d.attributes)) options.add(`${k}=${v}`);
  const coders = [...new Set(documents.flatMap((d) => Object.keys(d.codings)))].sort();
  const select = h("select", { "aria-label": t("filter") }, h("option", { value: "", text: t("all") }),
    ...[...options].sort().map((o) => h("option", { value: o, text: o })));
  select.value = filter;
  const body = h("tbody");
  const fill = () => {
    clear(body);
    for (const d of documents) {
      if (filter) {
        const [k, v] = [filter.slice(0, filter.indexOf("=")), filter.slice(filter.indexOf("=") + 1)];
        if (String(d.attributes[k]) !== v) continue;
      }
      const others = Object.entries(d.attributes).filter(([k]) => k !== "group").map(([k, v]) => `${k}=${v}`).join(", ");
      body.appendChild(h("tr", {},
        h("td", {}, h("a", { href: `#/doc/${d.id}`, text: d.name })),
        h("td", { text: d.case }),
        h("td", { text: d.attributes.group === undefined ? "" : String(d.attributes.group) }),
        h("td", { text: others }),
        h("td", { class: "number", text: String(d.words) }),
        ...coders.map((c) => h("td", { class: "number", text: String(d.codings[c] || 0) })),
        h("td", { class: "number", text: String(d.suggestions) })));
    }
  };
  select.addEventListener("change", () => {
    filter = select.value;
    fill();
  });
  fill();
  clear(root);
  root.appendChild(h("section", {},
    h("h2", { text: t("documents") }),
    h("label", {}, `${t("filter")} `, select),
    h("table", { class: "data" },
      h("thead", {}, h("tr", {}, ...[t("name"), t("case"), t("group"), t("attributes"), t("words")].map((c) => h("th", { scope: "col", text: c })),
        ...coders.map((c) => h("th", { scope: "col", text: `${t("codings")}: ${c}` })),
        h("th", { scope: "col", text: t("suggestions") }))),
      body)));
}
