// Small statistics for timings: nearest-rank percentiles over a sample.

/** `{ n, min, p50, p95, p99, max, mean }` of `values` (milliseconds), or null when empty. */
export function summary(values) {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const at = (p) => xs[Math.min(xs.length - 1, Math.max(0, Math.ceil((p / 100) * xs.length) - 1))];
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { n: xs.length, min: xs[0], p50: at(50), p95: at(95), p99: at(99), max: xs[xs.length - 1], mean };
}

/** The median of `values`, or null. */
export const median = (values) => summary(values)?.p50 ?? null;

/** Rounds for display: 0.1 ms under 10, whole numbers above. */
export function ms(v) {
  if (v === null || v === undefined || !Number.isFinite(v)) return "n/a";
  return v < 10 ? `${v.toFixed(1)} ms` : `${Math.round(v)} ms`;
}

/** Bytes as KiB with one decimal. */
export const kib = (b) => `${(b / 1024).toFixed(1)} KiB`;
