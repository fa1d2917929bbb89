// Customer sign-in, the part that runs outside the wasm widget: the callback page and the
// opener's side of it.
//
// When the flow asks the customer to sign in, the widget opens the sign-in page in a popup
// named POPUP_NAME. The identity provider sends the popup back to `authenticationRedirectUri`
// with `code` and `state` (or `error` and `error_description`). If that page loads the widget
// too, the widget does not mount there: it hands the query to the widget that opened the popup
// (postMessage, same origin only) and closes the popup. The opener forwards the query to
// `authenticationCallbackUrl` (POST, JSON) when one is given; the site's backend then calls
// Amazon Connect's UpdateParticipantAuthentication with it, and the chat hears the outcome as
// an authentication event.

/** The sign-in popup's window name (src/driver/mod.rs opens it under this name). */
export const POPUP_NAME = "connect-chat-auth";
/** The type of the message the callback page posts to its opener. */
const MESSAGE = "connect-chat:sign-in";
/** The query members the identity provider returns. */
const QUERY = ["code", "state", "error", "error_description"];

/**
 * Whether this page is the sign-in popup coming back: it has an opener, and its address is
 * `authenticationRedirectUri` (origin and path) or its window is the popup by name.
 */
export function isSignInCallback(options) {
  if (typeof window === "undefined") return false;
  let opener = null;
  try {
    opener = window.opener;
  } catch {
    return false;
  }
  if (!opener || opener === window) return false;
  if (window.name === POPUP_NAME) return true;
  const redirect = options?.authenticationRedirectUri;
  if (typeof redirect !== "string" || redirect === "") return false;
  try {
    const here = new URL(location.href);
    const there = new URL(redirect, location.href);
    return here.origin === there.origin && here.pathname === there.pathname;
  } catch {
    return false;
  }
}

/** The callback page's part: the query to the opener (same origin only), then close. */
export function reportSignIn() {
  const params = new URL(location.href).searchParams;
  const query = {};
  for (const name of QUERY) if (params.has(name)) query[name] = params.get(name);
  try {
    window.opener.postMessage({ type: MESSAGE, query }, location.origin);
  } catch {
    // The opener went away: nothing to tell.
  }
  // Allowed: the window was opened by script.
  window.close();
}

/**
 * The opener's part: every report from a popup of this origin is posted to `callbackUrl` as
 * JSON (`{code, state}` or `{error, error_description}`). Returns a function that stops.
 */
export function forwardSignIn(callbackUrl) {
  if (typeof window === "undefined" || typeof callbackUrl !== "string" || callbackUrl === "") return () => {};
  const onMessage = (event) => {
    if (event.origin !== location.origin || event.data?.type !== MESSAGE) return;
    const query = {};
    for (const name of QUERY) {
      const value = event.data.query?.[name];
      if (typeof value === "string") query[name] = value;
    }
    fetch(callbackUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(query),
      credentials: "same-origin",
    }).then(
      (response) => {
        if (!response.ok) console.error(`connect-chat: the sign-in callback answered HTTP ${response.status}`);
      },
      (error) => console.error(`connect-chat: the sign-in callback failed: ${error?.message ?? error}`),
    );
  };
  addEventListener("message", onMessage);
  return () => removeEventListener("message", onMessage);
}

/** What a callback page's mount stands on: no launcher, no wasm, nothing to open. */
export class CallbackStage {
  wasm = null;
  started = false;
  /** Never settles: the popup closes instead. */
  loaded = new Promise(() => {});
  start() {}
  open() {}
  close() {}
  destroy() {}
}
