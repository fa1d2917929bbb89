// The handle `mount` resolves to: the widget's methods as JavaScript developers expect them,
// from the moment the launcher is drawn, before the wasm is there (stage.js). Listeners live
// here, one set per event; the wasm side calls a single dispatcher that it holds from the
// moment it mounts, so events sent during mount (a resumed chat's first status) are not lost.

/** The events `on` accepts. */
export const EVENTS = Object.freeze(["message", "status", "ended", "error"]);

/** A failure of a handle method: `code` says which, `message` says it in words. */
export class ChatError extends Error {
  constructor(code, message, options) {
    super(message, options);
    this.name = "ChatError";
    this.code = code;
  }
}

function checkEvent(event) {
  if (!EVENTS.includes(event)) {
    throw new TypeError(`connect-chat: unknown event "${event}" (one of ${EVENTS.join(", ")})`);
  }
}

// A listener that throws is the page's bug: it is reported like an uncaught error, and the
// other listeners and the chat go on.
function report(error) {
  if (typeof reportError === "function") reportError(error);
  else console.error(error);
}

/**
 * The listeners of one widget and its last status. Kept apart from the handle: the wasm
 * module holds the dispatcher for as long as the widget is mounted, and must not keep the
 * handle alive with it.
 */
export class Listeners {
  #sets = new Map(EVENTS.map((e) => [e, new Set()]));
  status = "idle";

  /** What the wasm module calls: `dispatch(event, payload)`. */
  dispatch = (event, payload) => {
    if (event === "status" && typeof payload?.status === "string") this.status = payload.status;
    const set = this.#sets.get(event);
    if (!set) return;
    for (const fn of [...set]) {
      try {
        fn(payload);
      } catch (error) {
        report(error);
      }
    }
  };

  /**
   * What the wasm module asks before it builds an event's payload. `status` is always
   * wanted: the handle keeps the last one.
   */
  listens = (event) => event === "status" || (this.#sets.get(event)?.size ?? 0) > 0;

  add(event, fn) {
    checkEvent(event);
    if (typeof fn !== "function") throw new TypeError("connect-chat: on() takes a function");
    this.#sets.get(event).add(fn);
  }

  delete(event, fn) {
    this.#sets.get(event)?.delete(fn);
  }

  clear() {
    for (const set of this.#sets.values()) set.clear();
  }
}

/**
 * The mounted widget, with or without its wasm yet. Dropping it leaves the widget in place;
 * `destroy()` removes it.
 */
export class ChatHandle {
  #stage;
  #listeners;
  #destroyed = false;

  constructor(stage, listeners) {
    this.#stage = stage;
    this.#listeners = listeners;
  }

  /** The connection: `idle`, `connecting`, `connected`, `reconnecting`, `offline` or `ended`. */
  get status() {
    const own = this.#destroyed ? undefined : this.#stage.wasm?.status;
    return typeof own === "string" ? own : this.#listeners.status;
  }

  /** Resolves once the whole widget (the wasm) has taken over from the launcher. */
  get loaded() {
    return this.#stage.loaded;
  }

  /** Opens the chat window, loading the widget first if it is not there yet. */
  open() {
    this.#stage.open();
  }

  close() {
    this.#stage.close();
  }

  /** Calls `fn(payload)` on `event`; returns a function that removes it. */
  on(event, fn) {
    this.#listeners.add(event, fn);
    return () => this.off(event, fn);
  }

  /** Removes `fn` from `event` (nothing happens if it was not there). */
  off(event, fn) {
    checkEvent(event);
    this.#listeners.delete(event, fn);
  }

  /**
   * Sends `text` as the customer. Resolves to the message's Id once the service took it;
   * rejects with a ChatError whose `code` is `not_started`, `ended`, `empty`, `too_long`,
   * `failed` or `destroyed`. Waits for the widget while it loads; without it, no chat can be
   * running.
   */
  sendMessage(text) {
    if (this.#destroyed) return Promise.reject(new ChatError("destroyed", "connect-chat: the widget was destroyed"));
    if (typeof text !== "string" || text.trim() === "") {
      return Promise.reject(new ChatError("empty", "connect-chat: the message is empty"));
    }
    const wasm = this.#stage.wasm;
    if (!wasm) {
      if (!this.#stage.started) return Promise.reject(notStarted());
      return this.#stage.loaded.then(() => this.sendMessage(text), (error) => Promise.reject(asChatError(error, "not_started")));
    }
    // The wasm module's promise settles with the Id, or with an Error carrying its `code`.
    return wasm.sendMessage(text).catch((error) => {
      throw asChatError(error, "failed");
    });
  }

  /** Ends the chat (no confirmation: the page asked for it). */
  end() {
    if (this.#stage.wasm) this.#stage.wasm.end();
    else if (this.#stage.started) this.#stage.loaded.then(() => this.#stage.wasm?.end(), () => {});
  }

  /** Removes the widget from the page and stops everything it runs. */
  destroy() {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#listeners.clear();
    this.#stage.destroy();
  }
}

const notStarted = () => new ChatError("not_started", "connect-chat: no chat is running; start one first");

function asChatError(error, code) {
  if (error instanceof ChatError) return error;
  const message = error?.message ?? String(error);
  return new ChatError(typeof error?.code === "string" ? error.code : code, message.startsWith("connect-chat:") ? message : `connect-chat: ${message}`, { cause: error });
}
