// What crosses the wire, from the Chrome DevTools Protocol: every response's transferred bytes
// (Network.loadingFinished's encodedDataLength: compressed body and headers), with the time it
// finished, so the bytes before a moment in the page can be added up; and the network
// conditions of a slow mobile connection.

/**
 * Lighthouse's "Slow 4G": 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up (Lighthouse counts
 * 1 kbit as 1,024 bits). CDP adds the latency to each request, not to each packet.
 */
export const SLOW_4G = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
};

/**
 * Records the page's requests through `cdp` (a CDP session with the Network domain enabled
 * by this call). Times are epoch milliseconds, comparable with the page's
 * `performance.timeOrigin + performance.now()`.
 */
export async function recordRequests(cdp) {
  const byId = new Map();
  // CDP's timestamps are monotonic seconds; requestWillBeSent also gives the wall time.
  let offset = null;
  const at = (timestamp) => (offset === null ? null : timestamp * 1000 + offset);
  const entry = (requestId) => {
    let e = byId.get(requestId);
    if (!e) {
      e = { url: null, status: null, encoding: null, chunks: [], received: 0, encoded: null, finished: null, failed: false };
      byId.set(requestId, e);
    }
    return e;
  };
  cdp.on("Network.requestWillBeSent", (p) => {
    if (offset === null) offset = p.wallTime * 1000 - p.timestamp * 1000;
    const e = entry(p.requestId);
    e.url = p.request.url;
    e.started = at(p.timestamp);
  });
  cdp.on("Network.responseReceived", (p) => {
    const e = entry(p.requestId);
    e.status = p.response.status;
    const headers = Object.fromEntries(Object.entries(p.response.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    e.encoding = headers["content-encoding"] ?? null;
  });
  // The headers the network stack actually sent (Accept-Encoding is added there).
  cdp.on("Network.requestWillBeSentExtraInfo", (p) => {
    const e = entry(p.requestId);
    e.requestEncoding = Object.entries(p.headers ?? {}).find(([k]) => k.toLowerCase() === "accept-encoding")?.[1] ?? null;
  });
  cdp.on("Network.dataReceived", (p) => {
    const e = entry(p.requestId);
    e.chunks.push({ at: at(p.timestamp), encoded: p.encodedDataLength });
    e.received += p.dataLength;
  });
  cdp.on("Network.loadingFinished", (p) => {
    const e = entry(p.requestId);
    e.encoded = p.encodedDataLength;
    e.finished = at(p.timestamp);
  });
  cdp.on("Network.loadingFailed", (p) => {
    const e = entry(p.requestId);
    e.failed = true;
    e.finished = at(p.timestamp);
  });
  await cdp.send("Network.enable");
  return { requests: () => [...byId.values()].filter((e) => e.url && !e.url.startsWith("data:")) };
}

/**
 * The bytes of `requests` transferred by epoch time `cut`: a response finished by then counts
 * whole (encodedDataLength), one still arriving counts what arrived (its dataReceived chunks).
 * Returns `{ bytes, files: [{ url, bytes, decoded, encoding, complete }] }`.
 */
export function bytesBefore(requests, cut) {
  const files = [];
  for (const r of requests) {
    if (r.started === null || r.started === undefined || r.started > cut) continue;
    const complete = r.finished !== null && r.finished <= cut && !r.failed;
    const bytes = complete ? r.encoded ?? 0 : r.chunks.filter((c) => c.at !== null && c.at <= cut).reduce((a, c) => a + c.encoded, 0);
    files.push({ url: r.url, bytes, decoded: r.received, encoding: r.encoding, complete });
  }
  return { bytes: files.reduce((a, f) => a + f.bytes, 0), files };
}

/** An empty cache that stays empty: the first visit of a new visitor. */
export async function coldCache(cdp) {
  await cdp.send("Network.enable");
  await cdp.send("Network.clearBrowserCache");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
}
