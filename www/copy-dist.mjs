// Copies the built widget (../dist, from scripts/build-widget.sh) next to the package's
// modules; run by `npm pack` / `npm publish` through the prepack script.
import { copyFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const dist = process.env.CONNECT_CHAT_DIST ?? join(here, "..", "dist");
for (const f of ["connect_chat_widget.js", "connect_chat_widget_bg.wasm"]) {
  const from = join(dist, f);
  if (!existsSync(from)) {
    console.error(`${from} is missing: run scripts/build-widget.sh first`);
    process.exit(1);
  }
  copyFileSync(from, join(here, f));
}
