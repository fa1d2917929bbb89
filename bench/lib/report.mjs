// Writes results.md from the results object: the budget table first, then the comparison
// with the official client, the first-load files, the size by crate and how figures are taken.

const cell = (s) => String(s ?? "").replaceAll("|", "\\|").replace(/\s+/g, " ");
const yes = (w) => (w === true ? "yes" : w === false ? "**NO**" : "—");

function fmt(v, unit) {
  if (v === null || v === undefined || !Number.isFinite(v)) return "n/a";
  if (unit === "B") return `${Math.round(v).toLocaleString("en")} B`;
  return v < 10 ? `${v.toFixed(1)} ms` : `${Math.round(v)} ms`;
}

export function writeReport({ generatedAt, machine: m, figures, sideBySide, details }) {
  const out = [];
  const over = figures.filter((f) => f.within === false);
  out.push("# connect-chat benchmarks", "");
  out.push(
    `Measured ${generatedAt.replace("T", " ").slice(0, 16)} UTC with \`scripts/bench.sh\` on ${m.cpus} × ${m.cpuModel}, ` +
      `${m.memoryGiB} GiB memory, ${m.os ?? "unknown OS"}; Chromium ${m.chromium ?? "n/a"} headless, node ${m.node}, ` +
      `${m.rustc ?? "rustc n/a"}; commit ${m.commit ?? "n/a"}${m.dirtyTree ? " (with uncommitted changes)" : ""}; ` +
      `reference amazon-connect-chatjs ${m.chatjs}. The run took ${m.seconds} s; the 1-minute load average was ` +
      `${m.loadAverage?.start ?? "n/a"} at the start and ${m.loadAverage?.end ?? "n/a"} at the end (other work shares these cores, so timings are noisy; ` +
      "the side-by-side ratios hold better than the absolute figures).",
    "",
  );
  out.push(
    over.length
      ? `**Over budget:** ${over.map((f) => `${f.name} (${f.value.split(" (")[0]}; budget ${f.budget})`).join("; ")}.`
      : "Every figure with a budget is within it.",
    "",
  );
  out.push("| Figure | Value | Budget | Within budget? |", "|---|---|---|---|");
  const order = ["Weight", "Slow 4G", "Size", "Start-up", "Latency", "Long chat", "Emulator under load"];
  const rank = (f) => (order.includes(f.section) ? order.indexOf(f.section) : order.length);
  const sorted = figures.map((f, i) => [f, i]).sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1]).map(([f]) => f);
  let last = null;
  for (const f of sorted) {
    if (f.section !== last) {
      out.push(`| **${cell(f.section)}** | | | |`);
      last = f.section;
    }
    out.push(`| ${cell(f.name)} | ${cell(f.value)} | ${cell(f.budget)} | ${yes(f.within)} |`);
  }
  out.push("");

  if (sideBySide.length) {
    out.push("## Side by side with amazon-connect-chatjs", "");
    out.push(
      "Same browser, same emulator, same run; blocks alternate between the two so a noisy machine affects both. " +
        "chatjs has no UI: its page appends each message's text with `textContent`, the least a UI must do.",
      "",
    );
    out.push("| Figure | connect-chat | amazon-connect-chatjs | connect-chat ÷ chatjs |", "|---|---|---|---|");
    for (const r of sideBySide) {
      const ratio = Number.isFinite(r.widget) && Number.isFinite(r.chatjs) && r.chatjs > 0 ? (r.widget / r.chatjs).toFixed(2) : "n/a";
      out.push(`| ${cell(r.name)} | ${fmt(r.widget, r.unit)} | ${fmt(r.chatjs, r.unit)} | ${ratio} |`);
    }
    out.push("");
  }

  if (details.firstLoad) {
    out.push(`## First-load files (${details.firstLoad.source})`, "");
    out.push("| File | Raw | gzip -9 | brotli 11 |", "|---|---|---|---|");
    for (const r of [...details.firstLoad.files, details.firstLoad.total]) {
      out.push(`| ${cell(r.file)} | ${r.raw.toLocaleString("en")} | ${r.gzip.toLocaleString("en")} | ${r.brotli.toLocaleString("en")} |`);
    }
    out.push("");
  }

  const w = details.weight;
  if (w) {
    const table = (title, rows) => {
      out.push(title, "", "| File or call | Transferred (B) | Content-Encoding | Body as decoded (B) | The file as gzip -9 (B) | Complete at the moment |", "|---|---|---|---|---|---|");
      const n = (v) => (v === null || v === undefined ? "—" : v.toLocaleString("en"));
      for (const f of rows) out.push(`| ${cell(f.file)} | ${n(f.bytes)} | ${cell(f.encoding)} | ${n(f.decoded)} | ${n(f.gzip)} | ${f.complete ? "yes" : "no (in flight)"} |`);
      const sum = (key) => rows.reduce((a, f) => a + (f[key] ?? 0), 0);
      out.push(`| total | ${n(sum("bytes"))} | | ${n(sum("decoded"))} | ${n(sum("gzip"))} | |`, "");
    };
    table(`## On the wire before first use (first cold run; the browser sent Accept-Encoding: ${w.acceptEncoding ?? "n/a"})`, w.files);
    table("## On the wire until the chat is ready (same run)", w.filesToReady);
  }

  const b = details.breakdown;
  if (b) {
    out.push("## Wasm code by crate", "");
    out.push(
      `Method: ${b.method}; file \`${b.file}\`. Each function body's bytes go to the crate that starts its ` +
        "demangled path (for `<a::T as b::Trait>::f` the crate of `T`; for a blanket impl `<T as b::Trait>` " +
        "the trait's crate), as cargo-bloat does; generic code instantiated for the widget's types is counted " +
        "where it is defined. Code is " +
        `${b.codeBytes.toLocaleString("en")} B in ${b.functionCount.toLocaleString("en")} functions; data segments ` +
        `(strings, tables, the stylesheet) ${(b.sections.find((s) => s.name === "data")?.bytes ?? 0).toLocaleString("en")} B.`,
      "",
    );
    out.push("| Crate | Code bytes | Share | Functions |", "|---|---|---|---|");
    for (const c of b.crates.slice(0, 20)) {
      out.push(`| ${cell(c.crate)} | ${c.bytes.toLocaleString("en")} | ${((100 * c.bytes) / b.codeBytes).toFixed(1)}% | ${c.functions} |`);
    }
    const rest = b.crates.slice(20);
    if (rest.length) {
      const bytes = rest.reduce((a, c) => a + c.bytes, 0);
      out.push(`| ${rest.length} more | ${bytes.toLocaleString("en")} | ${((100 * bytes) / b.codeBytes).toFixed(1)}% | |`);
    }
    out.push("", "Largest functions:", "", "| Function | Bytes |", "|---|---|");
    for (const f of b.biggestFunctions.slice(0, 10)) out.push(`| \`${cell(f.name).slice(0, 120)}\` | ${f.bytes.toLocaleString("en")} |`);
    out.push("");
    if (b.copies?.length) {
      out.push("Generic functions compiled once per type (copies of one name), most bytes first:", "", "| Function | Copies | Bytes |", "|---|---|---|");
      for (const c of b.copies.slice(0, 10)) out.push(`| \`${cell(c.name).slice(0, 120)}\` | ${c.copies} | ${c.bytes.toLocaleString("en")} |`);
      out.push("");
    }
  }

  out.push("## How each figure is taken", "");
  out.push(
    "- **Weight**: a fresh browser context with its cache cleared and disabled (CDP `Network.clearBrowserCache`, `Network.setCacheDisabled`), the emulator serving the site compressed as a CDN does (brotli or gzip as the browser accepts). Every response's transferred bytes are CDP `Network.loadingFinished` `encodedDataLength` (compressed body and headers); a response still arriving at the moment counts the `Network.dataReceived` bytes that arrived. The widget's are its files under `/w/` and every call to another origin (the emulator's API). *First use* is the later of the launcher's first visible frame and the end of the host page's load event; long tasks are the PerformanceObserver's `longtask` entries before it. *Chat ready* is the Connected status after clicking the launcher and pressing start as soon as the window is usable.",
    "- **Slow 4G**: the same cold visits with CDP `Network.emulateNetworkConditions` at Lighthouse's Slow 4G (150 ms latency per request, 1.6 Mbit/s down, 750 kbit/s up; CPU not slowed; CDP does not throttle WebSocket frames). *Usable* is when the pre-chat form's start button (or the composer) is shown and enabled; start is pressed then. The returning visitor: an agent message is added, the cache cleared, the page reloaded with the chat in sessionStorage, and the time is from the new navigation's start to the message's text in the list. chatjs: the library's script loaded; its start-chat call + `connect()`; reload → `connect()` + `getTranscript` shown.",
    "- **Size**: the files Chromium fetched under the widget's path on a cold start (script-tag embed, its modules, the wasm-bindgen glue, the wasm; the stylesheet is compiled into the wasm), compressed with node's zlib at gzip level 9 and brotli quality 11.",
    "- **Start-up**: the page inserts the embed's `<script type=\"module\">` tag; *launcher visible* is the first animation frame in which the launcher button has a size (polled each frame). *Script executing* is when the embed's last JS module (the loader, its imports and the wasm-bindgen glue) finished downloading, from Resource Timing: the module graph runs then, so what follows is fetching and compiling the wasm and mounting. A fresh browser context (empty cache) per run. *Chat ready* is from the click on *Start chat* to the widget's `status` event with `Connected` (connection created, socket open and subscribed); it includes the site's start-chat call. *Reload* reloads the tab of a running chat and waits for the newest message's text in the message list; times are from the new page's navigation start.",
    "- **Latency**: the page itself calls the emulator's control API with `fetch`, so every timestamp is `performance.now()` in one page. A `WebSocket` subclass stamps each incoming frame; a `MutationObserver` on the widget's shadow root stamps the text's arrival in the message list (the live region is ignored); *on screen* is the next animation frame. Messages go one at a time. *Customer send* is `sendMessage()` to the message's frame on the sender's socket; the emulator stores an item before delivering it, and the harness checks afterwards that every message is in the transcript.",
    "- **Long chat**: the items are added through the control API while the page is away; the page then comes back and resumes (the widget fetches the newest page of 100), *load older* is pressed until the first line of the whole transcript is shown, and the list is scrolled from the first line to the last in about 600 steps, one per animation frame (the list keeps at most 60 lines in the DOM and slides them 20 at a time as it scrolls); frame gaps are the times between animation frames. Heap is `Runtime.getHeapUsage` after a forced GC (Chrome DevTools Protocol); wasm memory is the instance's linear memory.",
    "- **Emulator under load**: `bench/load.mjs`, N chats each with a subscribed socket, customer messages over loopback; *paced* sends at a fixed rate per chat, *closed loop* sends the next message when the last was echoed. Each chat first sends one unmeasured message (all at once), so the figures are the steady state, not the client opening its connections. The load generator (node, one thread) runs on the same machine and competes for the same cores.",
    "",
  );
  if (details.pageErrors?.length) {
    out.push("Page errors seen during the run (first 20):", "");
    for (const e of details.pageErrors) out.push(`- ${cell(e).slice(0, 300)}`);
    out.push("");
  }
  return `${out.join("\n")}\n`;
}
