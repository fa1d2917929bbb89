// A fresh webpack 5 app that drops the handle mount() resolves to: the widget stays, and the
// chat works, through forced garbage collections.
import { test } from "node:test";
import { copyFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { useBrowser, newPage, chatsAcrossGc, urls, assert } from "../e2e/harness.mjs";
import { serve } from "../../scripts/serve.mjs";
import { install, run } from "./common.mjs";

useBrowser();

test("webpack 5: the handle is dropped, the widget survives garbage collections and chats", async (t) => {
  const dir = install("webpack");
  run(join(dir, "node_modules", ".bin", "webpack"), ["--config", "webpack.config.cjs"], dir);
  const out = readdirSync(join(dir, "dist"));
  assert.ok(out.some((f) => f.endsWith(".wasm")), `webpack emitted the wasm (${out})`);
  copyFileSync(join(dir, "index.html"), join(dir, "dist", "index.html"));
  const app = await serve(join(dir, "dist"));
  t.after(app.close);

  const { page, problems } = await newPage(t);
  await page.goto(`${app.origin}/?endpoint=${encodeURIComponent(urls.participant_url)}`);
  await chatsAcrossGc(page, "Webpack", "from a webpack app");
  assert.deepEqual(problems, []);
});
