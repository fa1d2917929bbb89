// <connect-chat start-chat-url="..." region="..."></connect-chat> for frameworks. Importing
// this module defines the element in a browser and does nothing elsewhere (SSR).
import { mount, optionsFromAttributes } from "./index.js";

/** Defines the custom element (once) under `tag`; returns its class, or null without a DOM. */
export function defineConnectChat(tag = "connect-chat") {
  if (typeof customElements === "undefined" || typeof HTMLElement === "undefined") return null;
  const existing = customElements.get(tag);
  if (existing) return existing;
  class ConnectChatElement extends HTMLElement {
    #handle = null;
    #mounting = null;
    /** Options given as a property win over attributes (for objects such as `theme`). */
    options = null;

    /** Resolves to the widget's handle once its launcher is drawn (the wasm follows). */
    get ready() {
      return this.#mounting ?? Promise.reject(new Error("connect-chat: not connected"));
    }

    get handle() {
      return this.#handle;
    }

    connectedCallback() {
      if (this.#mounting) return;
      let options;
      try {
        options = { ...optionsFromAttributes(this, ""), ...(this.options ?? {}), container: this };
      } catch (error) {
        console.error(error.message);
        this.#mounting = Promise.reject(error);
        this.#mounting.catch(() => {});
        this.#tell("error", error);
        return;
      }
      this.#mounting = mount(options).then(
        (handle) => {
          this.#handle = handle;
          this.#tell("ready", handle);
          // The wasm failing to load later (the widget said why in the console).
          handle.loaded.catch((error) => {
            if (error?.code !== "destroyed") this.#tell("error", error);
          });
          return handle;
        },
        (error) => {
          console.error(error?.message ?? error);
          this.#tell("error", error);
          throw error;
        },
      );
      this.#mounting.catch(() => {});
    }

    /** `connect-chat:ready` / `connect-chat:error` (typed), and the earlier plain `ready` / `error`. */
    #tell(what, detail) {
      this.dispatchEvent(new CustomEvent(`connect-chat:${what}`, { detail }));
      this.dispatchEvent(new CustomEvent(what, { detail }));
    }

    disconnectedCallback() {
      const mounting = this.#mounting;
      this.#mounting = null;
      this.#handle = null;
      mounting?.then((h) => h.destroy(), () => {});
    }
  }
  customElements.define(tag, ConnectChatElement);
  return ConnectChatElement;
}

defineConnectChat();
