// The customer's whole journey as a person sees it, at a desktop and a phone size: every
// command of the scripted agent, a reload in the middle of each, uploads, errors, the end and
// the downloaded transcript. After every step: no JSON text in any line, no element wider
// than the widget, and the conversation at least half the window.
import { test } from "node:test";
import { readFile } from "node:fs/promises";
import {
  useBrowser, newPage, openSite, startChat, send, seeBubble, agentSays, until, assert, WAIT, widgetLoaded,
} from "./harness.mjs";

useBrowser();

const SIZES = [
  { width: 1100, height: 820 },
  { width: 390, height: 844 },
];

/** The commands `/help` lists, each with a text that shows once its answer is on screen. */
const COMMANDS = [
  ["/help", "/transfer"],
  ["/markdown", "Bold"],
  ["/listpicker", null],
  ["/panel", null],
  ["/quickreply", null],
  ["/timepicker", null],
  ["/carousel", null],
  ["/attachment", "receipt.txt"],
  ["/auth", null],
  ["/transfer", "Agent 2"],
  ["/view form", null],
  ["/bot", null],
];

/** What a person sees, measured inside the widget's shadow root. */
async function looks(page) {
  return page.evaluate(() => {
    const root = document.querySelector("[data-connect-chat]").shadowRoot;
    const win = root.querySelector(".cc-window");
    if (!win) return { open: false };
    const box = win.getBoundingClientRect();
    // An element inside a box that scrolls sideways (a carousel) is clipped by it: only the
    // box itself has to fit.
    const clipped = (el) => {
      for (let p = el.parentElement; p && p !== win; p = p.parentElement) {
        const x = getComputedStyle(p).overflowX;
        if (x === "auto" || x === "scroll" || x === "hidden") return true;
      }
      return false;
    };
    const wide = [...win.querySelectorAll("*")]
      .filter((el) => el.getClientRects().length > 0 && !clipped(el))
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1);
      })
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} (${el.textContent.slice(0, 40)})`);
    const list = root.querySelector(".cc-list");
    const lines = [...root.querySelectorAll(".cc-line .cc-bubble, .cc-event")].map((l) => l.innerText.trim());
    return {
      open: true,
      wide,
      json: lines.filter((t) => t.startsWith("{") || t.startsWith("[{")),
      listHeight: list ? list.getBoundingClientRect().height : null,
      windowHeight: box.height,
      header: root.querySelector(".cc-header").getBoundingClientRect().bottom,
      listTop: list ? list.getBoundingClientRect().top : null,
    };
  });
}

/** Asserts what every state must look like. */
async function looksRight(page, when) {
  const seen = await looks(page);
  assert.ok(seen.open, `the window is open ${when}`);
  assert.deepEqual(seen.wide, [], `nothing is wider than the widget ${when}`);
  assert.deepEqual(seen.json, [], `no line shows JSON ${when}`);
  if (seen.listHeight !== null) {
    assert.ok(seen.listHeight >= seen.windowHeight / 2 - 1,
      `the conversation is at least half the window ${when} (${seen.listHeight} of ${seen.windowHeight})`);
    assert.ok(seen.listTop >= seen.header - 1, `nothing covers the header ${when}`);
  }
}

/**
 * The page's problems but one: a read receipt for the goodbye can cross the end on the
 * wire, and the service refuses it (403); the session handles it and the customer never
 * sees it.
 */
const seenProblems = (problems) => problems.filter((p) => p !== "HTTP 403: /participant/event");

const lineCount = (page) => page.locator(".cc-line, .cc-event").count();

/**
 * Sends `command` and waits for its answer: more lines in the conversation (and `shows`, if
 * given), or for `/auth` the sign-in prompt (its request is the prompt's, not a line).
 */
async function run(page, command, shows) {
  const before = await lineCount(page);
  await send(page, command);
  if (command === "/auth") {
    await page.locator(".cc-auth").waitFor();
    return;
  }
  await until(async () => (await lineCount(page)) >= before + 2, `an answer to ${command}`);
  if (shows) await seeBubbleOrEvent(page, shows);
}

async function seeBubbleOrEvent(page, text) {
  await page.locator(".cc-bubble, .cc-event", { hasText: text }).first().waitFor();
}

async function reloadOpen(page) {
  await page.reload();
  await page.locator(".cc-launcher").waitFor();
  await page.locator(".cc-window").waitFor({ timeout: WAIT });
}

for (const size of SIZES) {
  test(`every command, a reload after each, the end and the transcript at ${size.width}x${size.height}`, async (t) => {
    const { page, problems } = await newPage(t, { viewport: size });
    await openSite(page);
    await startChat(page, "Journey");
    await looksRight(page, "once started");
    for (const [command, shows] of COMMANDS) {
      await run(page, command, shows);
      await page.waitForTimeout(300);
      await looksRight(page, `after ${command}`);
      await reloadOpen(page);
      if (shows) await seeBubbleOrEvent(page, shows);
      await until(async () => (await lineCount(page)) > 3, "the conversation after the reload");
      await page.waitForTimeout(300);
      await looksRight(page, `after a reload following ${command}`);
    }
    // The sign-in prompt is a panel too.
    await looksRight(page, "with the sign-in prompt");
    await send(page, "/end");
    await page.locator(".cc-dialog", { hasText: "Download transcript" }).waitFor();
    await looksRight(page, "after the end");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.locator("button", { hasText: "Download transcript" }).click(),
    ]);
    const text = await readFile(await download.path(), "utf8");
    const lines = text.split("\n").filter((l) => l.trim());
    assert.match(lines[0], /^Chat transcript, /);
    for (const line of lines) {
      assert.doesNotMatch(line, /^(\[[^\]]*\] )?[^:]*: *[{[]/, `no JSON in the transcript: ${line}`);
      assert.doesNotMatch(line, /SYSTEM_MESSAGE|\d{4}-\d\d-\d\dT\d\d:/, `no internal names or ISO times: ${line}`);
    }
    assert.ok(lines.some((l) => /\] Journey: \/help$|\] You: \/help$/.test(l)), text);
    assert.ok(lines.some((l) => /Agent 2 joined the chat$/.test(l)), text);
    assert.ok(lines.some((l) => /You were transferred$/.test(l)), text);
    assert.ok(lines.some((l) => /File: receipt\.txt$/.test(l)), text);
    assert.ok(!lines.some((l) => /: (joined|succeeded|left)$/.test(l)), text);
    // Markdown reads as it shows, without its syntax; a link keeps its address.
    assert.ok(lines.some((l) => /: Bold, italic, code, a link \(https:\/\/example\.com\/?\) and a list:$/.test(l)), text);
    assert.ok(lines.includes("    - one") && lines.includes("    - two"), text);
    assert.ok(!/\*\*|`/.test(text), `no markdown syntax: ${text}`);
    // Choices are listed a line each (a slot's date has commas of its own); paging is no choice.
    const slots = lines.findIndex((l) => /Schedule a call$/.test(l));
    assert.ok(slots > 0 && lines.slice(slots + 1, slots + 4).every((l) => /^ {4}- \S/.test(l)), text);
    assert.ok(!lines.some((l) => /^ {4}- (Previous options|Show more)$/.test(l)), `no paging buttons as choices: ${text}`);
    assert.deepEqual(seenProblems(problems), []);
  });
}

test("a file picked offline waits in the tray and is sent once the browser is back online", async (t) => {
  const { page, context } = await newPage(t, { viewport: SIZES[1] });
  await openSite(page);
  await startChat(page, "Offline file");
  await context.setOffline(true);
  await page.locator(".cc-banner").waitFor();
  await page.locator('.cc-composer input[type="file"]').setInputFiles({ name: "offline-note.txt", mimeType: "text/plain", buffer: Buffer.from("written on a train\n") });
  const row = page.locator(".cc-upload", { hasText: "offline-note.txt" });
  await row.locator(".cc-status", { hasText: "Waiting to send" }).waitFor();
  assert.equal(await row.locator(".cc-failed").count(), 0, "not failed");
  await context.setOffline(false);
  await page.locator(".cc-attachment", { hasText: "offline-note.txt" }).waitFor({ timeout: 20_000 });
  await until(async () => (await page.locator(".cc-upload").count()) === 0, "an empty tray");
});

test("uploads leave the tray when their line appears; a refused file says why, wrapped", async (t) => {
  const { page, problems } = await newPage(t, { viewport: SIZES[1] });
  await openSite(page);
  const id = await startChat(page, "Uploads");
  const input = page.locator('.cc-composer input[type="file"]');
  const files = Array.from({ length: 8 }, (_, i) => ({
    name: `note-${i}.txt`, mimeType: "text/plain", buffer: Buffer.from(`note ${i}\n`),
  }));
  await input.setInputFiles(files);
  await looksRight(page, "while uploading");
  for (const f of files) await page.locator(".cc-attachment", { hasText: f.name }).waitFor();
  await until(async () => (await page.locator(".cc-upload").count()) === 0, "an empty tray");
  await looksRight(page, "after 8 approved files");
  await input.setInputFiles({ name: "setup.exe", mimeType: "application/octet-stream", buffer: Buffer.from("MZ") });
  const notice = page.locator(".cc-notice");
  await notice.waitFor();
  const said = await notice.innerText();
  assert.match(said, /“setup\.exe”/);
  assert.match(said, /allowed types are \u2066?\.\w+/);
  assert.doesNotMatch(said, /AttachmentName/);
  await looksRight(page, "with a refused file's notice");
  // Long words and addresses wrap in bubbles and notices at the phone's width.
  await notice.locator("button").click();
  await input.setInputFiles({ name: `${"unbroken".repeat(30)}.exe`, mimeType: "application/octet-stream", buffer: Buffer.from("MZ") });
  await notice.waitFor();
  await agentSays(id, `https://example.com/${"path".repeat(60)} ${"W".repeat(200)}`);
  await seeBubble(page, "WWWWWWWW");
  await looksRight(page, "with long words in a bubble and a notice");
  assert.deepEqual(problems, []);
});

test("an over-long message says by how much, and keeps the text", async (t) => {
  const { page } = await newPage(t);
  await openSite(page);
  await startChat(page, "Long");
  const box = page.locator(".cc-composer textarea");
  const text = "x".repeat(1140);
  await box.fill(text);
  await page.locator(".cc-counter.cc-over", { hasText: "Your message is 116 characters too long (limit 1,024)." }).waitFor();
  await box.press("Enter");
  assert.equal(await box.inputValue(), text, "nothing typed is lost");
  await looksRight(page, "with an over-long message");
});

test("a reload keeps what the customer typed into the pre-chat form, until the chat starts", async (t) => {
  const { page, problems } = await newPage(t);
  await openSite(page);
  await page.locator(".cc-launcher").click();
  const inputs = page.locator(".cc-form input");
  await inputs.nth(0).fill("Half Typed");
  await inputs.nth(1).fill("half@example.com");
  await page.reload();
  await page.locator(".cc-launcher").click();
  await until(async () => (await inputs.nth(0).inputValue()) === "Half Typed", "the name typed before the reload");
  assert.equal(await inputs.nth(1).inputValue(), "half@example.com");
  await page.locator(".cc-form button[type=submit]").click();
  await page.locator(".cc-composer textarea:not([disabled])").waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.getItem("connect-chat:session:form")), null, "gone once sent");
  assert.deepEqual(problems, []);
});

test("a reload keeps the window open or minimized, the reader's place and the draft", async (t) => {
  const { page, problems } = await newPage(t);
  await openSite(page);
  const id = await startChat(page, "Place");
  for (let i = 0; i < 40; i++) await agentSays(id, `line ${i} ${"words ".repeat(i % 5)}`);
  await seeBubble(page, "line 39");
  const list = page.locator(".cc-list");
  // The reader scrolls up to the middle.
  await list.hover();
  for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -300);
  await page.waitForTimeout(400);
  const place = () => page.evaluate(() => {
    const list = document.querySelector("[data-connect-chat]").shadowRoot.querySelector(".cc-list");
    const top = list.getBoundingClientRect().top;
    const line = [...list.querySelectorAll("[data-key]")].find((l) => l.getBoundingClientRect().bottom > top);
    return { key: line.dataset.key, offset: Math.round(line.getBoundingClientRect().top - top), text: line.innerText };
  });
  const before = await place();
  await page.locator(".cc-composer textarea").fill("half a thought");
  await page.waitForTimeout(100);
  await reloadOpen(page);
  await seeBubble(page, "line 39");
  await until(async () => (await place()).key === before.key, "the same line at the top");
  const after = await place();
  assert.ok(Math.abs(after.offset - before.offset) <= 2, `the same place (${before.offset} then ${after.offset})`);
  assert.equal(await page.locator(".cc-new").count(), 0);
  assert.equal(await page.locator(".cc-composer textarea").inputValue(), "half a thought");

  // A reload right after a scroll, before the place is stored in the ordinary way, keeps the
  // new place too.
  await list.hover();
  await page.mouse.wheel(0, -250);
  await until(async () => (await place()).key !== before.key, "the reader moved");
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  const moved = await place();
  await reloadOpen(page);
  await until(async () => (await place()).key === moved.key, "the moved-to line at the top");
  const back = await place();
  assert.ok(Math.abs(back.offset - moved.offset) <= 2, `the same place (${moved.offset} then ${back.offset})`);

  // Minimized, it comes back minimized.
  await page.locator('.cc-header button[aria-label="Minimize"]').click();
  await page.locator(".cc-window").waitFor({ state: "detached" });
  await page.reload();
  await page.locator(".cc-launcher").waitFor();
  await page.waitForTimeout(1000);
  assert.equal(await page.locator(".cc-window").count(), 0, "still minimized");

  // Once the chat ends, what the window showed is forgotten.
  await page.locator(".cc-launcher").click();
  await send(page, "/end");
  await page.locator(".cc-dialog", { hasText: "Download transcript" }).waitFor();
  await until(async () => (await page.evaluate(() =>
    Object.keys(sessionStorage).filter((k) => k.startsWith("connect-chat")).length)) === 0, "storage cleared");
  assert.deepEqual(seenProblems(problems), []);
});

test("a reload shows what was read as read and what was unread as unread, and tells listeners nothing twice", async (t) => {
  const { page, problems } = await newPage(t);
  // Every `message` event the page's listener hears, across reloads.
  await page.addInitScript(() => {
    const heard = JSON.parse(sessionStorage.getItem("heard") ?? "[]");
    const listen = () => window.ConnectChat.on("message", (m) => {
      heard.push(m.content);
      sessionStorage.setItem("heard", JSON.stringify(heard));
    });
    // The loader publishes the global when its module runs.
    const wait = setInterval(() => {
      if (window.ConnectChat) {
        clearInterval(wait);
        listen();
      }
    }, 5);
  });
  await openSite(page);
  const id = await startChat(page, "Badge");
  for (let i = 0; i < 3; i++) await agentSays(id, `read ${i}`);
  await seeBubble(page, "read 2");
  const badge = page.locator(".cc-launcher .cc-badge");
  const heard = () => page.evaluate(() => JSON.parse(sessionStorage.getItem("heard") ?? "[]").filter((c) => c.startsWith("read") || c.startsWith("unread")));

  // Read with the window open, then minimized: after a reload nothing is unread or told again.
  await page.locator('.cc-header button[aria-label="Minimize"]').click();
  await page.locator(".cc-window").waitFor({ state: "detached" });
  await page.reload();
  await widgetLoaded(page);
  await page.waitForTimeout(1000);
  assert.equal(await badge.count(), 0, "no unread count for what was read");
  assert.deepEqual(await heard(), ["read 0", "read 1", "read 2"]);

  // Two arrive while minimized: they stay unread across a reload, and are told once.
  await agentSays(id, "unread 0");
  await agentSays(id, "unread 1");
  await until(async () => (await badge.count()) === 1 && (await badge.innerText()) === "2", "2 unread");
  await page.reload();
  await widgetLoaded(page);
  await until(async () => (await badge.count()) === 1 && (await badge.innerText()) === "2", "still 2 unread after the reload");
  await page.waitForTimeout(500);
  assert.equal(await badge.innerText(), "2", "no more than 2");
  assert.deepEqual(await heard(), ["read 0", "read 1", "read 2", "unread 0", "unread 1"]);

  // One that arrives during a reload is news.
  const reloaded = page.reload();
  await agentSays(id, "unread 2");
  await reloaded;
  await widgetLoaded(page);
  await until(async () => (await badge.count()) === 1 && (await badge.innerText()) === "3", "3 unread");
  assert.deepEqual((await heard()).slice(-1), ["unread 2"]);
  await page.locator(".cc-launcher").click();
  await seeBubble(page, "unread 2");
  assert.equal(await badge.count(), 0, "opening reads them");
  assert.deepEqual(seenProblems(problems), []);
});

test("the list follows the conversation through lines that grow after they are drawn", async (t) => {
  const { page, problems } = await newPage(t);
  await openSite(page);
  const id = await startChat(page, "Follow");
  for (let i = 0; i < 20; i++) await agentSays(id, `filler ${i}`);
  await seeBubble(page, "filler 19");
  const atBottom = () => page.evaluate(() => {
    const list = document.querySelector("[data-connect-chat]").shadowRoot.querySelector(".cc-list");
    return list.scrollHeight - list.scrollTop - list.clientHeight < 2;
  });
  for (let i = 0; i < 8; i++) {
    const before = await lineCount(page);
    await send(page, "/view form");
    await until(async () => (await lineCount(page)) >= before + 2, "the view");
    await page.waitForTimeout(600);
    assert.ok(await atBottom(), `still at the bottom after view ${i}`);
    assert.equal(await page.locator(".cc-new").count(), 0, `no "new messages" after view ${i}`);
  }
  assert.deepEqual(problems, []);
});

test("one press downloads an attachment; a required field's error goes once it is filled", async (t) => {
  const { page, context } = await newPage(t);
  await openSite(page);
  await page.locator(".cc-launcher").click();
  await page.locator(".cc-form button[type=submit]").click();
  const error = page.locator(".cc-form .cc-error", { hasText: "This field is required" });
  await error.waitFor();
  await page.locator('.cc-form input[name="name"]').fill("Files");
  await error.waitFor({ state: "detached" });
  await page.locator(".cc-form button[type=submit]").click();
  await page.locator(".cc-composer textarea:not([disabled])").waitFor();
  await send(page, "/attachment");
  const line = page.locator(".cc-attachment", { hasText: "receipt.txt" });
  await line.waitFor();
  // The file downloads, or (from another origin) opens in a new tab: either way, at once.
  const opened = Promise.race([
    page.waitForEvent("download").then(() => "download"),
    context.waitForEvent("page").then(() => "page"),
  ]);
  await line.locator("button", { hasText: "Download" }).click();
  assert.ok(["download", "page"].includes(await opened));
});

test("banners leave the conversation at least half the window, and close when their cause is gone", async (t) => {
  const { page, context } = await newPage(t, { viewport: SIZES[1] });
  await openSite(page);
  await startChat(page, "Banner");
  await context.setOffline(true);
  const banner = page.locator(".cc-banner");
  await banner.waitFor();
  const input = page.locator('.cc-composer input[type="file"]');
  await input.setInputFiles({ name: `${"unbroken".repeat(30)}.exe`, mimeType: "application/octet-stream", buffer: Buffer.from("MZ") });
  await page.locator(".cc-notice").waitFor();
  await looksRight(page, "offline, with a notice");
  await context.setOffline(false);
  await until(async () => !(await banner.isVisible()) || /Back online/.test(await banner.innerText()), "the offline banner gone");
  await looksRight(page, "back online");
});

/** Whether each of `selectors` is drawn wholly inside the window, below its header. */
async function inReach(page, selectors) {
  return page.evaluate((selectors) => {
    const root = document.querySelector("[data-connect-chat]").shadowRoot;
    const window = root.querySelector(".cc-window").getBoundingClientRect();
    const header = root.querySelector(".cc-header").getBoundingClientRect();
    return Object.fromEntries(selectors.map((s) => {
      const box = root.querySelector(s)?.getBoundingClientRect();
      return [s, !!box && box.height > 0 && box.top >= header.bottom - 1 && box.bottom <= window.bottom + 1];
    }));
  }, selectors);
}

// A phone held sideways, and a desktop at 200% zoom (half the CSS pixels).
for (const size of [{ width: 844, height: 390 }, { width: 640, height: 400 }]) {
  test(`in a short window (${size.width}x${size.height}) banners, the sign-in prompt and the end question leave the composer in reach`, async (t) => {
    const { page, context } = await newPage(t, { viewport: size });
    await openSite(page);
    await startChat(page, "Short");
    await context.setOffline(true);
    await page.locator(".cc-banner").waitFor();
    await page.locator('.cc-composer input[type="file"]').setInputFiles({ name: "tool.exe", mimeType: "application/octet-stream", buffer: Buffer.from("MZ") });
    await page.locator(".cc-notice").waitFor();
    assert.deepEqual(await inReach(page, [".cc-composer textarea", ".cc-composer button:not(.cc-secondary)"]),
      { ".cc-composer textarea": true, ".cc-composer button:not(.cc-secondary)": true }, "offline, with a notice");
    await looksRight(page, "offline, with a notice");
    await context.setOffline(false);
    await until(async () => !(await page.locator(".cc-banner").isVisible()) || /Back online/.test(await page.locator(".cc-banner").innerText()), "the offline banner gone");
    await run(page, "/auth");
    assert.deepEqual(await inReach(page, [".cc-auth .cc-button", ".cc-composer textarea"]),
      { ".cc-auth .cc-button": true, ".cc-composer textarea": true }, "with the sign-in prompt");
    await page.locator('.cc-header button', { hasText: "End chat" }).click();
    const question = ".cc-dialog[role=alertdialog]";
    await page.locator(question).waitFor();
    assert.deepEqual(await inReach(page, [`${question} p`, `${question} .cc-button`]),
      { [`${question} p`]: true, [`${question} .cc-button`]: true }, "with the end question");
  });
}
