// A fresh Vite app: the wasm is emitted as an asset, the built app mounts the widget, and the
// chat works through forced garbage collections; `on` and `status` reach the page.
import { test } from "node:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { useBrowser, newPage, chatsAcrossGc, urls, assert } from "../e2e/harness.mjs";
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
  await chatsAcrossGc(page, "Vite", "from a Vite app");
  await page.locator("#status", { hasText: "connected" }).waitFor();
  assert.deepEqual(problems, []);
});
