// Plain Node, as server-side rendering imports the package: no entry throws, <ConnectChat>
// renders its empty container, and mount() says it needs a browser.
import { test } from "node:test";
import assert from "node:assert/strict";
import { install, run } from "./common.mjs";

test("Node imports every entry and renders <ConnectChat> without a DOM", () => {
  const dir = install("ssr");
  const seen = JSON.parse(run(process.execPath, ["check.mjs"], dir, { timeout: 30_000 }));
  assert.deepEqual(seen, {
    main: ["ChatError", "load", "mount", "optionsFromAttributes"],
    element: ["defineConnectChat"],
    react: ["ConnectChat"],
    defined: null,
    html: '<div class="chat"></div>',
    mount: "connect-chat: mount() needs a browser (it was called without a document)",
  });
});
