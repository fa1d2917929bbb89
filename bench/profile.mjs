// Where the time and the memory go, widget beside amazon-connect-chatjs: CPU profiles (CDP
// Profiler, sampled every 100 µs) of the customer send → transcript loop and of start → chat
// ready, summed by function (the widget's wasm carries its names: bench/.work/names.wasm), and
// the JS heap and wasm memory after the same 600 messages as the main run.
//   node bench/profile.mjs      (after scripts/bench.sh, which leaves bench/.site and names.wasm)
// PROFILE_WASM and PROFILE_GLUE profile another build of the widget (a wasm and its glue).
// Writes bench/.work/profile.json and prints the tables.
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { control, newestContact, startEmulator } from "./lib/emulator.mjs";
import { summary } from "./lib/stats.mjs";

const bench = dirname(fileURLToPath(import.meta.url));
const repo = join(bench, "..");
const work = join(bench, ".work");
const n = Number(process.env.PROFILE_MESSAGES ?? 100);

/** Self time by function over a CDP profile: `[{ name, where, ms }]`, the largest first. */
export function selfTimes(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const ms = new Map();
  const deltas = profile.timeDeltas ?? [];
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const f = node.callFrame;
    const where = f.url ? f.url.replace(/^.*\//, "") : "";
    const key = `${f.functionName || "(anonymous)"}\u0000${where}`;
    ms.set(key, (ms.get(key) ?? 0) + (deltas[i + 1] ?? deltas[i] ?? 0) / 1000);
  });
  return [...ms.entries()]
    .map(([key, v]) => {
      const [name, where] = key.split("\u0000");
      return { name, where, ms: v };
    })
    .sort((a, b) => b.ms - a.ms);
}

/** Self time grouped: wasm, wasm-bindgen glue, other JS, browser (GC, program), idle. */
export function groups(rows) {
  const out = { wasm: 0, glue: 0, js: 0, gc: 0, program: 0, idle: 0 };
  for (const r of rows) {
    if (r.name === "(idle)") out.idle += r.ms;
    else if (r.name === "(garbage collector)") out.gc += r.ms;
    else if (r.name === "(program)" || r.name === "(root)") out.program += r.ms;
    else if (r.where.endsWith(".wasm") || r.where.startsWith("wasm")) out.wasm += r.ms;
    else if (r.where === "connect_chat_widget.js") out.glue += r.ms;
    else out.js += r.ms;
  }
  return out;
}

async function main() {
  const site = join(bench, ".site");
  const named = process.env.PROFILE_WASM ?? join(work, "names.wasm");
  const glue = process.env.PROFILE_GLUE ?? join(work, "connect_chat_widget.js");
  if (!existsSync(site) || !existsSync(named)) throw new Error("run scripts/bench.sh first (bench/.site and bench/.work/names.wasm)");
  const profSite = join(work, "profile-site");
  rmSync(profSite, { recursive: true, force: true });
  cpSync(site, profSite, { recursive: true });
  // names.wasm is the same wasm-bindgen output as bench/.work's glue, optimised with -g.
  cpSync(named, join(profSite, "w", "connect_chat_widget_bg.wasm"));
  cpSync(glue, join(profSite, "w", "connect_chat_widget.js"));
  mkdirSync(work, { recursive: true });

  const { chromium } = createRequire(join(repo, "package.json"))("playwright-core");
  const emulator = await startEmulator(join(repo, "target/release/connect-emulator"), ["--agent", "none", "--static", profSite]);
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--enable-precise-memory-info"] });
  const u = emulator.urls;
  const query = `?participant=${encodeURIComponent(u.participant_url)}&control=${encodeURIComponent(u.control_url)}`;
  const result = {};
  try {
    for (const kind of ["widget", "chatjs"]) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${u.page_url}/${kind}.html${query}`);
      await page.waitForFunction(() => window.bench);
      const call = async (fn, arg) => {
        const r = await page.evaluate(([f, a]) => window.bench[f](a), [fn, arg ?? {}]);
        if (!r.ok) throw new Error(r.error);
        return r.value;
      };
      if (kind === "widget") await call("launcher");
      const cdp = await context.newCDPSession(page);
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
      const profiled = async (fn) => {
        await cdp.send("Profiler.start");
        const value = await fn();
        const { profile } = await cdp.send("Profiler.stop");
        const rows = selfTimes(profile);
        return { value, groups: groups(rows), top: rows.filter((r) => r.name !== "(idle)").slice(0, 25) };
      };
      const start = await profiled(() => call("startChat"));
      const contactId = await newestContact(u.control_url);
      const send = await profiled(() => call("customerLatency", { n }));
      await cdp.send("HeapProfiler.collectGarbage");
      const heapStart = (await cdp.send("Runtime.getHeapUsage")).usedSize;
      for (let i = 0; i < 500; i += 100) await call("agentLatency", { contactId, n: 100 });
      await cdp.send("HeapProfiler.collectGarbage");
      const heapAfter = (await cdp.send("Runtime.getHeapUsage")).usedSize;
      const wasm = kind === "widget" ? await call("wasmMemory") : null;
      result[kind] = { start, send: { ...send, latency: summary(send.value.samples) }, heapStart, heapAfter, wasm };
      await context.close();
    }
    await control(u.control_url, "GET", "/contacts");
  } finally {
    await browser.close();
    await emulator.stop();
  }
  writeFileSync(join(work, "profile.json"), JSON.stringify(result, null, 2));
  const f = (v) => v.toFixed(1);
  for (const kind of ["widget", "chatjs"]) {
    const r = result[kind];
    console.log(`\n## ${kind}`);
    console.log(`start → ready: ${f(r.start.value)} ms; self time by group (ms):`, Object.fromEntries(Object.entries(r.start.groups).map(([k, v]) => [k, f(v)])));
    for (const t of r.start.top.slice(0, 12)) console.log(`  ${f(t.ms).padStart(7)}  ${t.name.slice(0, 110)}  [${t.where}]`);
    console.log(`customer send × ${n}: p50 ${f(r.send.latency.p50)} ms; self time by group (ms):`, Object.fromEntries(Object.entries(r.send.groups).map(([k, v]) => [k, f(v)])));
    for (const t of r.send.top.slice(0, 15)) console.log(`  ${f(t.ms).padStart(7)}  ${t.name.slice(0, 110)}  [${t.where}]`);
    console.log(`JS heap after GC: ${(r.heapStart / 1048576).toFixed(2)} MiB after ${n} sends, ${(r.heapAfter / 1048576).toFixed(2)} MiB after 500 more agent messages; wasm memory ${r.wasm === null ? "n/a" : (r.wasm / 1048576).toFixed(2) + " MiB"}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await main();
}
