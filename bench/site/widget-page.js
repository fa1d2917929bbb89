// The widget's benchmark page. Inserts the script-tag embed (www/connect-chat.js) with its
// data-* options, then exposes `window.bench` for the harness: start-up marks, starting a
// chat, latency loops, loading a long transcript and scrolling it.
import { agentLatency, customerLatency, idleFrames, longTasksBefore, nextFrame, pageLoaded, untilFrame, urls, within } from "./common.js";

const marks = { moduleStart: performance.now() };
const open = sessionStorage.getItem("bench-open") === "1";
const expect = sessionStorage.getItem("bench-expect");

const host = () => document.querySelector("[data-connect-chat]");
const shadow = () => host()?.shadowRoot ?? null;
const q = (selector) => shadow()?.querySelector(selector) ?? null;
const shown = (el) => {
  if (!el) return false;
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0;
};
const settle = (p) => p.then((v) => ({ ok: true, value: v }), (e) => ({ ok: false, error: String(e?.message ?? e) }));

const ready = new Promise((resolve, reject) => {
  addEventListener("connect-chat:ready", (e) => resolve(e.detail), { once: true });
  addEventListener("connect-chat:error", (e) => reject(e.detail), { once: true });
});

const script = document.createElement("script");
script.type = "module";
script.src = "/w/connect-chat.js";
script.dataset.startChatUrl = `${urls.participant}/start-chat`;
script.dataset.participantEndpoint = urls.participant;
script.dataset.region = "us-east-1";
script.dataset.displayName = "Bench";
if (open) script.dataset.open = "true";
marks.scriptInserted = performance.now();
document.head.append(script);

const launcher = untilFrame(() => shown(q(".cc-launcher")), 30_000, "launcher visible").then((t) => {
  marks.launcherVisible = t;
  // Where the time went: when the wasm finished downloading (Resource Timing).
  const entries = performance.getEntriesByType("resource").filter((e) => new URL(e.name).pathname.startsWith("/w/"));
  const wasm = entries.find((e) => e.name.endsWith(".wasm"));
  if (wasm) marks.wasmDownloaded = wasm.responseEnd;
  // The embed's module graph runs once its last JS module has arrived.
  const js = entries.filter((e) => e.name.endsWith(".js")).map((e) => e.responseEnd);
  if (js.length) marks.scriptsDownloaded = Math.max(...js);
  return t;
});
const mounted = within(ready, 30_000, "connect-chat:ready").then(() => (marks.ready = performance.now()));
const resumed = expect
  ? untilFrame(() => (q(".cc-list")?.textContent ?? "").includes(expect), 60_000, "resumed transcript visible").then(
      (t) => (marks.resumedVisible = t),
    )
  : Promise.resolve(null);

async function handle() {
  return within(ready, 30_000, "connect-chat:ready");
}

/**
 * The moment the widget is ready for first use: its launcher visible and the host page's load
 * event over. Times are ms since navigation start; `cut` is that moment in epoch ms (for the
 * harness's network record); long tasks are the main thread's before it.
 */
async function firstUse() {
  const [launcherVisible, load] = await Promise.all([launcher, within(pageLoaded, 60_000, "load event")]);
  const at = Math.max(launcherVisible, load);
  return { launcherVisible, load, at, cut: performance.timeOrigin + at, longTasks: longTasksBefore(at) };
}

/** Resolves on the chat's first connected status, to performance.now() then. */
function connectedOn(chat) {
  return new Promise((resolve) =>
    chat.on("status", (p) => {
      // The driver says "connected", www/index.d.ts documents "Connected": accept either.
      if (String(p?.status).toLowerCase() === "connected") resolve(performance.now());
    }),
  );
}

/** A control that takes input: shown and not disabled. */
const usable = (el) => shown(el) && !el.disabled;

/**
 * A visitor's first chat: clicks the launcher, waits until the window can be used (the pre-chat
 * form's start button or the composer takes input), presses start at once, waits for the
 * Connected status. Returns ms from the click, and the click's epoch time.
 */
async function openAndStart() {
  const chat = await handle();
  const connected = connectedOn(chat);
  const t0 = performance.now();
  q(".cc-launcher").click();
  const t1 = await untilFrame(() => usable(q(".cc-form .cc-button")) || usable(q(".cc-composer textarea")), 30_000, "chat window usable");
  q(".cc-form .cc-button")?.click();
  const t2 = await within(connected, 30_000, "status Connected");
  return { usable: t1 - t0, ready: t2 - t0, clickedAt: performance.timeOrigin + t0, readyAt: performance.timeOrigin + t2 };
}

/** Opens the window if needed, presses "Start chat" and waits for the Connected status. */
async function startChat() {
  const chat = await handle();
  if (!q(".cc-form")) q(".cc-launcher")?.click();
  await untilFrame(() => q(".cc-form .cc-button"), 10_000, "start button");
  const connected = connectedOn(chat);
  const t0 = performance.now();
  q(".cc-form .cc-button").click();
  const t1 = await within(connected, 20_000, "status Connected");
  return t1 - t0;
}

const list = () => q(".cc-list");
// The list renders a sliding window of lines; it says which (1-based, inclusive) and how many
// are loaded in all.
const windowOf = () => {
  const el = list();
  const n = (name) => Number(el?.getAttribute(name) ?? 0);
  return { first: n("data-first"), last: n("data-last"), loaded: n("data-loaded") };
};
const itemCount = () => {
  const w = windowOf();
  return w.last - w.first + 1;
};

/**
 * Shows the whole transcript: presses "load older" until it is gone (each press shows
 * earlier lines or fetches an older page), bounded by `timeoutMs`. Records main-thread frame
 * gaps.
 */
async function loadAll({ timeoutMs }) {
  const start = performance.now();
  const gaps = [];
  let last = performance.now();
  let running = true;
  const tick = () => {
    const now = performance.now();
    gaps.push(now - last);
    last = now;
    if (running) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  let presses = 0;
  let stalls = 0;
  let complete = false;
  try {
    while (performance.now() - start < timeoutMs) {
      const button = q(".cc-older");
      if (!button) {
        complete = true;
        break;
      }
      const before = windowOf();
      button.click();
      presses++;
      try {
        await untilFrame(() => {
          const now = windowOf();
          return now.loaded > before.loaded || now.first < before.first || !q(".cc-older");
        }, 3_000, "older lines");
        stalls = 0;
      } catch {
        // A press can land while a page is still loading, or load only events; press again.
        if (++stalls >= 10) break;
      }
    }
  } finally {
    running = false;
  }
  return { ms: performance.now() - start, presses, items: windowOf().loaded, complete, gaps };
}

/**
 * Scrolls from the first line of the transcript to the last in about `frames` frames, one step
 * per frame, while the list slides its window of lines; returns the frame gaps.
 */
async function scrollThrough({ frames = 600, timeoutMs = 30_000 }) {
  const el = list();
  el.scrollTop = 0;
  await nextFrame();
  await nextFrame();
  const rendered = windowOf();
  const lineHeight = el.scrollHeight / Math.max(1, rendered.last - rendered.first + 1);
  const estimate = lineHeight * rendered.loaded;
  const step = Math.max(1, Math.ceil(estimate / frames));
  const gaps = [];
  let distance = 0;
  let last = await nextFrame();
  const start = last;
  const done = () => {
    const now = windowOf();
    return now.last >= now.loaded && el.scrollTop + el.clientHeight >= el.scrollHeight - 1;
  };
  while (!done() && performance.now() - start < timeoutMs) {
    const before = el.scrollTop;
    el.scrollTop += step;
    distance += el.scrollTop - before;
    const now = await nextFrame();
    gaps.push(now - last);
    last = now;
  }
  return { gaps, distance: Math.round(distance), step, reachedBottom: done() };
}

/** The wasm instance's linear memory in bytes (the embed and the npm entry share one instance). */
async function wasmMemory() {
  const { load } = await import("/w/index.js");
  const exports = await load();
  return exports?.memory?.buffer?.byteLength ?? null;
}

window.bench = {
  marks,
  launcher: () => settle(launcher),
  mounted: () => settle(mounted),
  resumed: () => settle(resumed),
  startChat: () => settle(startChat()),
  firstUse: () => settle(firstUse()),
  openAndStart: () => settle(openAndStart()),
  agentLatency: (o) =>
    settle(agentLatency({ ...o, root: () => shadow(), inside: ".cc-list" })),
  customerLatency: (o) =>
    settle(handle().then((chat) => customerLatency({ ...o, send: async (text) => chat.sendMessage(text) }))),
  loadAll: (o) => settle(loadAll(o)),
  scrollThrough: (o) => settle(scrollThrough(o)),
  wasmMemory: () => settle(wasmMemory()),
  idleFrames: ({ n }) => settle(idleFrames(n)),
  itemCount,
  jsHeap: () => performance.memory?.usedJSHeapSize ?? null,
};
