#!/usr/bin/env bash
# Fetches the modules the legacy-PMEM guest loads (nd_e820, nd_pmem, nd_btt,
# dax_pmem_core and what they depend on) for the stock kernels into
# .cache/kernels/<series>/modules/: the image .deb again (apt-get download,
# the project's own apt lists), only those .ko files kept, .ko.xz decompressed,
# and `load-order` listing them dependencies first. Debian's image packages
# ship no modules.dep, so dependencies come from each module's .modinfo
# `depends=`. Idempotent. With --kmem the set also holds the devdax and dax kmem
# drivers (dax_pmem, device_dax, kmem) and goes to .cache/kernels/<series>/kmem-modules/
# (docs/oracle.md, "Driver-managed memory (dax kmem)").
# Usage: fetch-modules.sh [--kmem] [5.10|6.1|6.12|7.3|all]...
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cache="$root/.cache"
folder=modules
extra=()
if [ "${1:-}" = --kmem ]; then folder=kmem-modules; extra=(dax_pmem device_dax kmem); shift; fi
want=("${@:-all}")
[ "${want[0]}" = all ] && want=(5.10 6.1 6.12 7.3)
# The roots of the dependency walk: the e820 bus, the pmem and btt drivers and
# (5.10, where nd_pmem needs it for dax) dax_pmem_core when the series has it.
roots=(nd_e820 nd_pmem nd_btt dax_pmem_core "${extra[@]}")
command -v objcopy >/dev/null || { echo "memhp: objcopy not found: run apt-get install -y binutils" >&2; exit 2; }

# shellcheck source=apt-private.sh
source "$root/oracle/setup/apt-private.sh"

modinfo_depends() { objcopy -O binary --only-section=.modinfo "$1" /dev/stdout 2>/dev/null | tr '\0' '\n' | sed -n 's/^depends=//p' | tr ',' ' '; }

for series in "${want[@]}"; do
  case "$series" in 5.10|6.1|6.12|7.3) ;; *) echo "memhp: unknown kernel $series (known: 5.10 6.1 6.12 7.3 all)" >&2; exit 2;; esac
  dest="$cache/kernels/$series"
  [ -f "$dest/package" ] || { echo "memhp: kernel $series is not fetched: run bash oracle/setup/fetch-kernels.sh $series" >&2; exit 2; }
  if [ -f "$dest/$folder/load-order" ]; then echo "$folder $series: $(tr '\n' ' ' < "$dest/$folder/load-order")(cached)"; continue; fi
  pkg=$(cat "$dest/package")
  tmp=$(mktemp -d "$cache/kernels/.modules-XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && apt-get "${apt_opts[@]}" -qq download "$pkg" >&2)
  # 7.x: the image package is a meta package; the kernel's files sit in linux-binary-<release>
  # and linux-modules-<release>.
  for dep in $(dpkg-deb -f "$tmp"/*.deb Depends | tr ',' '\n' | grep -oE 'linux-(binary|modules)-[^ ]+' || true); do
    (cd "$tmp" && apt-get "${apt_opts[@]}" -qq download "$dep" >&2)
  done
  for deb in "$tmp"/*.deb; do dpkg -x "$deb" "$tmp/x"; done
  mkdir -p "$tmp/ko"
  declare -A path=()
  while IFS= read -r f; do
    base=$(basename "$f"); name=${base%%.ko*}; name=${name//-/_}
    path[$name]=$f
  done < <(find "$tmp/x" -path '*/kernel/*' \( -name '*.ko' -o -name '*.ko.xz' \))
  order=()
  declare -A seen=()
  visit() {
    local m=$1 f
    [ -z "${seen[$m]:-}" ] || return 0
    seen[$m]=1
    f=${path[$m]:-}
    [ -n "$f" ] || { echo "memhp: kernel $series has no module $m" >&2; exit 1; }
    case "$f" in *.xz) xz -dc "$f" > "$tmp/ko/$m.ko";; *) cp "$f" "$tmp/ko/$m.ko";; esac
    for d in $(modinfo_depends "$tmp/ko/$m.ko"); do visit "${d//-/_}"; done
    order+=("$m")
  }
  for r in nd_e820 nd_pmem; do
    [ -n "${path[$r]:-}" ] || { echo "memhp: $pkg holds no $r module (is CONFIG_X86_PMEM_LEGACY / CONFIG_BLK_DEV_PMEM built in?)" >&2; exit 1; }
  done
  for r in "${roots[@]}"; do [ -z "${path[$r]:-}" ] || visit "$r"; done
  for r in "${extra[@]}"; do [ -n "${path[$r]:-}" ] || { echo "memhp: $pkg holds no $r module (is CONFIG_DEV_DAX_KMEM built in?)" >&2; exit 1; }; done
  mkdir -p "$dest/$folder.new"
  for m in "${order[@]}"; do cp "$tmp/ko/$m.ko" "$dest/$folder.new/"; done
  printf '%s\n' "${order[@]}" > "$dest/$folder.new/load-order"
  rm -rf "${dest:?}/$folder"; mv "$dest/$folder.new" "$dest/$folder"
  unset path seen
  rm -rf "$tmp"; trap - EXIT
  echo "$folder $series: ${order[*]}"
done
