// Starts the emulator binary, reads its JSON start-up line, and talks to its control API.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";

/**
 * Starts `bin` with `args`; resolves to `{ urls, pid, rss(), cpuSeconds(), stop() }` once the
 * start-up line is read (or rejects after `timeoutMs`).
 */
export function startEmulator(bin, args, timeoutMs = 20_000) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => {
      if (stderr.length < 20_000) stderr += d;
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the emulator printed no start-up line within ${timeoutMs} ms: ${stderr.slice(-500)}`));
    }, timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the emulator exited (${code}) before its start-up line: ${stderr.slice(-500)}`));
    });
    const lines = createInterface({ input: child.stdout });
    lines.once("line", (line) => {
      clearTimeout(timer);
      let urls;
      try {
        urls = JSON.parse(line);
      } catch {
        child.kill("SIGKILL");
        reject(new Error(`the emulator's first line is not JSON: ${line.slice(0, 200)}`));
        return;
      }
      child.removeAllListeners("exit");
      resolve({
        urls,
        pid: child.pid,
        rss: () => procStatus(child.pid),
        cpuSeconds: () => cpuSeconds(child.pid),
        stop: () => stop(child),
      });
    });
  });
}

function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** VmRSS and VmHWM (peak) in bytes, from /proc (Linux); nulls elsewhere. */
export function procStatus(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (key) => {
      const m = new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(text);
      return m ? Number(m[1]) * 1024 : null;
    };
    return { rss: kb("VmRSS"), peak: kb("VmHWM") };
  } catch {
    return { rss: null, peak: null };
  }
}

/** User + system CPU time of `pid` in seconds (Linux), or null. */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks; 100/s on Linux
  } catch {
    return null;
  }
}

/** A JSON call to the control API; throws with the status and body on failure. */
export async function control(base, method, path, body, timeoutMs = 15_000) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

/** The newest contact's id. */
export async function newestContact(base) {
  const { Contacts } = await control(base, "GET", "/contacts");
  if (!Contacts.length) throw new Error("the emulator has no contacts");
  return Contacts[Contacts.length - 1].ContactId;
}

/** Runs `task(i)` for i in 0..count with at most `limit` at once. */
export async function pool(count, limit, task) {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}

/**
 * Asks the emulator's static server for each path once per coding, so its compressed copies
 * (brotli at quality 11 takes seconds for the wasm) are ready before anything is timed.
 */
export async function warmCompression(pageUrl, paths, timeoutMs = 120_000) {
  for (const path of paths) {
    for (const coding of ["br", "gzip"]) {
      const response = await fetch(`${pageUrl}${path}`, { headers: { "accept-encoding": coding }, signal: AbortSignal.timeout(timeoutMs) });
      await response.arrayBuffer();
    }
  }
}
