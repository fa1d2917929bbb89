// The reference page: the official client library (amazon-connect-chatjs) with the least UI
// that shows the same things (each message's text appended with textContent), driven the
// same way as the widget page so the figures compare.
import { agentLatency, customerLatency, longTasksBefore, pageLoaded, untilFrame, urls, within } from "./common.js";

const marks = { moduleStart: performance.now() };
const expect = sessionStorage.getItem("bench-expect");
const saved = sessionStorage.getItem("bench-chat");
const log = document.getElementById("log");
const settle = (p) => p.then((v) => ({ ok: true, value: v }), (e) => ({ ok: false, error: String(e?.message ?? e) }));

function render(item) {
  if (item?.Type !== "MESSAGE" || typeof item.Content !== "string") return;
  const line = document.createElement("div");
  line.textContent = `${item.DisplayName ?? item.ParticipantRole ?? ""}: ${item.Content}`;
  log.append(line);
}

const loaded = within(
  new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = "/chatjs/amazon-connect-chat.js";
    script.onload = () => resolve(performance.now());
    script.onerror = () => reject(new Error("amazon-connect-chat.js did not load"));
    marks.scriptInserted = performance.now();
    document.head.append(script);
  }),
  30_000,
  "chatjs loaded",
).then((t) => {
  marks.libraryReady = t;
  window.connect.ChatSession.setGlobalConfig({
    region: "us-east-1",
    endpoint: urls.participant,
    loggerConfig: { level: window.connect.ChatSession.LogLevel?.ERROR ?? 40 },
  });
  return t;
});

/** As the widget's first use: the library loaded and the page's load event over. */
async function firstUse() {
  const [library, load] = await Promise.all([loaded, within(pageLoaded, 60_000, "load event")]);
  const at = Math.max(library, load);
  return { launcherVisible: library, load, at, cut: performance.timeOrigin + at, longTasks: longTasksBefore(at) };
}

let session = null;

function create(details) {
  const s = window.connect.ChatSession.create({
    chatDetails: {
      contactId: details.ContactId,
      participantId: details.ParticipantId,
      participantToken: details.ParticipantToken,
    },
    options: { region: "us-east-1" },
    type: "CUSTOMER",
    disableCSM: true,
  });
  s.onMessage((event) => render(event.data));
  return s;
}

/**
 * As the widget's "Start chat": the backend call, then connect() and the connection
 * established. connect() resolves once CreateParticipantConnection answered, before the
 * WebSocket is even open (src/core/chatController.js, connect → _initConnectionHelper, whose
 * start() resolves at once); chatjs reports the connection established when the socket
 * opens (src/lib/amazon-connect-websocket-manager.js, webSocketOnOpen → connectionGain),
 * without waiting for the subscription's answer, which the widget's "connected" includes.
 */
async function startChat() {
  await loaded;
  const t0 = performance.now();
  const response = await fetch(`${urls.participant}/start-chat`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ParticipantDetails: { DisplayName: "Bench" } }),
  });
  if (!response.ok) throw new Error(`start-chat: ${response.status}`);
  const details = await response.json();
  session = create(details);
  const established = new Promise((resolve) => session.onConnectionEstablished(() => resolve()));
  await within(session.connect(), 20_000, "chatjs connect");
  await within(established, 20_000, "chatjs connection established");
  const t1 = performance.now();
  sessionStorage.setItem("bench-chat", JSON.stringify(details));
  return t1 - t0;
}

/** After a reload: connect again with the saved details and show the latest 100 items. */
async function resume() {
  await loaded;
  session = create(JSON.parse(saved));
  await within(session.connect(), 20_000, "chatjs connect");
  // chatjs always sends a StartPosition, empty when none is given; the emulator refuses an
  // empty one, so ask for what "none" means: from the newest item, backward.
  const page = await session.getTranscript({
    maxResults: 100,
    sortOrder: "ASCENDING",
    scanDirection: "BACKWARD",
    startPosition: { mostRecent: 0 },
  });
  for (const item of page?.data?.Transcript ?? []) render(item);
}

const resumed =
  expect && saved
    ? Promise.all([
        resume(),
        untilFrame(() => log.textContent.includes(expect), 60_000, "resumed transcript visible"),
      ]).then(([, t]) => (marks.resumedVisible = t))
    : Promise.resolve(null);

window.bench = {
  marks,
  loaded: () => settle(loaded),
  firstUse: () => settle(firstUse()),
  resumed: () => settle(resumed),
  startChat: () => settle(startChat()),
  agentLatency: (o) => settle(agentLatency({ ...o, root: () => log, inside: "#log" })),
  customerLatency: (o) =>
    settle(customerLatency({ ...o, send: (text) => session.sendMessage({ contentType: "text/plain", message: text }) })),
  jsHeap: () => performance.memory?.usedJSHeapSize ?? null,
};
