// The non-interactive stand-in shown when the widget cannot start (bad configuration, the
// wasm failed to load): a greyed, disabled launcher with a reason, in the widget's language.
// Built with textContent and a constructed stylesheet only, so it works under a strict CSP and
// cannot inject markup.
import { bubbleIcon, label, localeOf } from "./launcher.js";

const CSS = `
:host { all: initial; }
.cc-unavailable { position: fixed; bottom: 20px; right: 20px; z-index: 2147483000; display: flex;
  align-items: center; gap: 8px; padding: 0 16px 0 0; border-radius: 28px; background: #eef1f4;
  color: #3d444d; font: 14px system-ui, sans-serif; box-shadow: 0 2px 8px rgba(0,0,0,.2); }
.cc-unavailable.cc-left { right: auto; left: 20px; }
.cc-unavailable[dir="rtl"] { padding: 0 0 0 16px; }
.cc-unavailable button { display: grid; place-items: center; width: 56px; height: 56px; border-radius: 50%;
  border: none; background: #8c959f; color: #fff; cursor: not-allowed; }
`;

/**
 * Adds the error state to `parent` and returns its host element: `message` is the reason (for
 * the site's developer, in the title), `left` its side, `locale` the language of its words.
 */
export function showErrorState(parent, message, { left = false, locale } = {}) {
  const tag = localeOf(locale);
  const host = document.createElement("div");
  host.setAttribute("data-connect-chat-error", "");
  const root = host.attachShadow({ mode: "open" });
  if (typeof CSSStyleSheet !== "undefined" && "adoptedStyleSheets" in root) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  }
  const box = document.createElement("div");
  box.className = left ? "cc-unavailable cc-left" : "cc-unavailable";
  box.setAttribute("role", "status");
  box.dir = tag === "ar" ? "rtl" : "ltr";
  box.lang = tag;
  const button = document.createElement("button");
  button.type = "button";
  button.disabled = true;
  button.setAttribute("aria-describedby", "cc-why");
  button.append(bubbleIcon());
  const text = document.createElement("span");
  text.id = "cc-why";
  text.textContent = label(tag, "unavailable");
  text.title = message;
  box.append(button, text);
  root.append(box);
  parent.append(host);
  return host;
}
