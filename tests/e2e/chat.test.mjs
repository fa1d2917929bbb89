// The script-tag embed on the demo page: launcher, pre-chat form, text and markdown both
// ways, typing and read receipts both ways, the global handle.
import { test } from "node:test";
import {
  useBrowser, newPage, openSite, startChat, send, seeBubble, bubbles, transcript, agentSays,
  agentEvent, until, messagesOf, contacts, site, urls, assert,
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

test("the agent's typing shows; the agent's read receipt marks the message Read", async (t) => {
  const { page, problems } = await newPage(t);
  await openSite(page);
  const id = await startChat(page, "Bo");
  // The scripted agent's greeting (a new message clears the indicator) comes first.
  await page.locator(".cc-line:not(.cc-customer) .cc-bubble").first().waitFor();
  // Agent typing shows an indicator.
  await agentEvent(id, "application/vnd.amazonaws.connect.event.typing");
  await page.locator(".cc-typing", { hasText: "typing" }).waitFor();
  const { Id } = await agentSays(id, "please read me");
  await seeBubble(page, "please read me");
  await send(page, "my message");
  await seeBubble(page, "You said: my message");
  const mine = await until(async () => {
    const item = (await transcript(id)).find((i) => i.ParticipantRole === "CUSTOMER" && i.Content === "my message");
    return item?.Id;
  }, "the customer's message id");
  // The scripted agent also reads each message it answers; either receipt must show as Read.
  await agentEvent(id, "application/vnd.amazonaws.connect.event.message.read", JSON.stringify({ messageId: mine }));
  await page.locator(".cc-line.cc-customer", { hasText: "my message" }).locator(".cc-status", { hasText: "Read" }).waitFor();
  assert.ok(Id, "the agent message has an id");
  assert.deepEqual(problems, []);
});

/**
 * Listens to the contact's live frames from a second websocket of the same customer (opened
 * with the widget's ParticipantToken in a blank page of the site's origin), since typing and
 * receipts are delivered live and never kept in the transcript.
 */
async function observe(context, page) {
  const saved = JSON.parse(await page.evaluate(() => sessionStorage.getItem("connect-chat:session")));
  const observer = await context.newPage();
  await observer.goto(new URL("/emulator.json", site).href);
  await observer.evaluate(async ({ endpoint, token }) => {
    const r = await fetch(`${endpoint}/participant/connection`, {
      method: "POST",
      headers: { "x-amz-bearer": token, "content-type": "application/json" },
      body: JSON.stringify({ Type: ["WEBSOCKET"] }),
    });
    const { Websocket } = await r.json();
    window.__items = [];
    const ws = new WebSocket(Websocket.Url);
    await new Promise((ok, fail) => {
      ws.onopen = ok;
      ws.onerror = fail;
    });
    ws.onmessage = (e) => {
      const frame = JSON.parse(e.data);
      if (frame.topic === "aws/chat") window.__items.push(JSON.parse(frame.content));
    };
    ws.send(JSON.stringify({ topic: "aws/subscribe", content: { topics: ["aws/chat"] } }));
  }, { endpoint: urls.participant_url, token: saved.participant_token });
  return {
    items: () => observer.evaluate(() => window.__items),
    close: () => observer.close(),
  };
}

test("the customer's typing and read receipts reach the service live", async (t) => {
  const { context, page, problems } = await newPage(t);
  await openSite(page);
  const id = await startChat(page, "Dee");
  const live = await observe(context, page);
  await page.locator(".cc-composer textarea").pressSequentially("typing now", { delay: 20 });
  await until(async () => (await live.items()).some((i) =>
    i.ParticipantRole === "CUSTOMER" && i.ContentType === "application/vnd.amazonaws.connect.event.typing"), "a CUSTOMER typing event");
  // The open widget reads the agent's message and says so.
  const { Id } = await agentSays(id, "have you read this?");
  await seeBubble(page, "have you read this?");
  await until(async () => (await live.items()).some((i) =>
    i.Type === "MESSAGEMETADATA" && i.MessageMetadata?.MessageId === Id &&
    i.MessageMetadata.Receipts?.some((r) => r.ReadTimestamp)), "a read receipt for the agent's message");
  await live.close();
  assert.deepEqual(problems, []);
});

test("the demo's address options: locale, theme and open", async (t) => {
  const { page, problems } = await newPage(t);
  await page.goto(new URL("/?locale=de&purple&open", site).href);
  await page.locator(".cc-window").waitFor();
  await page.locator(".cc-form button[type=submit]", { hasText: "Chat starten" }).waitFor();
  // The demo's own field speaks the widget's language too.
  await page.locator(".cc-form label", { hasText: "E-Mail (optional)" }).waitFor();
  const accent = await page.locator(".cc-launcher").evaluate((b) => getComputedStyle(b).backgroundColor);
  assert.equal(accent, "rgb(107, 47, 163)");
  assert.deepEqual(problems, []);
});

test("the window's title keeps to one line beside End chat in German and French", async (t) => {
  const { page, problems } = await newPage(t);
  for (const [locale, start, end] of [["de", "Chat starten", "Chat beenden"], ["fr", "Démarrer le chat", "Terminer le chat"]]) {
    await page.goto(new URL(`/?locale=${locale}&open`, site).href);
    await page.locator('.cc-form input[name="name"]').fill("Ana");
    await page.locator(".cc-form button[type=submit]", { hasText: start }).click();
    await page.locator(".cc-end-chat", { hasText: end }).waitFor();
    const [height, fontSize] = await page.locator("#cc-title").evaluate((h) => [h.getBoundingClientRect().height, parseFloat(getComputedStyle(h).fontSize)]);
    assert.ok(height < 2 * fontSize, `${locale}: the title is ${height} px tall at ${fontSize} px (two lines)`);
    await page.evaluate(() => window.ConnectChat.end());
    await page.evaluate(() => sessionStorage.clear());
  }
  assert.deepEqual(problems, []);
});

test("window.ConnectChat: the documented global drives the widget", async (t) => {
  const { page, problems } = await newPage(t);
  await openSite(page);
  await page.evaluate(() => window.ConnectChat.ready);
  await page.locator("#status", { hasText: "Ready" }).waitFor();
  assert.equal(await page.locator(".cc-window").count(), 0);
  await page.evaluate(() => window.ConnectChat.open());
  await page.locator(".cc-window").waitFor();
  await page.evaluate(() => window.ConnectChat.close());
  await page.locator(".cc-window").waitFor({ state: "detached" });
  // sendMessage before a chat exists is refused with a clear error and its code.
  const refused = await page.evaluate(() => window.ConnectChat.sendMessage("x").then(() => null, (e) => [e.code, e.message]));
  assert.equal(refused[0], "not_started");
  assert.match(refused[1], /no chat is running/);
  const id = await startChat(page, "Cy");
  await page.evaluate(() => {
    window.__messages = [];
    return window.ConnectChat.on("message", (m) => window.__messages.push(m));
  });
  // It resolves to the Id the service gave the message.
  const sentId = await page.evaluate(() => window.ConnectChat.sendMessage("sent by the page"));
  assert.equal(typeof sentId, "string");
  const mine = (await transcript(id)).find((i) => i.Id === sentId);
  assert.equal(mine?.Content, "sent by the page", `${sentId} in the transcript`);
  await seeBubble(page, "You said: sent by the page");
  // Message events carry the service's Id and time.
  const reply = await until(
    () => page.evaluate(() => window.__messages.find((m) => m.content === "You said: sent by the page")),
    "the reply's message event",
  );
  const items = await transcript(id);
  const atService = items.find((i) => i.Id === reply.id);
  assert.ok(atService, `the event's id ${reply.id} is in the transcript`);
  assert.equal(reply.time, atService.AbsoluteTime);
  assert.match(reply.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  assert.equal(reply.role, "agent");
  assert.equal(reply.contentType, "text/plain");
  assert.equal(reply.name, atService.DisplayName);
  const tooLong = await page.evaluate(() => window.ConnectChat.sendMessage("x".repeat(1025)).then(() => null, (e) => e.code));
  assert.equal(tooLong, "too_long");
  // After the end, it rejects with `ended`.
  await page.evaluate(() => window.ConnectChat.end());
  await until(async () => (await page.evaluate(() => window.ConnectChat.status)) === "ended", "the chat to end");
  const late = await page.evaluate(() => window.ConnectChat.sendMessage("too late").then(() => null, (e) => [e.name, e.code]));
  assert.deepEqual(late, ["ChatError", "ended"]);
  assert.deepEqual(problems, []);
});
