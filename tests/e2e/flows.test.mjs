// Interactive messages, resuming after reload and navigation, ending from either side.
import { test } from "node:test";
import {
  useBrowser, newPage, openSite, startChat, send, seeBubble, bubbles, transcript, agentSays, until,
  messagesOf, contacts, api, fault, site, botSays, reopen, widgetLoaded, assert,
} from "./harness.mjs";

useBrowser();

// The customer's messages after the agent's interactive one (a selection is sent as text,
// as Amazon Connect's own widget does, or as an interactive response).
const responses = async (id) => {
  const items = await transcript(id);
  const at = items.findIndex((i) => i.ContentType === "application/vnd.amazonaws.connect.message.interactive");
  return at < 0 ? [] : items.slice(at + 1).filter((i) => i.Type === "MESSAGE" && i.ParticipantRole === "CUSTOMER");
};

for (const template of ["listpicker", "timepicker", "panel", "quickreply", "carousel"]) {
  test(`the ${template} template is shown and answered`, async (t) => {
    const { page, problems } = await newPage(t);
    await openSite(page);
    const id = await startChat(page, `Pick ${template}`);
    await send(page, `/${template}`);
    const choice = page.locator(".cc-bubble .cc-choices button:not([disabled])").first();
    await choice.waitFor();
    const label = (await choice.innerText()).split(" — ")[0].trim();
    await choice.click();
    const answer = await until(async () => (await responses(id))[0], "the interactive response in the transcript");
    if (template === "timepicker") {
      // The slot is shown in local time; the answer carries the slot's date as offered.
      const offered = (await transcript(id)).find((i) => i.ContentType?.endsWith("interactive")).Content;
      const dates = [...offered.matchAll(/"date"\s*:\s*"([^"]+)"/g)].map((m) => m[1]);
      assert.ok(dates.length > 0 && dates.some((d) => answer.Content.includes(d)), `response ${answer.Content} is one of ${dates}`);
    } else {
      assert.ok(label.length > 0 && answer.Content.includes(label), `response ${answer.Content} names "${label}"`);
    }
    // One answer only: the buttons are disabled afterwards.
    await page.locator(".cc-bubble .cc-choices button:not([disabled])").first().waitFor({ state: "detached" });
    // The customer's line reads as words: the title, "card - choice", the slot as a time.
    const mine = async () => (await bubbles(page, { mine: true })).map((b) => b.trim());
    await until(async () => (await mine()).length === 2, "the customer's answer on screen");
    const line = (await mine())[1];
    assert.ok(!line.startsWith("{"), `no JSON: ${line}`);
    if (template === "carousel") assert.match(line, new RegExp(`(: | - )${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
    else if (template === "timepicker") assert.ok(!/^\d{4}-\d\d-\d\dT/.test(line), `a time for people: ${line}`);
    else assert.equal(line, label);
    // Answered stays answered after a reload.
    await reopen(page);
    await page.locator(".cc-bubble .cc-choices button").first().waitFor();
    assert.equal(await page.locator(".cc-bubble .cc-choices button:not([disabled])").count(), 0, "still answered");
    assert.deepEqual(await mine(), [`/${template}`, line]);
    assert.deepEqual(problems, []);
  });
}

test("\"Show more\" replaces the list in place; the paging answer is never a line", async (t) => {
  const { page, problems } = await newPage(t);
  await openSite(page);
  const id = await startChat(page, "Pager");
  await send(page, "/listpicker");
  const choices = page.locator(".cc-bubble .cc-choices");
  await choices.locator("button:not([disabled])", { hasText: "Show more" }).click();
  await choices.locator("button:not([disabled])", { hasText: "Previous options" }).waitFor();
  // The second page has the first's referenceId: it replaces it, one list on screen.
  assert.equal(await choices.count(), 1);
  const paging = await until(async () => (await transcript(id)).find((i) =>
    i.ContentType === "application/vnd.amazonaws.connect.message.interactive.response"), "the paging answer");
  assert.equal(JSON.parse(paging.Content).data.actionName, "SHOW_MORE");
  const mine = async () => (await bubbles(page, { mine: true })).map((b) => b.trim());
  assert.deepEqual(await mine(), ["/listpicker"], "the paging answer is not a line");
  const pick = choices.locator("button:not([disabled])").filter({ hasNotText: /Previous options|Show more/ }).first();
  const title = (await pick.innerText()).trim();
  await pick.click();
  await until(async () => (await mine()).length === 2, "the choice on screen");
  assert.deepEqual(await mine(), ["/listpicker", title]);
  await reopen(page);
  await until(async () => (await mine()).length === 2, "the lines after a reload");
  assert.deepEqual(await mine(), ["/listpicker", title]);
  assert.equal(await choices.count(), 1);
  assert.deepEqual(problems, []);
});

test("link options are links that send nothing; a link without a url is a choice", async (t) => {
  const { page, problems } = await newPage(t);
  await openSite(page);
  const id = await startChat(page, "Linker");
  await send(page, "/panel");
  const help = page.locator(".cc-bubble .cc-choices a", { hasText: "Help centre" });
  await help.waitFor();
  assert.equal(await help.getAttribute("href"), "https://help.example.com");
  assert.equal(await help.getAttribute("target"), "_blank");
  assert.equal(await help.getAttribute("rel"), "noopener noreferrer");
  const same = page.locator(".cc-bubble .cc-choices a", { hasText: "Same tab" });
  assert.equal(await same.getAttribute("target"), "_self");
  // Opening a link sends nothing (the navigation is held so the page stays).
  await page.route("https://help.example.com/**", (route) => route.abort());
  await help.evaluate((a) => a.addEventListener("click", (e) => e.preventDefault()));
  await help.click();
  await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual(await responses(id), [], "a link sends nothing");
  // A "link" without a url is an ordinary choice.
  await page.locator(".cc-bubble .cc-choices button", { hasText: "Broken link" }).click();
  const answer = await until(async () => (await responses(id))[0], "the choice");
  assert.equal(answer.Content, "Broken link");
  assert.equal(answer.ContentType, "text/plain");
  assert.deepEqual(problems, []);
});

test("a ShowView form is drawn from DescribeView, answered as the official interface answers, and reads as words", async (t) => {
  const { page, problems } = await newPage(t);
  await openSite(page);
  const id = await startChat(page, "Viewer");
  await send(page, "/view form");
  // The form's inputs come from viewData (a JSON string whose Sections is one too).
  const field = (label) => page.locator(".cc-view .cc-view-field", { hasText: label }).locator("input");
  await field("Street").waitFor();
  assert.equal(await field("Postcode").inputValue(), "98101", "the DefaultValue is filled in");
  await page.locator(".cc-view h3", { hasText: "Update your address" }).waitFor();
  await field("Street").fill("1 Main St");
  // Next {Label: "Save"} submits; the action is Submit (ui InteractiveMessage.js:169-181).
  await page.locator(".cc-view button", { hasText: "Save" }).click();
  const answer = await until(async () => (await responses(id)).find((i) =>
    i.ContentType === "application/vnd.amazonaws.connect.message.interactive.response"), "the view's interactive response");
  assert.ok(answer.Content.startsWith('{"action":"Submit","data":'), answer.Content);
  assert.deepEqual(JSON.parse(answer.Content), {
    action: "Submit", data: { FormData: { street: "1 Main St", postcode: "98101" } }, templateType: "ViewResource", version: "1.0",
  });
  await seeBubble(page, "You chose Submit with postcode=98101, street=1 Main St.");
  // Something newer arrived: the view folds to its heading; the customer's line is the action.
  assert.equal(await page.locator(".cc-view").count(), 0, "the view is folded away");
  await page.locator(".cc-view-summary", { hasText: "Update your address" }).waitFor();
  assert.deepEqual((await bubbles(page, { mine: true })).map((b) => b.trim()), ["/view form", "Submit"]);
  // The same after a reload.
  await reopen(page);
  await seeBubble(page, "You chose Submit");
  assert.equal(await page.locator(".cc-view").count(), 0);
  assert.deepEqual((await bubbles(page, { mine: true })).map((b) => b.trim()), ["/view form", "Submit"]);
  for (const text of await bubbles(page)) assert.ok(!text.trim().startsWith("{"), `no JSON on screen: ${text}`);
  assert.deepEqual(problems, []);
});

test("typed text answers the view on screen as its \" \" action and reads as typed", async (t) => {
  const { page, problems } = await newPage(t);
  await openSite(page);
  const id = await startChat(page, "Typist");
  await send(page, "/view list");
  await page.locator(".cc-view button", { hasText: "Order 1234" }).waitFor();
  await send(page, "my flat is 4B");
  const answer = await until(async () => (await responses(id)).find((i) =>
    i.ContentType === "application/vnd.amazonaws.connect.message.interactive.response"), "the typed answer");
  assert.deepEqual(JSON.parse(answer.Content), {
    action: " ", data: { content: "my flat is 4B" }, templateType: "ViewResource", version: "1.0",
  });
  await seeBubble(page, "You wrote: my flat is 4B");
  assert.deepEqual((await bubbles(page, { mine: true })).map((b) => b.trim()), ["/view list", "my flat is 4B"]);
  assert.equal(await page.locator(".cc-view").count(), 0);
  assert.deepEqual(problems, []);
});

test("a reload mid-chat resumes the same chat with its transcript", async (t) => {
  const { page, problems } = await newPage(t);
  await openSite(page);
  const id = await startChat(page, "Reload");
  await send(page, "before the reload");
  await seeBubble(page, "You said: before the reload");
  const count = (await contacts()).length;
  await reopen(page);
  await seeBubble(page, "You said: before the reload");
  assert.deepEqual((await bubbles(page, { mine: true })).map((b) => b.trim()), ["before the reload"]);
  await send(page, "after the reload");
  await seeBubble(page, "You said: after the reload");
  assert.equal((await contacts()).length, count, "no new contact");
  const mine = messagesOf(await transcript(id)).filter(([r]) => r === "CUSTOMER").map(([, c]) => c);
  assert.deepEqual(mine, ["before the reload", "after the reload"]);
  assert.deepEqual(problems, []);
});

test("navigating to another page of the site resumes the chat", async (t) => {
  const { page, problems } = await newPage(t);
  await openSite(page);
  const id = await startChat(page, "Nav");
  await send(page, "on the first page");
  await seeBubble(page, "You said: on the first page");
  await page.goto(new URL("/second.html", site).href);
  await page.locator(".cc-launcher").waitFor();
  // The widget reopens the window it left open once it takes over from the launcher: a click
  // decided before that could land just after it and close the window again.
  await widgetLoaded(page);
  if (!(await page.locator(".cc-window").isVisible())) await page.locator(".cc-launcher").click();
  await seeBubble(page, "You said: on the first page");
  assert.deepEqual((await bubbles(page, { mine: true })).map((b) => b.trim()), ["on the first page"]);
  await agentSays(id, "seen on the second page");
  await seeBubble(page, "seen on the second page");
  assert.equal(await page.locator(".cc-form").count(), 0, "no pre-chat form: the chat goes on");
  assert.deepEqual(problems, []);
});

test("the customer ends the chat, then starts a new one", async (t) => {
  const { page, problems } = await newPage(t);
  await openSite(page);
  await page.evaluate(() => {
    window.__events = [];
    window.ConnectChat.on("status", (e) => window.__events.push(`status:${e.status}`));
    window.ConnectChat.on("ended", (e) => window.__events.push(`ended:${e.reason}`));
  });
  const id = await startChat(page, "Ender");
  await page.locator(".cc-header button", { hasText: "End chat" }).click();
  await page.locator('.cc-dialog[role="alertdialog"] .cc-button:not(.cc-secondary)').click();
  await until(async () => (await api("GET", `/contacts/${id}/transcript`)).Ended, "the contact to end");
  await page.locator(".cc-dialog", { hasText: "The chat has ended." }).waitFor();
  // The page heard the connection come up and the chat end, with the documented values.
  const events = await page.evaluate(() => window.__events);
  assert.ok(events.includes("status:connected"), JSON.stringify(events));
  assert.ok(events.includes("ended:customer"), JSON.stringify(events));
  await page.locator(".cc-dialog button", { hasText: "Start a new chat" }).click();
  const second = await startChat(page, "Ender again");
  assert.notEqual(second, id);
  await send(page, "second chat");
  await seeBubble(page, "You said: second chat");
  assert.deepEqual(problems, []);
});

test("ended while the service could not be told, then reloaded: the new page tells it", async (t) => {
  const { page, problems } = await newPage(t);
  await openSite(page);
  const id = await startChat(page, "Leaver");
  await seeBubble(page, "emulator's agent");
  await fault({ operation: "DisconnectParticipant", count: 1000, error: "InternalServerException" });
  try {
    await page.locator(".cc-header button", { hasText: "End chat" }).click();
    await page.locator('.cc-dialog[role="alertdialog"] .cc-button:not(.cc-secondary)').click();
    await page.locator(".cc-dialog", { hasText: "The chat has ended." }).waitFor();
    await until(async () => problems.some((p) => p === "HTTP 500: /participant/disconnect"), "a refused disconnect");
    // Reloaded while the service still refuses: only the new page can tell it later.
    await page.reload();
    await page.waitForLoadState("load");
  } finally {
    await fault({ clear: true });
  }
  await until(async () => (await api("GET", `/contacts/${id}/transcript`)).Ended, "the contact to end");
  // The ended chat does not come back: the page offers a new one.
  await page.locator(".cc-launcher").waitFor();
  assert.equal(await page.locator(".cc-bubble").count(), 0);
  assert.deepEqual(problems.filter((p) => p !== "HTTP 500: /participant/disconnect"), []);
});

test("the agent ends the chat; the widget shows it and a new chat can start", async (t) => {
  const { page, problems } = await newPage(t);
  await openSite(page);
  const id = await startChat(page, "Left");
  // The agent greets once the widget is subscribed; ending before that would race the
  // widget's own connect, which is a different case (a chat ended before it was joined).
  await seeBubble(page, "emulator's agent");
  await api("POST", `/contacts/${id}/end`);
  await page.locator(".cc-dialog", { hasText: "The chat has ended." }).waitFor();
  assert.equal(await page.locator(".cc-composer textarea:not([disabled])").count(), 0, "the composer is closed");
  await page.locator(".cc-dialog button", { hasText: "Start a new chat" }).click();
  const second = await startChat(page, "Left again");
  assert.notEqual(second, id);
  assert.deepEqual(problems, []);
});

test("a transfer shows the new agent", async (t) => {
  const { page, problems } = await newPage(t);
  await openSite(page);
  await startChat(page, "Moved");
  await send(page, "/transfer");
  await seeBubble(page, "Hi, this is Agent 2. I'll take it from here.");
  await page.locator(".cc-line", { hasText: "Hi, this is Agent 2." }).locator(".cc-name", { hasText: "Agent 2" }).waitFor();
  assert.deepEqual(problems, []);
});

test("a streamed bot reply grows in one bubble and ends as the text chatjs stitches", async (t) => {
  const { page, problems } = await newPage(t);
  await openSite(page);
  const id = await startChat(page, "Streamed");
  // Every change on screen: the other side's bubbles and the typing line.
  await page.evaluate(() => {
    const root = document.querySelector("[data-connect-chat]").shadowRoot;
    window.__frames = [];
    new MutationObserver(() => {
      const texts = [...root.querySelectorAll(".cc-line:not(.cc-customer) .cc-bubble")].map((b) => b.innerText.trim());
      window.__frames.push({ texts, typing: root.querySelector(".cc-typing")?.innerText.trim() ?? "" });
    }).observe(root, { subtree: true, childList: true, characterData: true });
    window.__replies = [];
    window.ConnectChat.on("message", (m) => m.role !== "customer" && window.__replies.push(m.content));
  });
  // The emulator keeps only the completed item, which is what chatjs emits once stitched
  // (oracle.test.mjs checks chatjs against it).
  await send(page, "/bot");
  const stored = await until(async () => (await transcript(id)).find((i) =>
    i.Type === "MESSAGE" && i.DisplayName === "BOT" && i.ContentType === "text/plain"), "the completed reply");
  const bubble = page.locator(".cc-line .cc-bubble", { hasText: stored.Content.slice(0, 12) });
  await page.locator(".cc-line .cc-bubble", { hasText: stored.Content.slice(-12) }).waitFor();
  assert.equal(await bubble.count(), 1, "one bubble for the whole reply");
  assert.equal((await bubble.innerText()).trim(), stored.Content);
  // It grew in that one bubble, and "is typing" stayed up while it was partial.
  const frames = await page.evaluate(() => window.__frames);
  const partial = (t) => t.length > 0 && t.length < stored.Content.length && stored.Content.startsWith(t);
  const shown = frames.map((f) => ({ ...f, reply: f.texts.filter((t) => partial(t) || t === stored.Content) }));
  assert.ok(shown.every((f) => f.reply.length <= 1), "never two bubbles for the reply");
  const growing = shown.filter((f) => f.reply.length === 1 && partial(f.reply[0]));
  assert.ok(new Set(growing.map((f) => f.reply[0])).size >= 2, `it grew: ${JSON.stringify(growing.map((f) => f.reply[0]))}`);
  assert.ok(growing.every((f) => f.typing !== ""), "typing shows while the reply is partial");
  // Listeners hear the reply once, whole.
  const heard = await page.evaluate(() => window.__replies);
  assert.deepEqual(heard.filter((c) => stored.Content.startsWith(c.slice(0, 12))), [stored.Content]);
  // After a reload the completed text is read back from the transcript: still one bubble.
  await reopen(page);
  await page.locator(".cc-line .cc-bubble", { hasText: stored.Content.slice(-12) }).waitFor();
  assert.equal(await bubble.count(), 1);
  assert.equal((await bubble.innerText()).trim(), stored.Content);
  assert.deepEqual(problems, []);
});

test("a streamed reply sent while the socket is down shows whole after the gap fill", async (t) => {
  const { page, problems } = await newPage(t);
  await openSite(page);
  const id = await startChat(page, "Gap");
  await seeBubble(page, "emulator's agent");
  await fault({ socket: "drop", contact_id: id });
  const content = "While you were away: your parcel has left the depot.";
  await botSays(id, content, ["While you were away: ", "your parcel ", "has left the depot."]);
  const bubble = page.locator(".cc-line .cc-bubble", { hasText: "While you were away" });
  await page.locator(".cc-line .cc-bubble", { hasText: "has left the depot." }).waitFor({ timeout: 30_000 });
  assert.equal(await bubble.count(), 1);
  assert.equal((await bubble.innerText()).trim(), content);
  assert.deepEqual(problems, []);
});
