// The benchmark harness: size, start-up, latency, a long chat, the official client library
// side by side, and the emulator under load. Writes bench/results.json and bench/results.md.
// Benchmarks measure: a figure that cannot be taken is written as "n/a (reason)" and the
// harness still exits 0. Run through scripts/bench.sh (which builds what it needs first).
//
// Environment (all optional): BENCH_MESSAGES (500), BENCH_CUSTOMER (100), BENCH_RUNS (5),
// BENCH_RELOADS (3), BENCH_LONG (10000), BENCH_LOAD_CHATS (200), BENCH_LOAD_RATE (2),
// BENCH_LOAD_SECONDS (10), BENCH_WEIGHT_RUNS (3), BENCH_SLOW_RUNS (3), BENCH_NAMES_WASM (a wasm with a name section for the breakdown),
// BENCH_ONLY (comma-separated section titles, e.g. "Latency,Long chat": the others are skipped; all by default),
// CONNECT_EMULATOR_BIN, CHROMIUM.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { runLoad } from "./load.mjs";
import { control, newestContact, pool, startEmulator, warmCompression } from "./lib/emulator.mjs";
import { median, ms, summary } from "./lib/stats.mjs";
import { sizes, total } from "./lib/size.mjs";
import { breakdown, missingGlue } from "./lib/wasm.mjs";
import { writeReport } from "./lib/report.mjs";
import { weightSections } from "./weight.mjs";

const bench = dirname(fileURLToPath(import.meta.url));
const repo = join(bench, "..");
const env = (name, fallback) => (process.env[name] ? Number(process.env[name]) : fallback);
const config = {
  messages: env("BENCH_MESSAGES", 500),
  customer: env("BENCH_CUSTOMER", 100),
  runs: env("BENCH_RUNS", 5),
  reloads: env("BENCH_RELOADS", 3),
  long: env("BENCH_LONG", 10_000),
  loadChats: env("BENCH_LOAD_CHATS", 200),
  loadRate: env("BENCH_LOAD_RATE", 2),
  loadSeconds: env("BENCH_LOAD_SECONDS", 10),
  weightRuns: env("BENCH_WEIGHT_RUNS", 3),
  slowRuns: env("BENCH_SLOW_RUNS", 3),
};
// Sections to run (titles as in the report); `null` runs them all.
const only = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(",").map((t) => t.trim()) : null;
const emulatorBin = process.env.CONNECT_EMULATOR_BIN ?? join(repo, "target/release/connect-emulator");
const chromiumPath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const FLAGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
  // Pages in other contexts keep full-rate timers and frames while one is measured.
  "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
  "--disable-backgrounding-occluded-windows", "--enable-precise-memory-info",
];
const MB = 1024 * 1024;
const BUDGET = {
  launcher: 50,
  ready: 150,
  frameP99: 16,
  longFirstRender: 100,
  heap: 30 * MB,
};

const log = (...a) => console.error("bench:", ...a);
const na = (reason) => `n/a (${String(reason).replace(/\s+/g, " ").slice(0, 160)})`;
const figures = [];
const details = { config };
const sideBySide = [];

/** Records one row of the results table. `within` is true, false or null (no budget). */
function figure(section, name, value, { budget = "—", within = null, raw = null, note = null } = {}) {
  figures.push({ section, name, value, budget, within, raw, note });
}

/** Runs `fn`, turning a failure into `n/a` rows for `names`. */
async function section(title, names, fn) {
  // "Browser" only holds the browser sections, each filtered on its own.
  if (only && title !== "Browser" && !only.includes(title)) {
    log(`${title}: skipped (BENCH_ONLY)`);
    return;
  }
  const t0 = Date.now();
  try {
    await fn();
  } catch (e) {
    log(`${title} failed: ${e.stack ?? e}`);
    details[`${title} error`] = String(e.message ?? e);
    for (const name of names) {
      if (!figures.some((f) => f.section === title && f.name.startsWith(name))) figure(title, name, na(e.message ?? e));
    }
  }
  log(`${title}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

/** Rejects after `ms`: every browser step is bounded from the outside too. */
function bounded(promise, limit, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} took over ${limit / 1000} s`)), limit);
    }),
  ]);
}

/** Calls `window.bench[fn](arg)` in `page`; throws the page's error if it settled with one. */
async function call(page, fn, arg, limit = 60_000) {
  const result = await bounded(
    page.evaluate(([f, a]) => window.bench[f](a), [fn, arg ?? {}]),
    limit,
    `bench.${fn}`,
  );
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

// ---------------------------------------------------------------- machine

function sh(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 10_000 }).trim();
  } catch {
    return null;
  }
}

function machine() {
  const cpuinfo = existsSync("/proc/cpuinfo") ? readFileSync("/proc/cpuinfo", "utf8") : "";
  const model = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? "unknown";
  const dirty = sh("git", ["-C", repo, "status", "--porcelain", "--untracked-files=no"]);
  return {
    cpus: Number(sh("nproc", [])) || cpus().length,
    cpuModel: model.replace(/\s+/g, " "),
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: sh("uname", ["-sr"]),
    node: process.version,
    rustc: sh("rustc", ["--version"]),
    chromium: null,
    commit: sh("git", ["-C", repo, "rev-parse", "--short", "HEAD"]),
    // Others may share the machine: the 1-minute load average at the start and the end.
    loadAverage: { start: Math.round(loadavg()[0] * 100) / 100, end: null },
    dirtyTree: Boolean(dirty),
    chatjs: JSON.parse(readFileSync(join(bench, "node_modules/amazon-connect-chatjs/package.json"), "utf8")).version,
  };
}

// ---------------------------------------------------------------- the test site

/** bench/.site: the benchmark pages, the built widget with its loader under /w/, chatjs. */
function assembleSite() {
  const site = join(bench, ".site");
  rmSync(site, { recursive: true, force: true });
  mkdirSync(join(site, "w"), { recursive: true });
  mkdirSync(join(site, "chatjs"), { recursive: true });
  cpSync(join(bench, "site"), site, { recursive: true });
  const missing = [];
  // scripts/bench.sh passes a copy of dist/ taken right after its build, so that another build
  // writing dist/ meanwhile cannot pair one build's glue with another's wasm.
  const dist = process.env.BENCH_DIST ?? join(repo, "dist");
  for (const f of ["connect_chat_widget.js", "connect_chat_widget_bg.wasm"]) {
    if (existsSync(join(dist, f))) cpSync(join(dist, f), join(site, "w", f));
    else missing.push(`${dist.replace(`${repo}/`, "")}/${f}`);
  }
  if (!missing.length) {
    const unmatched = missingGlue(readFileSync(join(site, "w", "connect_chat_widget_bg.wasm")), readFileSync(join(site, "w", "connect_chat_widget.js"), "utf8"));
    if (unmatched.length) missing.push(`a JS glue that matches the wasm (it lacks ${unmatched[0]}: the two files come from different builds)`);
  }
  const www = join(repo, "www");
  const loader = existsSync(join(www, "connect-chat.js"));
  if (!loader) missing.push("www/connect-chat.js");
  if (existsSync(www)) {
    // www/ may hold a packed copy of the glue from an earlier build (www/copy-dist.mjs): the
    // glue measured is the one from dist/, next to its wasm.
    for (const f of readdirSync(www)) {
      if (f.endsWith(".js") && f !== "connect_chat_widget.js") cpSync(join(www, f), join(site, "w", f));
    }
  }
  cpSync(join(bench, "node_modules/amazon-connect-chatjs/dist/amazon-connect-chat.js"), join(site, "chatjs", "amazon-connect-chat.js"));
  return { site, missing };
}

// ---------------------------------------------------------------- size

function sizeSection(fetched, site) {
  const title = "Size";
  // What the browser fetched for the widget on a cold start (else the embed's known files).
  const files = fetched.length
    ? fetched
    : ["connect-chat.js", "index.js", "attributes.js", "styles.js", "error-state.js", "connect_chat_widget.js", "connect_chat_widget_bg.wasm"];
  const rows = files.filter((f) => existsSync(join(site, "w", f))).map((f) => sizes(join(site, "w", f)));
  if (!rows.some((r) => r.file.endsWith(".wasm"))) throw new Error("dist/connect_chat_widget_bg.wasm is missing (build failed?)");
  const sum = total(rows, "first load");
  details.firstLoad = { source: fetched.length ? "fetched by Chromium on a cold start" : "the embed's files (no browser run)", files: rows, total: sum };
  figure(title, "First load, raw (loader + JS glue + wasm; CSS is inside the wasm)", `${sum.raw.toLocaleString("en")} B`, { raw: sum.raw });
  // The budgets are on what crosses the wire (the Weight section); these are the files' sizes.
  figure(title, "First load, gzip -9", `${sum.gzip.toLocaleString("en")} B`, { raw: sum.gzip });
  figure(title, "First load, brotli 11", `${sum.brotli.toLocaleString("en")} B`, { raw: sum.brotli });
  const ref = sizes(join(site, "chatjs", "amazon-connect-chat.js"));
  details.chatjsSize = ref;
  figure(title, "amazon-connect-chatjs bundle (no UI), gzip -9", `${ref.gzip.toLocaleString("en")} B (raw ${ref.raw.toLocaleString("en")}, brotli ${ref.brotli.toLocaleString("en")})`, { raw: ref.gzip });
  sideBySide.push({ name: "First load, gzip", widget: sum.gzip, chatjs: ref.gzip, unit: "B" });
  sideBySide.push({ name: "First load, brotli", widget: sum.brotli, chatjs: ref.brotli, unit: "B" });
}

function breakdownSection() {
  const named = process.env.BENCH_NAMES_WASM;
  const fallback = join(repo, "target/wasm32-unknown-unknown/release/connect_chat_widget.wasm");
  const path = named && existsSync(named) ? named : fallback;
  if (!existsSync(path)) throw new Error("no wasm with a name section (build the widget first)");
  const result = breakdown(readFileSync(path));
  if (!result.named) throw new Error(`${path} has no name section`);
  const code = result.crates.reduce((a, c) => a + c.bytes, 0);
  details.breakdown = {
    method:
      path === named
        ? "name section of the release wasm after wasm-bindgen and wasm-opt -Oz -g (same optimisation as dist/, names kept)"
        : "name section of the release wasm before wasm-bindgen and wasm-opt (the shipped file is smaller; shares are indicative)",
    file: path.replace(`${repo}/`, ""),
    codeBytes: code,
    ...result,
  };
}

// ---------------------------------------------------------------- browser scenarios

async function browserSections(chromium, urls) {
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: FLAGS, timeout: 30_000 });
  details.pageErrors = [];
  try {
    machineInfo.chromium = browser.version();
    const query = `?participant=${encodeURIComponent(urls.participant_url)}&control=${encodeURIComponent(urls.control_url)}`;
    const pageUrl = { widget: `${urls.page_url}/widget.html${query}`, chatjs: `${urls.page_url}/chatjs.html${query}` };

    /** A page of `kind` in a fresh context; `prepare(context, page)` runs before it loads. */
    async function open(kind, { record = null, prepare = null } = {}) {
      const context = await browser.newContext();
      context.setDefaultTimeout(30_000);
      const page = await context.newPage();
      if (prepare) await prepare(context, page);
      page.on("pageerror", (e) => details.pageErrors.length < 20 && details.pageErrors.push(`${kind}: ${e.message}`));
      page.on("console", (m) => {
        // Failed loads are reported with their URL below.
        if (m.type() === "error" && !m.text().startsWith("Failed to load resource") && details.pageErrors.length < 20) {
          details.pageErrors.push(`${kind} console: ${m.text().slice(0, 300)}`);
        }
      });
      page.on("response", (r) => r.status() >= 400 && details.pageErrors.length < 20 && details.pageErrors.push(`${kind}: ${r.status()} ${r.request().method()} ${r.url()}`));
      if (record) page.on("request", (r) => record.push(r.url()));
      await page.goto(pageUrl[kind], { timeout: 120_000 });
      await page.waitForFunction(() => window.bench, null, { timeout: 120_000 });
      return { context, page };
    }

    async function heap(context, page) {
      const cdp = await context.newCDPSession(page);
      await cdp.send("HeapProfiler.collectGarbage");
      const { usedSize } = await cdp.send("Runtime.getHeapUsage");
      await cdp.detach();
      return usedSize;
    }

    // -- start-up: script inserted -> launcher visible (widget) / library loaded (chatjs)
    const fetched = [];
    await section("Start-up", ["Script executing → launcher visible (median)", "Script tag inserted → launcher visible (median)", "Navigation start → launcher visible (median)"], async () => {
      const widget = [];
      const widgetNav = [];
      const wasmDone = [];
      const readyAt = [];
      const executing = [];
      const chatjs = [];
      for (let run = 0; run < config.runs; run++) {
        for (const kind of run % 2 ? ["chatjs", "widget"] : ["widget", "chatjs"]) {
          const record = kind === "widget" && run === 0 ? [] : null;
          const { context, page } = await open(kind, { record });
          try {
            if (kind === "widget") {
              await call(page, "launcher");
              const m = await page.evaluate(() => window.bench.marks);
              widget.push(m.launcherVisible - m.scriptInserted);
              if (m.wasmDownloaded) wasmDone.push(m.wasmDownloaded - m.scriptInserted);
              if (m.scriptsDownloaded) executing.push(m.launcherVisible - m.scriptsDownloaded);
              if (m.ready) readyAt.push(m.ready - m.scriptInserted);
              widgetNav.push(m.launcherVisible);
              if (record) {
                for (const u of record) {
                  const path = new URL(u).pathname;
                  if (path.startsWith("/w/") && !fetched.includes(path.slice(3))) fetched.push(path.slice(3));
                }
              }
            } else {
              await call(page, "loaded");
              const m = await page.evaluate(() => window.bench.marks);
              chatjs.push(m.libraryReady - m.scriptInserted);
            }
          } finally {
            await context.close();
          }
        }
      }
      details.startup = { widget, widgetNav, wasmDownloaded: wasmDone, mounted: readyAt, executing, chatjs };
      const w = median(widget);
      const x = median(executing);
      figure("Start-up", "Script executing → launcher visible (median)", `${ms(x)} (runs: ${executing.map((v) => v.toFixed(0)).join(", ")})`, {
        budget: "≤ 50 ms",
        within: x === null ? null : x <= BUDGET.launcher,
        raw: x,
        note: "executing = the embed's last JS module downloaded (Resource Timing); includes fetching and compiling the wasm",
      });
      figure("Start-up", "Script tag inserted → launcher visible (median)", `${ms(w)} (runs: ${widget.map((v) => v.toFixed(0)).join(", ")})`, { raw: w });
      figure("Start-up", "Navigation start → launcher visible (median)", ms(median(widgetNav)), { raw: median(widgetNav) });
      figure("Start-up", "Of which: script inserted → wasm downloaded / widget mounted (medians)", `${ms(median(wasmDone))} / ${ms(median(readyAt))}`, { raw: median(wasmDone) });
      figure("Start-up", "chatjs: script inserted → library loaded (median, no UI)", ms(median(chatjs)), { raw: median(chatjs) });
      sideBySide.push({ name: "Script inserted → ready (widget: launcher visible; chatjs: library loaded)", widget: w, chatjs: median(chatjs), unit: "ms" });
    });
    await section("Size", ["First load, gzip -9"], async () => sizeSection(fetched, site));
    await weightSections({ open, call, section, figure, sideBySide, details, config, control, newestContact, urls, ms, site });

    // -- start pressed -> chat ready
    await section("Start-up", ["Start pressed → chat ready (median)"], async () => {
      const widget = [];
      const chatjs = [];
      for (let run = 0; run < config.runs; run++) {
        for (const kind of run % 2 ? ["chatjs", "widget"] : ["widget", "chatjs"]) {
          const { context, page } = await open(kind);
          try {
            if (kind === "widget") await call(page, "launcher");
            (kind === "widget" ? widget : chatjs).push(await call(page, "startChat"));
          } finally {
            await context.close();
          }
        }
      }
      details.startChat = { widget, chatjs };
      const w = median(widget);
      figure("Start-up", "Start pressed → chat ready (median)", `${ms(w)} (runs: ${widget.map((v) => v.toFixed(0)).join(", ")})`, {
        budget: "≤ 150 ms",
        within: w <= BUDGET.ready,
        raw: w,
      });
      figure("Start-up", "chatjs: start-chat call, connect() and the connection established (socket open) (median)", ms(median(chatjs)), { raw: median(chatjs) });
      sideBySide.push({ name: "Start → chat ready (widget: connected, subscribed; chatjs: connection established, socket open)", widget: w, chatjs: median(chatjs), unit: "ms" });
    });

    // -- latency and reload, on one chat per client
    const pages = {};
    await section("Latency", ["Agent message: frame arrived → on screen, p99", "Agent message: control call → text in DOM, p99", "Customer send → in the emulator's transcript, p50"], async () => {
      for (const kind of ["widget", "chatjs"]) {
        const { context, page } = await open(kind);
        if (kind === "widget") await call(page, "launcher");
        await call(page, "startChat");
        pages[kind] = { context, page, contactId: await newestContact(urls.control_url) };
      }
      const agent = { widget: [], chatjs: [] };
      const customer = { widget: [], chatjs: [] };
      const errors = { widget: [], chatjs: [] };
      const markers = { widget: [], chatjs: [] };
      const blocks = Math.max(1, Math.ceil(config.customer / 50));
      for (let b = 0; b < blocks; b++) {
        for (const kind of b % 2 ? ["chatjs", "widget"] : ["widget", "chatjs"]) {
          const { page } = pages[kind];
          await page.bringToFront();
          const r = await call(page, "customerLatency", { n: Math.min(50, config.customer - b * 50) }, 120_000);
          customer[kind].push(...r.samples);
          markers[kind].push(...r.markers);
          errors[kind].push(...r.errors);
        }
      }
      const busy = Object.fromEntries(["widget", "chatjs"].map((k) => [k, { count: 0, totalMs: 0, maxMs: 0, ms: 0 }]));
      const agentBlocks = Math.max(1, Math.ceil(config.messages / 100));
      for (let b = 0; b < agentBlocks; b++) {
        for (const kind of b % 2 ? ["chatjs", "widget"] : ["widget", "chatjs"]) {
          const { page, contactId } = pages[kind];
          await page.bringToFront();
          const r = await call(page, "agentLatency", { contactId, n: Math.min(100, config.messages - b * 100) }, 180_000);
          agent[kind].push(...r.samples);
          errors[kind].push(...r.errors);
          busy[kind].count += r.longTasks.count;
          busy[kind].totalMs += r.longTasks.totalMs;
          busy[kind].maxMs = Math.max(busy[kind].maxMs, r.longTasks.maxMs);
          busy[kind].ms += r.ms;
        }
      }
      // Every customer message the socket echoed must also be in the emulator's transcript.
      const stored = {};
      for (const kind of ["widget", "chatjs"]) {
        const { Transcript } = await control(urls.control_url, "GET", `/contacts/${pages[kind].contactId}/transcript`);
        const text = JSON.stringify(Transcript);
        stored[kind] = markers[kind].filter((m) => text.includes(m)).length;
      }
      const stat = (kind, key) => summary(agent[kind].map((s) => s[key]));
      details.latency = {
        agent: Object.fromEntries(["widget", "chatjs"].map((k) => [k, Object.fromEntries(["frame", "dom", "paint", "frameToDom", "frameToPaint"].map((key) => [key, stat(k, key)]))])),
        customer: { widget: summary(customer.widget), chatjs: summary(customer.chatjs) },
        customerStored: stored,
        longTasks: busy,
        errors,
      };
      const p = (s) => (s ? `p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, p99 ${ms(s.p99)} (n=${s.n})` : na("no samples"));
      const f2p = stat("widget", "frameToPaint");
      const f2d = stat("widget", "frameToDom");
      figure("Latency", "Agent message: frame arrived → on screen, p99", p(f2p), {
        budget: "p99 ≤ 16 ms",
        within: f2p ? f2p.p99 <= BUDGET.frameP99 : null,
        raw: f2p?.p99 ?? null,
        note: "on screen = the animation frame after the MutationObserver saw the text",
      });
      figure("Latency", "Agent message: frame arrived → text in DOM", p(f2d), { raw: f2d?.p99 ?? null });
      figure("Latency", "Agent message: control call → text in DOM", p(stat("widget", "dom")), { raw: stat("widget", "dom")?.p99 ?? null });
      const lt = (b) => `${b.count} long task${b.count === 1 ? "" : "s"} (over 50 ms), ${ms(b.totalMs)} in all, longest ${ms(b.maxMs)}, in ${ms(b.ms)} of measuring`;
      figure("Latency", "Main thread during the agent messages", `connect-chat: ${lt(busy.widget)}; chatjs: ${lt(busy.chatjs)}`);
      figure("Latency", "chatjs: agent message, frame arrived → on screen", p(stat("chatjs", "frameToPaint")), { raw: stat("chatjs", "frameToPaint")?.p99 ?? null });
      figure("Latency", "chatjs: agent message, control call → text in DOM", p(stat("chatjs", "dom")), { raw: stat("chatjs", "dom")?.p99 ?? null });
      const cw = summary(customer.widget);
      const cc = summary(customer.chatjs);
      figure("Latency", "Customer send → in the emulator's transcript", `${p(cw)}; ${stored.widget}/${markers.widget.length} found in the transcript`, { raw: cw?.p50 ?? null });
      figure("Latency", "chatjs: customer send → in the emulator's transcript", `${p(cc)}; ${stored.chatjs}/${markers.chatjs.length} found in the transcript`, { raw: cc?.p50 ?? null });
      for (const kind of ["widget", "chatjs"]) {
        if (errors[kind].length) figure("Latency", `${kind === "widget" ? "" : "chatjs: "}errors while measuring`, `${errors[kind].length}: ${errors[kind][0]}`);
      }
      sideBySide.push({ name: "Agent message, frame → on screen, p50", widget: f2p?.p50, chatjs: stat("chatjs", "frameToPaint")?.p50, unit: "ms" });
      sideBySide.push({ name: "Agent message, frame → on screen, p99", widget: f2p?.p99, chatjs: stat("chatjs", "frameToPaint")?.p99, unit: "ms" });
      sideBySide.push({ name: "Agent message, control call → DOM, p50", widget: stat("widget", "dom")?.p50, chatjs: stat("chatjs", "dom")?.p50, unit: "ms" });
      sideBySide.push({ name: "Agent message, control call → DOM, p99", widget: stat("widget", "dom")?.p99, chatjs: stat("chatjs", "dom")?.p99, unit: "ms" });
      sideBySide.push({ name: "Customer send → transcript, p50", widget: cw?.p50, chatjs: cc?.p50, unit: "ms" });
      sideBySide.push({ name: "Customer send → transcript, p99", widget: cw?.p99, chatjs: cc?.p99, unit: "ms" });
      const hw = await heap(pages.widget.context, pages.widget.page);
      const wm = await call(pages.widget.page, "wasmMemory").catch(() => null);
      const hc = await heap(pages.chatjs.context, pages.chatjs.page);
      details.heapAfterLatency = { widgetJs: hw, widgetWasm: wm, chatjsJs: hc };
      sideBySide.push({ name: `Memory after ${config.messages + config.customer} messages (JS heap + wasm)`, widget: hw + (wm ?? 0), chatjs: hc, unit: "B" });
    });

    await section("Start-up", ["Reload → resumed transcript visible (median)"], async () => {
      if (!pages.widget || !pages.chatjs) throw new Error("no running chat (the latency section failed)");
      const results = { widget: [], widgetScript: [], chatjs: [] };
      const failed = {};
      for (let run = 0; run < config.reloads; run++) {
        for (const kind of run % 2 ? ["chatjs", "widget"] : ["widget", "chatjs"]) {
          if (failed[kind]) continue;
          const { page, contactId } = pages[kind];
          try {
            await page.bringToFront();
            const text = `resume-${run}-${Math.random().toString(36).slice(2, 8)}`;
            await control(urls.control_url, "POST", `/contacts/${contactId}/agent/messages`, { Content: `bench ${text}` });
            await page.evaluate((t) => {
              sessionStorage.setItem("bench-expect", t);
              sessionStorage.setItem("bench-open", "1");
            }, text);
            await page.reload();
            await page.waitForFunction(() => window.bench, null, { timeout: 30_000 });
            await call(page, "resumed");
            const m = await page.evaluate(() => window.bench.marks);
            results[kind].push(m.resumedVisible);
            if (kind === "widget") results.widgetScript.push(m.resumedVisible - m.scriptInserted);
          } catch (e) {
            failed[kind] = String(e.message ?? e);
          }
        }
      }
      details.reload = { ...results, failed };
      const w = median(results.widget);
      figure(
        "Start-up",
        "Reload → resumed transcript visible (median, from navigation start)",
        failed.widget ? na(failed.widget) : `${ms(w)} (script inserted → visible ${ms(median(results.widgetScript))})`,
        { raw: failed.widget ? null : w },
      );
      const c = failed.chatjs ? null : median(results.chatjs);
      figure("Start-up", "chatjs: reload → connect() + getTranscript(100) shown (median)", failed.chatjs ? na(failed.chatjs) : ms(c), { raw: c });
      sideBySide.push({ name: "Reload → resumed transcript visible", widget: failed.widget ? null : w, chatjs: c, unit: "ms" });
    });
    for (const { context } of Object.values(pages)) await context.close();

    // -- a long chat
    await section("Long chat", ["First render", "Showing the whole transcript", "Scrolling top to bottom", "JS heap + wasm memory after"], async () => {
      const { context, page } = await open("widget");
      try {
        await call(page, "launcher");
        await call(page, "startChat");
        const contactId = await newestContact(urls.control_url);
        const last = `long-last-${Math.random().toString(36).slice(2, 8)}`;
        await page.evaluate((t) => {
          sessionStorage.setItem("bench-expect", t);
          sessionStorage.setItem("bench-open", "1");
        }, last);
        await page.goto("about:blank");
        const t0 = Date.now();
        await pool(config.long, 8, (i) =>
          control(urls.control_url, "POST", `/contacts/${contactId}/agent/messages`, {
            Content: i === config.long - 1 ? `bench ${last}` : `Message ${i + 1} of a long chat: some ordinary text of ordinary length.`,
          }),
        );
        const seedMs = Date.now() - t0;
        log(`long chat: seeded ${config.long} items in ${seedMs} ms`);
        await page.goto(pageUrl.widget);
        await page.waitForFunction(() => window.bench, null, { timeout: 30_000 });
        await call(page, "resumed", {}, 90_000);
        const m = await page.evaluate(() => window.bench.marks);
        // Where the first render's time went: the requests made after the widget mounted.
        const requests = await page.evaluate((ready) =>
          performance.getEntriesByType("resource").filter((e) => e.startTime >= ready - 1).map((e) => ({
            path: new URL(e.name).pathname, start: Math.round(e.startTime), end: Math.round(e.responseEnd),
          })), m.ready);
        const shown = await page.evaluate(() => window.bench.itemCount());
        const firstRender = m.resumedVisible - m.ready;
        figure("Long chat", `First render: a resumed ${config.long.toLocaleString("en")}-item chat (widget mounted → newest items visible)`, `${ms(firstRender)} (${shown} items shown; navigation start → visible ${ms(m.resumedVisible)})`, {
          budget: "< 100 ms",
          within: firstRender < BUDGET.longFirstRender,
          raw: firstRender,
        });
        const heapFirst = await heap(context, page);
        const wasmFirst = await call(page, "wasmMemory").catch(() => null);
        const all = await call(page, "loadAll", { timeoutMs: 240_000 }, 300_000);
        const wasmLoaded = await call(page, "wasmMemory").catch(() => null);
        const loadGaps = summary(all.gaps);
        figure("Long chat", "Showing the whole transcript (\"load older\" until done)", `${all.complete ? "complete" : "INCOMPLETE (time limit)"}: ${all.items.toLocaleString("en")} items in ${ms(all.ms)}, ${all.presses} presses; longest frame ${ms(loadGaps?.max)}`, { raw: all.ms });
        const idle = summary(await call(page, "idleFrames", { n: 300 }, 30_000));
        const scroll = await call(page, "scrollThrough", { frames: 600, timeoutMs: 40_000 }, 60_000);
        const s = summary(scroll.gaps);
        const long = scroll.gaps.filter((g) => g > 50).length;
        const smooth = s ? s.p95 <= 18.4 && long === 0 : null;
        figure("Long chat", `Scrolling top to bottom (${all.items.toLocaleString("en")} items, ${scroll.distance.toLocaleString("en")} px, frame gaps)`, s ? `p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, p99 ${ms(s.p99)}, max ${ms(s.max)}; ${long} frames over 50 ms (n=${s.n})` : na("no frames"), {
          budget: "smooth: p95 ≤ 1.1 frames (18.4 ms), no frame over 50 ms",
          within: smooth,
          raw: s?.p95 ?? null,
          note: "baseline",
        });
        figure("Long chat", "Baseline: frame gaps of the same page standing still", idle ? `p50 ${ms(idle.p50)}, p95 ${ms(idle.p95)}, p99 ${ms(idle.p99)}, max ${ms(idle.max)} (n=${idle.n})` : na("no frames"), { raw: idle?.p95 ?? null });
        const heapAfter = await heap(context, page);
        const wasmAfter = await call(page, "wasmMemory").catch(() => null);
        const sum = heapAfter + (wasmAfter ?? 0);
        figure("Long chat", "JS heap + wasm memory after", `${(sum / MB).toFixed(1)} MiB (JS heap ${(heapAfter / MB).toFixed(1)} MiB after GC, wasm memory ${wasmAfter === null ? "n/a" : (wasmAfter / MB).toFixed(1) + " MiB"})`, {
          budget: "< 30 MiB",
          within: sum < BUDGET.heap,
          raw: sum,
        });
        figure("Long chat", "JS heap + wasm memory at first render", `${((heapFirst + (wasmFirst ?? 0)) / MB).toFixed(1)} MiB (JS ${(heapFirst / MB).toFixed(1)}, wasm ${wasmFirst === null ? "n/a" : (wasmFirst / MB).toFixed(1)})`, { raw: heapFirst + (wasmFirst ?? 0) });
        details.long = { seedMs, firstRender, marks: m, requests, shown, wasmLoaded, heapFirst, wasmFirst, heapAfter, wasmAfter, loadAll: { ...all, gaps: loadGaps }, scroll: { ...scroll, gaps: s, over50: long }, idleFrames: idle };
      } finally {
        await context.close();
      }
    });
  } finally {
    await browser.close();
  }
}

// ---------------------------------------------------------------- main

const machineInfo = machine();
const started = Date.now();
let site = null;
try {
  const assembled = assembleSite();
  site = assembled.site;
  details.missing = assembled.missing;
} catch (e) {
  details.siteError = String(e.message ?? e);
}

await section("Size", ["Wasm by crate"], async () => breakdownSection());

const cannot = !existsSync(emulatorBin)
  ? `${emulatorBin} is missing`
  : !site
    ? details.siteError
    : details.missing?.length
      ? `missing ${details.missing.join(", ")}`
      : null;
if (cannot) {
  for (const name of ["Start-up", "Latency", "Long chat"]) figure(name, "all figures", na(cannot));
  // The sizes need no browser: measure the embed's files as they are on disk.
  if (site) await section("Size", ["First load, gzip -9"], async () => sizeSection([], site));
} else {
  await section("Browser", ["Start-up, latency and long-chat figures"], async () => {
    const require = createRequire(join(repo, "package.json"));
    const { chromium } = require("playwright-core");
    const emulator = await startEmulator(emulatorBin, ["--agent", "none", "--static", site]);
    try {
      const served = [...readdirSync(join(site, "w")).map((f) => `/w/${f}`), ...readdirSync(join(site, "chatjs")).map((f) => `/chatjs/${f}`)];
      await bounded(warmCompression(emulator.urls.page_url, served), 180_000, "compressing the site");
      await browserSections(chromium, emulator.urls);
      details.browserEmulatorMemory = emulator.rss();
    } finally {
      await emulator.stop();
    }
  });
}

if (!existsSync(emulatorBin)) {
  figure("Emulator under load", "all figures", na(`${emulatorBin} is missing`));
} else {
  await section("Emulator under load", ["Delivered messages/s (closed loop)"], async () => {
    const r = await bounded(
      runLoad({ bin: emulatorBin, chats: config.loadChats, rate: config.loadRate, seconds: config.loadSeconds, closedSeconds: 8, log }),
      120_000,
      "the load test",
    );
    details.load = r;
    const t = "Emulator under load";
    const p = (s) => (s ? `p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, p99 ${ms(s.p99)}` : "n/a (no samples)");
    figure(t, "Chats with a subscribed socket (set-up time)", `${r.setup.opened}/${r.chats} in ${ms(r.setup.ms)}${r.setup.errors ? `, ${r.setup.errors} errors: ${r.setup.firstError}` : ""}`);
    figure(t, `Paced: ${r.chats} chats × ${r.rate} msg/s for ${r.seconds} s`, `${Math.round(r.paced.messagesPerSecond)} delivered/s of ${r.paced.offeredPerSecond} offered; ${r.paced.lost} lost, ${r.paced.errors} errors`);
    figure(t, "Paced: SendMessage → echoed on the socket", p(r.paced.delivery));
    figure(t, "Paced: SendMessage HTTP round trip", p(r.paced.http));
    figure(t, "Closed loop: delivered messages/s", `${Math.round(r.closed.messagesPerSecond)} (CPU time per second, 100% = one core: emulator ${r.closed.emulatorCpuPercent === null ? "n/a" : Math.round(r.closed.emulatorCpuPercent) + "%"}, load generator ${Math.round(r.closed.generatorCpuPercent)}%, on the same machine)`, { raw: r.closed.messagesPerSecond });
    figure(t, "Closed loop: SendMessage → echoed on the socket", `${p(r.closed.delivery)}; ${r.closed.lost} lost, ${r.closed.errors} errors`);
    const mib = (b) => (b === null ? "n/a" : `${(b / MB).toFixed(1)} MiB`);
    figure(t, "Emulator memory (RSS)", `idle ${mib(r.idle.rss)}, with ${r.setup.opened} sockets ${mib(r.withSockets.rss)}, after ${mib(r.after.rss)}, peak ${mib(r.after.peak)}`, { raw: r.after.peak });
  });
}

machineInfo.seconds = Math.round((Date.now() - started) / 1000);
machineInfo.loadAverage.end = Math.round(loadavg()[0] * 100) / 100;
const result = { generatedAt: new Date().toISOString(), machine: machineInfo, config, figures, sideBySide, details };
writeFileSync(join(bench, "results.json"), `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(join(bench, "results.md"), writeReport(result));
log(`wrote bench/results.json and bench/results.md in ${machineInfo.seconds} s`);
