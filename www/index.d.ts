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
  /** Your backend's start-chat URL: POSTed `{ParticipantDetails:{DisplayName}, Attributes}`, answers `{ContactId, ParticipantId, ParticipantToken}`. */
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
  /** Where the widget's element goes (default `document.body`). */
  container?: Element;
  /** Where to fetch the .wasm from (default: next to this module). */
  wasmUrl?: string | URL;
}

/** A message from the other side (agent, bot, supervisor). */
export interface MessageEvent {
  name: string | null;
  role: string;
  content: string;
  contentType: string;
}

export interface ChatEvents {
  message: MessageEvent;
  /** The connection's state. */
  status: { status: "idle" | "connecting" | "connected" | "reconnecting" | "offline" | "ended" };
  /** Who or what ended the chat. */
  ended: { reason: "customer" | "agent" | "idle" | "expired" };
  error: { message: string };
}

/** The mounted widget. */
export interface ChatHandle {
  open(): void;
  close(): void;
  on<E extends keyof ChatEvents>(event: E, callback: (payload: ChatEvents[E]) => void): void;
  /** Sends text as the customer; throws when no chat is running or the text is empty. */
  sendMessage(text: string): void;
  end(): void;
  destroy(): void;
}

/** Mounts the widget; rejects with an Error naming the bad option, or outside a browser. */
export function mount(options: ChatOptions): Promise<ChatHandle>;

/**
 * Loads the wasm module ahead of `mount` (called by it): from `wasm`, a URL or a fetch already
 * under way (`url` then names it in error messages).
 */
export function load(wasm?: string | URL | Response | Promise<Response>, url?: string | URL): Promise<unknown>;

/** Reads options from attributes (`data-*` on a script tag with prefix `"data-"`). Throws on a bad value. */
export function optionsFromAttributes(element: Element, prefix?: string): ChatOptions;

/** The global the script-tag embed publishes (`window.ConnectChat` unless `data-global` names another). */
export interface ConnectChatGlobal {
  ready: Promise<ChatHandle>;
  handle: ChatHandle | null;
  error: Error | null;
  open(): Promise<void>;
  close(): Promise<void>;
  on<E extends keyof ChatEvents>(event: E, callback: (payload: ChatEvents[E]) => void): Promise<void>;
  sendMessage(text: string): Promise<void>;
  end(): Promise<void>;
  destroy(): Promise<void>;
}

declare global {
  interface Window {
    ConnectChat?: ConnectChatGlobal;
  }
}
