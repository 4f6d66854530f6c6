#!/usr/bin/env bash
# Re-creates static/minisearch.min.js and static/minisearch.LICENSE.txt.
#
# The npm package of MiniSearch ships only an unminified UMD build
# (dist/umd/index.js, ~86 KB); the "index.min.js" that CDNs serve is
# minified by the CDN, not by the author. So we take the published UMD
# build byte for byte (tarball checked against the registry's sha512),
# minify it with terser (whitespace/mangling only, no code changes) and put
# the MIT licence notice on top. Same inputs -> same bytes.
#
# Needs: curl, node + npx (terser is fetched from the npm registry).
# Usage: tools/vendor-minisearch.sh   (run from the crate root)
set -euo pipefail

VERSION=7.2.0
INTEGRITY='sha512-dqT2XBYUOZOiC5t2HRnwADjhNS2cecp9u+TJRiJ1Qp/f5qjkeT5APcGPjHw+bz89Ms8Jp+cG4AlE+QZ/QnDglg=='
TERSER=terser@5.51.2

here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

curl -fsSL "https://registry.npmjs.org/minisearch/-/minisearch-$VERSION.tgz" -o "$tmp/ms.tgz"
got="sha512-$(openssl dgst -sha512 -binary "$tmp/ms.tgz" | base64 -w0)"
if [ "$got" != "$INTEGRITY" ]; then
  echo "integrity mismatch: $got" >&2
  exit 1
fi
tar xzf "$tmp/ms.tgz" -C "$tmp"

preamble="/*! MiniSearch $VERSION | (c) 2022 Luca Ongaro | MIT License | https://github.com/lucaong/minisearch | minified from the npm package's dist/umd/index.js, see minisearch.LICENSE.txt */"
# The source-map comment is dropped (the map is not vendored).
npx --yes "$TERSER" "$tmp/package/dist/umd/index.js" \
  --compress --mangle --ecma 2018 --comments false \
  -o "$tmp/min.js"
{ printf '%s\n' "$preamble"; cat "$tmp/min.js"; printf '\n'; } > "$here/static/minisearch.min.js"

{
  echo "MiniSearch $VERSION (https://github.com/lucaong/minisearch), file static/minisearch.min.js"
  echo "Licence: MIT. Text below copied unmodified from the npm package's LICENSE.txt."
  echo
  cat "$tmp/package/LICENSE.txt"
} > "$here/static/minisearch.LICENSE.txt"

echo "wrote static/minisearch.min.js ($(wc -c < "$here/static/minisearch.min.js") bytes)"
