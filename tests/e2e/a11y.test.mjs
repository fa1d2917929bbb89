// Keyboard-only use of the flows, and an axe-core scan of the open widget.
import { test } from "node:test";
import { createRequire } from "node:module";
import { readFile } from "node:fs/promises";
import {
  useBrowser, newPage, openSite, startChat, send, seeBubble, transcript, contacts, until, messagesOf, api, focused, assert,
} from "./harness.mjs";

useBrowser();
const require = createRequire(import.meta.url);

/** Presses Tab until `match` is focused (bounded). */
async function tabTo(page, match, max = 30) {
  for (let i = 0; i < max; i++) {
    if (match.test(await focused(page))) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${match} (at ${await focused(page)})`);
}

/**
 * With the keyboard alone: opens the window, types a name (focus moves to the name field
 * first), starts the chat and tabs to the composer.
 */
async function startByKeyboard(page) {
  await tabTo(page, /^button\|\|Open chat/);
  await page.keyboard.press("Enter");
  await until(async () => /^input\|name/.test(await focused(page)), "focus on the name field");
  await page.keyboard.type("Keys");
  await tabTo(page, /^button\|\|\|Start chat/);
  await page.keyboard.press("Enter");
  await page.locator(".cc-composer textarea:not([disabled])").waitFor();
  await tabTo(page, /^textarea/);
}

test("keyboard only: open, fill the form, chat, pick, minimize, end and start again", async (t) => {
  const { page, problems } = await newPage(t);
  await openSite(page);
  const before = new Set((await contacts()).map((c) => c.ContactId));
  await startByKeyboard(page);
  const id = (await until(async () => (await contacts()).find((c) => !before.has(c.ContactId)), "the contact")).ContactId;
  await page.keyboard.type("typed with keys");
  await page.keyboard.press("Enter");
  await seeBubble(page, "You said: typed with keys");
  await page.keyboard.type("/quickreply");
  await page.keyboard.press("Enter");
  await page.locator(".cc-choices button:not([disabled])").first().waitFor();
  // From the message box, Shift+Tab back up to a choice, then choose with Space.
  for (let i = 0; i < 40 && !/^button\|\|\|(Great|Good|Bad)/.test(await focused(page)); i++) {
    await page.keyboard.press("Shift+Tab");
  }
  const choice = (await focused(page)).split("|")[3];
  assert.ok(choice, "a choice button got focus");
  await page.keyboard.press("Space");
  await until(async () => messagesOf(await transcript(id)).some(([r, c]) => r === "CUSTOMER" && c.includes(choice)), "the chosen reply");
  // The chosen button is disabled: focus goes to the message box, not to the page.
  await until(async () => /^textarea/.test(await focused(page)), "focus on the message box");
  // Escape minimizes and gives focus back to the launcher.
  await page.keyboard.press("Escape");
  await page.locator(".cc-window").waitFor({ state: "detached" });
  assert.match(await focused(page), /^button\|\|Open chat/);
  await page.keyboard.press("Enter");
  await tabTo(page, /^button\|\|\|End chat/);
  await page.keyboard.press("Enter");
  // The confirmation puts focus on Cancel; the confirming button is just before it.
  await until(async () => /^button\|\|\|Cancel/.test(await focused(page)), "focus on Cancel");
  await page.keyboard.press("Shift+Tab");
  assert.match(await focused(page), /^button\|\|\|End chat/);
  await page.keyboard.press("Enter");
  await until(async () => (await api("GET", `/contacts/${id}/transcript`)).Ended, "the chat to end");
  // The pressed button is gone: focus goes to the panel that replaced it, not to the page.
  await until(async () => /^button\|\|\|Download transcript/.test(await focused(page)), "focus on the ended panel");
  await tabTo(page, /Start a new chat/);
  await page.keyboard.press("Enter");
  await until(async () => /^input\|name/.test(await focused(page)) || (await page.locator(".cc-form").count()) > 0, "a new pre-chat form");
  assert.deepEqual(problems, []);
});

test("on a touch screen every button and link chip in the window is at least 44 px each way", async (t) => {
  const { page, problems } = await newPage(t, { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  await openSite(page);
  await startChat(page, "Thumb");
  await send(page, "/quickreply");
  await send(page, "/listpicker");
  await page.locator("a.cc-choice-link").first().waitFor();
  const small = await page.evaluate(() => {
    const root = document.querySelector("[data-connect-chat]").shadowRoot;
    return [...root.querySelectorAll(".cc-window button:not(.cc-link-button), a.cc-choice-link")]
      .map((b) => ({ b, box: b.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && (box.width < 44 || box.height < 44))
      .map(({ b, box }) => `${b.className || b.textContent}: ${Math.round(box.width)}x${Math.round(box.height)}`);
  });
  assert.deepEqual(small, [], "buttons smaller than 44 px");
  assert.deepEqual(problems, []);
});

test("axe-core finds no serious or critical violation in the open widget", async (t) => {
  const { page } = await newPage(t);
  await openSite(page);
  const axe = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");
  const scan = async (label) => {
    // Colours are only final once the opening animation is over.
    await page.waitForFunction(() =>
      document.querySelector("[data-connect-chat]").shadowRoot.getAnimations().every((a) => a.playState === "finished"));
    // Injected through the test channel, not as a page script.
    await page.evaluate(axe);
    const result = await page.evaluate(() =>
      window.axe.run(document.querySelector("[data-connect-chat]"), { resultTypes: ["violations"] }));
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${label}: ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" > ")).join(", ")}`);
  };
  const found = [];
  found.push(...(await scan("launcher")));
  await page.locator(".cc-launcher").click();
  await page.locator(".cc-form").waitFor();
  found.push(...(await scan("pre-chat form")));
  await page.locator('.cc-form input[name="name"]').fill("Axe");
  await page.locator(".cc-form button[type=submit]").click();
  await page.locator(".cc-composer textarea:not([disabled])").waitFor();
  await page.locator(".cc-composer textarea").fill("/listpicker");
  await page.locator(".cc-composer textarea").press("Enter");
  await page.locator(".cc-choices button").first().waitFor();
  found.push(...(await scan("chat")));
  await page.locator(".cc-composer textarea").fill("/view form");
  await page.locator(".cc-composer textarea").press("Enter");
  await page.locator(".cc-view input").first().waitFor();
  found.push(...(await scan("form view")));
  assert.deepEqual(found, []);
});

test("keyboard only: a ShowView form is filled and submitted without a mouse", async (t) => {
  const { page, problems } = await newPage(t);
  await openSite(page);
  await startByKeyboard(page);
  await seeBubble(page, "emulator's agent");
  await page.keyboard.type("/view form");
  await page.keyboard.press("Enter");
  await page.locator(".cc-view input").first().waitFor();
  // From the message box, Shift+Tab back up to the form's first field; the fields and the
  // view's buttons are in the tab order, named by their labels.
  for (let i = 0; i < 40 && !/^input\|street/.test(await focused(page)); i++) {
    await page.keyboard.press("Shift+Tab");
  }
  assert.match(await focused(page), /^input\|street/);
  await page.keyboard.type("1 Main St");
  await tabTo(page, /^button\|\|\|Save/);
  await page.keyboard.press("Enter");
  await seeBubble(page, "You chose Submit with postcode=98101, street=1 Main St.");
  assert.deepEqual(problems, []);
});
