// The sign-in callback's logic (www/sign-in.js), in Node with a stand-in window: when a page
// is the popup coming back, what it tells its opener, and what the opener forwards.
import { test, afterEach } from "node:test";
import assert from "node:assert/strict";
import { isSignInCallback, reportSignIn, forwardSignIn, POPUP_NAME } from "../../www/sign-in.js";

const saved = {
  window: globalThis.window, location: globalThis.location, fetch: globalThis.fetch,
  addEventListener: globalThis.addEventListener, removeEventListener: globalThis.removeEventListener,
};
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete globalThis[k];
    else globalThis[k] = v;
  }
});

/** A page at `href`, opened by `opener` (null: none), in a window called `name`. */
function page(href, { opener = {}, name = "" } = {}) {
  const listeners = new Map();
  const win = {
    opener, name, closed: false,
    close() { win.closed = true; },
    addEventListener: (t, f) => listeners.set(t, f),
    removeEventListener: (t) => listeners.delete(t),
  };
  globalThis.window = win;
  globalThis.location = new URL(href);
  globalThis.addEventListener = win.addEventListener;
  globalThis.removeEventListener = win.removeEventListener;
  return { win, listeners };
}

test("the redirect page in a popup is the callback; the same page on its own is not", () => {
  const redirect = { authenticationRedirectUri: "https://shop.example.com/chat/signed-in" };
  page("https://shop.example.com/chat/signed-in?code=c0de&state=st-91");
  assert.equal(isSignInCallback(redirect), true);
  page("https://shop.example.com/chat/signed-in?code=c0de", { opener: null });
  assert.equal(isSignInCallback(redirect), false, "no opener: a visitor opened it");
  page("https://shop.example.com/other?code=c0de");
  assert.equal(isSignInCallback(redirect), false, "another page of the site");
  page("https://evil.example.com/chat/signed-in?code=c0de");
  assert.equal(isSignInCallback(redirect), false, "another origin");
  page("https://shop.example.com/other", { name: POPUP_NAME });
  assert.equal(isSignInCallback({}), true, "the popup by its name");
});

test("the callback page posts the provider's answer to its opener, same origin only, and closes", () => {
  const posted = [];
  const opener = { postMessage: (data, origin) => posted.push([data, origin]) };
  const { win } = page("https://shop.example.com/chat/signed-in?code=c0de&state=st-91&other=x", { opener });
  reportSignIn();
  assert.deepEqual(posted, [[{ type: "connect-chat:sign-in", query: { code: "c0de", state: "st-91" } }, "https://shop.example.com"]]);
  assert.equal(win.closed, true);
  posted.length = 0;
  page("https://shop.example.com/chat/signed-in?error=access_denied&error_description=no", { opener });
  reportSignIn();
  assert.deepEqual(posted[0][0].query, { error: "access_denied", error_description: "no" });
});

test("the opener forwards a report from its own origin to authenticationCallbackUrl, nothing else", async () => {
  const { listeners } = page("https://shop.example.com/");
  const sent = [];
  globalThis.fetch = async (url, init) => {
    sent.push([url, init.method, JSON.parse(init.body)]);
    return { ok: true, status: 200 };
  };
  const stop = forwardSignIn("/auth/callback");
  const onMessage = listeners.get("message");
  onMessage({ origin: "https://evil.example.com", data: { type: "connect-chat:sign-in", query: { code: "x" } } });
  onMessage({ origin: "https://shop.example.com", data: { type: "other" } });
  onMessage({ origin: "https://shop.example.com", data: { type: "connect-chat:sign-in", query: { code: "c0de", state: "st-91", extra: "no" } } });
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(sent, [["/auth/callback", "POST", { code: "c0de", state: "st-91" }]]);
  stop();
  assert.equal(listeners.has("message"), false);
  assert.equal(typeof forwardSignIn(undefined), "function", "no callback URL: nothing to listen for");
});
