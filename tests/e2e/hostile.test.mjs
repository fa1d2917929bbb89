// Hostile content from the agent's side: markup, scripts, javascript: links, huge messages,
// unicode edge cases. Nothing executes, nothing becomes markup, the layout holds.
import { test } from "node:test";
import {
  useBrowser, newPage, openSite, startChat, seeBubble, agentSays, assert,
} from "./harness.mjs";

useBrowser();

const PAYLOADS = [
  ["text/plain", `<img src=x onerror="window.__pwned='img'">`],
  ["text/plain", `<script>window.__pwned='script'</script>`],
  ["text/markdown", `[click me](javascript:window.__pwned='link') and <b onmouseover="window.__pwned='b'">bold</b>`],
  ["text/markdown", `<iframe src="javascript:parent.__pwned='iframe'"></iframe><svg onload="window.__pwned='svg'"></svg>`],
  ["text/markdown", `![x](javascript:window.__pwned='image') [data](data:text/html,<script>alert(1)</script>)`],
  ["text/plain", `\u202Eevil.exe\u202C ZW\u200Bspace e\u0301\u0301\u0301 👩‍👩‍👧‍👦 ${"Z̴̡̛̛̛̛̛͓̼̞".repeat(40)}`],
  ["text/plain", `${"W".repeat(8000)} ${"a ".repeat(4000)}`],
];

test("agent markup, scripts and links stay text; nothing executes; the layout holds", async (t) => {
  const { page } = await newPage(t);
  await page.addInitScript(() => {
    window.alert = () => (window.__pwned = "alert");
  });
  await openSite(page);
  const id = await startChat(page, "Target");
  for (const [type, content] of PAYLOADS) await agentSays(id, content, type);
  await seeBubble(page, "WWWWWWWW");
  await seeBubble(page, "evil.exe");
  await page.waitForTimeout(500);
  // Hover and click everything that looks like a link or bold text.
  for (const el of await page.locator(".cc-bubble a, .cc-bubble b, .cc-bubble strong").all()) {
    await el.hover().catch(() => {});
    await el.click({ timeout: 2000, noWaitAfter: true }).catch(() => {});
  }
  assert.equal(await page.evaluate(() => window.__pwned), undefined, "no payload ran");
  const found = await page.evaluate(() => {
    const root = document.querySelector("[data-connect-chat]").shadowRoot;
    const list = root.querySelector(".cc-list");
    const bad = [...list.querySelectorAll("script, iframe, svg, object, embed, img[onerror], [onload], [onmouseover], [onerror]")]
      .filter((e) => !e.closest(".cc-attachment"));
    const hrefs = [...list.querySelectorAll("a[href]")].map((a) => a.getAttribute("href"));
    const srcs = [...list.querySelectorAll("img[src]")].map((i) => i.getAttribute("src"));
    const win = root.querySelector(".cc-window").getBoundingClientRect();
    const widest = Math.max(...[...list.querySelectorAll(".cc-bubble")].map((b) => b.getBoundingClientRect().right));
    const controls = /[\u202A-\u202E\u2066-\u2069]/.test([...list.querySelectorAll(".cc-text")].map((t) => t.textContent).join(""));
    return { bad: bad.map((e) => e.outerHTML.slice(0, 80)), hrefs, srcs, controls, winRight: win.right, widest, pageWidth: document.documentElement.scrollWidth, viewport: innerWidth };
  });
  assert.deepEqual(found.bad, []);
  assert.equal(found.controls, false, "no bidirectional override reorders a message (\"evil.exe\" shown as \"exe.live\")");
  assert.ok(found.hrefs.every((h) => /^https?:/i.test(h)), `only http(s) links: ${found.hrefs}`);
  assert.ok(found.srcs.every((s) => /^https?:/i.test(s)), `only http(s) images: ${found.srcs}`);
  assert.ok(found.widest <= found.winRight + 1, `bubbles stay inside the window (${found.widest} > ${found.winRight})`);
  assert.ok(found.pageWidth <= found.viewport, "the page does not scroll sideways");
  // The markup is shown as text.
  await seeBubble(page, `<img src=x onerror=`);
  await seeBubble(page, `<script>window.__pwned='script'</script>`);
});
