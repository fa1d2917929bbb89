// connect-chat-widget: the npm entry. Nothing here touches the DOM at import time, so the
// module can be imported during server-side rendering; `mount` needs a browser. What this
// module imports is small: the wasm and its glue are fetched only when the widget is wanted.
import { stage } from "./stage.js";
import { loadWidget } from "./wasm.js";

export { optionsFromAttributes } from "./attributes.js";
export { ChatError } from "./handle.js";

/**
 * Loads and instantiates the WebAssembly module once; resolves to its exports. `mount`
 * calls it when the widget is wanted; call it earlier to start the download sooner. `wasm`
 * overrides where the .wasm file comes from: a URL, or a `fetch` already under way (a
 * Response or its promise; `url` then names it in errors).
 */
export function load(wasm, url) {
  return loadWidget(wasm, url).then(({ exports }) => exports);
}

/**
 * Draws the launcher and resolves to the widget's handle at once: `open()`, `close()`,
 * `on(event, fn)` (returns an unsubscribe function), `off(event, fn)`, `status`,
 * `sendMessage(text)`, `end()`, `destroy()`, and `loaded` (resolves once the wasm widget has
 * taken over). The wasm is fetched as `options.load` says: when the page is idle (default),
 * on intent, or at once; at once too when a chat is stored in sessionStorage. Rejects with an
 * Error naming the bad option. The widget stays until `destroy()`, whether or not the page
 * keeps the handle.
 *
 * @example
 * const chat = await mount({ startChatUrl: "/start-chat", region: "us-east-1" });
 * const off = chat.on("message", (m) => console.log(m.name, m.content));
 */
export async function mount(options) {
  if (typeof window === "undefined" || typeof document === "undefined") {
    throw new Error("connect-chat: mount() needs a browser (it was called without a document)");
  }
  if (options === null || typeof options !== "object") {
    throw new TypeError("connect-chat: mount() takes an options object");
  }
  // What the wasm module would refuse at once is refused here, before a launcher is drawn.
  if (options.startChatUrl != null && typeof options.startChatUrl !== "string") {
    throw new Error(`connect-chat: startChatUrl must be a string (the start-chat backend's URL), not ${typeof options.startChatUrl}`);
  }
  if (typeof options.startChatUrl !== "string" || options.startChatUrl.trim() === "") {
    throw new Error("connect-chat: startChatUrl is required");
  }
  if (!options.region && !options.participantEndpoint) {
    throw new Error("connect-chat: give a region or a participantEndpoint");
  }
  const parent = options.container ?? document.body;
  if (!parent) throw new Error("connect-chat: no container (document.body is missing)");
  return stage(parent, options);
}
