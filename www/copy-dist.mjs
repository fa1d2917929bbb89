// Copies the built widget (../dist, from scripts/build-widget.sh) and the repository's licence
// files next to the package's modules; run by `npm pack` / `npm publish` through the prepack
// script.
import { copyFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const dist = process.env.CONNECT_CHAT_DIST ?? join(here, "..", "dist");
const copies = [
  ...["connect_chat_widget.js", "connect_chat_widget_bg.wasm"].map((f) => [dist, f, "run scripts/build-widget.sh first"]),
  ...["LICENSE-MIT", "LICENSE-APACHE"].map((f) => [join(here, ".."), f, "the repository's licence files are missing"]),
];
for (const [dir, f, hint] of copies) {
  const from = join(dir, f);
  if (!existsSync(from)) {
    console.error(`${from} is missing: ${hint}`);
    process.exit(1);
  }
  copyFileSync(from, join(here, f));
}
