// Raw, gzip and brotli sizes of files, with the strongest settings a server would use for
// static assets (gzip -9, brotli quality 11).
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

/** `{ file, raw, gzip, brotli }` for one file. */
export function sizes(path, label = basename(path)) {
  const buf = readFileSync(path);
  return {
    file: label,
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
      },
    }).length,
  };
}

/** Sums rows of `sizes`. */
export function total(rows, label = "total") {
  return rows.reduce(
    (t, r) => ({ file: label, raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }),
    { file: label, raw: 0, gzip: 0, brotli: 0 },
  );
}
