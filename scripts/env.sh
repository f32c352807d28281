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
