// The weight budgets, measured on the wire: what the widget transfers before first use (until
// its launcher is visible and the host page's load event fired) and until a chat is ready,
// file by file, from CDP's network events with the emulator compressing as a CDN does; long
// tasks before first use; and the same visits on a throttled "Slow 4G" connection with a cold
// cache, side by side with amazon-connect-chatjs where the two share a path.
import { bytesBefore, coldCache, recordRequests, SLOW_4G } from "./lib/network.mjs";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { sizes } from "./lib/size.mjs";
import { median } from "./lib/stats.mjs";

const KB = 1000;
export const WEIGHT_BUDGET = { beforeFirstUse: 25 * KB, toReady: 250 * KB, toReadyAim: 150 * KB, longTask: 50 };
export const SLOW_BUDGET = { usable: 1500, ready: 2500, returning: 2500 };

/** Whether `url` is the widget's (its files under /w/, or any call to another origin). */
export function widgetOwns(url, pageOrigin, prefix = "/w/") {
  const u = new URL(url);
  return u.origin !== pageOrigin ? u.protocol.startsWith("http") : u.pathname.startsWith(prefix);
}

/** One file's row for the report: its path (or origin and path) and its bytes. */
export function fileRow(f, pageOrigin) {
  const u = new URL(f.url);
  const name = u.origin === pageOrigin ? u.pathname : `${u.host}${u.pathname}`;
  return { file: name, bytes: f.bytes, decoded: f.decoded, encoding: f.encoding ?? "none", complete: f.complete };
}

/**
 * One visit in a fresh context with a cold cache, optionally on Slow 4G. `steps(page, visit)`
 * drives the page; `visit.bytes(cut, prefix)` adds up what the page's owner transferred by then.
 */
async function visit(open, kind, throttled, steps) {
  let record = null;
  let cdp = null;
  const { context, page } = await open(kind, {
    prepare: async (ctx, pg) => {
      cdp = await ctx.newCDPSession(pg);
      record = await recordRequests(cdp);
      await coldCache(cdp);
      if (throttled) await cdp.send("Network.emulateNetworkConditions", SLOW_4G);
    },
  });
  const origin = new URL(page.url()).origin;
  const prefix = kind === "widget" ? "/w/" : "/chatjs/";
  const helpers = {
    cdp,
    bytes: (cut) => bytesBefore(record.requests().filter((r) => widgetOwns(r.url, origin, prefix)), cut),
    origin,
    acceptEncoding: () => record.requests().find((r) => r.requestEncoding)?.requestEncoding ?? null,
  };
  try {
    return await steps(page, helpers);
  } finally {
    await context.close();
  }
}

/** The figures: `run` is run.mjs's section/figure/call helpers. */
export async function weightSections({ open, call, section, figure, sideBySide, details, config, control, newestContact, urls, ms, site }) {
  const title = "Weight";
  const kbytes = (b) => `${Math.round(b).toLocaleString("en")} B`;
  // The budgets speak of gzip; the browser takes brotli here. Each file's gzip -9 size, for both.
  const withGzip = (row) => {
    const path = join(site, row.file);
    return { ...row, gzip: row.file.startsWith("/") && existsSync(path) ? sizes(path).gzip : null };
  };
  const gzipTotal = (rows) => rows.reduce((a, r) => a + (r.gzip ?? r.bytes), 0);

  await section(title, ["Before first use", "Total to a ready chat"], async () => {
    const runs = [];
    for (let run = 0; run < config.weightRuns; run++) {
      runs.push(
        await visit(open, "widget", false, async (page, v) => {
          const first = await call(page, "firstUse");
          const before = v.bytes(first.cut);
          const chat = await call(page, "openAndStart");
          const ready = v.bytes(chat.readyAt);
          return { first, before, ready, acceptEncoding: v.acceptEncoding(), origin: v.origin };
        }),
      );
    }
    const chatjs = [];
    for (let run = 0; run < config.weightRuns; run++) {
      chatjs.push(
        await visit(open, "chatjs", false, async (page, v) => {
          const first = await call(page, "firstUse");
          return { first, before: v.bytes(first.cut) };
        }),
      );
    }
    const b = median(runs.map((r) => r.before.bytes));
    const r = median(runs.map((x) => x.ready.bytes));
    const tasks = runs.flatMap((x) => x.first.longTasks);
    const longest = tasks.reduce((a, t) => Math.max(a, t.duration), 0);
    const one = runs[0];
    details.weight = {
      acceptEncoding: one.acceptEncoding,
      beforeFirstUse: runs.map((x) => ({ bytes: x.before.bytes, at: x.first.at, launcherVisible: x.first.launcherVisible, load: x.first.load, longTasks: x.first.longTasks })),
      files: one.before.files.map((f) => withGzip(fileRow(f, one.origin))),
      toReady: runs.map((x) => x.ready.bytes),
      filesToReady: one.ready.files.map((f) => withGzip(fileRow(f, one.origin))),
      chatjs: chatjs.map((x) => ({ bytes: x.before.bytes, at: x.first.at })),
    };
    const gzBefore = gzipTotal(details.weight.files);
    const gzReady = gzipTotal(details.weight.filesToReady);
    figure(title, "Before first use: transferred until launcher visible and load event (median)", `${kbytes(b)} (runs: ${runs.map((x) => x.before.bytes.toLocaleString("en")).join(", ")}; the browser sent Accept-Encoding: ${one.acceptEncoding ?? "n/a"}); as gzip -9 ${kbytes(gzBefore)}`, {
      budget: "≤ 25,000 B",
      within: Math.max(b, gzBefore) <= WEIGHT_BUDGET.beforeFirstUse,
      raw: b,
    });
    figure(title, "Before first use: main-thread tasks over 50 ms", `${tasks.length} in ${runs.length} runs, longest ${ms(longest)}${tasks.length ? ` (${tasks.map((t) => `${Math.round(t.duration)} ms at ${Math.round(t.start)} ms`).slice(0, 6).join(", ")})` : ""}`, {
      budget: "none",
      within: tasks.length === 0,
      raw: longest,
    });
    figure(title, "Total transferred to a ready chat (median; files and API calls)", `${kbytes(r)} (runs: ${runs.map((x) => x.ready.bytes.toLocaleString("en")).join(", ")}); as gzip -9 ${kbytes(gzReady)}`, {
      budget: "≤ 250,000 B (aim 150,000)",
      within: Math.max(r, gzReady) <= WEIGHT_BUDGET.toReady,
      raw: r,
    });
    const c = median(chatjs.map((x) => x.before.bytes));
    figure(title, "chatjs: transferred until the library is loaded and load event (median, no UI)", kbytes(c), { raw: c });
    sideBySide.push({ name: "Transferred before first use (widget: launcher + load event; chatjs: library + load event)", widget: b, chatjs: c, unit: "B" });
  });

  await section(title, ["Slow 4G"], async () => {
    const widget = [];
    const chatjs = [];
    for (let run = 0; run < config.slowRuns; run++) {
      for (const kind of run % 2 ? ["chatjs", "widget"] : ["widget", "chatjs"]) {
        const result = await visit(open, kind, true, async (page, v) => {
          const first = await call(page, "firstUse", {}, 120_000);
          const before = v.bytes(first.cut).bytes;
          const chat = kind === "widget" ? await call(page, "openAndStart", {}, 120_000) : { startToReady: await call(page, "startChat", {}, 120_000) };
          // A returning visitor: the chat is stored in sessionStorage; the cache is emptied, the
          // page navigated to again, and the newest message must show.
          const contactId = await newestContact(urls.control_url);
          const text = `slow-${run}-${Math.random().toString(36).slice(2, 8)}`;
          await control(urls.control_url, "POST", `/contacts/${contactId}/agent/messages`, { Content: `bench ${text}` });
          await page.evaluate((t) => {
            sessionStorage.setItem("bench-expect", t);
            sessionStorage.setItem("bench-open", "1");
          }, text);
          await v.cdp.send("Network.clearBrowserCache");
          await page.reload({ timeout: 120_000 });
          await page.waitForFunction(() => window.bench, null, { timeout: 120_000 });
          await call(page, "resumed", {}, 120_000);
          const m = await page.evaluate(() => window.bench.marks);
          return { first, before, chat, returning: m.resumedVisible };
        });
        (kind === "widget" ? widget : chatjs).push(result);
      }
    }
    details.slow4g = { conditions: SLOW_4G, widget, chatjs };
    const med = (xs, f) => median(xs.map(f));
    const list = (xs, f) => xs.map((x) => Math.round(f(x))).join(", ");
    const launcher = med(widget, (x) => x.first.launcherVisible);
    figure("Slow 4G", "Navigation → launcher visible (median)", `${ms(launcher)} (runs: ${list(widget, (x) => x.first.launcherVisible)}); first use (also load event) ${ms(med(widget, (x) => x.first.at))}`, { raw: launcher });
    const usable = med(widget, (x) => x.chat.usable);
    figure("Slow 4G", "Launcher click → chat window usable (median)", `${ms(usable)} (runs: ${list(widget, (x) => x.chat.usable)})`, { budget: "≤ 1,500 ms", within: usable <= SLOW_BUDGET.usable, raw: usable });
    const ready = med(widget, (x) => x.chat.ready);
    figure("Slow 4G", "Launcher click → chat ready (median; start pressed once usable)", `${ms(ready)} (runs: ${list(widget, (x) => x.chat.ready)})`, { budget: "≤ 2,500 ms", within: ready <= SLOW_BUDGET.ready, raw: ready });
    const back = med(widget, (x) => x.returning);
    figure("Slow 4G", "Returning visitor: navigation → transcript visible (median)", `${ms(back)} (runs: ${list(widget, (x) => x.returning)})`, { budget: "≤ 2,500 ms", within: back <= SLOW_BUDGET.returning, raw: back });
    const cLoaded = med(chatjs, (x) => x.first.launcherVisible);
    const cReady = med(chatjs, (x) => x.chat.startToReady);
    const cBack = med(chatjs, (x) => x.returning);
    figure("Slow 4G", "chatjs: navigation → library loaded / start → connected / returning → transcript shown (medians)", `${ms(cLoaded)} / ${ms(cReady)} / ${ms(cBack)}`, { raw: cReady });
    const wStart = med(widget, (x) => x.chat.ready - x.chat.usable);
    sideBySide.push({ name: "Slow 4G: navigation → launcher visible / chatjs loaded", widget: launcher, chatjs: cLoaded, unit: "ms" });
    sideBySide.push({ name: "Slow 4G: start pressed → chat ready", widget: wStart, chatjs: cReady, unit: "ms" });
    sideBySide.push({ name: "Slow 4G: returning visitor, navigation → transcript visible", widget: back, chatjs: cBack, unit: "ms" });
    details.slow4g.bytesBeforeFirstUse = { widget: widget.map((x) => x.before), chatjs: chatjs.map((x) => x.before) };
  });
}
