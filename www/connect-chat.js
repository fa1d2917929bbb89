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
import { optionsFromAttributes } from "./attributes.js";
import { showErrorState } from "./error-state.js";
import { stage } from "./stage.js";
// Imported by the modules above; named here too so that the browser fetches the whole small
// graph at once instead of one level per round trip.
import "./handle.js";
import "./launcher.js";
import "./launcher-look.js";
import "./sign-in.js";
import "./styles.js";
import "./wasm.js";

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

/** Draws the launcher for the options on `script`; returns the handle (throws on bad options). */
function start(script) {
  // data-wasm-url is relative to the page, like any URL in its markup; the default sits next
  // to this file.
  const given = script.getAttribute("data-wasm-url");
  const wasmUrl = given ? new URL(given, document.baseURI) : new URL("./connect_chat_widget_bg.wasm", import.meta.url);
  const options = optionsFromAttributes(script, "data-");
  if (!document.body) throw new Error("connect-chat: the page has no <body> to put the widget in");
  return stage(document.body, { ...options, wasmUrl }, { hide: script.getAttribute("data-on-error") === "hide" });
}

if (typeof document !== "undefined") {
  // document.currentScript is null for modules: the tag is looked for, the last one first.
  const scripts = [...document.querySelectorAll("script[src]")].filter(candidate).reverse();
  const now = ownScriptNow(scripts);
  now?.setAttribute(CLAIMED, "");
  const found = now ? Promise.resolve(now) : ownScriptRedirected(scripts);
  const ready = found.then((script) => {
    if (!script) throw new Error("connect-chat: could not find the <script> tag that loaded connect-chat.js");
    script.setAttribute(CLAIMED, "");
    return start(script);
  });
  // The global is there at once when the tag was found at once; else as soon as it is.
  const global = (script) => publish(script?.getAttribute("data-global") || "ConnectChat", ready);
  const published = now ? Promise.resolve(global(now)) : found.then(global);
  // The page awaits window.ConnectChat.ready only if it wants to; no unhandled rejection.
  ready.catch(async (error) => {
    const script = await found;
    console.error(error instanceof Error ? error.message : `connect-chat: ${error}`);
    if (script?.getAttribute("data-on-error") !== "hide" && document.body) {
      showErrorState(document.body, String(error?.message ?? error), script?.getAttribute("data-position") === "left");
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
