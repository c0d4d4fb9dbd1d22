// At a glance: frequencies, co-occurrence, agreement between two coders with the
// disagreements (each a link to its place), and the study report.

import { Disagreement, DocListing, Table, get } from "./api";
import { clear, h } from "./dom";
import { t } from "./i18n";
import { docLink, failed, tableView } from "./ui";

export async function show(root: HTMLElement): Promise<void> {
  root.textContent = t("loading");
  const glance = await get<{ frequencies: Table; cooccurrence: Table }>("/api/glance");
  const { documents } = await get<{ documents: DocListing[] }>("/api/documents");
  const coders = [...new Set(documents.flatMap((d) => Object.keys(d.codings)))].sort();
  const pick = (label: string, index: number) => {
    const s = h("select", { "aria-label": label }, ...coders.map((c) => h("option", { value: c, text: c })));
    if (coders[index]) s.value = coders[index];
    return s;
  };
  const first = pick(`${t("coder")} 1`, 0), second = pick(`${t("coder")} 2`, 1);
  const unit = h("select", { "aria-label": t("unit") }, ...["sentence", "paragraph", "turn", "document", "char"].map((u) => h("option", { value: u, text: u })));
  const result = h("div", { "aria-live": "polite" });
  const compare = async () => {
    try {
      const a = await get<{ tables: { [name: string]: Table }; disagreements: Disagreement[] }>("/api/agreement", [["coder", first.value], ["coder", second.value], ["unit", unit.value], ["speaker", "any"]]);
      clear(result);
      for (const [name, table] of Object.entries(a.tables)) result.appendChild(tableView(table, name));
      result.appendChild(h("h3", { text: `${t("disagreements")} (${a.disagreements.length})` }));
      result.appendChild(h("ul", { class: "segments" }, ...a.disagreements.map((d) => h("li", {},
        docLink(d.document_id, d.start, d.end, d.document), ` · ${d.code} · ${d.coders.join(", ") || "—"}: `, h("q", { text: d.text })))));
    } catch (e) {
      failed(e);
    }
  };
  clear(root);
  root.appendChild(h("section", {},
    h("h2", { text: t("glance") }),
    h("p", {}, h("a", { href: "/report", target: "_blank", rel: "noopener", text: t("report") })),
    tableView(glance.frequencies, t("frequencies")),
    tableView(glance.cooccurrence, t("cooccurrence")),
    h("h3", { text: t("agreement") }),
    h("div", { class: "row" }, first, second, unit, h("button", { type: "button", text: t("compare"), onclick: compare })),
    result));
}
