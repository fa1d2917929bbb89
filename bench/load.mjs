// The emulator under load: N chats, each with a subscribed websocket, sending customer
// messages over loopback. Two phases, both bounded in time:
//   paced   every chat sends `rate` messages/s for `seconds` (latency at a steady load)
//   closed  every chat sends its next message as soon as the last one is echoed (throughput)
// Latency is SendMessage -> the message's frame on the sender's own socket (the emulator
// stores the item, then delivers it). One unmeasured message per chat goes first. Run alone: node bench/load.mjs [--chats N] [--seconds S]
import { performance } from "node:perf_hooks";
import WebSocket from "ws";
import { pool, startEmulator } from "./lib/emulator.mjs";
import { summary } from "./lib/stats.mjs";

const JSON_HEADERS = { "content-type": "application/json" };

async function post(url, token, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: token ? { ...JSON_HEADERS, "x-amz-bearer": token } : JSON_HEADERS,
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${url}: ${response.status} ${text.slice(0, 200)}`);
  return JSON.parse(text);
}

/** Starts a chat, gets a connection, opens and subscribes its socket. */
async function openChat(base, i) {
  const start = await post(`${base}/start-chat`, null, { ParticipantDetails: { DisplayName: `Load ${i}` } });
  const conn = await post(`${base}/participant/connection`, start.ParticipantToken, {
    Type: ["WEBSOCKET", "CONNECTION_CREDENTIALS"],
    ConnectParticipant: true,
  });
  const chat = { token: conn.ConnectionCredentials.ConnectionToken, waiters: new Map(), socket: null, frames: 0 };
  chat.socket = await new Promise((resolve, reject) => {
    const socket = new WebSocket(conn.Websocket.Url);
    const timer = setTimeout(() => reject(new Error("socket: no subscribe answer in 10 s")), 10_000);
    socket.on("error", reject);
    socket.on("open", () => socket.send(JSON.stringify({ topic: "aws/subscribe", content: { topics: ["aws/chat"] } })));
    socket.on("message", (data) => {
      const at = performance.now();
      const text = data.toString();
      chat.frames++;
      if (text.includes("aws/subscribe")) {
        clearTimeout(timer);
        resolve(socket);
        return;
      }
      for (const [marker, done] of chat.waiters) {
        if (text.includes(marker)) {
          chat.waiters.delete(marker);
          done(at);
        }
      }
    });
  });
  return chat;
}

let seq = 0;
/** Sends one message; resolves to `{ http, delivered }` latencies in ms (delivered null if lost). */
async function sendOne(base, chat, timeoutMs) {
  const marker = `load-${seq++}-${Math.random().toString(36).slice(2, 7)}`;
  const echoed = new Promise((resolve) => {
    chat.waiters.set(marker, resolve);
    setTimeout(() => {
      if (chat.waiters.delete(marker)) resolve(null);
    }, timeoutMs);
  });
  const t0 = performance.now();
  await post(`${base}/participant/message`, chat.token, { ContentType: "text/plain", Content: marker });
  const http = performance.now() - t0;
  const at = await echoed;
  return { http, delivered: at === null ? null : at - t0 };
}

function phaseResult(name, samples, errors, seconds, cpu, own) {
  const delivered = samples.filter((s) => s.delivered !== null);
  return {
    phase: name,
    seconds,
    sent: samples.length + errors.length,
    delivered: delivered.length,
    lost: samples.length - delivered.length,
    errors: errors.length,
    firstError: errors[0] ?? null,
    messagesPerSecond: delivered.length / seconds,
    http: summary(samples.map((s) => s.http)),
    delivery: summary(delivered.map((s) => s.delivered)),
    emulatorCpuPercent: cpu === null ? null : (100 * cpu) / seconds,
    generatorCpuPercent: (100 * (own.user + own.system)) / 1e6 / seconds,
  };
}

/** Runs both phases against a fresh emulator started from `bin`. */
export async function runLoad({ bin, chats = 200, rate = 2, seconds = 10, closedSeconds = 8, log = () => {} }) {
  const emulator = await startEmulator(bin, ["--agent", "none"]);
  const base = emulator.urls.participant_url;
  const out = { chats, rate, seconds, closedSeconds };
  const list = [];
  try {
    out.idle = emulator.rss();
    const t0 = performance.now();
    const setupErrors = [];
    await pool(chats, 20, async (i) => {
      try {
        list.push(await openChat(base, i));
      } catch (e) {
        setupErrors.push(String(e.message ?? e));
      }
    });
    out.setup = { ms: performance.now() - t0, opened: list.length, errors: setupErrors.length, firstError: setupErrors[0] ?? null };
    out.withSockets = emulator.rss();
    log(`load: ${list.length} chats with sockets in ${Math.round(out.setup.ms)} ms`);

    // One unmeasured message per chat, all at once: the client's connection pool is then
    // warm, so the percentiles below are the steady state rather than connection set-up.
    {
      const w0 = performance.now();
      const results = await Promise.allSettled(list.map((chat) => sendOne(base, chat, 5_000)));
      out.warmUp = { ms: performance.now() - w0, failed: results.filter((r) => r.status === "rejected").length };
    }
    // Paced: each chat sends every 1/rate s, its first send at a random offset.
    {
      const samples = [];
      const errors = [];
      const cpu0 = emulator.cpuSeconds();
      const own0 = process.cpuUsage();
      const start = performance.now();
      const end = start + seconds * 1000;
      await Promise.all(
        list.map(async (chat) => {
          let next = start + Math.random() * (1000 / rate);
          while (next < end) {
            const wait = next - performance.now();
            if (wait > 0) await new Promise((r) => setTimeout(r, wait));
            try {
              samples.push(await sendOne(base, chat, 5_000));
            } catch (e) {
              errors.push(String(e.message ?? e));
            }
            next += 1000 / rate;
          }
        }),
      );
      const elapsed = (performance.now() - start) / 1000;
      const cpu1 = emulator.cpuSeconds();
      out.paced = phaseResult("paced", samples, errors, elapsed, cpu0 === null ? null : cpu1 - cpu0, process.cpuUsage(own0));
      out.paced.offeredPerSecond = list.length * rate;
      log(`load: paced ${out.paced.delivered} delivered, p99 ${out.paced.delivery?.p99?.toFixed(1)} ms`);
    }
    // Closed loop: as fast as the echoes come back.
    {
      const samples = [];
      const errors = [];
      const cpu0 = emulator.cpuSeconds();
      const own0 = process.cpuUsage();
      const start = performance.now();
      const end = start + closedSeconds * 1000;
      await Promise.all(
        list.map(async (chat) => {
          while (performance.now() < end && errors.length < 100) {
            try {
              samples.push(await sendOne(base, chat, 5_000));
            } catch (e) {
              errors.push(String(e.message ?? e));
            }
          }
        }),
      );
      const elapsed = (performance.now() - start) / 1000;
      const cpu1 = emulator.cpuSeconds();
      out.closed = phaseResult("closed", samples, errors, elapsed, cpu0 === null ? null : cpu1 - cpu0, process.cpuUsage(own0));
      log(`load: closed loop ${Math.round(out.closed.messagesPerSecond)} messages/s`);
    }
    out.after = emulator.rss();
  } finally {
    for (const chat of list) chat.socket?.terminate();
    await emulator.stop();
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const bin = process.env.CONNECT_EMULATOR_BIN ?? new URL("../target/release/connect-emulator", import.meta.url).pathname;
  const result = await runLoad({
    bin,
    chats: arg("chats", 200),
    rate: arg("rate", 2),
    seconds: arg("seconds", 10),
    closedSeconds: arg("closed-seconds", 8),
    log: console.error,
  });
  console.log(JSON.stringify(result, null, 2));
}
