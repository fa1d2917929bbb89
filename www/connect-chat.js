// The script-tag embed:
//
//   <script type="module" src="https://cdn.example.com/connect-chat/connect-chat.js"
//           data-start-chat-url="https://backend.example.com/start-chat"
//           data-region="us-east-1"></script>
//
// Reads the options from the tag's data-* attributes, loads the wasm next to this file
// (import.meta.url), mounts the widget in a shadow root and publishes the handle on
// window.ConnectChat (or the name in data-global). A bad configuration never throws into the
// page: it logs one console error and, with data-on-error="show" (the default), shows a
// disabled "Chat is unavailable" launcher; with data-on-error="hide" nothing is shown.
import { mount, optionsFromAttributes } from "./index.js";
import { showErrorState } from "./error-state.js";

const METHODS = ["open", "close", "on", "sendMessage", "end", "destroy"];

/** The <script> element that loaded this module (document.currentScript is null for modules). */
function ownScript() {
  const self = new URL(import.meta.url).href;
  for (const s of document.querySelectorAll("script[src]")) {
    if (s.src === self && !s.hasAttribute("data-connect-chat-mounted")) return s;
  }
  return null;
}

/** The documented global: the handle's methods, callable before the widget is ready. */
function publish(name, ready) {
  const api = { ready, handle: null, error: null };
  for (const m of METHODS) {
    api[m] = (...args) => ready.then((h) => h[m](...args));
  }
  ready.then(
    (h) => (api.handle = h),
    (e) => (api.error = e),
  );
  window[name] = api;
  return api;
}

async function start(script) {
  const options = optionsFromAttributes(script, "data-");
  if (!options.wasmUrl) options.wasmUrl = new URL("./connect_chat_widget_bg.wasm", import.meta.url);
  return mount(options);
}

if (typeof document !== "undefined") {
  const script = ownScript();
  const name = script?.getAttribute("data-global") || "ConnectChat";
  const onError = script?.getAttribute("data-on-error") || "show";
  script?.setAttribute("data-connect-chat-mounted", "");
  const ready = script
    ? start(script)
    : Promise.reject(new Error("connect-chat: could not find the <script> tag that loaded connect-chat.js"));
  // The page awaits window.ConnectChat.ready only if it wants to; no unhandled rejection.
  ready.catch((error) => {
    console.error(error instanceof Error ? error.message : `connect-chat: ${error}`);
    if (onError !== "hide" && document.body) {
      showErrorState(document.body, String(error?.message ?? error), script?.getAttribute("data-position") === "left");
    }
  });
  publish(name, ready);
  ready.then(
    (handle) => window.dispatchEvent(new CustomEvent("connect-chat:ready", { detail: handle })),
    (error) => window.dispatchEvent(new CustomEvent("connect-chat:error", { detail: error })),
  );
}
