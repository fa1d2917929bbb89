// TypeScript --strict over a file using every option, method and event, the React binding
// with <connect-chat> in JSX (tsconfig.json), and a page with only the script tag
// (tsconfig.tag.json); the `@ts-expect-error` lines must each be an error. Checked with
// TypeScript 5.9 and 7.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { install, run } from "./common.mjs";

let dir;
const tsc = (pkg) => () => {
  dir ??= install("types");
  const bin = join(dir, "node_modules", pkg, "bin", "tsc");
  const version = run(process.execPath, [bin, "--version"], dir).trim();
  assert.match(version, pkg === "typescript" ? /^Version 5\.9\./ : /^Version 7\./);
  for (const project of ["tsconfig.json", "tsconfig.tag.json"]) {
    run(process.execPath, [bin, "-p", project], dir, { timeout: 120_000 });
  }
};

test("the types check under TypeScript 5.9 --strict", tsc("typescript"));
test("the types check under TypeScript 7 --strict", tsc("typescript-7"));
