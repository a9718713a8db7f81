#!/usr/bin/env bash
# Fetches Debian's linux-source package of one kernel series (6.1, 6.12, 7.3,
# …) and unpacks its tarball once into <dest>/<series>-<version>/ (pristine:
# builds copy it, never write into it). The .deb is kept in <cache>/kernel-build/debs/.
# Unpacking goes to a temporary folder renamed at the end, so an interrupted
# run leaves no half tree under the final name. Prints the tree's path last.
# Usage: kernel-source.sh <series> <dest>   (exit 2: no such package)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cache="${MEMHP_CACHE:-$root/.cache}"
series=${1:?usage: kernel-source.sh <series> <dest>}
dest=${2:?usage: kernel-source.sh <series> <dest>}
# shellcheck source=apt-private.sh
source "$root/oracle/setup/apt-private.sh"

pkg="linux-source-$series"
version=$(apt-cache "${apt_opts[@]}" show "$pkg" 2>/dev/null | sed -n 's/^Version: //p' | sort -V | tail -1 || true)
if [ -z "$version" ]; then
  known=$(apt-cache "${apt_opts[@]}" pkgnames linux-source- 2>/dev/null | sed 's/^linux-source-//' | sort -V | tr '\n' ' ')
  echo "memhp: no Debian package $pkg in bullseye, bookworm, trixie or trixie-backports (there are: ${known% })" >&2
  exit 2
fi
tree="$dest/$series-$version"
if [ -d "$tree" ]; then echo "$tree"; exit 0; fi

debs="$cache/kernel-build/debs"
mkdir -p "$debs" "$dest"
deb=$(ls "$debs/${pkg}_${version//:/%3a}_"*.deb 2>/dev/null | head -1 || true)
if [ -z "$deb" ]; then
  size=$(apt-cache "${apt_opts[@]}" show "$pkg=$version" 2>/dev/null | sed -n 's/^Size: //p' | head -1)
  echo "memhp: downloading $pkg $version ($(( ${size:-0} / 1048576 )) MiB) from the Debian archive" >&2
  (cd "$debs" && apt-get "${apt_opts[@]}" -qq download "$pkg=$version" >&2)
  deb=$(ls "$debs/${pkg}_${version//:/%3a}_"*.deb | head -1)
fi
tarball=$(dpkg-deb -c "$deb" | awk '{print $NF}' | grep -E '^\./usr/src/linux-source-[^/]*\.tar\.(xz|bz2|gz)$' | head -1)
[ -n "$tarball" ] || { echo "memhp: $deb holds no linux-source tarball under /usr/src" >&2; exit 2; }
# Unpack folders of runs that died (their pid is in the name) are removed.
for old in "$dest"/.unpack-*; do
  [ -d "$old" ] || continue
  kill -0 "${old##*.unpack-}" 2>/dev/null || rm -rf "$old"
done
tmp="$dest/.unpack-$$"
trap 'rm -rf "$tmp"' EXIT
trap 'rm -rf "$tmp"; exit 143' TERM INT
mkdir -p "$tmp"
echo "memhp: unpacking $pkg $version into $tree" >&2
case "$tarball" in *.xz) z=-J ;; *.bz2) z=-j ;; *) z=-z ;; esac
dpkg-deb --fsys-tarfile "$deb" | tar -xO "$tarball" | tar -x "$z" -C "$tmp"
top=$(find "$tmp" -mindepth 1 -maxdepth 1 -type d | head -1)
[ -n "$top" ] && [ -f "$top/Makefile" ] || { echo "memhp: $tarball in $deb holds no kernel tree" >&2; exit 2; }
mv "$top" "$tree"
rm -rf "$tmp"; trap - EXIT
echo "$tree"
