// The embed itself: bad configuration, the strict-CSP page, hostile host CSS, the custom
// element, and importing the package outside a browser.
import { test } from "node:test";
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import {
  useBrowser, newPage, openSite, startChat, send, seeBubble, gc, stillThere, chatsAcrossGc, holdWasm, widgetLoaded,
  site, assert,
} from "./harness.mjs";
import { serve } from "../../scripts/serve.mjs";

useBrowser();

test("a bad configuration logs one clear error and shows a disabled launcher; the page goes on", async (t) => {
  const { page, problems } = await newPage(t);
  await page.goto(new URL("/test/bad-config.html", site).href);
  await page.locator("#host", { hasText: "script ran" }).waitFor();
  const stand_in = page.locator("[data-connect-chat-error] button");
  await stand_in.waitFor();
  assert.equal(await stand_in.isDisabled(), true);
  await page.locator("[data-connect-chat-error] [role=status]", { hasText: "Chat is unavailable" }).waitFor();
  assert.equal(await page.locator(".cc-launcher").count(), 0);
  assert.deepEqual(problems, ["console: connect-chat: data-start-chat-url is required"]);
  const error = await page.evaluate(() => window.ConnectChat.ready.then(() => null, (e) => e.message));
  assert.equal(error, "connect-chat: data-start-chat-url is required");
});

test("data-on-error=hide shows nothing and still names the problem", async (t) => {
  const { page, problems } = await newPage(t);
  await page.goto(new URL("/test/bad-config-hidden.html", site).href);
  await page.locator("#host", { hasText: "script ran" }).waitFor();
  await page.waitForFunction(() => window.ConnectChat && window.ConnectChat.error);
  assert.equal(await page.locator("[data-connect-chat-error], [data-connect-chat]").count(), 0);
  assert.equal(problems.length, 1);
  assert.match(problems[0], /data-theme has "not a declaration"/);
});

async function cspViolations(page) {
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
  });
}

test("strict CSP page: the widget is styled and chats", async (t) => {
  const { page } = await newPage(t);
  await cspViolations(page);
  const wasm = await holdWasm(page);
  await page.goto(new URL("/csp.html", site).href);
  await page.locator(".cc-launcher").waitFor();
  await gc(page);
  await stillThere(page, "after a garbage collection");
  // Styled (the stylesheet applied): the launcher is a fixed round button, both the one drawn
  // before the wasm and the widget's.
  const style = () =>
    page.locator(".cc-launcher").evaluate((b) => {
      const s = getComputedStyle(b);
      return { position: s.position, radius: s.borderRadius, width: s.width };
    });
  assert.deepEqual(await style(), { position: "fixed", radius: "50%", width: "56px" });
  wasm.release();
  await widgetLoaded(page);
  assert.deepEqual(await style(), { position: "fixed", radius: "50%", width: "56px" });
  await startChat(page, "Csp");
  await send(page, "under a strict policy");
  await seeBubble(page, "You said: under a strict policy");
  assert.deepEqual(await page.evaluate(() => window.__violations), [], "CSP violations");
});

test("strict CSP page: nothing is reported with the window open and themed", async (t) => {
  const { page, problems } = await newPage(t);
  await cspViolations(page);
  await page.goto(new URL("/csp.html?purple", site).href);
  await page.locator(".cc-launcher").click();
  await page.locator(".cc-window").waitFor();
  const accent = await page.locator(".cc-launcher").evaluate((b) => getComputedStyle(b).backgroundColor);
  assert.equal(accent, "rgb(107, 47, 163)");
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(problems, []);
});

test("host CSS that restyles everything leaves the widget intact", async (t) => {
  const geometry = async (path) => {
    const { page } = await newPage(t);
    await page.goto(new URL(path, site).href);
    await page.locator(".cc-launcher").waitFor();
    await page.locator(".cc-launcher").click();
    await page.locator(".cc-window").waitFor();
    await page.waitForFunction(() =>
      document.querySelector("[data-connect-chat]").shadowRoot.getAnimations().every((a) => a.playState === "finished"));
    return page.evaluate(() => {
      const root = document.querySelector("[data-connect-chat]").shadowRoot;
      const pick = (sel) => {
        const el = root.querySelector(sel);
        const r = el.getBoundingClientRect();
        const s = getComputedStyle(el);
        return { x: r.x, y: r.y, w: r.width, h: r.height, color: s.color, bg: s.backgroundColor,
                 font: s.fontSize, visible: s.visibility, opacity: s.opacity, transform: s.transform };
      };
      return { launcher: pick(".cc-launcher"), window: pick(".cc-window"), button: pick(".cc-form button") };
    });
  };
  const plain = await geometry("/test/plain.html");
  const hostile = await geometry("/test/hostile-css.html");
  assert.deepEqual(hostile, plain);
  assert.equal(plain.launcher.w, 56);
});

/** Serves the site's widget/ directory from another origin, as a CDN would (with CORS). */
async function cdn(t) {
  const server = await serve(resolve(process.env.E2E_SITE, "widget"), { headers: { "access-control-allow-origin": "*" } });
  t.after(server.close);
  return server.origin;
}

test("the loader finds the wasm next to itself on another origin; data-position=left", async (t) => {
  const origin = await cdn(t);
  const { page, problems } = await newPage(t);
  const wasm = [];
  page.on("request", (r) => r.url().endsWith(".wasm") && wasm.push(r.url()));
  const src = `${origin}/connect-chat.js`;
  await page.goto(new URL(`/test/cdn.html?src=${encodeURIComponent(src)}&attr.position=left`, site).href);
  await page.locator(".cc-launcher").waitFor();
  await widgetLoaded(page);
  assert.deepEqual(wasm, [`${origin}/connect_chat_widget_bg.wasm`]);
  const box = await page.locator(".cc-launcher").boundingBox();
  assert.ok(box.x < 100, `the launcher is on the left (x = ${box.x})`);
  await chatsAcrossGc(page, "Cdn", "from a CDN copy");
  assert.deepEqual(problems, []);
});

test("a wasm that fails to load gives the unavailable state and one clear error", async (t) => {
  const origin = await cdn(t);
  const { page, problems } = await newPage(t);
  const src = `${origin}/connect-chat.js`;
  await page.goto(new URL(`/test/cdn.html?src=${encodeURIComponent(src)}&attr.wasm-url=${encodeURIComponent(`${origin}/missing.wasm`)}`, site).href);
  await page.locator("[data-connect-chat-error] button[disabled]").waitFor();
  assert.equal(await page.locator(".cc-launcher").count(), 0);
  const errors = problems.filter((p) => p.startsWith("console:"));
  assert.equal(errors.length, 1, JSON.stringify(problems));
  assert.match(errors[0], /^console: connect-chat: could not load http:\/\/127\.0\.0\.1:\d+\/missing\.wasm: /);
  assert.ok(problems.includes("HTTP 404: /missing.wasm"), JSON.stringify(problems));
});

test("with sessionStorage blocked the widget works from memory", async (t) => {
  const { page, problems } = await newPage(t);
  await page.addInitScript(() => {
    Object.defineProperty(window, "sessionStorage", {
      get() {
        throw new DOMException("The operation is insecure.", "SecurityError");
      },
    });
  });
  await openSite(page);
  await startChat(page, "NoStorage");
  await send(page, "memory only");
  await seeBubble(page, "You said: memory only");
  assert.deepEqual(problems, []);
});

test("<connect-chat> element mounts, takes options and starts a chat", async (t) => {
  const { page, problems } = await newPage(t);
  const wasm = await holdWasm(page);
  await page.goto(new URL("/test/element.html", site).href);
  await page.locator("connect-chat .cc-launcher").waitFor();
  await gc(page);
  await stillThere(page, "after a garbage collection");
  // The theme given as a property reaches the launcher drawn before the wasm, and the widget's.
  const accent = () => page.locator(".cc-launcher").evaluate((b) => getComputedStyle(b).backgroundColor);
  assert.equal(await accent(), "rgb(122, 31, 162)");
  wasm.release();
  await page.evaluate(() => document.querySelector("connect-chat").ready.then((h) => h.loaded));
  assert.equal(await accent(), "rgb(122, 31, 162)");
  await page.locator(".cc-launcher").click();
  // display-name is set, so there is no name field: the form only has the start button.
  assert.equal(await page.locator('.cc-form input[name="name"]').count(), 0);
  await page.locator(".cc-form button[type=submit]").click();
  await page.locator(".cc-composer textarea:not([disabled])").waitFor();
  await gc(page);
  await send(page, "from the element");
  await seeBubble(page, "You said: from the element");
  // Removing the element destroys the widget.
  await page.evaluate(() => document.querySelector("connect-chat").remove());
  await page.locator(".cc-launcher").waitFor({ state: "detached" });
  assert.deepEqual(problems, []);
});

test("importing the package outside a browser (SSR) does not throw; mount says why it cannot run", () => {
  const dir = resolve(process.env.E2E_SITE, "widget");
  const script = `
    const m = await import(${JSON.stringify(join(dir, "index.js"))});
    await import(${JSON.stringify(join(dir, "element.js"))});
    await import(${JSON.stringify(join(dir, "connect-chat.js"))});
    const e = await m.mount({ startChatUrl: "/x", region: "us-east-1" }).then(() => "mounted", (e) => e.message);
    console.log(JSON.stringify({ exports: Object.keys(m).sort(), mount: e }));`;
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 30_000 });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), {
    exports: ["ChatError", "load", "mount", "optionsFromAttributes"],
    mount: "connect-chat: mount() needs a browser (it was called without a document)",
  });
});
