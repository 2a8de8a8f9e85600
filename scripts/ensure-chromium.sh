#!/usr/bin/env bash
# Makes sure a Chromium for the browser end-to-end tests is there: $CHROMIUM_PATH if set, else
# /usr/bin/chromium, installed from Debian's `chromium` package when missing (the Playwright browser
# download is not an option on this network). Quiet when it is already there.
set -euo pipefail
target="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$target" ] && exit 0

fail() { printf 'ensure-chromium: %s\n' "$*" >&2; exit 1; }
[ -n "${CHROMIUM_PATH:-}" ] && [ "$target" != /usr/bin/chromium ] &&
  fail "CHROMIUM_PATH=$target is not an executable; unset it to use Debian's /usr/bin/chromium, or point it at a Chromium binary"
command -v apt-get >/dev/null 2>&1 || fail "$target is missing and there is no apt-get to install Debian's chromium; install Chromium and set CHROMIUM_PATH"
[ "$(id -u)" -eq 0 ] || fail "$target is missing and installing it needs root: run 'apt-get install -y --no-install-recommends chromium' as root, or set CHROMIUM_PATH"

install() { DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium; }
echo "ensure-chromium: installing Debian's chromium" >&2
if ! install; then
  echo "ensure-chromium: install failed, refreshing the package lists and retrying" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -q || fail "apt-get update failed"
  install || fail "apt-get install chromium failed"
fi
[ -x "$target" ] || fail "chromium was installed but $target is still missing"
