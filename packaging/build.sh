#!/usr/bin/env bash
# Build the one-folder desktop bundle dist/papershelf/ with PyInstaller, then smoke-test it
# headless (packaging/smoke_bundle.sh).
#   bash packaging/build.sh                        # about 30 s, and 30 s more for the test
#   PAPERSHELF_NO_SMOKE=1 bash packaging/build.sh  # build only
set -euo pipefail
cd "$(dirname "$0")/.."

# A .venv that runs Papershelf already is left alone; otherwise set one up.
.venv/bin/python -c "import papershelf.cli" 2>/dev/null || bash packaging/bootstrap.sh
# PyInstaller 6: the spec and its hooks rely on 6.x (plain-list TOCs, the frozen importer
# that answers importlib.resources from the bundle's folder).
pyinstaller6="import PyInstaller, sys; sys.exit(not PyInstaller.__version__.startswith('6.'))"
.venv/bin/python -c "$pyinstaller6" 2>/dev/null ||
  .venv/bin/python -m pip install -q 'pyinstaller>=6,<7'

started=$(date +%s)
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/papershelf.spec
echo "build: dist/papershelf/papershelf built in $(($(date +%s) - started)) s"

[ -n "${PAPERSHELF_NO_SMOKE:-}" ] || bash packaging/smoke_bundle.sh dist/papershelf
