// A fresh Vite app: the wasm is emitted as an asset, the built app mounts the widget, and the
// chat works through forced garbage collections; `on` and `status` reach the page, and
// `sendMessage` answers with the message's Id or a refusal's code.
import { test } from "node:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { useBrowser, newPage, chatsAcrossGc, contacts, transcript, until, urls, assert } from "../e2e/harness.mjs";
import { serve } from "../../scripts/serve.mjs";
import { install, run } from "./common.mjs";

useBrowser();

test("Vite 8: builds, mounts, chats through garbage collections", async (t) => {
  const dir = install("vite");
  run(join(dir, "node_modules", ".bin", "vite"), ["build"], dir);
  const assets = readdirSync(join(dir, "dist", "assets"));
  assert.ok(assets.some((f) => f.endsWith(".wasm")), `Vite emitted the wasm (${assets})`);
  const app = await serve(join(dir, "dist"));
  t.after(app.close);

  const { page, problems } = await newPage(t);
  await page.goto(`${app.origin}/?endpoint=${encodeURIComponent(urls.participant_url)}`);
  await page.waitForFunction(() => window.chat);
  const early = await page.evaluate(() => window.chat.sendMessage("too early").then(() => null, (e) => e.code));
  assert.equal(early, "not_started");
  await chatsAcrossGc(page, "Vite", "from a Vite app");
  await page.locator("#status", { hasText: "connected" }).waitFor();

  // `await chat.sendMessage("hi")` is the Id the service gave the message.
  const id = await page.evaluate(() => window.chat.sendMessage("hi"));
  const items = async () => (await Promise.all((await contacts()).map((c) => transcript(c.ContactId)))).flat();
  const sent = (await items()).find((i) => i.Id === id);
  assert.equal(sent?.Content, "hi", `${id} in a transcript`);
  // Message events carry the service's Id and time.
  const reply = await until(() => page.evaluate(() => window.heard.find((m) => m.content === "You said: hi")), "the reply");
  const atService = (await items()).find((i) => i.Id === reply.id);
  assert.equal(reply.time, atService?.AbsoluteTime, JSON.stringify(reply));

  await page.evaluate(() => window.chat.end());
  await until(() => page.evaluate(() => window.chat.status === "ended"), "the end");
  const late = await page.evaluate(() => window.chat.sendMessage("too late").then(() => null, (e) => [e.name, e.code]));
  assert.deepEqual(late, ["ChatError", "ended"]);
  assert.deepEqual(problems, []);
});
