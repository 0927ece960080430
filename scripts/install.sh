#!/usr/bin/env bash
# Install one lock file's exact versions into .venv with uv (a fast installer, itself fetched
# from PyPI into .venv by pip the first time). Usage: scripts/install.sh requirements/runtime.txt
set -uo pipefail
cd "$(dirname "$0")/.."

lock=$1
python=${PYTHON:-python3}
uv_version=0.13.9
step=scripts/step.sh
pypi_advice="check the connection to PyPI (pypi.org), then run make again"

fail() {
    echo "!! $1" >&2
    exit 1
}

command -v "$python" >/dev/null ||
    fail "No $python found: install Python 3.11 or newer, or name one with make PYTHON=python3.12"
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
    fail "$("$python" -V 2>&1) is too old: install Python 3.11 or newer, or name one with make PYTHON=python3.12"

if [ ! -x .venv/bin/python ]; then
    $step "Creating .venv ($("$python" -V 2>&1))" \
        "on Debian or Ubuntu install python3-venv (apt-get install python3-venv), then run make again" \
        "$python" -m venv .venv || exit 1
fi
if ! .venv/bin/uv --version 2>/dev/null | grep -qF " $uv_version"; then
    $step --quiet "Fetching the installer uv $uv_version" "$pypi_advice" \
        .venv/bin/python -m pip install --quiet --disable-pip-version-check "uv==$uv_version" ||
        exit 1
fi
$step --uv "Installing the packages of $lock" "$pypi_advice" \
    .venv/bin/uv pip install --python .venv/bin/python --requirement "$lock"
