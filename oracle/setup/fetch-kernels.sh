#!/usr/bin/env bash
# Fetches the stock Debian kernels the oracle boots (5.10, 6.1, 6.12, 7.3) into
# .cache/kernels/<release>/ with `apt-get download` + `dpkg -x`, using the
# project's own apt lists (apt-private.sh). Idempotent: a kernel already
# unpacked is kept. Usage: fetch-kernels.sh [5.10|6.1|6.12|7.3|all]...
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cache="$root/.cache"
want=("${@:-all}")
[ "${want[0]}" = all ] && want=(5.10 6.1 6.12 7.3)

mkdir -p "$cache/kernels"
# shellcheck source=apt-private.sh
source "$root/oracle/setup/apt-private.sh"

# Highest version of the image package for one series: linux-image-<series>.<n>-<abi>-amd64 (unsigned).
pick() {
  local series=$1
  apt-cache "${apt_opts[@]}" pkgnames "linux-image-$series" 2>/dev/null |
    grep -E "^linux-image-${series//./\\.}(\.[0-9]+)*(-[0-9]+)?(\+deb[0-9]+)?-amd64$" | grep -v -- '-unsigned$' |
    sort -V | tail -1
}

for series in "${want[@]}"; do
  case "$series" in 5.10|6.1|6.12|7.3) ;; *) echo "fetch-kernels: unknown kernel $series (known: 5.10 6.1 6.12 7.3 all)" >&2; exit 2;; esac
  dest="$cache/kernels/$series"
  if [ -f "$dest/vmlinuz" ]; then echo "kernel $series: $(cat "$dest/release") (cached)"; continue; fi
  pkg=$(pick "$series")
  [ -n "$pkg" ] || { echo "fetch-kernels: no linux-image-$series*-amd64 package in the suites" >&2; exit 1; }
  release=${pkg#linux-image-}
  tmp=$(mktemp -d "$cache/kernels/.fetch-XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && apt-get "${apt_opts[@]}" -qq download "$pkg" >&2)
  for deb in "$tmp"/*.deb; do dpkg -x "$deb" "$tmp/x"; done
  vmlinuz=$(find "$tmp/x" -name "vmlinuz*" -type f | head -1)
  if [ -z "$vmlinuz" ]; then
    # 7.x: the image package is a meta package; the kernel sits in linux-binary-<release>.
    dep=$(dpkg-deb -f "$tmp"/*.deb Depends | tr ',' '\n' | grep -oE 'linux-binary-[^ ]+' | head -1)
    [ -n "$dep" ] || { echo "fetch-kernels: $pkg holds no vmlinuz and names no linux-binary package" >&2; exit 1; }
    (cd "$tmp" && apt-get "${apt_opts[@]}" -qq download "$dep" >&2)
    dpkg -x "$tmp/${dep}"_*.deb "$tmp/x"
    vmlinuz=$(find "$tmp/x" -name "vmlinuz*" -type f | head -1)
  fi
  [ -n "$vmlinuz" ] || { echo "fetch-kernels: no vmlinuz in $pkg" >&2; exit 1; }
  mkdir -p "$dest"
  cp "$vmlinuz" "$dest/vmlinuz"
  cfg=$(find "$tmp/x" -name "config-*" -type f | head -1)
  [ -z "$cfg" ] || cp "$cfg" "$dest/config"
  echo "$release" > "$dest/release"
  echo "$pkg" > "$dest/package"
  rm -rf "$tmp"; trap - EXIT
  echo "kernel $series: $release"
done
