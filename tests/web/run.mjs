// Browser tests of the coding workbench: a real `inzicht serve` on a fresh project, driven
// through Debian's Chromium by playwright-core. Each test names what a researcher does; it
// waits for what the page shows, never for a fixed time. Screenshots of each view go to
// OUT_DIR for a person to look at. Usage: node run.mjs INZICHT_BINARY OUT_DIR
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const [binary, outDir = "out/web"] = process.argv.slice(2);
if (!binary) {
  console.error("usage: node run.mjs INZICHT_BINARY OUT_DIR");
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), "inzicht-web-"));
const project = join(dir, "p.inzicht");

function inzicht(...args) {
  return execFileSync(binary, ["-p", project, ...args], { encoding: "utf8" });
}

// ---- the project: an emoji, an accent in NFD and CRLF line ends in one transcript -------
inzicht("init", "--name", "Browsertest");
writeFileSync(
  join(dir, "anna.txt"),
  "Interviewer: Hoe ging het met de opleiding?\r\n\r\n" +
    "Anna: Goed \u{1F600} maar het cafe\u0301 was duur. Ik had geen tijd naast mijn werk en de kosten waren hoog.\r\n\r\n" +
    "Interviewer: En je werkgever?\r\n\r\n" +
    "Anna: Mijn werkgever betaalde niets, dus ik vroeg subsidie aan bij de gemeente.\r\n"
);
writeFileSync(
  join(dir, "bram.txt"),
  "Interviewer: Wat hield je tegen?\n\nBram: Vooral de reistijd en de avonden, want ik werk in ploegen.\n\n" +
    "Interviewer: En nu?\n\nBram: Nu volg ik de lessen online.\n"
);
// Carla's transcript gets suggestions from the rules below: an emoji before each.
writeFileSync(
  join(dir, "carla.txt"),
  "Interviewer: Wat kostte het?\n\nCarla: Ik \u{1F600} vond het collegegeld te hoog. Gelukkig kreeg ik subsidie van de gemeente.\n\n" +
    "Interviewer: En het tweede jaar?\n\nCarla: Het collegegeld \u{1F4B6} voor het tweede jaar betaal ik zelf.\n"
);
inzicht("import", join(dir, "anna.txt"), join(dir, "bram.txt"), join(dir, "carla.txt"), "--group", "learner");
writeFileSync(
  join(dir, "codebook.yaml"),
  `codebook: test
codes:
  - name: drempels
    codable: false
    color: "#C0392B"
    children:
      - name: kosten
        color: "#E67E22"
        description: Wat een opleiding kost.
        rules:
          - keywords: [collegegeld]
      - name: tijd
        color: "#8E44AD"
      - name: geld
        color: "#16A085"
  - name: hefbomen
    color: "#2E86C1"
    children:
      - name: subsidie
        color: "#27AE60"
        rules:
          - keywords: [subsidie van]
`
);
inzicht("codebook", "load", join(dir, "codebook.yaml"));

function segments(...args) {
  return JSON.parse(inzicht("segments", "--format", "json", ...args));
}

// ---- the server ---------------------------------------------------------------------------
function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ["-p", project, "serve"], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const match = /Open (http:\/\/127\.0\.0\.1:\d+\/auth\?token=[0-9a-f]+)/.exec(out);
      if (match) resolve({ child, url: match[1], origin: new URL(match[1]).origin });
    });
    child.on("exit", (code) => reject(new Error(`inzicht serve exited with ${code}: ${out}`)));
  });
}

function stopServer(server) {
  return new Promise((resolve) => {
    server.child.removeAllListeners("exit");
    server.child.on("exit", (code, signal) => resolve({ code, signal }));
    server.child.kill("SIGINT");
  });
}

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

// A browser context signed in as `coder`, on the documents list.
async function signIn(server, coder, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.on("pageerror", (e) => console.error(`page error (${coder}):`, e.message));
  await page.goto(server.url);
  assert.equal(new URL(page.url()).search, "", "the token leaves the address bar");
  await page.getByRole("textbox", { name: /Hoe heet je als codeur|What is your name/ }).fill(coder);
  await page.getByRole("button", { name: /Beginnen|Start/ }).click();
  await page.getByRole("link", { name: "anna.txt" }).waitFor();
  return { context, page };
}

async function openDocument(page, name) {
  await page.getByRole("link", { name: /Documenten|Documents/ }).click();
  await page.getByRole("link", { name }).click();
  await page.locator(".doc-text .turn").first().waitFor();
}

// Selects the first occurrence of `needle` in the document's text as a mouse drag would.
async function select(page, needle) {
  await page.evaluate((needle) => {
    const root = document.querySelector(".doc-text");
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent.indexOf(needle);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + needle.length);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      root.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
      return;
    }
    throw new Error(`not in the text: ${needle}`);
  }, needle);
  await page.locator(".selection-line q").filter({ hasText: needle.slice(0, 20) }).waitFor();
}

async function codeWith(page, needle, code) {
  const before = await page.locator(".stripe").count();
  await select(page, needle);
  await page.getByRole("button", { name: /Codeer selectie|Code selection/ }).click();
  await page.getByRole("dialog").getByRole("textbox").fill(code);
  await page.getByRole("dialog").getByRole("textbox").press("Enter");
  // The new stripe with its code named: a count alone can be reached before its title is set.
  await page.waitForFunction(([n, c]) => {
    const all = [...document.querySelectorAll(".stripe")];
    return all.length > n && all.some((s) => s.title.includes(c));
  }, [before, code]);
}

const stripes = (page) => page.locator(".stripe").count();

const tests = [];
const test = (name, body) => tests.push({ name, body });

let server = await startServer();

test("a coder codes a selection with the mouse and finds it in inzicht segments", async () => {
  const { context, page } = await signIn(server, "ann");
  await page.screenshot({ path: join(outDir, "documents.png"), fullPage: true });
  await openDocument(page, "anna.txt");
  await codeWith(page, "geen tijd naast mijn werk", "tijd");
  const rows = segments("--coder", "ann");
  assert.equal(rows.length, 1);
  assert.equal(rows[0].text, "geen tijd naast mijn werk");
  assert.equal(rows[0].code, "drempels/tijd");
  await page.screenshot({ path: join(outDir, "reading.png"), fullPage: true });
  await context.close();
});

test("emoji and an accent typed in NFD do not shift offsets", async () => {
  const { context, page } = await signIn(server, "ann");
  await openDocument(page, "anna.txt");
  await codeWith(page, "caf\u00e9 was duur", "kosten");
  const rows = segments("--coder", "ann", "--code", "drempels/kosten");
  assert.equal(rows.length, 1);
  assert.equal(rows[0].text, "caf\u00e9 was duur");
  await context.close();
});

test("overlapping codings are drawn in two lanes", async () => {
  const { context, page } = await signIn(server, "ann");
  await openDocument(page, "anna.txt");
  await codeWith(page, "de kosten waren hoog", "kosten");
  await codeWith(page, "mijn werk en de kosten", "geld");
  const lefts = await page.evaluate(() => {
    const text = document.querySelector(".doc-text").textContent;
    return [...document.querySelectorAll(".stripe")].map((s) => ({ left: s.style.left, title: s.title }));
  });
  const kosten = lefts.find((s) => s.title.startsWith("drempels/kosten") && lefts.filter((x) => x.title.startsWith("drempels/kosten")).length);
  const geld = lefts.find((s) => s.title.startsWith("drempels/geld"));
  assert.ok(geld, "the geld stripe is drawn");
  const overlapping = lefts.filter((s) => s.left === geld.left);
  assert.equal(overlapping.length, 1, "the overlapping coding has a lane of its own");
  assert.ok(kosten);
  await page.getByRole("button", { name: /drempels\/geld/ }).first().hover();
  await page.getByRole("button", { name: /drempels\/geld/ }).first().click();
  await page.locator(".coding-panel").waitFor();
  await page.screenshot({ path: join(outDir, "lanes.png"), fullPage: true });
  await context.close();
});

test("undo and redo survive a reload of the page", async () => {
  const { context, page } = await signIn(server, "ann");
  await openDocument(page, "anna.txt");
  await codeWith(page, "subsidie aan bij de gemeente", "subsidie");
  const coded = await stripes(page);
  await page.locator(".doc-text").focus();
  await page.keyboard.press("Control+z");
  await page.waitForFunction((n) => document.querySelectorAll(".stripe").length === n - 1, coded);
  assert.equal(segments("--code", "hefbomen/subsidie").length, 0);
  await page.reload();
  await page.locator(".doc-text .turn").first().waitFor();
  assert.equal(await stripes(page), coded - 1);
  await page.getByRole("button", { name: /^(Opnieuw|Redo)$/ }).click();
  await page.waitForFunction((n) => document.querySelectorAll(".stripe").length === n, coded);
  assert.equal(segments("--code", "hefbomen/subsidie").length, 1);
  await context.close();
});

test("a coder codes a passage with the keyboard only", async () => {
  const { context, page } = await signIn(server, "kim");
  await openDocument(page, "bram.txt");
  await page.locator(".doc-text").focus();
  // Down to Bram's turn, then the first four words.
  await page.keyboard.press("ArrowDown");
  await page.locator(".selection-line q", { hasText: "Wat" }).waitFor();
  await page.keyboard.press("ArrowDown");
  await page.locator(".selection-line q", { hasText: "Vooral" }).waitFor({ timeout: 3000 });
  for (let i = 0; i < 3; ++i) await page.keyboard.press("Shift+ArrowRight");
  await page.locator(".selection-line q", { hasText: "Vooral de reistijd en" }).waitFor({ timeout: 3000 }).catch(async (e) => {
    throw new Error(`selection shows: ${await page.locator(".selection-line").textContent()}`);
  });
  await page.keyboard.press("c");
  await page.keyboard.type("tijd");
  await page.keyboard.press("Enter");
  await page.locator(".stripe").first().waitFor();
  // The coding's own answer, which makes its code the last one: the stripe can come first,
  // drawn by the reload the change feed asks for (a "." before it had no code to repeat).
  await page.locator("#messages", { hasText: "drempels/tijd" }).waitFor();
  // Again with the last code, on the whole next turn... there is none: on the sentence's end.
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Shift+ArrowRight");
  // The selection shown first: a key pressed before it follows would code the old one.
  await page.locator(".selection-line q", { hasText: "de avonden" }).waitFor({ timeout: 5000 });
  await page.keyboard.press(".");
  await page.waitForFunction(() => document.querySelectorAll(".stripe").length === 2);
  const rows = segments("--coder", "kim");
  assert.deepEqual(rows.map((r) => r.text).sort(), ["Vooral de reistijd en", "de avonden"].sort());
  await context.close();
});

test("two coders in two browsers see each other's codings", async () => {
  const ann = await signIn(server, "ann");
  const bob = await signIn(server, "bob");
  await openDocument(ann.page, "bram.txt");
  await openDocument(bob.page, "bram.txt");
  const seen = await stripes(bob.page);
  await codeWith(ann.page, "ik werk in ploegen", "tijd");
  // Bob's page follows the change log: the stripe appears without a reload.
  await bob.page.waitForFunction((n) => document.querySelectorAll(".stripe").length === n + 1, seen, { timeout: 5000 });
  await codeWith(bob.page, "werk in ploegen", "tijd");
  await ann.page.locator(".lane-coder", { hasText: "bob" }).waitFor({ timeout: 5000 });
  await ann.page.screenshot({ path: join(outDir, "two-coders.png"), fullPage: true });
  await ann.context.close();
  await bob.context.close();
});

test("rename and merge codes in the codebook; their codings follow", async () => {
  const { context, page } = await signIn(server, "ann");
  await page.getByRole("link", { name: /Codeboek|Codebook/ }).click();
  await page.locator("li.code[data-path='drempels/geld']").waitFor();
  await page.getByLabel(/(Hernoemen|Rename) drempels\/geld/).fill("financien");
  await page.locator("li.code[data-path='drempels/geld']").getByRole("button", { name: /^(Hernoemen|Rename)$/ }).click();
  await page.locator("li.code[data-path='drempels/financien']").waitFor();
  assert.equal(segments("--code", "drempels/financien").length, 1);
  await page.getByLabel(/(Samenvoegen met|Merge into) drempels\/financien/).selectOption({ label: "drempels/kosten" });
  await page.locator("li.code[data-path='drempels/financien']").getByRole("button", { name: /^(Samenvoegen|Merge)$/ }).click();
  await page.locator("li.code[data-path='drempels/financien']").waitFor({ state: "detached" });
  assert.equal(segments("--code", "drempels/kosten").length, 3);
  await page.screenshot({ path: join(outDir, "codebook.png"), fullPage: true });
  await context.close();
});

test("retrieval, at a glance and the report show the coded segments", async () => {
  const { context, page } = await signIn(server, "ann");
  await page.getByRole("link", { name: /Ophalen|Retrieval/ }).click();
  await page.getByLabel(/^(Code)$/).selectOption("drempels");
  await page.getByRole("button", { name: /^(Tonen|Show)$/ }).click();
  await page.locator("ol.segments li").first().waitFor();
  await page.screenshot({ path: join(outDir, "retrieval.png"), fullPage: true });
  await page.getByLabel(/Zoekvraag|Query/).fill("drempels/tijd");
  await page.getByRole("button", { name: /^(Uitvoeren|Run)$/ }).click();
  await page.locator("ol.segments li").first().waitFor();
  await page.locator("ol.segments li a").first().click();
  await page.locator(".selection-line q").waitFor();
  await page.getByRole("link", { name: /Overzicht|At a glance/ }).click();
  await page.locator("table.data").first().waitFor();
  await page.getByRole("button", { name: /Vergelijken|Compare/ }).click();
  await page.getByRole("heading", { name: /Verschillen|Disagreements/ }).waitFor();
  await page.screenshot({ path: join(outDir, "glance.png"), fullPage: true });
  const tablet = await browser.newContext({ viewport: { width: 820, height: 1180 } });
  await context.close();
  await tablet.close();
});

test("a coder accepts one suggestion with the mouse and rejects one with the keyboard", async () => {
  inzicht("autocode", "--suggest", "--code", "drempels/kosten", "--code", "hefbomen/subsidie");
  const suggested = () => JSON.parse(inzicht("suggestions", "list", "--doc", "carla.txt", "--format", "json"));
  assert.deepEqual(suggested().map((s) => [s.code, s.state]),
    [["drempels/kosten", "pending"], ["hefbomen/subsidie", "pending"], ["drempels/kosten", "pending"]]);
  const { context, page } = await signIn(server, "sam");
  await openDocument(page, "carla.txt");
  const pending = () => page.locator(".suggestion-stripe").count();
  await page.waitForFunction(() => document.querySelectorAll(".suggestion-stripe").length === 3);
  await page.getByText(/(Suggesties tonen|Show suggestions) \(3\)/).waitFor();
  assert.equal(await stripes(page), 0, "suggestions are no codings");
  assert.ok(await page.locator(".doc-text .suggested").count() >= 3, "suggested text is underlined");
  // Hover and focus say the code, score, source and the words that weighed.
  const first = page.getByRole("button", { name: /^(Suggestie|Suggestion): drempels\/kosten/ }).first();
  await first.hover();
  const tip = await first.getAttribute("title");
  assert.match(tip, /drempels\/kosten — score 1\.00 — (regel|rule) drempels\/kosten#1 — .*collegegeld/);
  await first.click();
  await page.locator(".suggestion-detail q", { hasText: "vond het collegegeld te hoog" }).waitFor();
  await page.screenshot({ path: join(outDir, "suggestions.png"), fullPage: true });
  await page.getByRole("button", { name: /^(Accepteren|Accept) \(A\)$/ }).click();
  await page.waitForFunction(() => document.querySelectorAll(".suggestion-stripe").length === 2 && document.querySelectorAll(".stripe").length === 1);
  // The keyboard: S walks to the next suggestion, R rejects it.
  await page.locator(".doc-text").focus();
  await page.keyboard.press("s");
  await page.locator(".suggestion-detail h4", { hasText: "hefbomen/subsidie" }).waitFor();
  await page.keyboard.press("r");
  await page.waitForFunction(() => document.querySelectorAll(".suggestion-stripe").length === 1);
  const rows = segments("--coder", "sam");
  assert.equal(rows.length, 1);
  assert.equal(rows[0].text, "Ik \u{1F600} vond het collegegeld te hoog.");
  assert.equal(rows[0].code, "drempels/kosten");
  assert.deepEqual(suggested().map((s) => [s.code, s.state, s.decided_by]),
    [["drempels/kosten", "accepted", "sam"], ["hefbomen/subsidie", "rejected", "sam"], ["drempels/kosten", "pending", ""]]);
  // The rejection is undone like any edit; the toggle hides and shows the layer.
  await page.keyboard.press("Control+z");
  await page.waitForFunction(() => document.querySelectorAll(".suggestion-stripe").length === 2);
  assert.equal(suggested()[1].state, "pending");
  await page.getByLabel(/Suggesties tonen|Show suggestions/).uncheck();
  assert.equal(await pending(), 0);
  assert.equal(await page.locator(".doc-text .suggested").count(), 0);
  await page.getByLabel(/Suggesties tonen|Show suggestions/).check();
  assert.equal(await pending(), 2);
  await context.close();
});

// `serve --open` hands the address to xdg-open, and says so when there is none.
test("serve --open opens the address with xdg-open, or says there is none", async () => {
  const bin = join(dir, "bin");
  mkdirSync(bin, { recursive: true });
  const opened = join(dir, "opened.txt");
  writeFileSync(join(bin, "xdg-open"), `#!/bin/sh\necho "$1" > "${opened}"\n`, { mode: 0o755 });
  const run = (path) => new Promise((resolve, reject) => {
    const child = spawn(binary, ["-p", project, "serve", "--open"], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, PATH: path } });
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      if (/inzicht serve: (opening|--open)/.test(out)) child.kill("SIGINT");
    });
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`serve --open exited ${code}: ${out}`))));
  });
  const withOpener = await run(bin);
  const url = /Open (\S+)/.exec(withOpener)[1];
  assert.match(withOpener, /opening it in the browser/);
  for (let i = 0; i < 100 && !existsSync(opened); ++i) await new Promise((r) => setTimeout(r, 20));
  assert.equal(readFileSync(opened, "utf8").trim(), url);
  assert.match(await run(join(dir, "empty")), /no xdg-open here/);
});

let failures = 0;
let ran = 1;  // the SIGINT check below
const started = Date.now();
for (const { name, body } of tests) {
  if (process.env.ONLY && !name.includes(process.env.ONLY)) continue;
  const t0 = Date.now();
  ran += 1;
  try {
    await body();
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failures += 1;
    console.log(`FAIL ${name}\n     ${e && e.stack ? e.stack.split("\n").slice(0, process.env.ONLY ? 30 : 4).join("\n     ") : e}`);
  }
}

// A second serve on the same project works beside the first (SQLite WAL), and sees what
// was coded through the first.
try {
  const second = await startServer();
  const login = await fetch(second.url, { redirect: "manual" });
  assert.equal(login.status, 303);
  const cookie = login.headers.get("set-cookie").split(";")[0];
  const codings = await fetch(`${second.origin}/api/documents`, { headers: { Cookie: cookie } });
  assert.equal(codings.status, 200);
  const { documents } = await codings.json();
  assert.ok(documents.some((d) => (d.codings.ann || 0) > 0));
  assert.equal((await stopServer(second)).code, 0);
  ran += 1;
  console.log("ok   a second inzicht serve on the same project works beside the first");
} catch (e) {
  ran += 1;
  failures += 1;
  console.log(`FAIL a second inzicht serve on the same project: ${e}`);
}

// Ctrl-C stops the server cleanly.
const stopped = await stopServer(server);
if (stopped.code !== 0) {
  failures += 1;
  console.log(`FAIL inzicht serve stops cleanly on SIGINT (exit ${stopped.code}, signal ${stopped.signal})`);
} else {
  console.log("ok   inzicht serve stops cleanly on SIGINT");
}
await browser.close();
rmSync(dir, { recursive: true, force: true });
console.log(`${ran - failures} passed, ${failures} failed in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${outDir}`);
process.exit(failures ? 1 : 0);
