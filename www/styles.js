// Extra styles the loader adds to the widget's shadow root (and to the launcher's, launcher.js),
// as a constructed stylesheet (which a Content-Security-Policy without 'unsafe-inline' allows).

// The page's `!important` rules on the host element (`* { visibility: hidden !important }`,
// a transform that would re-anchor the fixed-position window) lose to `!important` ones from
// inside the shadow tree, so the host is reset that way.
export const HOST_RESET = ":host { all: initial !important; }";

/**
 * Adds the host reset to `root`. A `<style>` element left by an older widget build (blocked
 * under a strict CSP) is moved into the constructed sheet too. Returns false when the
 * browser has no constructed stylesheets (the widget's own styles still apply).
 */
export function hardenHost(root) {
  if (typeof CSSStyleSheet === "undefined" || !("adoptedStyleSheets" in root)) return false;
  const style = root.querySelector("style");
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(`${style ? style.textContent : ""}\n${HOST_RESET}`);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  if (style) style.remove();
  return true;
}
