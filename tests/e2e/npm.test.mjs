// The npm package: `npm pack` of www/, installed into a fresh Vite 7 project, built, served and
// mounted in the browser; the wasm is emitted by Vite as an asset; importing the installed
// package in Node (SSR) does not throw.
import { test } from "node:test";
import { execFileSync, spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { extname, join, resolve } from "node:path";
import {
  useBrowser, newPage, startChat, send, seeBubble, urls, assert,
} from "./harness.mjs";

useBrowser();

const repo = resolve(import.meta.dirname, "..", "..");
const work = resolve(process.env.E2E_WORK ?? join(repo, "target", "e2e"));
const app = join(work, "vite-app");
const run = (cmd, args, cwd, timeout = 240_000) =>
  execFileSync(cmd, args, { cwd, timeout, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css" };

/** A minimal static server for the built app (127.0.0.1, a free port). */
async function serve(dir, t) {
  const server = createServer((req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    const file = join(dir, path === "/" ? "index.html" : path);
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  t.after(() => server.close());
  return `http://127.0.0.1:${server.address().port}`;
}

test("npm pack installs into a fresh Vite project, builds, mounts and chats", async (t) => {
  rmSync(app, { recursive: true, force: true });
  mkdirSync(join(app, "src"), { recursive: true });
  const packed = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", work], join(repo, "www")));
  const tarball = join(work, packed[0].filename);
  const files = packed[0].files.map((f) => f.path);
  for (const f of ["index.js", "index.d.ts", "connect-chat.js", "element.js", "connect_chat_widget.js", "connect_chat_widget_bg.wasm", "README.md"]) {
    assert.ok(files.includes(f), `the tarball holds ${f}`);
  }
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "vite-app", private: true, type: "module" }));
  writeFileSync(join(app, "index.html"), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>vite app</title>
<script type="module" src="/src/main.js"></script></head><body><p>A Vite app.</p></body></html>`);
  writeFileSync(join(app, "src", "main.js"), `import { mount } from "connect-chat-widget";
window.chat = await mount(${JSON.stringify({ startChatUrl: `${urls.participant_url}/start-chat`, participantEndpoint: urls.participant_url })});
`);
  run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "-D", "vite@7", tarball], app);
  const build = run(join(app, "node_modules", ".bin", "vite"), ["build", "--target", "es2022"], app);
  const assets = readdirSync(join(app, "dist", "assets"));
  assert.ok(assets.some((f) => f.endsWith(".wasm")), `Vite emitted the wasm (${assets}); ${build}`);

  // SSR: importing the installed package in Node does not throw.
  const ssr = spawnSync(process.execPath, ["--input-type=module", "-e",
    `const m = await import("connect-chat-widget"); await import("connect-chat-widget/element"); console.log(typeof m.mount);`],
    { cwd: app, encoding: "utf8", timeout: 30_000 });
  assert.equal(ssr.status, 0, ssr.stderr);
  assert.equal(ssr.stdout.trim(), "function");

  const origin = await serve(join(app, "dist"), t);
  const { page, problems } = await newPage(t);
  await page.goto(`${origin}/`);
  await page.locator(".cc-launcher").waitFor();
  await startChat(page, "Vite");
  await send(page, "from a Vite app");
  await seeBubble(page, "You said: from a Vite app");
  assert.deepEqual(problems, []);
});
