// connect-chat-widget: the npm entry. Nothing here touches the DOM at import time, so the
// module can be imported during server-side rendering; `mount` needs a browser.
import init, { mountWithListener } from "./connect_chat_widget.js";
import { hardenHost } from "./styles.js";
import { ChatHandle, Listeners } from "./handle.js";

export { optionsFromAttributes } from "./attributes.js";
export { ChatError } from "./handle.js";

let loading = null;

/**
 * Loads and instantiates the WebAssembly module once. `mount` calls it; call it earlier to
 * start the download sooner. `wasm` overrides where the .wasm file comes from: a URL, or a
 * `fetch` already under way (a Response or its promise; `url` then names it in errors).
 */
export function load(wasm, url) {
  if (!loading) {
    // Written out literally so that Vite and webpack 5 find the asset and emit it.
    const source = wasm ?? new URL("./connect_chat_widget_bg.wasm", import.meta.url);
    if (url === undefined) url = typeof source === "string" || source instanceof URL ? source : "the widget's wasm";
    loading = init({ module_or_path: source }).catch((error) => {
      loading = null; // a later call may retry (e.g. after the network came back)
      throw new Error(`connect-chat: could not load ${url}: ${error?.message ?? error}`, { cause: error });
    });
  }
  return loading;
}

/**
 * Mounts the widget and resolves to its handle: `open()`, `close()`, `on(event, fn)` (returns
 * an unsubscribe function), `off(event, fn)`, `status`, `sendMessage(text)`, `end()`,
 * `destroy()`. Rejects with an Error naming the bad option. The widget stays until
 * `destroy()`, whether or not the page keeps the handle.
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
  await load(options.wasmUrl);
  const parent = options.container ?? document.body;
  if (!parent) throw new Error("connect-chat: no container (document.body is missing)");
  const { wasmUrl: _wasmUrl, container, ...rest } = options;
  // The wasm module reads the options through JSON.stringify, and the container directly: kept
  // out of the JSON, an element that a framework decorated (React's fiber references are
  // circular) cannot break it.
  if (container) Object.defineProperty(rest, "container", { value: container, enumerable: false });
  const listeners = new Listeners();
  const wasm = mountWithListener(rest, listeners.dispatch);
  const host = parent.lastElementChild;
  if (host && host.hasAttribute("data-connect-chat") && host.shadowRoot) {
    hardenHost(host.shadowRoot);
  }
  return new ChatHandle(wasm, listeners);
}
