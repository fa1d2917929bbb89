// In-page measuring helpers shared by the widget page and the reference (chatjs) page. Every
// timestamp is performance.now() in this page, so all differences are on one clock; the
// control API is called from here with fetch for the same reason.

const params = new URLSearchParams(location.search);
/** The emulator's URLs, passed by the harness in the query string. */
export const urls = {
  participant: params.get("participant"),
  control: params.get("control"),
};

// Every WebSocket the page opens gets a first listener that stamps each incoming frame, so
// "frame arrived" and "text in the DOM" are measured on the same clock. The subclass keeps
// `instanceof WebSocket` and the constants working.
const frameWaiters = new Map();
const NativeWebSocket = window.WebSocket;
window.WebSocket = class BenchWebSocket extends NativeWebSocket {
  constructor(...args) {
    super(...args);
    this.addEventListener("message", (event) => {
      if (frameWaiters.size === 0 || typeof event.data !== "string") return;
      const at = performance.now();
      for (const [marker, resolve] of frameWaiters) {
        if (event.data.includes(marker)) {
          frameWaiters.delete(marker);
          resolve(at);
        }
      }
    });
  }
};

// Long tasks (main thread busy over 50 ms), to tell the page's own work from a busy machine.
const longTasks = [];
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: "longtask", buffered: true });
} catch {
  // Not supported: the count stays empty.
}

/** Long tasks that started at or after `since`: `{ count, totalMs, maxMs }`. */
export function longTasksSince(since) {
  const xs = longTasks.filter((t) => t.start >= since);
  return {
    count: xs.length,
    totalMs: xs.reduce((a, t) => a + t.duration, 0),
    maxMs: xs.reduce((a, t) => Math.max(a, t.duration), 0),
  };
}

/** Long tasks that started before `until` (ms since navigation start): `[{ start, duration }]`. */
export const longTasksBefore = (until) => longTasks.filter((t) => t.start < until);

/** Resolves to the time (ms since navigation start) the page's load event finished. */
export const pageLoaded = new Promise((resolve) => {
  const end = () => performance.getEntriesByType("navigation")[0]?.loadEventEnd || performance.now();
  if (document.readyState === "complete") resolve(end());
  else addEventListener("load", () => setTimeout(() => resolve(end())), { once: true });
});

/** Resolves to the time a websocket frame containing `marker` arrives. */
export function frameWith(marker) {
  return new Promise((resolve) => frameWaiters.set(marker, resolve));
}

/** Rejects after `ms` with `what` in the message. */
export function within(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
    }),
  ]);
}

export const nextFrame = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` once per animation frame until it is truthy; resolves to performance.now() then. */
export function untilFrame(fn, ms, what) {
  return within(
    new Promise((resolve) => {
      const tick = () => (fn() ? resolve(performance.now()) : requestAnimationFrame(tick));
      tick();
    }),
    ms,
    what,
  );
}

/**
 * Resolves when a node whose text contains `marker` is added under `root` (a node or shadow
 * root) inside an element matching `inside`: `{ dom }` is the MutationObserver callback's
 * time, `paint` the next animation frame's (the frame that shows it).
 */
export function textAppears(root, marker, inside) {
  return new Promise((resolve) => {
    const hit = (node) => {
      const el = node.nodeType === 1 ? node : node.parentElement;
      return el && (!inside || el.closest(inside)) && (node.textContent ?? "").includes(marker);
    };
    const observer = new MutationObserver((records) => {
      for (const r of records) {
        const found =
          r.type === "characterData" ? hit(r.target) : [...r.addedNodes].some((n) => hit(n));
        if (found) {
          const dom = performance.now();
          observer.disconnect();
          requestAnimationFrame(() => resolve({ dom, paint: performance.now() }));
          return;
        }
      }
    });
    observer.observe(root, { childList: true, subtree: true, characterData: true });
  });
}

export async function controlCall(method, path, body) {
  const response = await fetch(`${urls.control}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

const tag = () => Math.random().toString(36).slice(2, 8);

/**
 * Agent message latency, `n` times one after another: the control call is sent from this page,
 * the frame's arrival is stamped by the socket wrapper, the text's arrival in the DOM by a
 * MutationObserver on `root` (under `inside`). Returns per-message samples in ms.
 */
export async function agentLatency({ contactId, n, root, inside, timeoutMs = 5_000 }) {
  const began = performance.now();
  const samples = [];
  const errors = [];
  for (let i = 0; i < n; i++) {
    const marker = `agent-${i}-${tag()}`;
    const seen = textAppears(root(), marker, inside);
    const frame = frameWith(marker);
    const t0 = performance.now();
    try {
      await controlCall("POST", `/contacts/${contactId}/agent/messages`, { Content: `bench ${marker}`, ContentType: "text/plain" });
      const { dom, paint } = await within(seen, timeoutMs, `message ${i} in the DOM`);
      const arrived = await within(frame, timeoutMs, `message ${i} frame`);
      samples.push({ frame: arrived - t0, dom: dom - t0, paint: paint - t0, frameToDom: dom - arrived, frameToPaint: paint - arrived });
    } catch (e) {
      errors.push(String(e.message ?? e));
      frameWaiters.delete(marker);
      if (errors.length >= 5) break;
    }
  }
  return { samples, errors, longTasks: longTasksSince(began), ms: performance.now() - began };
}

/**
 * Customer send latency, `n` times one after another: `send(text)` is called, and the time the
 * emulator echoes the message on the socket is taken (the emulator stores an item in the
 * transcript before it delivers it). Returns the markers so the harness can check the transcript.
 */
export async function customerLatency({ n, send, timeoutMs = 5_000 }) {
  const samples = [];
  const markers = [];
  const errors = [];
  for (let i = 0; i < n; i++) {
    const marker = `cust-${i}-${tag()}`;
    const echo = frameWith(marker);
    const t0 = performance.now();
    try {
      await send(`bench ${marker}`);
      const at = await within(echo, timeoutMs, `customer message ${i} echo`);
      samples.push(at - t0);
      markers.push(marker);
    } catch (e) {
      errors.push(String(e.message ?? e));
      frameWaiters.delete(marker);
      if (errors.length >= 5) break;
    }
  }
  return { samples, markers, errors };
}

/** Gaps between `n` animation frames of an otherwise idle page: the baseline for scrolling. */
export async function idleFrames(n) {
  const gaps = [];
  let last = await nextFrame();
  for (let i = 0; i < n; i++) {
    const now = await nextFrame();
    gaps.push(now - last);
    last = now;
  }
  return gaps;
}
