// Network trouble: a killed socket, an offline browser, throttled sends and expired tokens,
// with messages from both sides while it lasts. Afterwards every message is on screen exactly
// once, in order, and the service holds each customer message exactly once.
import { test } from "node:test";
import {
  useBrowser, newPage, openSite, startChat, send, seeBubble, bubbles, transcript, agentSays,
  fault, until, messagesOf, assert,
} from "./harness.mjs";

useBrowser();

test("socket kill, offline, 429 throttling and token expiry lose and duplicate nothing", async (t) => {
  const { page, context } = await newPage(t);
  await openSite(page);
  const id = await startChat(page, "Faults");
  const sent = [];
  const said = [];
  const customer = async (text) => {
    await send(page, text);
    sent.push(text);
  };
  const agent = async (text) => {
    await agentSays(id, text);
    said.push(text);
  };
  await customer("c01 before trouble");
  await seeBubble(page, "You said: c01 before trouble");

  await t.test("the socket is cut without a close frame", async () => {
    await fault({ socket: "drop", contact_id: id });
    await agent("a01 while the socket was cut");
    await customer("c02 while the socket was cut");
    await seeBubble(page, "a01 while the socket was cut", 30_000);
    await seeBubble(page, "You said: c02 while the socket was cut", 30_000);
  });

  await t.test("the socket is closed by the server", async () => {
    await fault({ socket: "close", contact_id: id });
    await agent("a02 after a close frame");
    await customer("c03 after a close frame");
    await seeBubble(page, "a02 after a close frame", 30_000);
    await seeBubble(page, "You said: c03 after a close frame", 30_000);
  });

  await t.test("the browser goes offline and comes back", async () => {
    await context.setOffline(true);
    await page.locator(".cc-banner", { hasText: "offline" }).waitFor();
    await customer("c04 typed offline");
    await customer("c05 typed offline too");
    await agent("a03 sent while the customer was offline");
    await page.waitForTimeout(1500);
    await context.setOffline(false);
    await seeBubble(page, "a03 sent while the customer was offline", 30_000);
    await seeBubble(page, "You said: c05 typed offline too", 30_000);
  });

  await t.test("sends are throttled with 429s", async () => {
    await fault({ operation: "SendMessage", count: 2, error: "ThrottlingException" });
    await customer("c06 throttled");
    await agent("a04 during throttling");
    await customer("c07 after throttling");
    await seeBubble(page, "You said: c07 after throttling", 30_000);
  });

  await t.test("the connection token expires", async () => {
    await fault({ expire_tokens: true });
    await customer("c08 after expiry");
    await agent("a05 after expiry");
    await seeBubble(page, "You said: c08 after expiry", 30_000);
    await seeBubble(page, "a05 after expiry", 30_000);
  });

  await fault({ clear: true });
  // The service: each customer message once, in order.
  const mine = messagesOf(await transcript(id)).filter(([r]) => r === "CUSTOMER").map(([, c]) => c);
  assert.deepEqual(mine, sent);
  // The screen: every message of either side exactly once, in the service's order.
  await until(async () => (await bubbles(page)).filter((b) => b.includes("You said: ")).length === sent.length, "every echo on screen", 30_000);
  const shown = (await bubbles(page)).map((b) => b.trim());
  const expected = messagesOf(await transcript(id)).map(([, c]) => c);
  const onScreen = shown.filter((b) => expected.includes(b));
  assert.deepEqual(onScreen, expected);
  for (const text of [...sent, ...said]) {
    assert.equal(shown.filter((b) => b === text).length, 1, `"${text}" shown once`);
  }
});
