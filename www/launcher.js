// The launcher drawn at once, before the wasm widget has loaded: the widget's host element,
// shadow root, classes, stylesheet and labels (launcher-look.js, which the Rust UI reads too),
// so that the widget can replace it in one frame without a visible change. Built with DOM
// calls and a constructed stylesheet only (a strict CSP allows both); nothing here is large.
import { LAUNCHER_CSS, LAUNCHER_LABELS } from "./launcher-look.js";
import { HOST_RESET } from "./styles.js";

const SVG = "http://www.w3.org/2000/svg";
// src/ui/icons.rs's Bubble. The e2e tests compare the two launchers pixel by pixel.
const BUBBLE = "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z";

/** `key`'s text in the locale tagged `tag`, from the shared table; English when it lacks it. */
export function label(tag, key) {
  let english = null;
  for (const line of LAUNCHER_LABELS.split("\n")) {
    const [locale, k] = line.split(" ", 2);
    if (k !== key) continue;
    const text = line.slice(locale.length + k.length + 2);
    if (locale === tag) return text;
    if (locale === "en") english = text;
  }
  return english;
}

/** The widget's locale for a BCP 47 tag, as src/ui/i18n.rs `Locale::from_tag` reads it. */
export function localeOf(given) {
  const tag = String(given ?? globalThis.navigator?.language ?? "en").split(/[-_]/)[0].toLowerCase();
  return LAUNCHER_LABELS.includes(`\n${tag} `) ? tag : "en";
}

/** The launcher's speech-bubble icon (decorative: the button's label says what it does). */
export function bubbleIcon() {
  const svg = document.createElementNS(SVG, "svg");
  for (const [k, v] of [["width", "26"], ["height", "26"], ["viewBox", "0 0 24 24"], ["aria-hidden", "true"], ["focusable", "false"]]) {
    svg.setAttribute(k, v);
  }
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("fill", "currentColor");
  path.setAttribute("d", BUBBLE);
  svg.append(path);
  return svg;
}

/**
 * The theme's rule, as src/ui/styles.rs `theme_rule` writes it: only `--cc-*` names with plain
 * values, so that a theme cannot inject rules.
 */
function themeRule(theme) {
  const declarations = Object.entries(theme ?? {})
    .filter(([k, v]) => /^--cc-[A-Za-z0-9-]*$/.test(k) && typeof v === "string" && !/[;{}<>\\]/.test(v))
    .map(([k, v]) => `${k}: ${v}; `)
    .join("");
  return declarations ? `\n.cc-root { ${declarations}}` : "";
}

function sheet(root, css) {
  if (typeof CSSStyleSheet !== "undefined" && "adoptedStyleSheets" in root) {
    const s = new CSSStyleSheet();
    s.replaceSync(css);
    root.adoptedStyleSheets = [s];
  } else {
    const style = document.createElement("style");
    style.textContent = css;
    root.append(style);
  }
}

/**
 * The launcher until the widget takes over: `intent()` is called when the visitor is likely to
 * use it (pointer over it, a touch, focus), `press()` on a click (or Enter, Space).
 */
export class Launcher {
  /** The host element, marked `data-connect-chat` like the widget's. */
  host;
  #button;

  constructor(parent, { locale, position, theme }, { intent, press }) {
    const tag = localeOf(locale);
    this.host = document.createElement("div");
    this.host.setAttribute("data-connect-chat", "");
    const shadow = this.host.attachShadow({ mode: "open" });
    sheet(shadow, `${LAUNCHER_CSS}${themeRule(theme)}\n${HOST_RESET}`);
    const root = document.createElement("div");
    root.className = position === "left" ? "cc-root cc-left" : "cc-root";
    root.dir = tag === "ar" ? "rtl" : "ltr";
    root.lang = tag;
    const button = document.createElement("button");
    button.className = "cc-launcher";
    button.type = "button";
    button.setAttribute("aria-label", label(tag, "open_chat"));
    button.setAttribute("aria-expanded", "false");
    button.append(bubbleIcon());
    for (const event of ["pointerenter", "touchstart", "focus"]) button.addEventListener(event, intent, { passive: true });
    button.addEventListener("click", press);
    root.append(button);
    shadow.append(root);
    parent.append(this.host);
    this.#button = button;
  }

  /** Shows that a click is waiting for the widget (a spinner, `aria-busy`). */
  set busy(on) {
    if (on) this.#button.setAttribute("aria-busy", "true");
    else this.#button.removeAttribute("aria-busy");
  }

  /**
   * Gives way to the widget mounted in `host`, in the same task (so in the same frame): focus
   * moves to the widget's launcher if it was on this one, then this one goes.
   */
  handOver(host) {
    const button = this.#button;
    if (this.host.shadowRoot.activeElement === button) {
      const next = host?.shadowRoot?.querySelector(".cc-launcher");
      // The ring stays as it was: shown after keyboard focus, not after a click.
      next?.focus({ focusVisible: button.matches(":focus-visible") });
    }
    this.remove();
  }

  remove() {
    this.host.remove();
  }
}
