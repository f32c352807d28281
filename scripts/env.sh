# Shared by the project's scripts: one target directory outside the clone on CI, the wasm
# target installed once.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ "${CI:-}" = "true" ] && [ -z "${CARGO_TARGET_DIR:-}" ]; then
  export CARGO_TARGET_DIR="$HOME/.cache/ebb/target"
fi
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
ensure_wasm_target() {
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    echo "installing the wasm32-unknown-unknown target (rustup)" >&2
    rustup target add wasm32-unknown-unknown
  fi
}
ensure_clippy() {
  if ! cargo clippy --version >/dev/null 2>&1; then
    echo "installing clippy (rustup)" >&2
    rustup component add clippy
  fi
}

# The Python suite's virtual environment (pinned tools from py/requirements-test.txt), under
# ~/.cache on CI; the test command recreates it every run, so pip's cache makes it cheap.
if [ "${CI:-}" = "true" ]; then
  VENV="${EBB_VENV:-$HOME/.cache/ebb/venv}"
else
  VENV="${EBB_VENV:-$ROOT/.venv}"
fi
ensure_venv() {
  if [ ! -x "$VENV/bin/python" ]; then
    echo "creating the Python test environment in $VENV" >&2
    python3 -m venv "$VENV"
  fi
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$ROOT/py/requirements-test.txt"
}
# Build the `ebb` Python package (debug, same target directory) into the environment.
build_py() {
  (cd "$ROOT/py" && VIRTUAL_ENV="$VENV" PATH="$VENV/bin:$PATH" maturin develop --quiet)
}

# wasm-bindgen-cli, pinned to the wasm-bindgen of wasm/Cargo.toml, installed once per machine.
TOOLS="${EBB_TOOLS:-$HOME/.cache/ebb/tools}"
WASM_BINDGEN_VERSION=0.2.130
ensure_wasm_bindgen() {
  if ! "$TOOLS/bin/wasm-bindgen" --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
    echo "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION into $TOOLS (once per machine)" >&2
    cargo install --quiet wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --root "$TOOLS"
  fi
}
# Build ebb-wasm (size-optimised release) and its JS bindings: wasm/pkg-node for node,
# web-playground/pkg for the page.
build_wasm() {
  ensure_wasm_target
  ensure_wasm_bindgen
  cargo build --quiet -p ebb-wasm --target wasm32-unknown-unknown --profile wasm-release
  local wasm="${CARGO_TARGET_DIR:-$ROOT/target}/wasm32-unknown-unknown/wasm-release/ebb_wasm.wasm"
  "$TOOLS/bin/wasm-bindgen" --target nodejs --out-dir "$ROOT/wasm/pkg-node" "$wasm"
  "$TOOLS/bin/wasm-bindgen" --target web --out-dir "$ROOT/web-playground/pkg" \
    --remove-name-section --remove-producers-section "$wasm"
}

# The playground's browser tests: Debian's chromium (never a downloaded browser) and
# playwright-core from npm, pinned by web-playground/package-lock.json.
ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    echo "installing Debian's chromium (apt-get)" >&2
    local sudo=""
    [ "$(id -u)" = "0" ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium > /dev/null
  fi
}
ensure_playground_deps() {
  # npm records what it installed in node_modules/.package-lock.json: install again whenever
  # the pinned set (package-lock.json) is newer than that.
  local pkg="$ROOT/web-playground"
  if [ ! -f "$pkg/node_modules/.package-lock.json" ] || [ "$pkg/package-lock.json" -nt "$pkg/node_modules/.package-lock.json" ]; then
    (cd "$pkg" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent)
  fi
}
# The page's SQL editor: CodeMirror 6 from npm, bundled by esbuild into one file the page
# loads from its own directory (web-playground/vendor/editor.js), so it works offline.
build_playground() {
  build_wasm
  ensure_playground_deps
  "$ROOT/web-playground/node_modules/.bin/esbuild" "$ROOT/web-playground/editor.js" --bundle \
    --format=esm --minify --log-level=warning --outfile="$ROOT/web-playground/vendor/editor.js"
}
