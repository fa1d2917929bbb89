// The official client library as an oracle: amazon-connect-chatjs (a dependency of bench/)
// in headless Chromium, against the emulator, with no widget at all. What chatjs makes of the
// emulator's items (stitched bot replies, its own events, the end) is what a client of the
// real service sees, so the emulator's shapes are checked by the code that reads the real ones.
import { test, before } from "node:test";
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { useBrowser, newPage, site, urls, api, botSays, transcript, until, assert, WAIT } from "./harness.mjs";

useBrowser();

const bench = fileURLToPath(new URL("../../bench/", import.meta.url));
const bundle = `${bench}node_modules/amazon-connect-chatjs/dist/amazon-connect-chat.js`;

before(() => {
  // As scripts/bench.sh installs it: bench/'s own lock file, bounded in time.
  if (!existsSync(bundle)) {
    execFileSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: bench, stdio: "inherit", timeout: 600_000 });
  }
  // Served by the emulator from the site directory: a page Chromium sees on a loopback
  // address may call the loopback participant port (one fulfilled by the test may not).
  const dir = join(process.env.E2E_SITE, "oracle");
  mkdirSync(dir, { recursive: true });
  copyFileSync(bundle, join(dir, "amazon-connect-chat.js"));
  writeFileSync(
    join(dir, "index.html"),
    '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>chatjs</title><script src="amazon-connect-chat.js"></script>',
  );
});

/** The customer side of a site owner's backend: StartChatContact's answer. */
async function startChat(body = {}) {
  const response = await fetch(`${urls.participant_url}/start-chat`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ParticipantDetails: { DisplayName: "Oracle" }, ...body }),
    signal: AbortSignal.timeout(WAIT),
  });
  assert.equal(response.status, 200, await response.clone().text());
  return response.json();
}

/**
 * A page on the emulator's site origin running chatjs for `details`, connected: every
 * onMessage item in `window.oracle.messages`, chatjs's own events in `window.oracle.events`.
 */
async function chatjs(t, details) {
  const { page, problems } = await newPage(t);
  await page.goto(new URL("/oracle/index.html", site).href);
  await page.evaluate(
    async ({ endpoint, details }) => {
      const { ChatSession } = window.connect;
      ChatSession.setGlobalConfig({ region: "us-east-1", endpoint, loggerConfig: { level: ChatSession.LogLevel?.ERROR ?? 40 } });
      const session = ChatSession.create({
        chatDetails: { contactId: details.ContactId, participantId: details.ParticipantId, participantToken: details.ParticipantToken },
        options: { region: "us-east-1" },
        type: "CUSTOMER",
        disableCSM: true,
      });
      const oracle = { session, messages: [], events: [] };
      session.onMessage((e) => oracle.messages.push(e.data));
      session.onTyping((e) => oracle.events.push(["typing", e.data]));
      session.onAutoDisconnection((e) => oracle.events.push(["autodisconnection", e.data]));
      session.onChatRehydrated((e) => oracle.events.push(["rehydrated", e.data]));
      session.onEnded((e) => oracle.events.push(["ended", e.data]));
      window.oracle = oracle;
      // chatjs rejects with a plain object: say what it holds.
      await session.connect().catch((e) => {
        throw new Error(`chatjs connect: ${JSON.stringify(e, Object.getOwnPropertyNames(e ?? {}))}`);
      });
    },
    { endpoint: urls.participant_url, details },
  );
  return { page, problems };
}

const messages = (page) => page.evaluate(() => window.oracle.messages);
const events = (page) => page.evaluate(() => window.oracle.events.map(([kind]) => kind));

/** The chat's completed bot replies, as the emulator keeps them. */
const botReplies = async (id) =>
  (await transcript(id)).filter((i) => i.Type === "MESSAGE" && i.ParticipantRole === "SYSTEM" && i.DisplayName === "BOT");

/** What chatjs handed to onMessage for item `id`, in order. */
async function emitted(page, id) {
  return (await messages(page)).filter((m) => m.Id === id);
}

test("chatjs stitches the /bot stream into the emulator's completed text", async (t) => {
  const details = await startChat();
  const { page, problems } = await chatjs(t, details);
  await page.evaluate(() => window.oracle.session.sendMessage({ contentType: "text/plain", message: "/bot" }));
  const reply = await until(async () => (await botReplies(details.ContactId))[0], "the completed bot reply");
  const seen = await until(async () => {
    const list = await emitted(page, reply.Id);
    return list.at(-1)?.MessageMetadata?.MessageCompleted === true && list;
  }, "chatjs's completed message");
  // The last message with that Id is the emulator's completed text.
  assert.equal(seen.at(-1).Content, reply.Content);
  // Before it, chatjs emitted the growing stitched partials.
  const partials = seen.filter((m) => m.MessageMetadata?.MessageCompleted === false);
  assert.ok(partials.length >= 2, JSON.stringify(seen));
  for (let i = 1; i < partials.length; i++) assert.ok(partials[i].Content.startsWith(partials[i - 1].Content));
  assert.equal(partials.at(-1).Content, reply.Content);
  assert.ok((await events(page)).includes("typing"), "the bot's typing came first");
  assert.deepEqual(problems, []);
});

test("chatjs emits exactly the stitched texts of the wire notes' streaming fixture", async (t) => {
  const details = await startChat();
  const { page, problems } = await chatjs(t, details);
  const sent = await botSays(details.ContactId, "Your order has shipped today.", ["Your order ", "has shipped", " today."]);
  const seen = await until(async () => {
    const list = await emitted(page, sent.Id);
    return list.at(-1)?.MessageMetadata?.MessageCompleted === true && list;
  }, "chatjs's completed message");
  assert.deepEqual(
    seen.map((m) => [m.Content, m.MessageMetadata.MessageCompleted]),
    [["Your order ", false], ["Your order has shipped", false], ["Your order has shipped today.", false], ["Your order has shipped today.", true]],
  );
  // Once completed, the item is the completed one with its own time (PartialMessageUtil.js:37-41, 76).
  assert.equal(seen.at(-1).AbsoluteTime, sent.AbsoluteTime);
  assert.deepEqual(problems, []);
});

test("chatjs reads the auto-disconnect as its own event; the chat ends only on chat.ended", async (t) => {
  const details = await startChat();
  const { page, problems } = await chatjs(t, details);
  // The scripted agent greets once it has joined (800 ms after the start: a slow page may
  // connect after the greeting, so it is looked for in the transcript, not in onMessage).
  await until(async () => (await transcript(details.ContactId)).some((i) => i.Type === "MESSAGE" && i.ParticipantRole === "AGENT"), "the agent's greeting");
  await api("POST", `/contacts/${details.ContactId}/autodisconnect`, { EndChat: false });
  await until(async () => (await events(page)).includes("autodisconnection"), "onAutoDisconnection");
  const flow = await until(async () => (await messages(page)).find((m) => m.ParticipantRole === "SYSTEM" && m.Type === "MESSAGE"), "the disconnect flow's message");
  assert.ok(flow.Content.length > 0);
  assert.ok(!(await events(page)).includes("ended"), "kept open");
  // The customer can still write.
  await page.evaluate(() => window.oracle.session.sendMessage({ contentType: "text/plain", message: "still here" }));
  await api("POST", `/contacts/${details.ContactId}/autodisconnect`, {});
  await until(async () => (await events(page)).includes("ended"), "onEnded after chat.ended");
  assert.deepEqual(problems, []);
});

test("chatjs hears chat.rehydrated and loads the past session with RelatedContactId", async (t) => {
  const past = await startChat();
  await api("POST", `/contacts/${past.ContactId}/agent/messages`, { Content: "from the past session" });
  await api("POST", `/contacts/${past.ContactId}/end`, {});
  const details = await startChat({ PersistentChat: { SourceContactId: past.ContactId, RehydrationType: "ENTIRE_PAST_SESSION" } });
  const { page, problems } = await chatjs(t, details);
  await until(async () => (await events(page)).includes("rehydrated"), "onChatRehydrated");
  // As the official UI loads it on connection (ui ChatSession.js:557-564).
  const page1 = await page.evaluate(() =>
    window.oracle.session.getTranscript({ scanDirection: "BACKWARD", sortOrder: "ASCENDING", maxResults: 15 }));
  const items = page1.data.Transcript;
  const old = items.find((i) => i.Content === "from the past session");
  assert.ok(old, JSON.stringify(items));
  assert.equal(old.RelatedContactId, past.ContactId);
  assert.equal(old.ContactId, undefined);
  assert.ok(items.some((i) => i.ContentType?.endsWith("chat.rehydrated") && i.ContactId === details.ContactId));
  assert.ok(!(await events(page)).includes("ended"), "the past chat.ended does not end this chat");
  assert.deepEqual(problems, []);
});

test("chatjs's DescribeView reads every view's template and input schema", async (t) => {
  const details = await startChat();
  const { page, problems } = await chatjs(t, details);
  for (const name of ["form", "confirmation", "cards", "detail", "list", "custom"]) {
    const before = (await messages(page)).length;
    await page.evaluate((text) => window.oracle.session.sendMessage({ contentType: "text/plain", message: text }), `/view ${name}`);
    const shown = await until(async () =>
      (await messages(page)).slice(before).find((m) => m.ContentType === "application/vnd.amazonaws.connect.message.interactive"), `the ${name} view`);
    const { viewToken } = JSON.parse(shown.Content).data.content;
    const view = await page.evaluate((token) => window.oracle.session.describeView({ viewToken: token }), viewToken);
    const content = view.data.View.Content;
    assert.ok(Array.isArray(JSON.parse(content.Template).Body), name);
    assert.equal(JSON.parse(content.InputSchema).type, "object", name);
    assert.ok(content.Actions.length > 0, name);
  }
  assert.deepEqual(problems, []);
});
