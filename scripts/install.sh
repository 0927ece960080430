#!/usr/bin/env bash
# Install one lock file's exact versions into .venv with uv (a fast installer, itself fetched
# from PyPI into .venv by pip the first time). Usage: scripts/install.sh requirements/runtime.txt
set -uo pipefail
cd "$(dirname "$0")/.."

lock=$1
python=${PYTHON:-python3}
uv_version=0.13.9
step=scripts/step.sh
pypi_advice="check the network connection to PyPI, then run make again"

fail() {
    echo "!! $1" >&2
    exit 1
}

command -v "$python" >/dev/null ||
    fail "No $python found: install Python 3.11 or newer, or name one with make PYTHON=python3.12"
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
    fail "$("$python" -V 2>&1) is too old: install Python 3.11 or newer, or name one with make PYTHON=python3.12"

# A venv without pip takes a fraction of a second where ensurepip takes several; uv goes into it
# with the pip that comes with Python (or, where there is none, with ensurepip's).
if [ ! -x .venv/bin/python ]; then
    $step --quiet "Creating .venv ($("$python" -V 2>&1))" \
        "on Debian or Ubuntu install python3-venv (apt-get install python3-venv), then run make again" \
        "$python" -m venv --without-pip .venv || exit 1
fi
if ! .venv/bin/uv --version 2>/dev/null | grep -qF " $uv_version"; then
    if "$python" -m pip --version >/dev/null 2>&1; then
        pip=("$python" -m pip --python .venv/bin/python)
    else
        .venv/bin/python -m ensurepip --default-pip >/dev/null 2>&1 ||
            fail "No pip to fetch uv with: install python3-pip (or python3-venv), then run make again"
        pip=(.venv/bin/python -m pip)
    fi
    $step --quiet "Fetching the installer uv $uv_version" "$pypi_advice" \
        "${pip[@]}" install --quiet --disable-pip-version-check "uv==$uv_version" || exit 1
fi
$step --uv "Installing the packages of $lock" "$pypi_advice" \
    .venv/bin/uv pip install --python .venv/bin/python --requirement "$lock"
