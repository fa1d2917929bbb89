// What the tarball holds and says about itself: the files and metadata a well-kept npm package
// has, a README whose options table is exactly the `ChatOptions` of index.d.ts, and types
// that do not need React unless the React entries are used.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { unpack, work } from "./common.mjs";

const dir = join(work, "unpacked");
unpack(dir);
const read = (f) => readFileSync(join(dir, f), "utf8");
const pkg = JSON.parse(read("package.json"));

test("the tarball holds the modules, types, licences and changelog, and no demo", () => {
  const files = readdirSync(dir);
  for (const f of [
    "index.js", "index.d.ts", "handle.js", "element.js", "element.d.ts", "connect-chat.js", "connect-chat.d.ts",
    "react.js", "react.d.ts", "jsx.d.ts", "stage.js", "sign-in.js", "launcher.js", "launcher-look.js", "wasm.js",
    "connect_chat_widget.js", "connect_chat_widget_bg.wasm",
    "README.md", "CHANGELOG.md", "LICENSE-MIT", "LICENSE-APACHE",
  ]) {
    assert.ok(files.includes(f), `the tarball holds ${f}`);
  }
  assert.ok(!files.includes("demo") && !files.includes("copy-dist.mjs"), `no demo or build script (${files})`);
  assert.match(read("LICENSE-MIT"), /^MIT License/);
  assert.match(read("LICENSE-APACHE"), /Apache License\s+Version 2\.0/);
  assert.equal(pkg.license, "MIT OR Apache-2.0");
});

test("package.json has homepage, bugs, engines and CDN entries, and every export exists", () => {
  assert.match(pkg.homepage, /^https:\/\//);
  assert.match(pkg.bugs.url, /^https:\/\/.*\/issues$/);
  assert.equal(pkg.engines.node, ">=18");
  assert.equal(pkg.unpkg, "./connect-chat.js");
  assert.equal(pkg.jsdelivr, "./connect-chat.js");
  assert.deepEqual(pkg.peerDependenciesMeta, { react: { optional: true } });
  const targets = Object.values(pkg.exports).flatMap((e) => (typeof e === "string" ? [e] : Object.values(e)));
  for (const t of targets) assert.doesNotThrow(() => read(t), `${t} is in the tarball`);
});

test("the README's script tag and CHANGELOG name this version", () => {
  const readme = read("README.md");
  assert.ok(readme.includes(`https://cdn.jsdelivr.net/npm/connect-chat-widget@${pkg.version}/connect-chat.js`));
  assert.match(read("CHANGELOG.md"), new RegExp(`^## ${pkg.version.replaceAll(".", "\\.")}$`, "m"));
});

/** The members of `interface NAME { ... }` in `source`: name -> { type, optional }. */
function members(declarations, name) {
  const source = declarations.replace(/\/\*\*[\s\S]*?\*\//g, "");
  const start = source.indexOf(`export interface ${name} {`);
  assert.ok(start >= 0, `index.d.ts declares ${name}`);
  const out = new Map();
  let depth = 0;
  let i = source.indexOf("{", start) + 1;
  let line = "";
  for (; i < source.length; i++) {
    const c = source[i];
    if (depth === 0 && c === "}") break;
    if ("{<(".includes(c)) depth++;
    if ("}>)".includes(c)) depth--;
    line += c;
    if (depth === 0 && c === ";") {
      const text = line.trim();
      const m = /^(\w+)(\??):\s*([\s\S]+);$/.exec(text);
      assert.ok(m, `a member of ${name}: ${text}`);
      out.set(m[1], { optional: m[2] === "?", type: m[3].replace(/\s+/g, " ") });
      line = "";
    }
  }
  return out;
}

/** The rows of the markdown table under `## heading`: first cell -> the other cells. */
function table(markdown, heading) {
  const section = markdown.split(/^## /m).find((s) => s.startsWith(`${heading}\n`));
  assert.ok(section, `the README has "## ${heading}"`);
  const rows = new Map();
  for (const line of section.split("\n")) {
    if (!/^\| `/.test(line)) continue;
    const cells = line.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim().replaceAll("\\|", "|"));
    rows.set(cells[0].replace(/^`|`$/g, ""), cells.slice(1));
  }
  return rows;
}

test("the README's options table is exactly ChatOptions in index.d.ts", () => {
  const types = members(read("index.d.ts"), "ChatOptions");
  const rows = table(read("README.md"), "Options");
  assert.deepEqual([...rows.keys()].sort(), [...types.keys()].sort(), "the same option names");
  for (const [name, { type, optional }] of types) {
    const [cell, meaning] = rows.get(name);
    const written = cell.replace(/^`|`$/g, "");
    if (type.includes("{") && written.includes("...")) {
      // A long object type: the row names each of its fields.
      for (const field of type.match(/\w+(?=\??:)/g)) assert.ok(meaning.includes(`\`${field}\``), `${name}: ${field} in the row`);
    } else {
      assert.equal(written, type, `the type of ${name}`);
    }
    assert.equal(meaning.startsWith("Required."), !optional, `${name} is marked required exactly when it is`);
  }
});

test("only the React entries' types mention React", () => {
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".d.ts"))) {
    const mentions = /from "react"|module "react"|reference types="react"/.test(read(f));
    assert.equal(mentions, f === "react.d.ts" || f === "jsx.d.ts", `${f} mentions React: ${mentions}`);
  }
});
