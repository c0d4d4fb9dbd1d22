// Retrieval: the coded segments of a code and its children, filtered by attribute and
// coder, each a link to its place; and the language of `inzicht query` in a box.

import { Code, DocListing, Segment, get } from "./api";
import { clear, h } from "./dom";
import { t } from "./i18n";
import { state } from "./state";
import { docLink, failed } from "./ui";

function list(segments: Segment[]): HTMLElement {
  if (!segments.length) return h("p", { text: t("nothing") });
  return h("ol", { class: "segments" }, ...segments.map((s) => h("li", {},
    h("div", { class: "quiet" }, docLink(s.document_id, s.start, s.end, s.document), ` · ${s.case || ""} · ${s.speaker || ""} · ${s.code || (s.codes || []).join(", ")} · ${s.coder || ""}`),
    h("p", {}, s.before ? h("span", { class: "context", text: s.before + " " }) : null, h("mark", { text: s.text }), s.after ? h("span", { class: "context", text: " " + s.after }) : null))));
}

export async function show(root: HTMLElement): Promise<void> {
  root.textContent = t("loading");
  state.codes = (await get<{ codes: Code[] }>("/api/codebook")).codes;
  const { documents } = await get<{ documents: DocListing[] }>("/api/documents");
  const attributes = new Set<string>();
  for (const d of documents) for (const [k, v] of Object.entries(d.attributes)) attributes.add(`${k}=${v}`);
  const coders = [...new Set(documents.flatMap((d) => Object.keys(d.codings)))].sort();
  const code = h("select", { "aria-label": t("code") }, ...state.codes.map((c) => h("option", { value: c.path, text: c.path })));
  const where = h("select", { "aria-label": t("filter") }, h("option", { value: "", text: t("all") }), ...[...attributes].sort().map((a) => h("option", { value: a, text: a })));
  const coder = h("select", { "aria-label": t("coder") }, h("option", { value: "", text: t("all") }), ...coders.map((c) => h("option", { value: c, text: c })));
  const results = h("div", { "aria-live": "polite" });
  const query = h("input", { type: "text", "aria-label": t("query"), placeholder: "drempels AND [group=learner]", size: 50 });
  const run = async () => {
    try {
      const params: [string, string][] = [["code", code.value], ["context", "1"]];
      if (where.value) params.push(["where", where.value]);
      if (coder.value) params.push(["coder", coder.value]);
      const { segments } = await get<{ segments: Segment[] }>("/api/segments", params);
      clear(results);
      results.appendChild(h("p", { class: "quiet", text: `${segments.length} ${t("segments").toLowerCase()}` }));
      results.appendChild(list(segments));
    } catch (e) {
      failed(e);
    }
  };
  const ask = async () => {
    try {
      const params: [string, string][] = [["q", query.value]];
      if (coder.value) params.push(["coder", coder.value]);
      const found = await get<{ segments: Segment[]; total: number }>("/api/query", params);
      clear(results);
      results.appendChild(h("p", { class: "quiet", text: `${found.total} ${t("segments").toLowerCase()}` }));
      results.appendChild(list(found.segments));
    } catch (e) {
      failed(e);
    }
  };
  query.addEventListener("keydown", (e) => { if (e.key === "Enter") ask(); });
  clear(root);
  root.appendChild(h("section", {},
    h("h2", { text: t("retrieval") }),
    h("div", { class: "row" }, h("label", {}, `${t("code")} `, code), h("label", {}, `${t("filter")} `, where), h("label", {}, `${t("coder")} `, coder),
      h("button", { type: "button", text: t("show"), onclick: run })),
    h("div", { class: "row" }, h("label", {}, `${t("query")} `, query), h("button", { type: "button", text: t("run"), onclick: ask })),
    results));
}
