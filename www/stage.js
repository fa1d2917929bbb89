// A staged mount: the launcher is drawn at once (launcher.js), and the wasm widget is fetched
// at idle time, on intent, or at once, then takes over in one frame. Most visitors never open
// the chat, so the page pays a few kilobytes until one might.
import { Launcher } from "./launcher.js";
import { ChatError, ChatHandle, Listeners } from "./handle.js";
import { showErrorState } from "./error-state.js";
import { hardenHost } from "./styles.js";
import { loadWidget } from "./wasm.js";
import { CallbackStage, forwardSignIn, isSignInCallback, reportSignIn } from "./sign-in.js";

/** When the wasm is fetched: `idle` (after the load event, or on intent), `intent`, `eager`. */
export const LOAD = Object.freeze(["idle", "intent", "eager"]);

/** The widget's sessionStorage key when `storageKey` is not given (src/driver.rs). */
const STORAGE_KEY = "connect-chat:session";
/** How long an idle callback may wait for the page to be idle. */
const IDLE_TIMEOUT_MS = 3000;

/** Whether sessionStorage holds a chat (or a goodbye still owed) under `key`. */
function stored(key) {
  try {
    return sessionStorage.getItem(key) !== null || sessionStorage.getItem(`${key}:owed`) !== null;
  } catch {
    return false; // storage blocked: the widget keeps its chat in memory, so none is stored
  }
}

/**
 * Sends the requests the page before stored for this one (`<key>:ahead`, written by the
 * widget when that page turned hidden): a resume's connection and transcript, asked for while
 * the wasm downloads. The widget takes each answer for its own identical request (the same
 * key); one it does not make is never read. Returns the answers' promises by key.
 */
function sendAhead(key) {
  const answers = new Map();
  let requests;
  try {
    requests = JSON.parse(sessionStorage.getItem(`${key}:ahead`) ?? "[]");
    // Once: a page that fails to load the widget must not send them again on its reload.
    sessionStorage.removeItem(`${key}:ahead`);
  } catch {
    return answers; // storage blocked, or not JSON: the widget asks for itself
  }
  // Offline they could only fail, and the widget would wait out a retry's backoff for them.
  if (navigator.onLine === false) return answers;
  for (const r of Array.isArray(requests) ? requests : []) {
    const { key: id, method, url, headers, body } = r ?? {};
    let target = null;
    try {
      target = new URL(url);
    } catch {
      // not a URL: skipped
    }
    const fine = typeof id === "string" && (method === "GET" || method === "POST") && /^https?:$/.test(target?.protocol);
    if (!fine || answers.has(id)) continue;
    const answer = fetch(target, { method, headers: headers ?? {}, body: typeof body === "string" ? body : undefined, mode: "cors" });
    answer.catch(() => {}); // the widget reads a failure as its own request's
    answers.set(id, answer);
  }
  return answers;
}

/** Calls `run` when the page is idle after its load event; returns a function that cancels. */
function afterLoadWhenIdle(run) {
  let cancel = () => {};
  const idle = () => {
    if (typeof requestIdleCallback === "function") {
      const id = requestIdleCallback(run, { timeout: IDLE_TIMEOUT_MS });
      cancel = () => cancelIdleCallback(id);
    } else {
      const id = setTimeout(run, 1);
      cancel = () => clearTimeout(id);
    }
  };
  if (document.readyState === "complete") {
    idle();
  } else {
    addEventListener("load", idle, { once: true });
    cancel = () => removeEventListener("load", idle);
  }
  return () => cancel();
}

/**
 * The widget between its launcher and its wasm: what the handle (handle.js) asks of it
 * before and after the wasm is there.
 */
class Stage {
  /** The wasm widget's handle, once mounted. */
  wasm = null;
  /** Resolves once the wasm widget took over; rejects if it could not load or start. */
  loaded;
  #parent;
  #options;
  #wasmUrl;
  #wasm;
  #listeners;
  #hide;
  #launcher;
  #cancelIdle = () => {};
  #started = false;
  #open = false;
  #destroyed = false;
  #settle;
  #stopSignIn;

  constructor(parent, options, { wasmUrl, wasm, listeners, when, hide }) {
    this.#stopSignIn = forwardSignIn(options.authenticationCallbackUrl);
    this.#parent = parent;
    this.#options = options;
    this.#wasmUrl = wasmUrl;
    this.#wasm = wasm;
    this.#listeners = listeners;
    this.#hide = hide;
    this.loaded = new Promise((resolve, reject) => (this.#settle = { resolve, reject }));
    // Whoever wants to know awaits `loaded`; the failure is reported below either way.
    this.loaded.catch(() => {});
    this.#launcher = new Launcher(parent, options, { intent: () => this.start(), press: () => this.open() });
    // A window that starts open is as good as a click: the widget opens it itself.
    const key = options.storageKey || STORAGE_KEY;
    const resuming = stored(key);
    // A stored chat resumes as soon as the wasm is here; its first requests need not wait.
    if (resuming) Object.defineProperty(options, "ahead", { value: sendAhead(key), enumerable: false });
    if (options.open) this.open();
    else if (when === "eager" || resuming) this.start();
    else if (when === "idle") this.#cancelIdle = afterLoadWhenIdle(() => this.start());
  }

  /** Whether the wasm is on its way (or there). */
  get started() {
    return this.#started;
  }

  /** Fetches the wasm and mounts the widget (once). */
  start() {
    if (this.#started || this.#destroyed) return;
    this.#started = true;
    this.#cancelIdle();
    loadWidget(this.#wasm ?? this.#wasmUrl, this.#wasmUrl).then(
      ({ glue }) => this.#mount(glue),
      (error) => this.#fail(error),
    );
  }

  /** Opens the window as soon as the widget is there; the launcher shows it is coming. */
  open() {
    if (this.wasm) return this.wasm.open();
    this.#open = true;
    this.#launcher.busy = true;
    this.start();
  }

  close() {
    if (this.wasm) return this.wasm.close();
    this.#open = false;
    this.#launcher.busy = false;
  }

  destroy() {
    this.#destroyed = true;
    this.#stopSignIn();
    this.#cancelIdle();
    this.#launcher.remove();
    this.wasm?.destroy();
    this.wasm = null;
    this.#settle.reject(new ChatError("destroyed", "connect-chat: the widget was destroyed"));
  }

  #mount(glue) {
    if (this.#destroyed) return;
    let wasm;
    try {
      wasm = glue.mountWithListener(this.#options, this.#listeners.dispatch, this.#listeners.listens);
    } catch (error) {
      this.#fail(error);
      return;
    }
    // mountWithListener put the widget's host last in the parent.
    const host = this.#parent.lastElementChild;
    if (host && host.hasAttribute("data-connect-chat") && host.shadowRoot) hardenHost(host.shadowRoot);
    this.#launcher.handOver(host);
    this.wasm = wasm;
    if (this.#open) wasm.open();
    this.#settle.resolve();
  }

  #fail(error) {
    if (this.#destroyed) return;
    const message = String(error?.message ?? error);
    const text = message.startsWith("connect-chat:") ? message : `connect-chat: ${message}`;
    console.error(text);
    this.#launcher.remove();
    if (!this.#hide) {
      showErrorState(this.#parent, text, { left: this.#options.position === "left", locale: this.#options.locale });
    }
    this.#listeners.dispatch("error", { message: text });
    this.#settle.reject(error instanceof Error ? error : new Error(text));
  }
}

/**
 * Draws the launcher in `parent` and returns the widget's handle at once; the wasm follows as
 * `options.load` says. `hide`: show nothing (instead of the unavailable state) if it fails;
 * `wasm`: the fetch of `options.wasmUrl` if it is already under way (a Response promise).
 */
export function stage(parent, options, { hide = false, wasm = null } = {}) {
  const { wasmUrl, container, load: when = "idle", ...rest } = options;
  if (!LOAD.includes(when)) throw new Error(`connect-chat: load must be one of ${LOAD.join(", ")}, not "${when}"`);
  // The wasm module reads only the options it knows, and the container directly as a DOM node:
  // kept out of the enumerable options, an element that a framework decorated (React's fiber
  // references are circular) is never walked.
  if (container) Object.defineProperty(rest, "container", { value: container, enumerable: false });
  const listeners = new Listeners();
  // In the sign-in popup, back from the identity provider: tell the opener, no second widget.
  if (isSignInCallback(rest)) {
    reportSignIn();
    return new ChatHandle(new CallbackStage(), listeners);
  }
  return new ChatHandle(new Stage(parent, rest, { wasmUrl, wasm, listeners, when, hide }), listeners);
}
