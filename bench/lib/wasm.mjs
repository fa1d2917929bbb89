// Reads a WebAssembly binary's sections and its "name" section, and attributes the code
// bytes to crates, cargo-bloat style: a function belongs to the crate that starts its
// demangled path (for `<a::T as b::Trait>::f`, the crate of the type, `a`).

/** Reads an unsigned LEB128 at `pos`; returns [value, nextPos]. */
function uleb(buf, pos) {
  let result = 0;
  let shift = 0;
  for (;;) {
    const byte = buf[pos++];
    result += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return [result, pos];
    shift += 7;
  }
}

const SECTION_NAMES = [
  "custom", "type", "import", "function", "table", "memory", "global", "export", "start",
  "element", "code", "data", "datacount", "tag",
];

/** The sections of `buf`: `[{ id, name, start, size }]` (custom sections carry their name). */
export function sections(buf) {
  if (buf.readUInt32LE(0) !== 0x6d736100) throw new Error("not a WebAssembly binary");
  const out = [];
  let pos = 8;
  while (pos < buf.length) {
    const id = buf[pos];
    const [size, body] = uleb(buf, pos + 1);
    let name = SECTION_NAMES[id] ?? `section ${id}`;
    if (id === 0) {
      const [len, at] = uleb(buf, body);
      name = `custom:${buf.toString("utf8", at, at + len)}`;
    }
    out.push({ id, name, start: body, size, headerStart: pos });
    pos = body + size;
  }
  return out;
}

/** The entries of an import section: `[{ module, field, kind }]` (kind 0 is a function). */
function readImports(buf, section) {
  let [count, pos] = uleb(buf, section.start);
  const out = [];
  for (let i = 0; i < count; i++) {
    let len;
    [len, pos] = uleb(buf, pos);
    const module = buf.toString("utf8", pos, pos + len);
    pos += len;
    [len, pos] = uleb(buf, pos);
    const field = buf.toString("utf8", pos, pos + len);
    pos += len;
    const kind = buf[pos++];
    if (kind === 0) {
      [, pos] = uleb(buf, pos); // type index
    } else if (kind === 1 || kind === 2) {
      if (kind === 1) pos++; // a table's reftype
      const flags = buf[pos++];
      [, pos] = uleb(buf, pos);
      if (flags & 1) [, pos] = uleb(buf, pos);
    } else if (kind === 3) {
      pos += 2; // valtype, mutability
    } else if (kind === 4) {
      pos++;
      [, pos] = uleb(buf, pos);
    } else {
      throw new Error(`unknown import kind ${kind}`);
    }
    out.push({ module, field, kind });
  }
  return out;
}

/** How many functions are imported (their indices come before the defined ones). */
function importedFunctions(buf, section) {
  return readImports(buf, section).filter((i) => i.kind === 0).length;
}

/** Function names from the "name" section (subsection 1), by function index. */
function functionNames(buf, section) {
  const names = new Map();
  let pos = section.start;
  const end = section.start + section.size;
  let len;
  [len, pos] = uleb(buf, pos);
  pos += len; // "name"
  while (pos < end) {
    const sub = buf[pos++];
    let size;
    [size, pos] = uleb(buf, pos);
    if (sub === 1) {
      let count;
      let p = pos;
      [count, p] = uleb(buf, p);
      for (let i = 0; i < count; i++) {
        let index;
        let n;
        [index, p] = uleb(buf, p);
        [n, p] = uleb(buf, p);
        names.set(index, buf.toString("utf8", p, p + n));
        p += n;
      }
    }
    pos += size;
  }
  return names;
}

/** Sizes of the defined functions' bodies: `[{ index, size }]`. */
function bodies(buf, section, firstIndex) {
  let [count, pos] = uleb(buf, section.start);
  const out = [];
  for (let i = 0; i < count; i++) {
    const start = pos;
    const [size, body] = uleb(buf, pos);
    pos = body + size;
    out.push({ index: firstIndex + i, size: pos - start });
  }
  return out;
}

/** Strips a legacy Rust hash suffix (`::h0123456789abcdef`). */
function unhash(name) {
  return name.replace(/::h[0-9a-f]{16}$/, "");
}

const ESCAPES = { SP: "@", BP: "*", RF: "&", LT: "<", GT: ">", LP: "(", RP: ")", C: "," };

/** Demangles a legacy Rust symbol (`_ZN...E`); other names come back as they are. */
export function demangleLegacy(name) {
  if (!name.startsWith("_ZN")) return name;
  const parts = [];
  let pos = 3;
  while (pos < name.length && name[pos] !== "E") {
    const m = /^\d+/.exec(name.slice(pos));
    if (!m) return name;
    pos += m[0].length;
    parts.push(name.slice(pos, pos + Number(m[0])));
    pos += Number(m[0]);
  }
  return parts
    .map((p) =>
      p
        .replace(/^_\$/, "$")
        .replace(/\$u([0-9a-f]+)\$/g, (_, hex) => String.fromCodePoint(parseInt(hex, 16)))
        .replace(/\$([A-Z]+)\$/g, (all, k) => ESCAPES[k] ?? all)
        .replaceAll("..", "::"),
    )
    .join("::");
}

/** The first crate named in a v0 Rust symbol (`_R...`): `C<disambiguator>_<len><name>`. */
function v0Crate(name) {
  const m = /C(?:s[0-9A-Za-z]*_)?(\d+)/.exec(name.slice(2));
  if (!m) return null;
  const at = 2 + m.index + m[0].length;
  return name.slice(at, at + Number(m[1])).replace(/^_/, "");
}

/** The crate a symbol belongs to (best effort; see the module comment). */
export function crateOf(name) {
  if (name.startsWith("_R")) {
    const c = v0Crate(name);
    return c ? crateOf(`${c}::x`) : "(mangled)";
  }
  // binaryen writes v0 symbols demangled, with crate hashes: `core[c5930c85a12de822]::fmt`.
  let s = unhash(demangleLegacy(name)).replace(/\[[0-9a-f]{8,}\]/g, "").trim();
  // `<&T as X>`, `<[T] as X>`, `<(A, B) as X>`, `<impl X for T>`: look inside.
  for (let i = 0; i < 4 && s.startsWith("<"); i++) {
    s = s.slice(1).replace(/^impl\s+.*?\s+for\s+/, "");
    s = s.replace(/^(&mut\s+|&|\*const\s+|\*mut\s+|dyn\s+|\[|\()+/, "");
    // A blanket impl (`<T as a::Trait>`) or a primitive (`<u8 as a::Trait>`): the trait's crate.
    const bare = /^[A-Za-z_][A-Za-z0-9_]*(?![A-Za-z0-9_]|::)/.exec(s);
    if (bare && s.includes(" as ")) s = s.slice(s.indexOf(" as ") + 4);
  }
  if (/^_ZN|^_R/.test(s)) return "(mangled)";
  const m = /^([A-Za-z_][A-Za-z0-9_]*)::/.exec(s);
  if (m) {
    const c = m[1];
    // std's pieces are one entry: what an embedder cannot remove by choosing crates.
    if (["core", "alloc", "std", "compiler_builtins", "dlmalloc", "panic_abort", "__rustc"].includes(c)) return "std/core/alloc";
    return c;
  }
  if (/^__wbg|^__wbindgen|^wasm_bindgen|^__externref/.test(s)) return "wasm_bindgen";
  if (/^(__rust|memcpy|memmove|memset|memcmp|bcmp|__rust|rust_|__rdl|__rg|__multi3|__udivti3|__umodti3|__ashlti3|__lshrti3)/.test(s)) return "std/core/alloc";
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) return "(plain names: exports, C functions)";
  return "(other)";
}

/**
 * Functions that share a name once the hash is stripped: the copies of one generic function,
 * one per type it was instantiated with. `[{ name, copies, bytes }]`, the most bytes first.
 */
export function copies(functions) {
  const byName = new Map();
  for (const f of functions) {
    const e = byName.get(f.name) ?? { name: f.name, copies: 0, bytes: 0 };
    e.copies += 1;
    e.bytes += f.bytes;
    byName.set(f.name, e);
  }
  return [...byName.values()].filter((e) => e.copies > 1).sort((a, b) => b.bytes - a.bytes);
}

/**
 * Attributes the bytes of `buf` to crates (code, by function) and to the other sections.
 * Needs a name section; returns `{ named, crates: [{ crate, bytes, functions }], sections }`.
 */
export function breakdown(buf) {
  const secs = sections(buf);
  const importSec = secs.find((s) => s.id === 2);
  const codeSec = secs.find((s) => s.id === 10);
  const nameSec = secs.find((s) => s.name === "custom:name");
  const imported = importSec ? importedFunctions(buf, importSec) : 0;
  const names = nameSec ? functionNames(buf, nameSec) : new Map();
  const byCrate = new Map();
  const biggest = [];
  for (const { index, size } of codeSec ? bodies(buf, codeSec, imported) : []) {
    const name = names.get(index);
    const crate = name === undefined ? "(unnamed)" : crateOf(name);
    const entry = byCrate.get(crate) ?? { crate, bytes: 0, functions: 0 };
    entry.bytes += size;
    entry.functions += 1;
    byCrate.set(crate, entry);
    const shown = name === undefined ? `func ${index}` : unhash(demangleLegacy(name)).replace(/\[[0-9a-f]{8,}\]/g, "");
    biggest.push({ name: shown, crate, bytes: size });
  }
  biggest.sort((a, b) => b.bytes - a.bytes);
  return {
    named: names.size > 0,
    functionCount: biggest.length,
    crates: [...byCrate.values()].sort((a, b) => b.bytes - a.bytes),
    biggestFunctions: biggest.slice(0, 25),
    copies: copies(biggest).slice(0, 25),
    sections: secs.map((s) => ({ name: s.name, bytes: s.start + s.size - s.headerStart })),
  };
}

/** The imports of a module: `[{ module, field, kind }]` (kind 0 is a function). */
export function imports(buf) {
  const section = sections(buf).find((s) => s.id === 2);
  return section ? readImports(buf, section) : [];
}

/**
 * The wasm-bindgen imports of `wasm` that the JS glue `glue` (its text) does not define: a
 * non-empty list means the two files come from different builds.
 */
export function missingGlue(wasm, glue) {
  return imports(wasm)
    .filter((i) => i.kind === 0 && i.module.endsWith("_bg.js") && !glue.includes(i.field))
    .map((i) => i.field);
}
