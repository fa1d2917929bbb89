// Shared by the consumer tests: the packed package, and installing it into an app.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const here = import.meta.dirname;
export const repo = resolve(here, "..", "..");
/** Scratch space: the unpacked package for the CDN copy, build logs. */
export const work = join(repo, "target", "consumers");

/** The tarball `npm pack` made of www/ (tests/consumers/run.sh packs it). */
export const tarball = process.env.CONSUMER_TARBALL;
if (!tarball || !existsSync(tarball)) {
  throw new Error("CONSUMER_TARBALL is not set: run the consumer tests through tests/consumers/run.sh");
}

/** Runs a command in `cwd` (bounded); returns its stdout, or throws with its output. */
export function run(cmd, args, cwd, { timeout = 180_000, env = {} } = {}) {
  try {
    return execFileSync(cmd, args, {
      cwd, timeout, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
    });
  } catch (error) {
    throw new Error(`${cmd} ${args.join(" ")} failed in ${cwd}:\n${error.stdout ?? ""}${error.stderr ?? ""}`, { cause: error });
  }
}

/** Unpacks the tarball into `dir` (its `package/` folder becomes `dir`). */
export function unpack(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  run("tar", ["-xzf", tarball, "-C", dir, "--strip-components=1"], dir);
}

/**
 * Installs the app `name` (a folder here): its locked dependencies with `npm ci` (skipped when
 * node_modules already holds exactly that lockfile), then the package from the tarball, as npm
 * would place it (it has no dependencies). The tarball changes with every build, so the
 * lockfiles do not pin it. Returns the app's folder.
 */
export function install(name) {
  const dir = join(here, name);
  const lock = createHash("sha256").update(readFileSync(join(dir, "package-lock.json"))).digest("hex");
  const stamp = join(dir, "node_modules", ".consumer-lock");
  if (!existsSync(stamp) || readFileSync(stamp, "utf8") !== lock) {
    run("npm", ["ci", "--no-audit", "--no-fund", "--prefer-offline"], dir, { timeout: 240_000 });
    writeFileSync(stamp, lock);
  }
  unpack(join(dir, "node_modules", "connect-chat-widget"));
  return dir;
}
