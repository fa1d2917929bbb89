// The staged load: the launcher drawn by the package's JavaScript at once, the wasm fetched at
// idle time, on intent or at once (a stored chat), and the widget taking over in one frame.
// Pages are written per test into the site the emulator serves, with the script tag in their
// markup as a site has it; the wasm is held back where a test needs it still on its way.
import { test } from "node:test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import {
  useBrowser, newPage, holdWasm, widgetLoaded, fillPreChat, send, seeBubble, until, GREETING, site, urls, assert,
} from "./harness.mjs";

useBrowser();

const shots = join(process.env.E2E_WORK ?? "target/e2e", "screenshots");
mkdirSync(shots, { recursive: true });

const escape = (v) => String(v).replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;");
let pages = 0;

/**
 * A host page in the site whose markup has the script tag with `attrs` (data-* without the
 * prefix) and the emulator's URLs (`null`: no tag); returns its URL.
 */
function hostPage(attrs = {}) {
  const name = `staged-${++pages}.html`;
  const all = { "start-chat-url": `${urls.participant_url}/start-chat`, "participant-endpoint": urls.participant_url, ...attrs };
  const data = Object.entries(all).map(([k, v]) => ` data-${k}="${escape(v)}"`).join("");
  const tag = attrs ? `<script type="module" src="/widget/connect-chat.js"${data}></script>` : "";
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>a host page</title>
${tag}</head>
<body><main><h1>A host page</h1><p>Most visitors never open the chat.</p></main></body></html>`;
  writeFileSync(join(process.env.E2E_SITE, "test", name), html);
  return new URL(`/test/${name}`, site).href;
}

/**
 * Watches every frame of the page from its start: `__frames` counts the launchers on screen
 * per frame, `__launcherAt` is when the first was, `__launchers` how many different button
 * elements have been the launcher; long tasks go to `__longTasks`.
 */
async function watchFrames(page) {
  await page.addInitScript(() => {
    window.__frames = [];
    window.__longTasks = [];
    new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => e.duration))).observe({
      type: "longtask",
      buffered: true,
    });
    const seen = new Set();
    const tick = () => {
      const shown = [...document.querySelectorAll("[data-connect-chat]")]
        .map((h) => h.shadowRoot?.querySelector(".cc-launcher"))
        .filter((b) => b && b.getBoundingClientRect().width > 0);
      if (shown.length || window.__launcherAt !== undefined) window.__frames.push(shown.length);
      if (shown.length && window.__launcherAt === undefined) window.__launcherAt = performance.now();
      for (const b of shown) seen.add(b);
      window.__launchers = seen.size;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

/** The widget's requests in `page`, as paths under /widget/. */
function widgetRequests(page) {
  const paths = [];
  page.on("request", (r) => {
    const { pathname } = new URL(r.url());
    if (pathname.startsWith("/widget/")) paths.push(pathname.slice("/widget/".length));
  });
  return paths;
}

/** Whether the launcher on screen is the wasm widget's (it renders the live region too). */
const wasmLauncher = (page) =>
  page.evaluate(() => !!document.querySelector("[data-connect-chat]")?.shadowRoot?.querySelector(".cc-sr"));

/** Lets the page run its idle callbacks: two rounds of them, queued after any the widget queued. */
const idleTwice = (page) =>
  page.evaluate(() => new Promise((r) => requestIdleCallback(() => requestIdleCallback(r))));

/** The launcher's accessible name, state and box. */
const launcherState = (page) =>
  page.locator(".cc-launcher").evaluate((b) => {
    const r = b.getBoundingClientRect();
    const root = b.closest(".cc-root");
    return {
      label: b.getAttribute("aria-label"), expanded: b.getAttribute("aria-expanded"), dir: root.dir, lang: root.lang,
      box: [r.x, r.y, r.width, r.height], background: getComputedStyle(b).backgroundColor,
    };
  });

/** A screenshot of the launcher's corner of the viewport (with its shadow and focus ring). */
async function corner(page) {
  const { width, height } = page.viewportSize();
  const box = await page.locator(".cc-launcher").boundingBox();
  const x = Math.max(0, Math.floor(box.x) - 16);
  const y = Math.max(0, Math.floor(box.y) - 16);
  return page.screenshot({ clip: { x, y, width: Math.min(box.width + 32, width - x), height: Math.min(box.height + 40, height - y) } });
}

test("before first use (data-load=intent) the launcher and the load event come without the wasm; hovering fetches it", async (t) => {
  const { page, problems } = await newPage(t);
  await watchFrames(page);
  const fetched = widgetRequests(page);
  await page.goto(hostPage({ load: "intent" }));
  await page.locator(".cc-launcher").waitFor();
  await page.waitForFunction(() => document.readyState === "complete");
  await idleTwice(page);
  assert.ok(!fetched.some((f) => f.endsWith(".wasm") || f === "connect_chat_widget.js"), `no wasm or glue yet: ${fetched}`);
  assert.deepEqual(await launcherState(page).then(({ label, expanded }) => [label, expanded]), ["Open chat", "false"]);
  assert.equal(await page.evaluate(() => window.ConnectChat.status), "idle");
  // What the page paid before its first use: each file the widget fetched, gzip -9.
  const widget = join(process.env.E2E_SITE, "widget");
  const bytes = fetched.map((f) => gzipSync(readFileSync(join(widget, f)), { level: 9 }).length);
  const total = bytes.reduce((a, b) => a + b, 0);
  // The loader runs once its last module has arrived (as bench/ measures it).
  const { longest, launcherMs } = await page.evaluate(() => {
    const js = performance.getEntriesByType("resource").filter((e) => e.name.includes("/widget/") && e.responseEnd < window.__launcherAt);
    return { longest: Math.max(0, ...window.__longTasks), launcherMs: window.__launcherAt - Math.max(...js.map((e) => e.responseEnd)) };
  });
  t.diagnostic(`before first use: ${fetched.length} files, ${total} B gzip -9 (${fetched.join(", ")}); longest task ${longest} ms; script running -> launcher visible ${launcherMs.toFixed(1)} ms`);

  const requested = page.waitForRequest(/\.wasm$/);
  await page.locator(".cc-launcher").hover();
  await requested;
  await widgetLoaded(page);
  assert.ok(await wasmLauncher(page), "the widget took over");
  assert.deepEqual(await page.evaluate(() => [window.__launchers, window.__frames.every((n) => n === 1)]), [2, true], "one launcher on screen in every frame");
  assert.deepEqual(problems, []);
});

test("data-load=idle: the wasm is fetched after the load event, with no intent; the launcher came before it", async (t) => {
  const { page, problems } = await newPage(t);
  await watchFrames(page);
  await page.goto(hostPage());
  await widgetLoaded(page);
  const times = await page.evaluate(() => {
    const wasm = performance.getEntriesByType("resource").find((e) => e.name.endsWith(".wasm"));
    const nav = performance.getEntriesByType("navigation")[0];
    return { load: nav.loadEventStart, wasmStart: wasm.startTime, wasmEnd: wasm.responseEnd, launcher: window.__launcherAt };
  });
  assert.ok(times.wasmStart >= times.load, `the wasm was fetched after the load event: ${JSON.stringify(times)}`);
  assert.ok(times.launcher < times.wasmEnd, `the launcher showed before the wasm arrived: ${JSON.stringify(times)}`);
  assert.ok(await wasmLauncher(page), "the widget took over");
  assert.equal(await page.evaluate(() => window.__frames.every((n) => n === 1)), true, "one launcher on screen in every frame");
  assert.deepEqual(problems, []);
});

test("focusing the launcher fetches the wasm; across the hand-off focus stays on it and nothing moves", async (t) => {
  const { page, problems } = await newPage(t);
  await watchFrames(page);
  const wasm = await holdWasm(page);
  await page.goto(hostPage({ load: "intent" }));
  await page.locator(".cc-launcher").waitFor();
  await page.keyboard.press("Tab");
  await wasm.requested;
  const focusedLauncher = () =>
    page.evaluate(() => {
      const host = document.activeElement;
      const el = host?.shadowRoot?.activeElement;
      return el?.classList.contains("cc-launcher") ? { visible: el.matches(":focus-visible"), wasm: !!host.shadowRoot.querySelector(".cc-sr") } : null;
    });
  assert.deepEqual(await focusedLauncher(), { visible: true, wasm: false });
  const before = { state: await launcherState(page), shot: await corner(page) };
  wasm.release();
  await widgetLoaded(page);
  assert.deepEqual(await focusedLauncher(), { visible: true, wasm: true });
  const after = { state: await launcherState(page), shot: await corner(page) };
  assert.deepEqual(after.state, before.state);
  assert.ok(after.shot.equals(before.shot), "the launcher looks the same, focus ring included, pixel for pixel");
  assert.equal(await page.evaluate(() => window.__frames.every((n) => n === 1)), true, "one launcher on screen in every frame");
  // Enter on the widget's launcher opens the window.
  await page.keyboard.press("Enter");
  await page.locator(".cc-window").waitFor();
  assert.deepEqual(problems, []);
});

test("a click before the wasm arrived is kept: a spinner, then the window once the widget is there", async (t) => {
  const { page, problems } = await newPage(t);
  const wasm = await holdWasm(page);
  await page.goto(hostPage({ load: "intent" }));
  await page.locator(".cc-launcher").click();
  await wasm.requested;
  assert.equal(await page.locator(".cc-launcher").getAttribute("aria-busy"), "true");
  writeFileSync(join(shots, "staged-busy.png"), await corner(page));
  await idleTwice(page); // the wasm is held: nothing opens meanwhile
  assert.equal(await page.locator(".cc-window").count(), 0);
  wasm.release();
  await page.locator(".cc-window").waitFor();
  assert.equal(await page.locator(".cc-launcher").getAttribute("aria-expanded"), "true");
  assert.equal(await page.locator(".cc-launcher").getAttribute("aria-busy"), null);
  await fillPreChat(page, "Early");
  await seeBubble(page, GREETING);
  assert.deepEqual(problems, []);
});

test("the handle works before the wasm: status, on, sendMessage, then open() loads and opens", async (t) => {
  const { page, problems } = await newPage(t);
  const fetched = widgetRequests(page);
  await page.goto(hostPage({ load: "intent" }));
  await page.locator(".cc-launcher").waitFor();
  const early = await page.evaluate(async () => {
    const chat = window.ConnectChat;
    const handle = await chat.ready;
    window.__statuses = [];
    await chat.on("status", (s) => window.__statuses.push(s.status));
    const refused = await chat.sendMessage("too early").then(() => null, (e) => [e.name, e.code]);
    return { status: chat.status, same: handle === chat.handle, refused };
  });
  assert.deepEqual(early, { status: "idle", same: true, refused: ["ChatError", "not_started"] });
  assert.ok(!fetched.some((f) => f.endsWith(".wasm")), `no wasm for a refused sendMessage: ${fetched}`);
  await page.evaluate(() => window.ConnectChat.open());
  await page.locator(".cc-window").waitFor();
  await fillPreChat(page, "Handle");
  await seeBubble(page, GREETING);
  // The listener registered before the wasm was there hears the chat come up.
  assert.ok((await page.evaluate(() => window.__statuses)).includes("connected"));
  assert.equal(await page.evaluate(() => window.ConnectChat.status), "connected");
  assert.deepEqual(problems, []);
});

test("mount() resolves with the launcher before the wasm; the handle's listeners follow it", async (t) => {
  const { page, problems } = await newPage(t);
  const fetched = widgetRequests(page);
  await page.goto(hostPage(null));
  const result = await page.evaluate(async (endpoint) => {
    const { mount } = await import("/widget/index.js");
    const box = document.createElement("div");
    document.body.append(box);
    const chat = await mount({ startChatUrl: `${endpoint}/start-chat`, participantEndpoint: endpoint, container: box, load: "intent" });
    window.__chat = chat;
    return { status: chat.status, launcher: !!box.querySelector("[data-connect-chat]")?.shadowRoot?.querySelector(".cc-launcher") };
  }, urls.participant_url);
  assert.deepEqual(result, { status: "idle", launcher: true });
  assert.ok(!fetched.some((f) => f.endsWith(".wasm") || f === "connect_chat_widget.js"), `${fetched}`);
  await page.locator(".cc-launcher").focus();
  await page.evaluate(() => window.__chat.loaded);
  assert.ok(fetched.some((f) => f.endsWith(".wasm")));
  assert.equal(await page.locator("[data-connect-chat]").count(), 1, "the launcher gave way to the widget");
  await page.evaluate(() => window.__chat.destroy());
  assert.equal(await page.locator("[data-connect-chat]").count(), 0);
  assert.deepEqual(problems, []);
});

test("mount(): a wrong option type rejects `loaded` with a message naming the option", async (t) => {
  const { page, problems } = await newPage(t);
  await page.goto(hostPage(null));
  const cases = [
    [{ open: "yes" }, 'invalid option open: invalid type: string "yes", expected a boolean'],
    [{ features: { markdown: "no" } }, 'invalid option features.markdown: invalid type: string "no", expected a boolean'],
    [{ maxMessageLength: "long" }, 'invalid option maxMessageLength: invalid type: string "long", expected a whole number, 0 or more'],
    [{ preChatFields: [{ name: "email", required: 1 }] }, "invalid option preChatFields[0].required: invalid type: number 1, expected a boolean"],
    [{ theme: { "--cc-accent": 5 } }, "invalid option theme.--cc-accent: invalid type: number 5, expected a string"],
    [{ attachments: { allowedExtensions: "png" } }, 'invalid option attachments.allowedExtensions: invalid type: string "png", expected a list'],
  ];
  const messages = await page.evaluate(async ([endpoint, cases]) => {
    const { mount } = await import("/widget/index.js");
    const out = [];
    for (const [bad] of cases) {
      const box = document.createElement("div");
      document.body.append(box);
      const chat = await mount({ startChatUrl: `${endpoint}/start-chat`, participantEndpoint: endpoint, container: box, load: "eager", ...bad });
      out.push(await chat.loaded.then(() => "mounted", (e) => e.message));
    }
    // `undefined` is "not given", as a framework passing its props through means it.
    const box = document.createElement("div");
    document.body.append(box);
    const chat = await mount({ startChatUrl: `${endpoint}/start-chat`, participantEndpoint: endpoint, container: box, load: "eager", open: undefined, features: { sound: undefined } });
    out.push(await chat.loaded.then(() => "mounted", (e) => e.message));
    chat.destroy();
    return out;
  }, [urls.participant_url, cases]);
  assert.deepEqual(messages.map((m) => m.replace(/^connect-chat: /, "")), [...cases.map(([, m]) => m), "mounted"]);
  // Each refusal is the one console error a page sees for it.
  assert.deepEqual(problems.map((p) => p.replace(/^[^:]*: /, "")).filter((p) => !cases.some(([, m]) => p.includes(m))), []);
});

test("a stored chat loads the wasm at once, without intent, and shows its transcript", async (t) => {
  const { page, problems } = await newPage(t);
  const url = hostPage({ load: "intent" });
  await page.goto(url);
  await fillPreChat(page, "Stored");
  await send(page, "before leaving");
  await seeBubble(page, "You said: before leaving");
  await page.locator(".cc-launcher").click();
  await page.locator(".cc-window").waitFor({ state: "detached" });
  // Away from the launcher, so that nothing on the new page counts as intent.
  await page.mouse.move(5, 5);
  const wasm = page.waitForRequest(/\.wasm$/);
  await page.reload();
  await wasm;
  await widgetLoaded(page);
  await page.locator(".cc-launcher").click();
  await seeBubble(page, "You said: before leaving");
  assert.deepEqual(problems, []);
});

test("a stored chat's connection and transcript are asked for while the wasm is on its way, once", async (t) => {
  const { page, problems } = await newPage(t);
  await page.goto(hostPage({ load: "intent" }));
  await fillPreChat(page, "Ahead");
  await send(page, "before leaving");
  await seeBubble(page, "You said: before leaving");
  const asked = [];
  page.on("request", (r) => asked.push(new URL(r.url()).pathname));
  const wasm = await holdWasm(page);
  await page.reload();
  await wasm.requested;
  // The wasm is still held: these can only be the loader's.
  await until(() => asked.includes("/participant/connection") && asked.includes("/participant/transcript"), "the resume's requests sent ahead");
  const ahead = await page.evaluate(() => sessionStorage.getItem("connect-chat:session:ahead"));
  assert.equal(ahead, null, "read once");
  wasm.release();
  await widgetLoaded(page);
  // The window was open when the page was left: it is again.
  await seeBubble(page, "You said: before leaving");
  await until(() => page.evaluate(() => String(window.ConnectChat.status).toLowerCase() === "connected"), "connected again");
  assert.equal(asked.filter((p) => p === "/participant/connection").length, 1, `the widget took the answer sent ahead: ${asked.join(" ")}`);
  assert.deepEqual(problems, []);
});

test("two widgets on a page each take their own answers sent ahead", async (t) => {
  const { page, problems } = await newPage(t);
  const name = "staged-two.html";
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>two widgets</title></head>
<body><div id="one"></div><div id="two"></div><script type="module">
import { mount } from "/widget/index.js";
const options = { startChatUrl: ${JSON.stringify(`${urls.participant_url}/start-chat`)}, participantEndpoint: ${JSON.stringify(urls.participant_url)} };
window.one = await mount({ ...options, storageKey: "one", container: document.getElementById("one") });
window.two = await mount({ ...options, storageKey: "two", position: "left", container: document.getElementById("two") });
</script></body></html>`;
  writeFileSync(join(process.env.E2E_SITE, "test", name), html);
  await page.goto(new URL(`/test/${name}`, site).href);
  const connected = (w) => until(() => page.evaluate((w) => String(window[w]?.status).toLowerCase() === "connected", w), `${w} connected`);
  for (const [w, who] of [["one", "Uno"], ["two", "Dos"]]) {
    await page.waitForFunction((w) => window[w], w);
    await page.evaluate((w) => window[w].open(), w);
    await page.locator(`#${w} .cc-form input[name="name"]`).fill(who);
    await page.locator(`#${w} .cc-form button[type=submit]`).click();
    await connected(w);
  }
  const asked = [];
  page.on("request", (r) => asked.push(new URL(r.url()).pathname));
  const wasm = await holdWasm(page);
  await page.reload();
  await wasm.requested;
  await until(() => asked.filter((p) => p === "/participant/connection").length === 2, "both widgets' connections sent ahead");
  wasm.release();
  await connected("one");
  await connected("two");
  assert.equal(asked.filter((p) => p === "/participant/connection").length, 2, `each widget took its own: ${asked.join(" ")}`);
  assert.deepEqual(problems, []);
});

test("a goodbye still owed (<key>:owed) loads the wasm at once too", async (t) => {
  const { page, problems } = await newPage(t);
  await page.addInitScript(() => sessionStorage.setItem("support:owed", "[]"));
  const wasm = page.waitForRequest(/\.wasm$/);
  await page.goto(hostPage({ load: "intent", "storage-key": "support" }));
  await wasm;
  await widgetLoaded(page);
  assert.deepEqual(problems, []);
});

test("a stored chat's wasm and glue are asked for before the rest of the loader has arrived", async (t) => {
  const { page, problems } = await newPage(t);
  await page.addInitScript(() => sessionStorage.setItem("support:owed", "[]"));
  // stage.js (which decides when the wasm is wanted) is held back until both were asked for.
  let release;
  const held = new Promise((r) => (release = r));
  await page.route(/\/widget\/stage\.js$/, async (route) => {
    await held;
    await route.continue().catch(() => {});
  });
  const asked = Promise.all([page.waitForRequest(/\.wasm$/), page.waitForRequest(/\/connect_chat_widget\.js$/)]);
  await page.goto(hostPage({ load: "intent", "storage-key": "support" }), { waitUntil: "commit" });
  await asked.finally(release);
  await widgetLoaded(page);
  const fetched = await page.evaluate(() => performance.getEntriesByType("resource").filter((e) => e.name.endsWith(".wasm")).length);
  assert.equal(fetched, 1, "the wasm was fetched once");
  assert.deepEqual(problems, []);
});

test("a stored chat and a data-wasm-url that is no URL: one error and the unavailable state, nothing thrown", async (t) => {
  const { page, problems } = await newPage(t);
  await page.addInitScript(() => sessionStorage.setItem("connect-chat:session:owed", "[]"));
  await page.goto(hostPage({ load: "intent", "wasm-url": "http://[not-a-host" }));
  await page.locator("[data-connect-chat-error] [role=status]", { hasText: "Chat is unavailable" }).waitFor();
  assert.equal(problems.length, 1, JSON.stringify(problems));
  assert.match(problems[0], /^console: .*URL/);
});

test("the unavailable state speaks the widget's language and draws its icon", async (t) => {
  const { page } = await newPage(t);
  await page.goto(hostPage({ load: "intent", "wasm-url": "http://[not-a-host", locale: "ar", position: "left" }));
  const status = page.locator("[data-connect-chat-error] [role=status]");
  await status.filter({ hasText: "المحادثة غير متاحة" }).waitFor();
  assert.equal(await status.getAttribute("dir"), "rtl");
  assert.equal(await page.locator("[data-connect-chat-error] button svg").count(), 1, "the launcher's icon, not an emoji");
  assert.equal((await page.locator("[data-connect-chat-error] button").innerText()).trim(), "");
});

test("a wasm that fails to load after a click turns the launcher into the unavailable state", async (t) => {
  const { page, problems } = await newPage(t);
  const wasm = await holdWasm(page);
  await page.goto(hostPage({ load: "intent" }));
  await page.evaluate(() => addEventListener("connect-chat:error", (e) => (window.__error = e.detail.message)));
  await page.locator(".cc-launcher").click();
  await wasm.requested;
  wasm.release({ status: 404, contentType: "text/plain", body: "not found" });
  await page.locator("[data-connect-chat-error] button[disabled]").waitFor();
  await page.locator("[data-connect-chat-error] [role=status]", { hasText: "Chat is unavailable" }).waitFor();
  assert.equal(await page.locator(".cc-launcher").count(), 0, "no dead launcher");
  const errors = problems.filter((p) => p.startsWith("console:"));
  assert.equal(errors.length, 1, JSON.stringify(problems));
  assert.match(errors[0], /^console: connect-chat: could not load http:\/\/127\.0\.0\.1:\d+\/widget\/connect_chat_widget_bg\.wasm/);
  const told = await page.evaluate(() => [window.ConnectChat.error?.message, window.__error]);
  assert.match(told[0], /could not load/);
  assert.equal(told[1], told[0]);
});

for (const [width, height] of [[390, 844], [1100, 820]]) {
  test(`Arabic (right to left) on the left at ${width}x${height}: the same launcher before and after the hand-off`, async (t) => {
    const { page, problems } = await newPage(t, { viewport: { width, height } });
    const wasm = await holdWasm(page);
    await page.goto(hostPage({ load: "intent", locale: "ar", position: "left" }));
    await page.locator(".cc-launcher").waitFor();
    const before = await launcherState(page);
    assert.equal(before.label, "فتح المحادثة");
    assert.deepEqual([before.dir, before.lang], ["rtl", "ar"]);
    assert.ok(before.box[0] < 100, `on the left: ${before.box}`);
    // Pointing at it fetches the wasm (held back until the first screenshot is taken).
    await page.locator(".cc-launcher").hover();
    await wasm.requested;
    const name = `staged-ar-left-${width}x${height}`;
    const first = await page.screenshot({ path: join(shots, `${name}-launcher.png`) });
    wasm.release();
    await widgetLoaded(page);
    assert.deepEqual(await launcherState(page), before);
    const second = await page.screenshot({ path: join(shots, `${name}-widget.png`) });
    assert.ok(second.equals(first), "the page looks the same once the widget took over");
    await page.locator(".cc-launcher").click();
    await page.locator(".cc-form").waitFor();
    await page.waitForFunction(() =>
      document.querySelector("[data-connect-chat]").shadowRoot.getAnimations().every((a) => a.playState === "finished"));
    writeFileSync(join(shots, `${name}-open.png`), await page.screenshot());
    const open = await page.locator(".cc-window").boundingBox();
    if (width <= 480) assert.deepEqual(open, { x: 0, y: 0, width, height }, "a narrow screen: the window fills it");
    else assert.ok(open.x < 100 && open.width === 370, `the window on the left: ${JSON.stringify(open)}`);
    assert.deepEqual(problems, []);
  });
}
