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

let packed = null;
/** `npm pack` of www/ (once), checking the tarball's file list; returns its path. */
function pack() {
  if (packed) return packed;
  const out = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", work], join(repo, "www")));
  const files = out[0].files.map((f) => f.path);
  for (const f of ["index.js", "index.d.ts", "element.d.ts", "connect-chat.js", "element.js", "connect_chat_widget.js", "connect_chat_widget_bg.wasm", "README.md"]) {
    assert.ok(files.includes(f), `the tarball holds ${f}`);
  }
  assert.ok(!files.some((f) => f.startsWith("demo/")), "the demo pages are not packed");
  packed = join(work, out[0].filename);
  return packed;
}

test("npm pack installs into a fresh Vite project, builds, mounts and chats", async (t) => {
  rmSync(app, { recursive: true, force: true });
  mkdirSync(join(app, "src"), { recursive: true });
  const tarball = pack();
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

test("webpack 5 emits the wasm and the bundle chats; the types check with tsc --strict", async (t) => {
  const dir = join(work, "webpack-app");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "src"), { recursive: true });
  const tarball = pack();
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "webpack-app", private: true }));
  writeFileSync(join(dir, "src", "index.js"), `import { mount } from "connect-chat-widget";
mount(${JSON.stringify({ startChatUrl: `${urls.participant_url}/start-chat`, participantEndpoint: urls.participant_url })})
  .then((chat) => { window.chat = chat; });
`);
  writeFileSync(join(dir, "webpack.config.cjs"), `module.exports = {
  mode: "production", entry: "./src/index.js",
  output: { path: __dirname + "/dist", filename: "main.js", publicPath: "/", clean: true },
};
`);
  writeFileSync(join(dir, "dist.html"), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>webpack app</title>
<script defer src="/main.js"></script></head><body><p>A webpack app.</p></body></html>`);
  // The types, used as a TypeScript app would.
  writeFileSync(join(dir, "src", "check.ts"), `import { mount, type ChatHandle, type ChatOptions } from "connect-chat-widget";
import { defineConnectChat } from "connect-chat-widget/element";
const options: ChatOptions = { startChatUrl: "/start-chat", region: "us-east-1", position: "left",
  preChatFields: [{ name: "email", required: true, type: "email" }], theme: { "--cc-accent": "#000" } };
async function main(): Promise<void> {
  const chat: ChatHandle = await mount(options);
  chat.on("message", (m) => console.log(m.name, m.content.toUpperCase(), m.contentType));
  chat.on("ended", (e) => console.log(e.reason === "agent"));
  chat.on("status", (s) => console.log(s.status === "connected"));
  chat.sendMessage("hi");
  const el = document.createElement("connect-chat");
  el.options = { locale: "de" };
  const handle: ChatHandle = await el.ready;
  handle.destroy();
  defineConnectChat("my-chat");
  await window.ConnectChat?.open();
}
void main;
`);
  writeFileSync(join(dir, "src", "wrong.ts"), `import { mount } from "connect-chat-widget";
void mount({ region: "us-east-1" });
`);
  run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "-D", "webpack@5", "webpack-cli@6", "typescript@5", tarball], dir);
  const tsc = join(dir, "node_modules", ".bin", "tsc");
  const flags = ["--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", "--lib", "es2022,dom", "--skipLibCheck", "false"];
  run(tsc, [...flags, "src/check.ts"], dir);
  // The types do catch a missing startChatUrl.
  const wrong = spawnSync(tsc, [...flags, "src/wrong.ts"], { cwd: dir, encoding: "utf8", timeout: 120_000 });
  assert.notEqual(wrong.status, 0);
  assert.match(wrong.stdout, /startChatUrl/);

  run(join(dir, "node_modules", ".bin", "webpack"), ["--config", "webpack.config.cjs"], dir);
  const out = readdirSync(join(dir, "dist"));
  assert.ok(out.some((f) => f.endsWith(".wasm")), `webpack emitted the wasm (${out})`);
  writeFileSync(join(dir, "dist", "index.html"), readFileSync(join(dir, "dist.html")));
  const origin = await serve(join(dir, "dist"), t);
  const { page, problems } = await newPage(t);
  await page.goto(`${origin}/`);
  await page.locator(".cc-launcher").waitFor();
  await startChat(page, "Webpack");
  await send(page, "from a webpack app");
  await seeBubble(page, "You said: from a webpack app");
  assert.deepEqual(problems, []);
});
