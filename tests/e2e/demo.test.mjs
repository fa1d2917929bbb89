// The demo as a new user meets it: `scripts/demo.sh` serves the site from scripts/site.sh with
// scripts/serve.mjs, which says in words which address to open. That address loads the demo
// with its favicon and without a console error, and the chat works.
import { test } from "node:test";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { useBrowser, newPage, chatsAcrossGc, freePort, until, assert } from "./harness.mjs";

useBrowser();

const repo = resolve(import.meta.dirname, "..", "..");

/** The newest emulator binary built (scripts/e2e.sh runs one of these). */
function emulatorBin() {
  const built = ["target/debug/connect-emulator", "target/release/connect-emulator"]
    .map((f) => join(repo, f))
    .filter(existsSync)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return process.env.CONNECT_EMULATOR_BIN ?? built[0];
}

test("the demo says which address to open; the page loads with a favicon and no console error", async (t) => {
  const dir = join(repo, "target", "e2e", "demo-site");
  execFileSync(join(repo, "scripts", "site.sh"), [dir], { cwd: repo, stdio: "ignore" });
  const port = await freePort();
  const demo = spawn(process.execPath, [join(repo, "scripts", "serve.mjs"), dir, "--emulator", emulatorBin()], {
    cwd: repo, stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, PORT: String(port) },
  });
  t.after(() => demo.kill("SIGTERM"));
  const said = [];
  createInterface({ input: demo.stdout }).on("line", (l) => said.push(l));
  const address = `http://127.0.0.1:${port}/`;
  await until(() => said.some((l) => l.trim() === address), `the address in what the demo says (${said.join("\n")})`);
  assert.ok(said.some((l) => l.includes("Open this address in your browser")), said.join("\n"));

  const { page, problems } = await newPage(t);
  const answers = [];
  page.on("response", (r) => answers.push(`${r.status()} ${new URL(r.url()).pathname}`));
  for (const path of ["", "second.html", "csp.html"]) {
    await page.goto(address + path);
    await page.locator(".cc-launcher").waitFor();
  }
  assert.ok(answers.includes("200 /favicon.svg"), answers.join("\n"));
  assert.ok(!answers.some((a) => /^[45]\d\d /.test(a)), answers.join("\n"));
  await page.goto(address);
  await page.locator("#status", { hasText: "Ready." }).waitFor();
  await chatsAcrossGc(page, "Demo", "from the demo");
  const agent = await fetch(`${address}agent`);
  assert.equal(agent.status, 200, "the agent console behind /agent");
  assert.deepEqual(problems, []);
});
