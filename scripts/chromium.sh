#!/usr/bin/env bash
# Installs Debian's chromium for the browser test (tests/serve/test_browser.py) when /usr/bin/chromium is
# missing. Playwright drives this binary; it never downloads a browser of its own.
#   scripts/chromium.sh     prints the path of the binary on stdout when it is there (installing it first)
set -euo pipefail

BIN=/usr/bin/chromium
log() { echo "chromium.sh: $*" >&2; }

if [[ ! -x "$BIN" ]]; then
    if ! command -v apt-get >/dev/null 2>&1; then
        log "no $BIN and no apt-get: install chromium yourself (the browser test skips without it)"
        exit 1
    fi
    sudo=""
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null 2>&1 || { log "need root (or sudo) to install chromium"; exit 1; }
        sudo="sudo"
    fi
    log "installing Debian's chromium (apt-get update first)"
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >&2
fi
echo "$BIN"
