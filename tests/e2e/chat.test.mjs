// The script-tag embed on the demo page: launcher, pre-chat form, text and markdown both
// ways, typing and read receipts both ways, the global handle.
import { test } from "node:test";
import {
  useBrowser, newPage, openSite, startChat, send, seeBubble, bubbles, transcript, agentSays,
  agentEvent, until, messagesOf, contacts, assert,
} from "./harness.mjs";

useBrowser();

test("launcher and pre-chat form start a chat; text and markdown both ways", async (t) => {
  const { page, problems } = await newPage(t);
  await openSite(page);
  await page.locator(".cc-launcher").click();
  // Submitting the form without the required name is refused with a message.
  await page.locator(".cc-form button[type=submit]").click();
  await page.locator(".cc-form .cc-error", { hasText: "required" }).first().waitFor();
  const id = await startChat(page, "Ann", { email: "ann@example.com" });
  const contact = (await contacts()).find((c) => c.ContactId === id);
  assert.equal(contact.Participants.find((p) => p.Role === "CUSTOMER").DisplayName, "Ann");
  assert.equal(contact.Attributes.email, "ann@example.com");

  await send(page, "hello from the page");
  await seeBubble(page, "You said: hello from the page");
  await agentSays(id, "**bold** and _soft_ and `code`", "text/markdown");
  await page.locator(".cc-bubble strong", { hasText: "bold" }).waitFor();
  await page.locator(".cc-bubble em", { hasText: "soft" }).waitFor();
  await page.locator(".cc-bubble code", { hasText: "code" }).waitFor();
  // The customer's markdown reaches the agent as sent.
  await send(page, "a *starred* word");
  const items = await until(async () => {
    const m = messagesOf(await transcript(id));
    return m.some(([r, c]) => r === "CUSTOMER" && c === "a *starred* word") && m;
  }, "the customer's message in the transcript");
  assert.deepEqual(items.filter(([r]) => r === "CUSTOMER").map(([, c]) => c), [
    "hello from the page",
    "a *starred* word",
  ]);
  assert.deepEqual(problems, []);
});

test("typing and read receipts both ways", async (t) => {
  const { page, problems } = await newPage(t);
  await openSite(page);
  const id = await startChat(page, "Bo");
  // Agent typing shows an indicator.
  await agentEvent(id, "application/vnd.amazonaws.connect.event.typing");
  await page.locator(".cc-typing", { hasText: "typing" }).waitFor();
  // The agent's message is read by the open widget: a message.read event reaches the service
  // live, so watch for it on a second socket is not possible here; the widget's own bubble
  // shows "Read" once the agent reads the customer's message.
  const { Id } = await agentSays(id, "please read me");
  await seeBubble(page, "please read me");
  await send(page, "my message");
  await seeBubble(page, "You said: my message");
  const mine = await until(async () => {
    const item = (await transcript(id)).find((i) => i.ParticipantRole === "CUSTOMER" && i.Content === "my message");
    return item?.Id;
  }, "the customer's message id");
  await agentEvent(id, "application/vnd.amazonaws.connect.event.message.read", JSON.stringify({ messageId: mine }));
  await page.locator(".cc-line.cc-customer", { hasText: "my message" }).locator(".cc-status", { hasText: "Read" }).waitFor();
  assert.ok(Id, "the agent message has an id");
  assert.deepEqual(problems, []);
});

test("window.ConnectChat: the documented global drives the widget", async (t) => {
  const { page, problems } = await newPage(t);
  await openSite(page);
  await page.evaluate(() => window.ConnectChat.ready);
  assert.equal(await page.locator(".cc-window").count(), 0);
  await page.evaluate(() => window.ConnectChat.open());
  await page.locator(".cc-window").waitFor();
  await page.evaluate(() => window.ConnectChat.close());
  await page.locator(".cc-window").waitFor({ state: "detached" });
  // sendMessage before a chat exists is refused with a clear error.
  const refused = await page.evaluate(() => window.ConnectChat.sendMessage("x").then(() => null, (e) => String(e.message ?? e)));
  assert.match(refused, /no chat is running/);
  const id = await startChat(page, "Cy");
  await page.evaluate(() => {
    window.__messages = [];
    return window.ConnectChat.on("message", (m) => window.__messages.push(m.content));
  });
  await page.evaluate(() => window.ConnectChat.sendMessage("sent by the page"));
  await seeBubble(page, "You said: sent by the page");
  const got = await page.evaluate(() => window.__messages);
  assert.ok(got.includes("You said: sent by the page"), `message events: ${JSON.stringify(got)}`);
  await until(async () => messagesOf(await transcript(id)).some(([, c]) => c === "sent by the page"), "the page's message");
  assert.deepEqual(problems, []);
});
