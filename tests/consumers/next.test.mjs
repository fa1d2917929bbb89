// A fresh Next.js 16 app (app router): a server page renders a client component that uses
// connect-chat-widget/react inside <StrictMode>. Built with `next build` and served with
// `next start`, and served by `next dev`, where StrictMode mounts, unmounts and mounts again
// in development. The chat works through forced garbage collections, one widget is on the
// page, and the on* props reach React state.
import { test } from "node:test";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { useBrowser, newPage, chatsAcrossGc, freePort, until, urls, GREETING, assert } from "../e2e/harness.mjs";
import { install, run } from "./common.mjs";

useBrowser();

let dir;

/** `next start` or `next dev` on a free port; resolves to its origin once it answers. */
async function next(command, t) {
  const port = await freePort();
  const server = spawn(process.execPath, [join(dir, "node_modules", "next", "dist", "bin", "next"), command, "-H", "127.0.0.1", "-p", String(port)], {
    cwd: dir, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  let log = "";
  server.stdout.on("data", (d) => (log += d));
  server.stderr.on("data", (d) => (log += d));
  t.after(() => server.kill("SIGTERM"));
  const origin = `http://127.0.0.1:${port}`;
  await until(async () => (await fetch(origin)).ok, `next ${command} to answer (${log})`, 90_000);
  return origin;
}

/**
 * Opens the app and chats; returns how many launchers were drawn and how many wasm widgets
 * mounted in all (the widget's host renders a live region, the drawn launcher's does not).
 */
async function chats(origin, t, name) {
  const { page, problems } = await newPage(t);
  await page.addInitScript(() => {
    window.mounted = { launchers: 0, widgets: 0 };
    new MutationObserver((records) => {
      for (const r of records) {
        for (const n of r.addedNodes) {
          if (n.nodeType !== 1 || !n.hasAttribute("data-connect-chat")) continue;
          if (n.shadowRoot?.querySelector(".cc-sr")) window.mounted.widgets++;
          else window.mounted.launchers++;
        }
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(`${origin}/?endpoint=${encodeURIComponent(urls.participant_url)}`);
  await chatsAcrossGc(page, name, `from ${name}`);
  assert.equal(await page.locator("[data-connect-chat]").count(), 1, "one widget on the page");
  await page.locator("#status", { hasText: "connected" }).waitFor();
  await page.locator("#messages li", { hasText: GREETING }).waitFor();
  assert.deepEqual(problems, []);
  return page.evaluate(() => window.mounted);
}

test("Next.js 16 production build: <ConnectChat> in a client component renders and chats", async (t) => {
  dir = install("next");
  run(join(dir, "node_modules", ".bin", "next"), ["build"], dir, { timeout: 240_000 });
  assert.deepEqual(await chats(await next("start", t), t, "Next"), { launchers: 1, widgets: 1 }, "mounted once");
});

test("Next.js 16 dev server: under StrictMode's double effects one widget mounts and chats", async (t) => {
  dir ??= install("next");
  // StrictMode ran the effect twice: the first launcher was destroyed before its wasm was
  // wanted, the second stays and its widget mounts once.
  assert.deepEqual(await chats(await next("dev", t), t, "NextDev"), { launchers: 2, widgets: 1 }, "drawn twice, mounted once");
});
