// Keyboard focus stays in the window when the control that had it is removed or disabled
// (else Escape no longer reaches the window), and form values survive minimizing.
import { test } from "node:test";
import {
  useBrowser, newPage, openSite, startChat, send, seeBubble, until, fault, focused, assert,
} from "./harness.mjs";

useBrowser();

/** Waits (bounded) until the focused element's description matches `match`. */
async function focusOn(page, match, what) {
  await until(async () => match.test(await focused(page)), `focus on ${what} (at ${await focused(page)})`);
}

/** Focuses the first enabled choice button whose text contains `text` and presses `key`. */
async function press(page, selector, text, key = "Enter") {
  const button = page.locator(`${selector}:not([disabled])`, { hasText: text }).first();
  await button.waitFor();
  await button.focus();
  await page.keyboard.press(key);
}

test("focus goes to the message box after Start chat, a choice, and Retry", async (t) => {
  const { page, problems } = await newPage(t);
  await openSite(page);
  await page.locator(".cc-launcher").click();
  // Enter in the name field starts the chat; the form goes, and the message box takes focus.
  await page.locator('.cc-form input[name="name"]').fill("Focus");
  await page.locator('.cc-form input[name="name"]').press("Enter");
  await focusOn(page, /^textarea/, "the message box after Start chat");

  await send(page, "/quickreply");
  await press(page, ".cc-choices button", "Good", "Space");
  await focusOn(page, /^textarea/, "the message box after a quick reply");

  await fault({ operation: "SendMessage", count: 1000, error: "InternalServerException" });
  try {
    await send(page, "this one fails");
    await page.locator(".cc-failed button").waitFor();
  } finally {
    await fault({ clear: true });
  }
  await press(page, ".cc-failed button", "Retry");
  await seeBubble(page, "You said: this one fails");
  await focusOn(page, /^textarea/, "the message box after Retry");
  // Minimized and opened again from the keyboard: the message box, not the hidden file input.
  await page.keyboard.press("Escape");
  await page.locator(".cc-window").waitFor({ state: "detached" });
  await focusOn(page, /^button/, "the launcher");
  await page.keyboard.press("Enter");
  await focusOn(page, /^textarea/, "the message box after reopening");
  assert.deepEqual(problems.filter((p) => p !== "HTTP 500: /participant/message"), []);
});

test("Show more and Previous options give focus to the new page's first button", async (t) => {
  const { page, problems } = await newPage(t);
  await openSite(page);
  await startChat(page, "Pages");
  await send(page, "/listpicker");
  await press(page, ".cc-choices button", "Show more");
  await focusOn(page, /^button\|\|\|Previous options/, "the next page's first button");
  await page.keyboard.press("Enter");
  await focusOn(page, /^button\|\|\|Billing/, "the first page's first button");
  // Still in the window: Escape minimizes it.
  await page.keyboard.press("Escape");
  await page.locator(".cc-window").waitFor({ state: "detached" });
  assert.deepEqual(problems, []);
});

test("card navigation, a view's answer and a cancelled end keep focus in the window", async (t) => {
  const { page, problems } = await newPage(t);
  await openSite(page);
  await startChat(page, "Cards");
  await send(page, "/view cards");
  await press(page, ".cc-view-card", "Delivery");
  await focusOn(page, /^button\|\|\|Back/, "Back in the card's detail");
  await page.keyboard.press("Enter");
  await focusOn(page, /^button\|\|\|Delivery/, "the card that was open");
  await page.keyboard.press("Enter");
  await press(page, ".cc-view-action", "Track parcel");
  await focusOn(page, /^textarea/, "the message box after the view's answer");

  await page.locator(".cc-end-chat").focus();
  await page.keyboard.press("Enter");
  await focusOn(page, /^button\|\|\|Cancel/, "Cancel in the confirmation");
  await page.keyboard.press("Escape");
  await focusOn(page, /^button\|\|\|End chat/, "the End chat button that opened the confirmation");
  await page.keyboard.press("Escape");
  await page.locator(".cc-window").waitFor({ state: "detached" });
  assert.deepEqual(problems, []);
});

test("pre-chat and view form values survive minimizing the window, and a view's a reload", async (t) => {
  const { page, problems } = await newPage(t);
  await openSite(page);
  await page.locator(".cc-launcher").click();
  await page.locator('.cc-form input[name="name"]').fill("Kept Name");
  await page.keyboard.press("Escape");
  await page.locator(".cc-window").waitFor({ state: "detached" });
  await page.locator(".cc-launcher").click();
  assert.equal(await page.locator('.cc-form input[name="name"]').inputValue(), "Kept Name");
  await page.locator(".cc-form button[type=submit]").click();
  await page.locator(".cc-composer textarea:not([disabled])").waitFor();

  await send(page, "/view form");
  await page.locator('.cc-view input[name="street"]').fill("1 Main St");
  await page.locator(".cc-header button[aria-label]").last().click();
  await page.locator(".cc-window").waitFor({ state: "detached" });
  await page.locator(".cc-launcher").click();
  assert.equal(await page.locator('.cc-view input[name="street"]').inputValue(), "1 Main St");
  // A reload fills the view's form again too.
  await page.reload();
  await page.locator('.cc-view input[name="street"]').waitFor({ timeout: 15_000 });
  await until(async () => (await page.locator('.cc-view input[name="street"]').inputValue()) === "1 Main St", "the street after a reload");
  await page.locator(".cc-view-action", { hasText: "Save" }).click();
  await seeBubble(page, "street=1 Main St.");
  assert.deepEqual(problems, []);
});
