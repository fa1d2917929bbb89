// The script-tag embed:
//
//   <script type="module" src="https://cdn.jsdelivr.net/npm/connect-chat-widget@0.1.0/connect-chat.js"
//           data-start-chat-url="https://backend.example.com/start-chat"
//           data-region="us-east-1"></script>
//
// Reads the options from the tag's data-* attributes, draws the launcher at once (a few
// kilobytes, no wasm) and publishes the handle on window.ConnectChat (or the name in
// data-global). The wasm, next to this file (import.meta.url), is fetched when the page is
// idle, on intent, or at once (data-load; at once too when sessionStorage holds a chat), and
// the widget then takes over from the launcher. A bad configuration never throws into the
// page: it logs one console error and, with data-on-error="show" (the default), shows a
// disabled "Chat is unavailable" launcher; with data-on-error="hide" nothing is shown.
//
// The rest of the loader comes by import(), all of it at once: a static graph would run this
// module only once all of it had arrived, and a returning visitor's wasm should not wait.
const loader = () =>
  Promise.all([
    import("./attributes.js"),
    import("./error-state.js"),
    import("./stage.js"),
    import("./handle.js"),
    import("./launcher.js"),
    import("./launcher-look.js"),
    import("./sign-in.js"),
    import("./styles.js"),
    import("./wasm.js"),
  ]);

const METHODS = ["open", "close", "on", "off", "sendMessage", "end", "destroy"];
const CLAIMED = "data-connect-chat-mounted";

/** Whether `script` may be this module's tag: a module script no other copy has claimed. */
const candidate = (s) => s.type.toLowerCase() === "module" && s.src && !s.hasAttribute(CLAIMED);

/** This module's tag when it is marked `data-connect-chat` or its URL is this file's. */
function ownScriptNow(scripts) {
  return scripts.find((s) => s.hasAttribute("data-connect-chat")) ?? scripts.find((s) => s.src === import.meta.url);
}

/**
 * This module's tag when its URL redirected here: a CDN's unversioned URL answers with a
 * redirect to the versioned file, and import.meta.url is where the redirect led. Each tag's
 * URL is followed as the browser did (from the HTTP cache where it can); a module script from
 * another origin is served with CORS, so where it led can be read.
 */
async function ownScriptRedirected(scripts) {
  const target = (s) =>
    fetch(s.src, { cache: "force-cache", credentials: "omit" }).then(
      (r) => {
        r.body?.cancel().catch(() => {});
        return r.url;
      },
      () => null,
    );
  const targets = await Promise.all(scripts.map(target));
  return scripts.find((s, i) => targets[i] === import.meta.url && candidate(s)) ?? null;
}

/** The documented global: the handle's methods, callable before the widget is ready. */
function publish(name, ready) {
  const api = { ready, handle: null, error: null };
  for (const m of METHODS) {
    api[m] = (...args) => ready.then((h) => h[m](...args));
  }
  Object.defineProperty(api, "status", { enumerable: true, get: () => api.handle?.status ?? "idle" });
  ready.then(
    (h) => (api.handle = h),
    (e) => (api.error = e),
  );
  window[name] = api;
  return api;
}

/** The wasm's URL: data-wasm-url (relative to the page, like any URL in its markup) or next to this file. */
function wasmUrlOf(script) {
  const given = script.getAttribute("data-wasm-url");
  return given ? new URL(given, document.baseURI) : new URL("./connect_chat_widget_bg.wasm", import.meta.url);
}

/**
 * The wasm's fetch (and its glue's import) started now if stage.js will want them at once (the
 * window starts open, data-load is eager, a chat or a goodbye owed is stored), else null.
 * Not in a window another one opened: the sign-in popup is one, and it only hands its query
 * to its opener.
 */
function fetchAtOnce(script) {
  const data = (name) => script.getAttribute(`data-${name}`);
  const key = data("storage-key")?.trim() || "connect-chat:session";
  let wanted = data("load")?.trim() === "eager" || !/^(false|no|0)$/i.test(data("open")?.trim() ?? "false");
  try {
    if (window.opener) return null;
    wanted ||= sessionStorage.getItem(key) !== null || sessionStorage.getItem(`${key}:owed`) !== null;
  } catch {
    // Storage blocked: no chat is stored.
  }
  if (!wanted) return null;
  let url;
  try {
    url = wasmUrlOf(script);
  } catch {
    return null; // a bad data-wasm-url: start() reports it
  }
  const response = fetch(url);
  // Awaited by stage.js; until then a failure must not be "unhandled".
  response.catch(() => {});
  import("./connect_chat_widget.js").catch(() => {});
  return response;
}

/** Draws the launcher for the options on `script`; returns the handle (throws on bad options). */
function start([{ optionsFromAttributes }, , { stage }], script, wasm) {
  const options = optionsFromAttributes(script, "data-");
  if (!document.body) throw new Error("connect-chat: the page has no <body> to put the widget in");
  const hide = script.getAttribute("data-on-error") === "hide";
  return stage(document.body, { ...options, wasmUrl: wasmUrlOf(script) }, { hide, wasm });
}

if (typeof document !== "undefined") {
  // document.currentScript is null for modules: the tag is looked for, the last one first.
  const scripts = [...document.querySelectorAll("script[src]")].filter(candidate).reverse();
  const now = ownScriptNow(scripts);
  now?.setAttribute(CLAIMED, "");
  // A returning visitor's wasm is asked for before the loader's modules: it is the longest
  // download, and a browser has only a few connections to a server to share among them.
  const early = now && fetchAtOnce(now);
  const found = now ? Promise.resolve(now) : ownScriptRedirected(scripts);
  const modules = loader();
  modules.catch(() => {}); // reported through `ready` below
  const ready = found.then((script) => {
    if (!script) throw new Error("connect-chat: could not find the <script> tag that loaded connect-chat.js");
    script.setAttribute(CLAIMED, "");
    const wasm = script === now ? early : fetchAtOnce(script);
    return modules.then((m) => start(m, script, wasm));
  });
  // The global is there at once when the tag was found at once; else as soon as it is.
  const global = (script) => publish(script?.getAttribute("data-global") || "ConnectChat", ready);
  const published = now ? Promise.resolve(global(now)) : found.then(global);
  // The page awaits window.ConnectChat.ready only if it wants to; no unhandled rejection.
  ready.catch(async (error) => {
    const script = await found;
    console.error(error instanceof Error ? error.message : `connect-chat: ${error}`);
    const [, { showErrorState } = {}] = await modules.catch(() => []);
    if (showErrorState && script?.getAttribute("data-on-error") !== "hide" && document.body) {
      showErrorState(document.body, String(error?.message ?? error), {
        left: script?.getAttribute("data-position") === "left",
        locale: script?.getAttribute("data-locale"),
      });
    }
  });
  // After publish(): the global's `handle` / `error` are set when the events fire. `ready`
  // comes with the launcher; the wasm failing to load later is an error too (the widget has
  // already said why in the console and shown its unavailable state).
  const failed = (error) => window.dispatchEvent(new CustomEvent("connect-chat:error", { detail: error }));
  published.then((api) =>
    ready.then((handle) => {
      window.dispatchEvent(new CustomEvent("connect-chat:ready", { detail: handle }));
      handle.loaded.catch((error) => {
        if (error?.code === "destroyed") return;
        api.error = error;
        failed(error);
      });
    }, failed),
  );
}
