#!/usr/bin/env bash
# Assembles the static site the emulator serves with --static: the demo page (index.html),
# its second page and strict-CSP page (www/demo/), and the widget under widget/ (the loader
# and package modules from www/, the built wasm and glue from dist/).
#   scripts/site.sh DIR                    the demo site; pages find the emulator at /emulator.json
#   scripts/site.sh DIR --urls JSON        also write the emulator's URLs (its start-up line)
#                                          into the pages: exact CSP origins, no lookup
#   scripts/site.sh DIR --tests            also the end-to-end test pages (tests/e2e/pages/)
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:?usage: scripts/site.sh DIR [--urls JSON] [--tests]}
shift
urls=""
tests=0
while [ $# -gt 0 ]; do
  case $1 in
    --urls) urls=${2:?--urls needs the emulator JSON line}; shift 2 ;;
    --tests) tests=1; shift ;;
    *) echo "site.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

for f in dist/connect_chat_widget.js dist/connect_chat_widget_bg.wasm; do
  [ -f "$f" ] || { echo "site.sh: $f is missing; run scripts/build-widget.sh first" >&2; exit 1; }
done

mkdir -p "$out/widget"
cp www/index.js www/handle.js www/attributes.js www/styles.js www/error-state.js www/element.js \
  www/connect-chat.js www/stage.js www/sign-in.js www/launcher.js www/launcher-look.js www/wasm.js dist/connect_chat_widget.js dist/connect_chat_widget_bg.wasm "$out/widget/"
cp index.html "$out/index.html"
cp www/demo/* "$out/"
if [ "$tests" = 1 ]; then
  mkdir -p "$out/test"
  cp tests/e2e/pages/* "$out/test/"
fi

# connect-src / img-src for the strict-CSP pages: the exact origins when known, else any
# loopback port (the emulator picks its S3 and page ports freely).
if [ -n "$urls" ]; then
  origins=$(node -e '
    const u = JSON.parse(process.argv[1]);
    const o = (s) => new URL(s).origin;
    console.log([o(u.participant_url), o(u.websocket_base), o(u.s3_url)].join(" "));' "$urls")
  img=$(node -e 'console.log(new URL(JSON.parse(process.argv[1]).s3_url).origin)' "$urls")
else
  origins="http://127.0.0.1:* ws://127.0.0.1:*"
  img="http://127.0.0.1:*"
fi
for page in "$out"/*.html "$out"/test/*.html; do
  [ -f "$page" ] || continue
  sed -i -e "s#__CONNECT_SRC__#$origins#g" -e "s#__IMG_SRC__#$img#g" "$page"
done
echo "site: $out"
