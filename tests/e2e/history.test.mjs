// A persistent chat's history under its divider, and the service's idle auto-disconnect: what
// the customer sees, that neither ends the chat, and that history is not news to the page.
import { test } from "node:test";
import { useBrowser, newPage, openSite, startChat, send, seeBubble, bubbles, api, until, reopen, shoot, assert } from "./harness.mjs";

useBrowser();

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

test("a persistent chat shows the past conversation under a divider and goes on", async (t) => {
  const { page, problems } = await newPage(t, { viewport: { width: 1100, height: 820 } });
  await openSite(page);
  const first = await startChat(page, "Returning");
  await send(page, "before the break");
  await seeBubble(page, "You said: before the break");
  await page.locator(".cc-header button", { hasText: "End chat" }).click();
  await page.locator('.cc-dialog[role="alertdialog"] .cc-button:not(.cc-secondary)').click();
  await until(async () => (await api("GET", `/contacts/${first}/transcript`)).Ended, "the first contact to end");
  // The site's backend continues the past chat (StartChatContact's PersistentChat).
  await page.route("**/start-chat", (route) => {
    const body = JSON.parse(route.request().postData() ?? "{}");
    body.PersistentChat = { SourceContactId: first, RehydrationType: "ENTIRE_PAST_SESSION" };
    return route.continue({ postData: JSON.stringify(body) });
  });
  await page.locator(".cc-dialog button", { hasText: "Start a new chat" }).click();
  await startChat(page, "Returning");
  const divider = page.locator(".cc-divider", { hasText: "Previous conversation" });
  await divider.waitFor();
  assert.equal(await divider.count(), 1);
  // The past lines are history: their end does not end this chat.
  await page.locator(".cc-past .cc-bubble", { hasText: /^before the break$/ }).waitFor();
  await page.locator(".cc-event.cc-past", { hasText: "The chat has ended." }).waitFor();
  assert.equal(await page.locator(".cc-composer textarea:not([disabled])").count(), 1, "the chat is live");
  await send(page, "after the break");
  await seeBubble(page, "You said: after the break");
  await divider.scrollIntoViewIfNeeded();
  await shoot(page, "history-divider-1100");
  assert.equal(await page.locator(".cc-line.cc-past", { hasText: "after the break" }).count(), 0, "new lines are not past");
  // The same after a reload.
  await reopen(page);
  await divider.waitFor();
  await seeBubble(page, "You said: after the break");
  assert.equal(await page.locator(".cc-ended, .cc-dialog", { hasText: "The chat has ended." }).count(), 0);
  for (const text of await bubbles(page)) assert.ok(!text.trim().startsWith("{"), text);
  assert.deepEqual(problems, []);
});

test("older pages and a continued chat's past are history: not told to the page's listeners", async (t) => {
  const { page, problems } = await newPage(t, { viewport: { width: 1100, height: 820 } });
  // Every `message` event the page's listener hears.
  await page.addInitScript(() => {
    window.heard = [];
    const wait = setInterval(() => {
      if (window.ConnectChat) {
        clearInterval(wait);
        window.ConnectChat.on("message", (m) => window.heard.push(m.content));
      }
    }, 5);
  });
  const heard = () => page.evaluate(() => window.heard.slice());
  await openSite(page);
  const first = await startChat(page, "Pages");
  for (let i = 0; i < 4; i++) {
    await send(page, `old ${i}`);
    await seeBubble(page, `You said: old ${i}`);
  }
  await page.locator(".cc-header button", { hasText: "End chat" }).click();
  await page.locator('.cc-dialog[role="alertdialog"] .cc-button:not(.cc-secondary)').click();
  await until(async () => (await api("GET", `/contacts/${first}/transcript`)).Ended, "the first contact to end");
  const before = (await heard()).length;
  assert.ok((await heard()).includes("You said: old 3"), "live lines are told");
  await page.route("**/start-chat", (route) => {
    const body = JSON.parse(route.request().postData() ?? "{}");
    body.PersistentChat = { SourceContactId: first, RehydrationType: "ENTIRE_PAST_SESSION" };
    return route.continue({ postData: JSON.stringify(body) });
  });
  // Small pages: the past comes in older pages, the last ones on demand.
  await page.route("**/participant/transcript", (route) => {
    const body = JSON.parse(route.request().postData() ?? "{}");
    body.MaxResults = 2;
    return route.continue({ postData: JSON.stringify(body) });
  });
  await page.locator(".cc-dialog button", { hasText: "Start a new chat" }).click();
  await startChat(page, "Pages");
  const older = page.locator(".cc-older");
  await until(async () => {
    if ((await page.locator(".cc-past .cc-bubble", { hasText: /^old 0$/ }).count()) > 0) return true;
    // The button is drawn again after each page: a click that misses it is tried again.
    if (await older.isVisible()) await older.click({ timeout: 1000 }).catch(() => {});
    return false;
  }, "the whole past conversation, page by page");
  await send(page, "after the break");
  await seeBubble(page, "You said: after the break");
  const told = (await heard()).slice(before);
  assert.ok(told.includes("You said: after the break"), `new lines are told: ${told}`);
  assert.deepEqual(told.filter((c) => /old \d/.test(c)), [], "the past is not told again");
  assert.deepEqual(problems, []);
});

test("the agent's auto-disconnect is one quiet line, the customer's own none, and the chat goes on", async (t) => {
  const { page, problems } = await newPage(t, PHONE);
  await openSite(page);
  const id = await startChat(page, "Idle");
  await seeBubble(page, "emulator's agent");
  // The customer idles out first: nothing is drawn for the customer's own.
  await api("POST", `/contacts/${id}/autodisconnect`, { Idle: "CUSTOMER", EndChat: false });
  await page.locator(".cc-event", { hasText: "Agent left the chat" }).waitFor();
  assert.equal(await page.locator(".cc-event", { hasText: "idle too long" }).count(), 0);
  await send(page, "still here");
  await seeBubble(page, "You said: still here");
  // Then the agent.
  await api("POST", `/contacts/${id}/autodisconnect`, { Idle: "AGENT", EndChat: false });
  const line = page.locator(".cc-event", { hasText: "has been idle too long" });
  await line.waitFor();
  assert.equal(await line.count(), 1);
  assert.match(await line.innerText(), /^Agent has been idle too long/);
  await send(page, "and now");
  await seeBubble(page, "You said: and now");
  assert.equal(await page.locator(".cc-composer textarea:not([disabled])").count(), 1, "the chat goes on");
  await shoot(page, "autodisconnect-390");
  assert.deepEqual(problems, []);
});
