// Shared set-up for the end-to-end tests: the emulator's URLs (from scripts/e2e.sh), one
// headless Chromium per test file, a fresh context per test, helpers for the widget (its
// shadow root is open, and Playwright's CSS locators pierce open shadow roots) and for the
// emulator's control API. Every wait is bounded.
import { chromium } from "playwright-core";
import { after, before } from "node:test";
import { createServer } from "node:net";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

if (!process.env.E2E_URLS) {
  throw new Error("E2E_URLS is not set: run the tests through scripts/e2e.sh");
}
/** The emulator's start-up line. */
export const urls = JSON.parse(process.env.E2E_URLS);
export const site = urls.page_url;
export const control = urls.control_url;
export const WAIT = 15_000;

const FLAGS = [
  "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  // window.gc(), so a test can force collections (see gc below).
  "--js-flags=--expose-gc",
];

let browser;
/** Starts Chromium once for the file that imports this (a fresh temporary profile). */
export function useBrowser() {
  before(async () => {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      headless: true,
      args: FLAGS,
      timeout: 30_000,
    });
  });
  after(async () => {
    await browser?.close();
  });
}

/**
 * A new context and page, with the page's console errors and uncaught exceptions collected
 * in `problems` (tests assert it is empty where nothing should go wrong).
 */
export async function newPage(t, options = {}) {
  const context = await browser.newContext({ acceptDownloads: true, ...options });
  context.setDefaultTimeout(WAIT);
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => {
    problems.push(`pageerror: ${e.message}`);
    // A wasm trap only says "unreachable": its stack is the only clue, so show it.
    if (process.env.E2E_VERBOSE || e.message === "unreachable") console.error(`pageerror on ${page.url()}: ${e.stack}`);
  });
  page.on("console", (m) => {
    // Failed loads are reported below with their URL.
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(`console: ${m.text()}`);
  });
  page.on("response", (r) => {
    const url = new URL(r.url());
    if (r.status() >= 400 && url.pathname !== "/favicon.ico") problems.push(`HTTP ${r.status()}: ${url.pathname}`);
  });
  t.after(() => context.close());
  return { context, page, problems };
}

// ---- the emulator's control API ----

export async function api(method, path, body) {
  const response = await fetch(`${control}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(WAIT),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

export const contacts = async () => (await api("GET", "/contacts")).Contacts;
export const transcript = async (id) => (await api("GET", `/contacts/${id}/transcript`)).Transcript;
export const agentSays = (id, Content, ContentType = "text/plain") =>
  api("POST", `/contacts/${id}/agent/messages`, { Content, ContentType });
export const agentEvent = (id, ContentType, Content) =>
  api("POST", `/contacts/${id}/agent/events`, Content === undefined ? { ContentType } : { ContentType, Content });
export const fault = (body) => api("POST", "/faults", body);
/** The bot streams `Content` (in `Chunks`, texts or a count, if given); answers `{Id, AbsoluteTime}` of the completed item. */
export const botSays = (id, Content, Chunks) =>
  api("POST", `/contacts/${id}/bot/messages`, Chunks === undefined ? { Content } : { Content, Chunks });

/** A TCP port free on 127.0.0.1 now, for a server that cannot pick its own. */
export async function freePort() {
  const server = createServer();
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

/** Polls `fn` until it returns a truthy value (bounded); returns that value. */
export async function until(fn, what, timeout = WAIT) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
}

// ---- the widget ----

/** The scripted agent's greeting, first words. */
export const GREETING = "Hello, I'm the emulator's agent.";

/**
 * Forces full garbage collections in `page` and lets the finalizers they queue run: what the
 * page does not keep is gone afterwards, as it would be at some random later moment.
 */
export async function gc(page) {
  await page.evaluate(async () => {
    for (let i = 0; i < 3; i++) {
      window.gc();
      await new Promise((r) => setTimeout(r, 50));
    }
  });
}

/** Asserts the widget is on screen now (not waiting for it): its launcher or its window. */
export async function stillThere(page, when) {
  const shown = await page.locator(".cc-launcher, .cc-window").count();
  assert.ok(shown > 0, `the widget is on screen ${when}`);
}

/**
 * The chat works through garbage collections: collect once the widget is mounted, start a
 * chat (on whichever emulator the page talks to), see the agent's greeting, collect mid-chat, send `text` and see the agent's answer.
 */
export async function chatsAcrossGc(page, name, text) {
  await page.locator(".cc-launcher").waitFor();
  await gc(page);
  await stillThere(page, "after a garbage collection once mounted");
  await fillPreChat(page, name);
  await seeBubble(page, GREETING);
  await gc(page);
  await stillThere(page, "after a garbage collection mid-chat");
  await send(page, text);
  await seeBubble(page, `You said: ${text}`);
}

/**
 * Holds back the widget's .wasm responses in `page` until `release()`: until then the
 * launcher is the one the package's JavaScript drew. `requested` resolves to the URL of the
 * first .wasm asked for; `release(fulfil)` lets them through, or answers them with
 * `route.fulfill(fulfil)` instead (a failed load).
 */
export async function holdWasm(page) {
  let release;
  const released = new Promise((r) => (release = r));
  let asked;
  const requested = new Promise((r) => (asked = r));
  await page.route(/\.wasm$/, async (route) => {
    asked(route.request().url());
    const fulfil = await released;
    try {
      await (fulfil ? route.fulfill(fulfil) : route.continue());
    } catch {
      // The page closed while the response was held.
    }
  });
  return { requested, release };
}

/** Waits (bounded) until the wasm widget has taken over from the launcher (the global `name`'s handle). */
export async function widgetLoaded(page, name = "ConnectChat") {
  await page.waitForFunction((n) => window[n], name);
  await page.evaluate(
    ([n, ms]) =>
      Promise.race([
        window[n].ready.then((h) => h.loaded),
        new Promise((_, fail) => setTimeout(() => fail(new Error(`the widget did not load within ${ms} ms`)), ms)),
      ]),
    [name, WAIT],
  );
}

/**
 * Where the keyboard focus is, through shadow roots: `tag|name|aria-label|text` (the text's
 * first 30 characters); the body when focus was lost.
 */
export async function focused(page) {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    if (!el) return "";
    return [el.tagName.toLowerCase(), el.getAttribute("name") ?? "", el.getAttribute("aria-label") ?? "", el.textContent.trim().slice(0, 30)].join("|");
  });
}

/** Opens a demo page (default the demo) and waits for the launcher. */
export async function openSite(page, path = "/") {
  await page.goto(new URL(path, site).href);
  await page.locator(".cc-launcher").waitFor();
}

/** Launcher -> pre-chat form -> a chat the composer is ready for (on any emulator). */
export async function fillPreChat(page, name = "Ann", fields = {}) {
  if (!(await page.locator(".cc-window").isVisible())) await page.locator(".cc-launcher").click();
  await page.locator('.cc-form input[name="name"]').fill(name);
  for (const [field, value] of Object.entries(fields)) {
    await page.locator(`.cc-form input[name="${field}"]`).fill(value);
  }
  await page.locator(".cc-form button[type=submit]").click();
  await page.locator(".cc-composer textarea:not([disabled])").waitFor();
}

/** Launcher -> pre-chat form -> started chat; returns the new contact's id. */
export async function startChat(page, name = "Ann", fields = {}) {
  const before = new Set((await contacts()).map((c) => c.ContactId));
  await fillPreChat(page, name, fields);
  const contact = await until(
    async () => (await contacts()).find((c) => !before.has(c.ContactId)),
    "the new contact",
  );
  return contact.ContactId;
}

/** Saves a screenshot of the widget's window as target/e2e/screenshots/NAME.png, to be looked at. */
export async function shoot(page, name) {
  const dir = join(process.env.E2E_WORK ?? "target/e2e", "screenshots");
  mkdirSync(dir, { recursive: true });
  await page.locator(".cc-window").screenshot({ path: join(dir, `${name}.png`) });
}

/** Reloads the page and opens the window again if the reload left it closed. */
export async function reopen(page) {
  await page.reload();
  await page.locator(".cc-launcher").waitFor();
  // The widget restores an open window itself once its wasm has taken over; only a window
  // that stays closed then needs the launcher (a click before that could close it again).
  await widgetLoaded(page);
  if (!(await page.locator(".cc-window").isVisible())) await page.locator(".cc-launcher").click();
}

/** Types `text` into the composer and presses Enter. */
export async function send(page, text) {
  const box = page.locator(".cc-composer textarea");
  await box.fill(text);
  await box.press("Enter");
}

/** The texts of the message bubbles on screen, in order (`mine` selects customer lines). */
export async function bubbles(page, { mine } = {}) {
  const selector = mine === undefined ? ".cc-line .cc-bubble" : mine ? ".cc-line.cc-customer .cc-bubble" : ".cc-line:not(.cc-customer) .cc-bubble";
  return page.locator(selector).allInnerTexts();
}

/**
 * Waits until a bubble containing `text` is on screen. When it does not come, the error says
 * what the list held instead (its lines' last words, whether one matches but is hidden, where
 * it was scrolled), the status line, and whether the text is in the DOM at all.
 */
export async function seeBubble(page, text, timeout = WAIT) {
  try {
    await page.locator(".cc-line .cc-bubble", { hasText: text }).first().waitFor({ timeout });
  } catch (error) {
    const seen = await page
      .evaluate((text) => {
        const root = document.querySelector("[data-connect-chat]")?.shadowRoot;
        const list = root?.querySelector(".cc-list");
        if (!list) return "no message list";
        const lines = [...list.querySelectorAll(".cc-line")].map((l) => l.innerText.replace(/\s+/g, " ").slice(-40));
        const match = [...list.querySelectorAll(".cc-line .cc-bubble")].find((b) => b.textContent.includes(text));
        const box = match?.getBoundingClientRect();
        return JSON.stringify({
          lines: lines.slice(-8),
          count: lines.length,
          match: match ? { width: box.width, height: box.height } : null,
          scroll: [list.scrollTop, list.scrollHeight, list.clientHeight],
          status: root.querySelector(".cc-status, [role=status]")?.innerText ?? null,
        });
      }, text)
      .catch((e) => `could not look: ${e.message}`);
    throw new Error(`${error.message}\nthe list held: ${seen}`, { cause: error });
  }
}

/** Message items of a transcript (no events), as `[participantRole, content]`. */
export const messagesOf = (items) =>
  items.filter((i) => i.Type === "MESSAGE").map((i) => [i.ParticipantRole, i.Content]);

export { assert };
