// A small static file server: the demo's page server, and the tests' servers for built apps
// and for a CDN copy of the package.
//
//   node scripts/serve.mjs SITE --emulator BIN [--port 8700]
//
// runs the demo: starts the emulator (scripted agent), serves SITE (from scripts/site.sh) on
// the port (default $PORT or 8700) with the emulator's URLs at /emulator.json and its agent
// console behind /agent, and says which address to open. Ctrl-C stops both.
import { spawn } from "node:child_process";
import { createReadStream, statSync } from "node:fs";
import { createServer } from "node:http";
import { createInterface } from "node:readline";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * Serves `dir` on `host:port` (port 0 picks a free one). `routes` maps a path to
 * `{ redirect: url }` (answered 302), `{ json: value }` or `{ file: path }`; `headers` go on
 * every answer (e.g. CORS for a CDN copy). Resolves to `{ origin, close() }`.
 */
export async function serve(dir, { host = "127.0.0.1", port = 0, routes = {}, headers = {} } = {}) {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const route = routes[path];
    if (route?.redirect) {
      res.writeHead(302, { ...headers, location: route.redirect }).end();
      return;
    }
    if (route?.json !== undefined) {
      res.writeHead(200, { ...headers, "content-type": TYPES[".json"], "cache-control": "no-store" });
      res.end(JSON.stringify(route.json));
      return;
    }
    let file = route?.file ?? join(root, path.endsWith("/") ? `${path}index.html` : path);
    if (!route?.file && file !== root && !file.startsWith(root + sep)) file = null;
    let size = -1;
    try {
      const stat = statSync(file);
      if (stat.isFile()) size = stat.size;
    } catch {
      // Not there: 404 below.
    }
    if (size < 0) {
      res.writeHead(404, { ...headers, "content-type": TYPES[".txt"] }).end("not found\n");
      return;
    }
    res.writeHead(200, {
      ...headers,
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      "content-length": size,
    });
    if (req.method === "HEAD") res.end();
    else createReadStream(file).pipe(res);
  });
  await new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, ok);
  });
  return {
    origin: `http://${host}:${server.address().port}`,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

/** Starts the emulator with the scripted agent; resolves to its process and start-up line. */
function startEmulator(bin, site) {
  const child = spawn(bin, ["--host", "127.0.0.1", "--port", "0", "--agent", "scripted", "--static", site], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((ok, fail) => {
    child.once("error", fail);
    child.once("exit", (code) => fail(new Error(`the emulator (${bin}) exited with ${code}`)));
    createInterface({ input: child.stdout }).once("line", (line) => ok({ child, urls: JSON.parse(line) }));
  });
}

async function demo(args) {
  const flag = (name) => {
    const at = args.indexOf(name);
    return at >= 0 ? args.splice(at, 2)[1] : undefined;
  };
  const bin = flag("--emulator");
  const port = Number(flag("--port") ?? process.env.PORT ?? 8700);
  const [site] = args;
  if (!site || !bin || !Number.isInteger(port)) {
    console.error("usage: node scripts/serve.mjs SITE --emulator BIN [--port PORT]");
    process.exit(2);
  }
  const { child, urls } = await startEmulator(bin, site);
  child.once("exit", (code) => {
    console.error(`demo: the emulator stopped (exit ${code})`);
    process.exit(1);
  });
  const stop = () => {
    child.removeAllListeners("exit");
    child.kill("SIGTERM");
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  let page;
  try {
    page = await serve(site, {
      port,
      routes: { "/emulator.json": { json: urls }, "/agent": { redirect: `${urls.page_url}/agent` } },
    });
  } catch (error) {
    child.removeAllListeners("exit");
    child.kill("SIGTERM");
    const why = error.code === "EADDRINUSE" ? `port ${port} is taken; choose another with PORT=...` : error.message;
    console.error(`demo: cannot serve the page: ${why}`);
    process.exit(1);
  }
  console.log(`
The demo is running. Open this address in your browser:

    ${page.origin}/

Open the chat with the button at the bottom right; type /help to see what the scripted agent
can show. Answer by hand in the agent console: ${page.origin}/agent
Ctrl-C stops it.`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  demo(process.argv.slice(2)).catch((error) => {
    console.error(`demo: ${error.message}`);
    process.exit(1);
  });
}
