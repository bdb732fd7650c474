#!/usr/bin/env bash
# Set up Papershelf from a clone: the Debian libraries Qt needs (when run as root or with sudo),
# then a virtual environment in .venv with the project and its test tools installed.
#   bash packaging/bootstrap.sh          # from the project's root
set -euo pipefail
cd "$(dirname "$0")/.."

# Qt (PySide6-Essentials) needs these shared libraries, on screen (xcb) and headless (offscreen).
debs=(libegl1 libgl1 libglib2.0-0 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
      libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
      libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libxcb-xkb1 fonts-dejavu-core python3-venv
      # the desktop's databases and validators: install-desktop refreshes them, tests use them
      desktop-file-utils shared-mime-info appstream
      # tests/test_offline.py watches a session's system calls: no socket reaches the network
      strace)
if command -v apt-get >/dev/null && command -v dpkg-query >/dev/null; then
  missing=()
  for deb in "${debs[@]}"; do
    dpkg-query -W -f='${Status}' "$deb" 2>/dev/null | grep -q "install ok installed" || missing+=("$deb")
  done
  if ((${#missing[@]})); then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    echo "bootstrap: installing ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
fi

python=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
echo "bootstrap: ready (.venv)"
