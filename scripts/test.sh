#!/usr/bin/env bash
# Run the test suite (sets up .venv first if needed). Exit code 5 (no tests ran) is a failure.
set -uo pipefail
cd "$(dirname "$0")/.."
NEWSIFT_SETUP_QUIET=1 bash scripts/setup.sh --no-demo || exit 1
.venv/bin/ruff check src tests benchmarks || exit 1
.venv/bin/python -m pytest -q "$@"
rc=$?
if [ "$rc" = 5 ]; then echo "test: pytest collected no tests: failing" >&2; exit 1; fi
exit $rc
