import type { ChatHandle, ChatOptions } from "./index.js";

/** `<connect-chat start-chat-url region ...>`: attributes as the script tag's, without `data-`. */
export interface ConnectChatElement extends HTMLElement {
  /** Options that win over the attributes (set before the element is connected). */
  options: Partial<ChatOptions> | null;
  /** The handle, as soon as the launcher is drawn (see `ChatHandle.loaded` for the wasm). */
  readonly ready: Promise<ChatHandle>;
  readonly handle: ChatHandle | null;
}

/** The element's events: the widget mounted (`detail` is its handle, with the launcher drawn), or could not start. */
export interface ConnectChatElementEvents {
  "connect-chat:ready": CustomEvent<ChatHandle>;
  "connect-chat:error": CustomEvent<Error>;
}

/** Defines the element under `tag` (default `connect-chat`); null outside a browser. */
export function defineConnectChat(tag?: string): { new (): ConnectChatElement } | null;

declare global {
  interface HTMLElementTagNameMap {
    "connect-chat": ConnectChatElement;
  }
  interface HTMLElementEventMap extends ConnectChatElementEvents {}
}
