// Moves the widget's stylesheet into a constructed (adopted) stylesheet. An inline <style>
// element is blocked by a Content-Security-Policy without 'unsafe-inline'; constructed
// stylesheets are not, so the widget looks the same on a strict-CSP page.

/** Theme keys the widget accepts: its own custom properties only. */
export function themeRule(theme) {
  if (!theme || typeof theme !== "object") return "";
  const decls = Object.entries(theme)
    .filter(([k, v]) => /^--cc-[a-z0-9-]+$/i.test(k) && typeof v === "string" && !/[;{}<>\\]/.test(v))
    .map(([k, v]) => `${k}: ${v};`);
  return decls.length ? `\n.cc-root { ${decls.join(" ")} }` : "";
}

// The page's `!important` rules on the host element (`* { visibility: hidden !important }`,
// a transform that would re-anchor the fixed-position window) lose to `!important` ones
// from inside the shadow tree, so the host is reset that way.
const HOST_RESET = "\n:host { all: initial !important; }";

/** Adopts the shadow root's <style> text (plus the theme) as a constructed stylesheet. */
export function prepareStyles(root, theme) {
  if (typeof CSSStyleSheet === "undefined" || !("adoptedStyleSheets" in root)) return false;
  const style = root.querySelector("style");
  const css = style ? style.textContent : "";
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css + HOST_RESET + themeRule(theme));
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  if (style) style.remove();
  return true;
}
