// Every option, method and event of the package, as a TypeScript app uses them, and the
// mistakes the types must catch (each `@ts-expect-error` fails the check if no error is there).
import {
  ChatError, load, mount, optionsFromAttributes,
  type ChatEndedEvent, type ChatHandle, type ChatMessageEvent, type ChatOptions, type ChatStatus,
  type ConnectChatGlobal,
} from "connect-chat-widget";
import { defineConnectChat, type ConnectChatElement } from "connect-chat-widget/element";
import "connect-chat-widget/connect-chat.js";

const options: ChatOptions = {
  startChatUrl: "https://backend.example.com/start-chat",
  region: "us-east-1",
  participantEndpoint: "https://proxy.example.com",
  displayName: "Ann",
  preChatFields: [{ name: "email", label: "E-mail", required: true, type: "email" }],
  attributes: { plan: "gold" },
  locale: "de",
  theme: { "--cc-accent": "#7a1fa2" },
  position: "left",
  title: "Help",
  logoUrl: "https://example.com/logo.svg",
  attachments: { allowedExtensions: [".pdf"], maxSizeBytes: 1_000_000 },
  features: { attachments: true, markdown: true, readReceipts: false, typing: true, titleNotification: true, sound: false },
  maxMessageLength: 500,
  open: true,
  storageKey: "support-chat",
  container: document.body,
  wasmUrl: new URL("https://cdn.example.com/connect_chat_widget_bg.wasm"),
  load: "intent",
};

async function main(): Promise<void> {
  await load();
  await load(fetch("/x.wasm"), "/x.wasm");
  const chat: ChatHandle = await mount(options);
  const status: ChatStatus = chat.status;
  const loaded: Promise<void> = chat.loaded;
  await loaded;
  chat.open();
  chat.close();
  const off = chat.on("message", (m: ChatMessageEvent) => {
    const id: string = m.id;
    const time: string = m.time;
    console.log(id, time, m.role === "agent", m.name?.length, m.contentType, m.content.toUpperCase());
  });
  off();
  const onStatus = (s: { status: ChatStatus }) => console.log(s.status === "connected", status);
  chat.on("status", onStatus);
  chat.off("status", onStatus);
  chat.on("ended", (e: ChatEndedEvent) => console.log(e.reason === "agent"));
  chat.on("error", (e) => console.log(e.message.length));
  try {
    const id: string = await chat.sendMessage("hi");
    console.log(id);
  } catch (error) {
    if (error instanceof ChatError) console.log(error.code === "not_started", error.message);
  }
  chat.end();
  chat.destroy();

  // The <connect-chat> element and its events.
  const el = document.createElement("connect-chat");
  el.options = { locale: "de", theme: { "--cc-accent": "#000" } };
  el.addEventListener("connect-chat:ready", (e) => e.detail.open());
  el.addEventListener("connect-chat:error", (e) => console.log(e.detail.message));
  const handle: ChatHandle = await el.ready;
  console.log(el.handle === handle);
  const Element: { new (): ConnectChatElement } | null = defineConnectChat("my-chat");
  console.log(Element);
  console.log(optionsFromAttributes(el, "").startChatUrl);

  // The script-tag loader's global and the window's events.
  const global: ConnectChatGlobal | undefined = window.ConnectChat;
  await global?.open();
  const unsubscribe: (() => void) | undefined = await global?.on("message", (m) => console.log(m.content));
  unsubscribe?.();
  const sent: string | undefined = await global?.sendMessage("hello");
  console.log(sent, global?.status, global?.handle?.status, global?.error?.message);
  window.addEventListener("connect-chat:ready", (e) => e.detail.on("ended", (x) => console.log(x.reason)));
  window.addEventListener("connect-chat:error", (e) => console.log(e.detail.message));
}

function mistakes(chat: ChatHandle): void {
  // @ts-expect-error: no such event
  chat.on("messages", () => {});
  // @ts-expect-error: a message has no `text` field
  chat.on("message", (m) => console.log(m.text));
  // @ts-expect-error: status is a string union, not a number
  chat.on("status", (s) => s.status.toFixed());
  // @ts-expect-error: an ended reason is one of four words
  chat.on("ended", (e) => e.reason === "timeout");
  // @ts-expect-error: sendMessage resolves to the message Id, a string
  chat.sendMessage("x").then((n: number) => n);
  chat.sendMessage("x").catch((e: ChatError) =>
    // @ts-expect-error: the codes are not_started, ended, empty, too_long, failed, destroyed
    e.code === "not-running",
  );
  // @ts-expect-error: position is left or right
  void mount({ startChatUrl: "/s", region: "us-east-1", position: "top" });
  // @ts-expect-error: load is idle, intent or eager
  void mount({ startChatUrl: "/s", region: "us-east-1", load: "lazy" });
  // @ts-expect-error: loaded is read-only
  chat.loaded = Promise.resolve();
  // @ts-expect-error: maxMessageLength is a number
  void mount({ startChatUrl: "/s", region: "us-east-1", maxMessageLength: "500" });
  // @ts-expect-error: startChatUrl is required
  void mount({ region: "us-east-1" });
  // @ts-expect-error: the element's ready event carries the handle, not a string
  document.createElement("connect-chat").addEventListener("connect-chat:ready", (e) => e.detail.toUpperCase());
  // @ts-expect-error: status is read-only
  chat.status = "idle";
}

void main;
void mistakes;
