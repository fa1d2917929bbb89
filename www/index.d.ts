/** A field of the pre-chat form. `name: "name"` fills the display name; others become contact attributes. */
export interface PreChatField {
  name: string;
  label?: string;
  required?: boolean;
  /** An `<input>` type: `text` (default), `email`, `tel`, ... */
  type?: string;
}

/** Everything `mount` accepts. `startChatUrl` and one of `region` / `participantEndpoint` are required. */
export interface ChatOptions {
  /** Your backend's start-chat URL: POSTed `{ParticipantDetails:{DisplayName}, Attributes, ClientToken}` (pass `ClientToken` on to StartChatContact: a retried start carries the same one), answers `{ContactId, ParticipantId, ParticipantToken}`. */
  startChatUrl: string;
  /** The AWS region of the Connect instance, e.g. `us-east-1`. */
  region?: string;
  /** A Participant Service URL overriding the region's (a proxy, the local emulator). */
  participantEndpoint?: string;
  /** Skips the name field of the pre-chat form. */
  displayName?: string;
  preChatFields?: PreChatField[];
  /** Contact attributes sent to the start-chat backend. */
  attributes?: Record<string, string>;
  /** `en`, `de`, `es`, `fr`, `ja`, `ar`; defaults to the browser's language. */
  locale?: string;
  /** `--cc-*` custom properties, e.g. `{ "--cc-accent": "#7a1fa2" }`. Other keys are ignored. */
  theme?: Record<string, string>;
  position?: "left" | "right";
  title?: string;
  logoUrl?: string;
  attachments?: { allowedExtensions?: string[]; maxSizeBytes?: number };
  features?: Partial<{
    attachments: boolean;
    markdown: boolean;
    readReceipts: boolean;
    typing: boolean;
    titleNotification: boolean;
    /** A short tone when a message arrives in a hidden tab (off unless set). */
    sound: boolean;
  }>;
  /** The longest message in characters (default 1024). */
  maxMessageLength?: number;
  /** Start with the window open. */
  open?: boolean;
  /** The sessionStorage key, so two widgets can share a page. */
  storageKey?: string;
  /** The page the sign-in provider sends the customer back to (registered with it); without it, sign-in the flow asks for is unavailable. */
  authenticationRedirectUri?: string;
  /** An identity provider to sign in with, passed to the sign-in page. */
  authenticationIdentityProvider?: string;
  /** Where the widget POSTs the sign-in callback's query (`{code, state}` or `{error, error_description}`) as JSON, for the site's backend to call UpdateParticipantAuthentication. */
  authenticationCallbackUrl?: string;
  /** Where the widget's element goes (default `document.body`). */
  container?: Element;
  /** Where to fetch the .wasm from (default: next to this module). */
  wasmUrl?: string | URL;
  /**
   * When the wasm is fetched (the launcher is drawn at once either way): `idle` (default) once
   * the page has loaded and is idle, or on intent; `intent` when the visitor points at,
   * touches or focuses the launcher, or clicks it; `eager` at once. A chat stored in
   * sessionStorage is always resumed at once.
   */
  load?: "idle" | "intent" | "eager";
}

/** Who wrote a message. */
export type ChatRole = "agent" | "bot" | "supervisor" | "system" | "customer";

/** A message from the other side (agent, bot, supervisor), as `on("message")` gives it. */
export interface ChatMessageEvent {
  /** The message's Id at the service. */
  id: string;
  /** When the service took it: an ISO 8601 time in UTC, e.g. `2026-11-30T17:20:00.123Z`. */
  time: string;
  role: ChatRole;
  /** The display name, when the service gave one. */
  name: string | null;
  /** `text/plain`, `text/markdown`, an interactive message's type, ... */
  contentType: string;
  content: string;
}

/** @deprecated Renamed `ChatMessageEvent` (this name hides the DOM's `MessageEvent`). */
export type MessageEvent = ChatMessageEvent;

/** The connection's state. */
export type ChatStatus = "idle" | "connecting" | "connected" | "reconnecting" | "offline" | "ended";

/** The payload of `on("status")`. */
export interface ChatStatusEvent {
  status: ChatStatus;
}

/** Who or what ended the chat. */
export type ChatEndReason = "customer" | "agent" | "idle" | "expired";

/** The payload of `on("ended")`. */
export interface ChatEndedEvent {
  reason: ChatEndReason;
}

/** The payload of `on("error")`: something went wrong during the chat (it may go on). */
export interface ChatErrorEvent {
  message: string;
}

/** The events of `on`, with their payloads. */
export interface ChatEvents {
  message: ChatMessageEvent;
  status: ChatStatusEvent;
  ended: ChatEndedEvent;
  error: ChatErrorEvent;
}

/** The name of an event `on` accepts. */
export type ChatEventName = keyof ChatEvents;

/** A listener for `event`. */
export type ChatListener<E extends ChatEventName> = (payload: ChatEvents[E]) => void;

/**
 * Why `sendMessage` failed: `not_started` (no chat is running yet), `ended` (the chat ended
 * before the service took the message), `empty` (an empty message), `too_long` (longer than
 * `maxMessageLength`), `failed` (the service did not take it, for good), `destroyed` (the
 * widget was destroyed).
 */
export type ChatErrorCode = "not_started" | "ended" | "empty" | "too_long" | "failed" | "destroyed";

/** What `sendMessage` rejects with. */
export class ChatError extends Error {
  constructor(code: ChatErrorCode, message: string, options?: { cause?: unknown });
  readonly name: "ChatError";
  readonly code: ChatErrorCode;
}

/**
 * The mounted widget, from the moment its launcher is drawn; the methods work before the wasm
 * is there. It stays until `destroy()`, whether or not the page keeps this object.
 */
export interface ChatHandle {
  /** The connection now (`idle` until the wasm is there; a resumed chat reports its own). */
  readonly status: ChatStatus;
  /**
   * Resolves once the whole widget (the wasm) has taken over from the launcher; rejects if it
   * could not load or start (the launcher then shows the unavailable state).
   */
  readonly loaded: Promise<void>;
  /** Opens the chat window (loading the widget first, if it is not there yet). */
  open(): void;
  /** Closes (minimizes) the chat window; the chat goes on. */
  close(): void;
  /** Calls `listener(payload)` on `event`; returns a function that removes it. */
  on<E extends ChatEventName>(event: E, listener: ChatListener<E>): () => void;
  /** Removes `listener` from `event`. */
  off<E extends ChatEventName>(event: E, listener: ChatListener<E>): void;
  /**
   * Sends text as the customer; resolves to the message's Id once the service took it. Waits
   * for the widget while it loads. Rejects with a `ChatError` (see `ChatErrorCode`).
   */
  sendMessage(text: string): Promise<string>;
  /** Ends the chat. */
  end(): void;
  /** Removes the widget and stops everything it runs. */
  destroy(): void;
}

/**
 * Draws the launcher and resolves to the handle at once; the wasm follows as `options.load`
 * says (`handle.loaded` tells when). Rejects with an Error naming the bad option, or outside a
 * browser.
 */
export function mount(options: ChatOptions): Promise<ChatHandle>;

/**
 * Loads the wasm module ahead of `mount` (called by it): from `wasm`, a URL or a fetch already
 * under way (`url` then names it in error messages).
 */
export function load(wasm?: string | URL | Response | Promise<Response>, url?: string | URL): Promise<unknown>;

/** Reads options from attributes (`data-*` on a script tag with prefix `"data-"`). Throws on a bad value. */
export function optionsFromAttributes(element: Element, prefix?: string): ChatOptions;

/**
 * The global the script-tag embed publishes (`window.ConnectChat` unless `data-global` names
 * another): the handle's methods, callable before the widget is ready.
 */
export interface ConnectChatGlobal {
  /** The handle, as soon as the launcher is drawn (before the wasm: see `ChatHandle.loaded`). */
  ready: Promise<ChatHandle>;
  handle: ChatHandle | null;
  /** Why the widget could not start (a bad configuration, or the wasm failing to load). */
  error: Error | null;
  /** The connection now (`idle` until the widget is ready). */
  readonly status: ChatStatus;
  open(): Promise<void>;
  close(): Promise<void>;
  on<E extends ChatEventName>(event: E, listener: ChatListener<E>): Promise<() => void>;
  off<E extends ChatEventName>(event: E, listener: ChatListener<E>): Promise<void>;
  sendMessage(text: string): Promise<string>;
  end(): Promise<void>;
  destroy(): Promise<void>;
}

/**
 * The window's events (script tag): `connect-chat:ready` when the handle is there (with the
 * launcher), `connect-chat:error` when the widget cannot start (before `ready` for a bad
 * configuration, after it when the wasm fails to load).
 */
export interface ConnectChatWindowEvents {
  "connect-chat:ready": CustomEvent<ChatHandle>;
  "connect-chat:error": CustomEvent<Error>;
}
