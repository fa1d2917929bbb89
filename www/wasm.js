// The wasm module and its JavaScript glue: fetched only when the widget is wanted (see
// stage.js), once per page however many widgets it mounts.

let loading = null;

/**
 * Fetches and instantiates the wasm module once; resolves to `{ exports, glue }`. The wasm
 * download starts at once, while the glue module loads. `wasm` overrides where the .wasm file
 * comes from: a URL, or a `fetch` already under way (a Response or its promise; `url` then
 * names it in errors). A failed load may be tried again.
 */
export function loadWidget(wasm, url) {
  if (!loading) {
    // Written out literally so that Vite and webpack 5 find the asset and emit it.
    const source = wasm ?? new URL("./connect_chat_widget_bg.wasm", import.meta.url);
    if (url === undefined) url = typeof source === "string" || source instanceof URL ? source : "the widget's wasm";
    const response = typeof source === "string" || source instanceof URL ? fetch(source) : source;
    // Awaited below once the glue is here; until then a failure must not be "unhandled".
    Promise.resolve(response).catch(() => {});
    loading = import("./connect_chat_widget.js")
      .then(async (glue) => ({ exports: await glue.default({ module_or_path: response }), glue }))
      .catch((error) => {
        loading = null; // a later call may retry (e.g. after the network came back)
        throw new Error(`connect-chat: could not load ${url}: ${error?.message ?? error}`, { cause: error });
      });
  }
  return loading;
}
