// Checks for the harness's own arithmetic: percentiles, crate attribution of symbols, and the
// wasm section reader on a module built byte by byte. Run: node --test bench/test
import assert from "node:assert/strict";
import { test } from "node:test";
import { summary } from "../lib/stats.mjs";
import { breakdown, crateOf, demangleLegacy, missingGlue } from "../lib/wasm.mjs";

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
