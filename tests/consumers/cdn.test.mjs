// The script tag from a CDN-like second origin behind an unpkg-style redirect: the
// unversioned URL answers 302 with the versioned file, so import.meta.url is not the tag's
// src. The loader still finds its tag (its data-* options), loads the wasm next to the
// versioned file, and the chat works through forced garbage collections.
import { test } from "node:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { useBrowser, newPage, chatsAcrossGc, until, site, assert } from "../e2e/harness.mjs";
import { serve } from "../../scripts/serve.mjs";
import { repo, unpack, work } from "./common.mjs";

useBrowser();

/** The unpacked tarball at /connect-chat-widget@VERSION/, with CORS, as a CDN serves it. */
async function cdn(t) {
  const root = join(work, "cdn");
  const { version } = JSON.parse(readFileSync(join(repo, "www", "package.json"), "utf8"));
  const versioned = `/connect-chat-widget@${version}`;
  unpack(join(root, versioned));
  const server = await serve(root, {
    headers: { "access-control-allow-origin": "*" },
    routes: { "/connect-chat-widget": { redirect: `${versioned}/connect-chat.js` } },
  });
  t.after(server.close);
  return { origin: server.origin, versioned };
}

test("the script tag behind a 302 to the versioned file mounts and chats", async (t) => {
  const { origin, versioned } = await cdn(t);
  const { page, problems } = await newPage(t);
  const loaded = [];
  page.on("response", (r) => loaded.push(`${r.status()} ${r.url()}`));
  const src = `${origin}/connect-chat-widget`;
  await page.goto(new URL(`/test/cdn.html?src=${encodeURIComponent(src)}&attr.position=left&attr.global=Support`, site).href);
  await chatsAcrossGc(page, "Cdn", "through a redirect");
  // Once for the tag, once more when the loader followed the tag's URL to find it.
  assert.equal(loaded.filter((l) => l === `302 ${src}`).length, 2, loaded.join("\n"));
  assert.ok(loaded.includes(`200 ${origin}${versioned}/connect_chat_widget_bg.wasm`), loaded.join("\n"));
  // The tag's data-* reached the widget: the launcher is on the left, the global is named.
  const box = await page.locator(".cc-launcher").boundingBox();
  assert.ok(box.x < 100, `the launcher is on the left (x = ${box.x})`);
  await until(() => page.evaluate(() => window.Support?.status === "connected"), "window.Support.status");
  assert.deepEqual(problems, []);
});

test("a tag marked data-connect-chat is found without following its URL", async (t) => {
  const { origin } = await cdn(t);
  const { page, problems } = await newPage(t);
  const loaded = [];
  page.on("response", (r) => loaded.push(`${r.status()} ${r.url()}`));
  const src = `${origin}/connect-chat-widget`;
  await page.goto(new URL(`/test/cdn.html?src=${encodeURIComponent(src)}&attr.connect-chat=`, site).href);
  await chatsAcrossGc(page, "Marked", "to a marked tag");
  assert.equal(loaded.filter((l) => l === `302 ${src}`).length, 1, loaded.join("\n"));
  assert.equal(await page.evaluate(() => window.ConnectChat.status), "connected");
  assert.deepEqual(problems, []);
});
