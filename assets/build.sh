#!/usr/bin/env bash
# Build the booking app's front-end assets into static/ and tests/browser/vendor/.
# Node is only needed to run this script; the outputs are plain files served by Flask.
#
# Usage (from any directory): bash assets/build.sh
set -euo pipefail

ASSETS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT_DIR="$(dirname "$ASSETS_DIR")"
GOVUK_DIST="$ASSETS_DIR/node_modules/govuk-frontend/dist/govuk"

cd "$ASSETS_DIR"

# Install exactly what package-lock.json pins. Optional deps (sass's native file
# watcher) and install scripts are not needed for a one-off compile.
npm ci --omit=optional --ignore-scripts --no-audit --no-fund

mkdir -p "$ROOT_DIR/static/css" "$ROOT_DIR/static/js" "$ROOT_DIR/static/assets" \
  "$ROOT_DIR/tests/browser/vendor"

# CSS: GOV.UK Frontend with Arial, no font files, images under /static/assets/images/.
"$ASSETS_DIR/node_modules/.bin/sass" \
  --pkg-importer=node \
  --style=compressed \
  --no-source-map \
  "$ASSETS_DIR/app.scss" "$ROOT_DIR/static/css/app.css"

# JavaScript (ES module; load with <script type="module">).
cp "$GOVUK_DIST/govuk-frontend.min.js" "$ROOT_DIR/static/js/govuk-frontend.min.js"

# Images and web app manifest. Fonts are deliberately not copied (no GDS Transport).
rm -rf "$ROOT_DIR/static/assets/images"
cp -R "$GOVUK_DIST/assets/images" "$ROOT_DIR/static/assets/images"
if [[ -f "$GOVUK_DIST/assets/manifest.json" ]]; then
  cp "$GOVUK_DIST/assets/manifest.json" "$ROOT_DIR/static/assets/manifest.json"
fi

# qr-scanner for the door's camera (ES module; its decoder as a same-origin worker file).
rm -rf "$ROOT_DIR/static/js/vendor"
mkdir -p "$ROOT_DIR/static/js/vendor"
node "$ASSETS_DIR/qr-scanner-vendor.mjs" "$ROOT_DIR/static/js/vendor"

# accessible-autocomplete for choosing an organisation from the register as you type (a plain
# script defining window.accessibleAutocomplete, and its stylesheet).
AUTOCOMPLETE_DIST="$ASSETS_DIR/node_modules/accessible-autocomplete/dist"
cp "$AUTOCOMPLETE_DIST/accessible-autocomplete.min.js" "$ROOT_DIR/static/js/vendor/"
cp "$AUTOCOMPLETE_DIST/accessible-autocomplete.min.css" "$ROOT_DIR/static/css/"

# axe-core for the browser accessibility tests.
cp "$ASSETS_DIR/node_modules/axe-core/axe.min.js" "$ROOT_DIR/tests/browser/vendor/axe.min.js"

# Sanity checks on the compiled CSS.
css="$ROOT_DIR/static/css/app.css"
if grep -q "GDS Transport" "$css"; then
  echo "build.sh: error: app.css mentions GDS Transport" >&2; exit 1
fi
if grep -q "@font-face" "$css"; then
  echo "build.sh: error: app.css contains @font-face" >&2; exit 1
fi
if ! grep -qi "arial" "$css"; then
  echo "build.sh: error: app.css does not use arial" >&2; exit 1
fi

echo "build.sh: built static/css/app.css, static/js/govuk-frontend.min.js, static/js/vendor/ (qr-scanner, accessible-autocomplete), static/css/accessible-autocomplete.min.css, static/assets/, tests/browser/vendor/axe.min.js"
