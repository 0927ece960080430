#!/usr/bin/env bash
# Install the W3C Nu HTML checker that the HTML validity test runs: npm's vnu-jar at the version
# given, into .vnu/ (git-ignored), run by the machine's Java. Debian's Java runtime and npm are
# installed when missing (as root). Usage: scripts/vnu.sh VERSION
set -euo pipefail
cd "$(dirname "$0")/.."

version="$1"
jar=.vnu/node_modules/vnu-jar/build/dist/vnu.jar

missing=()
command -v java >/dev/null || missing+=(default-jre-headless)
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "The HTML validity test needs ${missing[*]}: run 'sudo apt-get install ${missing[*]}'." >&2
        exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ "$(java -jar "$jar" --version 2>/dev/null | cut -d' ' -f1)" != "$version" ]; then
    # --ignore-scripts: the package's install script would download a Java runtime; ours is
    # Debian's.
    npm install --prefix .vnu --no-save --ignore-scripts --no-audit --no-fund --loglevel=error \
        "vnu-jar@$version"
fi
java -jar "$jar" --version >/dev/null
