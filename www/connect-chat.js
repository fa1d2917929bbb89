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
//
// This file imports nothing statically: it starts downloading the wasm at once, while the
// rest of the widget's JS loads, instead of after it.

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
  // data-wasm-url is relative to the page, like any URL in its markup; the default sits next
  // to this file.
  const given = script.getAttribute("data-wasm-url");
  const url = given ? new URL(given, document.baseURI) : new URL("./connect_chat_widget_bg.wasm", import.meta.url);
  const wasm = fetch(url);
  // Handled by load() once index.js is here; until then a failure must not be "unhandled".
  wasm.catch(() => {});
  const { load, mount, optionsFromAttributes } = await import("./index.js");
  const options = optionsFromAttributes(script, "data-");
  load(wasm, url).catch(() => {}); // mount() awaits the same load and reports its failure
  return mount({ ...options, wasmUrl: url });
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
  ready.catch(async (error) => {
    console.error(error instanceof Error ? error.message : `connect-chat: ${error}`);
    if (onError !== "hide" && document.body) {
      const { showErrorState } = await import("./error-state.js");
      showErrorState(document.body, String(error?.message ?? error), script?.getAttribute("data-position") === "left");
    }
  });
  publish(name, ready);
  ready.then(
    (handle) => window.dispatchEvent(new CustomEvent("connect-chat:ready", { detail: handle })),
    (error) => window.dispatchEvent(new CustomEvent("connect-chat:error", { detail: error })),
  );
}
