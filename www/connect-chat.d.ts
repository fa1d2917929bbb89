// Types for the script-tag loader: `import "connect-chat-widget/connect-chat.js"`, or
// `/// <reference types="connect-chat-widget/connect-chat.js" />` in a page that only has the
// tag, declares the global it publishes and the window's events.
import type { ConnectChatGlobal, ConnectChatWindowEvents } from "./index.js";

declare global {
  interface Window {
    /** The widget's handle (under the name in `data-global`, if the tag gives one). */
    ConnectChat?: ConnectChatGlobal;
  }
  interface WindowEventMap extends ConnectChatWindowEvents {}
}

export {};
