#!/usr/bin/env bash
# Build a one-folder desktop bundle in dist/papershelf with PyInstaller.
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/bootstrap.sh
.venv/bin/pip install -q 'pyinstaller>=6,<7'
.venv/bin/pyinstaller --noconfirm --distpath dist --workpath build packaging/papershelf.spec
echo "built dist/papershelf/papershelf"
