// Checks for the harness's own arithmetic: percentiles, crate attribution of symbols, the
// wasm section reader on a module built byte by byte, and the adding up of bytes on the
// wire. Run: node --test bench/test
import assert from "node:assert/strict";
import { test } from "node:test";
import { summary } from "../lib/stats.mjs";
import { breakdown, copies, crateOf, demangleLegacy, missingGlue } from "../lib/wasm.mjs";
import { groups, selfTimes } from "../profile.mjs";
import { bytesBefore } from "../lib/network.mjs";
import { fileRow, widgetOwns } from "../weight.mjs";

test("percentiles are nearest-rank over the sorted sample", () => {
  const s = summary([5, 1, 4, 2, 3, 100, 6, 7, 8, 9]);
  assert.equal(s.n, 10);
  assert.equal(s.min, 1);
  assert.equal(s.p50, 5);
  assert.equal(s.p95, 100);
  assert.equal(s.max, 100);
  assert.equal(summary([]), null);
  assert.equal(summary([NaN, 3]).n, 1);
});

test("legacy symbols demangle with their escapes", () => {
  assert.equal(
    demangleLegacy("_ZN98_$LT$$RF$mut$u20$serde_json..de..Deserializer$LT$R$GT$$u20$as$u20$serde_core..de..Deserializer$GT$18deserialize_struct17ha80485120b2d4caeE"),
    "<&mut serde_json::de::Deserializer<R> as serde_core::de::Deserializer>::deserialize_struct::ha80485120b2d4cae",
  );
});

test("a function goes to the crate of its path, its type, or a blanket impl's trait", () => {
  assert.equal(crateOf("_ZN14pulldown_cmark9firstpass9FirstPass11parse_block17h77d0efb29b066adeE"), "pulldown_cmark");
  assert.equal(crateOf("<&mut serde_json::de::Deserializer<R> as serde_core::de::Deserializer>::deserialize_struct"), "serde_json");
  assert.equal(crateOf("<T as tachys::view::any_view::IntoAny>::into_any"), "tachys");
  assert.equal(crateOf("<f64 as core[c5930c85a12de822]::fmt::Display>::fmt"), "std/core/alloc");
  // std's allocator counts with std: an embedder cannot drop it by choosing crates.
  assert.equal(crateOf("_RNvMs0_NtCsjqx8TIyZbP9_8dlmalloc8dlmallocINtB5_8DlmallocNtNtB7_3sys6SystemE6mallocCsebHcaeoSrxy_3std"), "std/core/alloc");
  assert.equal(crateOf("_RNvNtCs1234abcd_6tachys4view6render"), "tachys");
  assert.equal(crateOf("connect_chat_widget::mount"), "connect_chat_widget");
  assert.equal(crateOf("__wbindgen_malloc"), "wasm_bindgen");
});

/** A module with one imported function and two defined ones, named "a::f" and "b::g". */
function tinyModule(importModule = "env", importField = "h") {
  const str = (s) => [s.length, ...Buffer.from(s)];
  const section = (id, bytes) => [id, bytes.length, ...bytes];
  const type = section(1, [1, 0x60, 0, 0]);
  const imports = section(2, [1, ...str(importModule), ...str(importField), 0, 0]);
  const funcs = section(3, [2, 0, 0]);
  const body1 = [2, 0, 0x0b]; // no locals, end
  const body2 = [4, 0, 0x01, 0x01, 0x0b]; // nop nop end
  const code = section(10, [2, ...body1, ...body2]);
  const names = [1, ...[2, 1, ...str("a::f"), 2, ...str("b::g")]];
  const nameSub = [names[0], names.length - 1, ...names.slice(1)];
  const custom = section(0, [...str("name"), ...nameSub]);
  return Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...type, ...imports, ...funcs, ...code, ...custom]);
}

test("code bytes are attributed by function index past the imports", () => {
  const b = breakdown(tinyModule());
  assert.equal(b.named, true);
  assert.equal(b.functionCount, 2);
  assert.deepEqual(
    b.crates.map((c) => [c.crate, c.bytes]),
    [["b", 5], ["a", 3]],
  );
  assert.deepEqual(b.sections.map((s) => s.name), ["type", "import", "function", "code", "custom:name"]);
});

test("a glue that lacks one of the wasm's imports is reported", () => {
  const wasm = tinyModule("./w_bg.js", "__wbg_log_123");
  assert.deepEqual(missingGlue(wasm, "const imports = { __wbg_log_123: () => {} };"), []);
  assert.deepEqual(missingGlue(wasm, "const imports = { __wbg_log_456: () => {} };"), ["__wbg_log_123"]);
});

test("bytes before a moment: finished responses whole, one in flight by its chunks, later ones not", () => {
  const requests = [
    { url: "http://h/w/a.js", started: 0, finished: 50, encoded: 1000, failed: false, received: 3000, encoding: "br", chunks: [{ at: 40, encoded: 900 }] },
    { url: "http://h/w/b.wasm", started: 10, finished: 300, encoded: 9000, failed: false, received: 20000, encoding: "br", chunks: [{ at: 80, encoded: 4000 }, { at: 150, encoded: 3000 }, { at: 290, encoded: 1900 }] },
    { url: "http://h/w/late.js", started: 200, finished: 220, encoded: 500, failed: false, received: 500, encoding: null, chunks: [] },
    { url: "http://h/w/broken.js", started: 5, finished: 60, encoded: 0, failed: true, received: 0, encoding: null, chunks: [{ at: 20, encoded: 70 }] },
  ];
  const r = bytesBefore(requests, 100);
  assert.equal(r.bytes, 1000 + 4000 + 70);
  assert.deepEqual(r.files.map((f) => [f.url.slice(11), f.bytes, f.complete]), [["a.js", 1000, true], ["b.wasm", 4000, false], ["broken.js", 70, false]]);
  assert.equal(bytesBefore(requests, 1000).bytes, 1000 + 9000 + 500 + 70);
});

test("the widget's requests are its files and its calls to other origins", () => {
  assert.equal(widgetOwns("http://127.0.0.1:5/w/connect-chat.js", "http://127.0.0.1:5"), true);
  assert.equal(widgetOwns("http://127.0.0.1:5/widget-page.js", "http://127.0.0.1:5"), false);
  assert.equal(widgetOwns("http://127.0.0.1:6/connection", "http://127.0.0.1:5"), true);
  assert.equal(widgetOwns("http://127.0.0.1:5/chatjs/amazon-connect-chat.js", "http://127.0.0.1:5", "/chatjs/"), true);
  assert.equal(fileRow({ url: "http://127.0.0.1:6/connection", bytes: 1, decoded: 2, encoding: null, complete: true }, "http://127.0.0.1:5").file, "127.0.0.1:6/connection");
});

test("copies of a generic function are grouped by name, the most bytes first", () => {
  const c = copies([
    { name: "a::f", bytes: 10 },
    { name: "b::g", bytes: 30 },
    { name: "a::f", bytes: 15 },
    { name: "b::g", bytes: 1 },
    { name: "c::h", bytes: 99 },
  ]);
  assert.deepEqual(c, [
    { name: "b::g", copies: 2, bytes: 31 },
    { name: "a::f", copies: 2, bytes: 25 },
  ]);
});

test("a CPU profile's self time is summed by function and grouped by where it runs", () => {
  const profile = {
    nodes: [
      { id: 1, callFrame: { functionName: "(root)", url: "" } },
      { id: 2, callFrame: { functionName: "handle", url: "http://h/w/connect_chat_widget_bg.wasm" } },
      { id: 3, callFrame: { functionName: "__wbg_send", url: "http://h/w/connect_chat_widget.js" } },
      { id: 4, callFrame: { functionName: "(garbage collector)", url: "" } },
      { id: 5, callFrame: { functionName: "(idle)", url: "" } },
    ],
    samples: [2, 2, 3, 4, 5, 2],
    timeDeltas: [0, 1000, 1000, 2000, 500, 3000],
  };
  // A sample lasts until the next one; the last one as long as the gap before it.
  const rows = selfTimes(profile);
  assert.deepEqual(rows.map((r) => [r.name, r.where, r.ms]), [
    ["handle", "connect_chat_widget_bg.wasm", 1 + 1 + 3],
    ["(idle)", "", 3],
    ["__wbg_send", "connect_chat_widget.js", 2],
    ["(garbage collector)", "", 0.5],
  ]);
  assert.deepEqual(groups(rows), { wasm: 5, glue: 2, js: 0, gc: 0.5, program: 0, idle: 3 });
});
