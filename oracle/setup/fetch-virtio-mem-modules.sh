#!/usr/bin/env bash
# Fetches the modules a virtio-mem guest loads (virtio_pci for the PCI
# transport, virtio_mem, and what they depend on) for the stock kernels into
# .cache/kernels/<series>/virtio-mem-modules/: the image .deb again (apt-get
# download, the project's own apt lists), only those .ko files kept, .ko.xz
# decompressed, `load-order` listing them dependencies first (from each
# module's .modinfo `depends=`: Debian's image packages ship no modules.dep).
# A module the kernel builds in (6.12's virtio_pci) is simply not there.
# Idempotent. Usage: fetch-virtio-mem-modules.sh [5.10|6.1|6.12|7.3|all]...
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cache="$root/.cache"
want=("${@:-all}")
[ "${want[0]}" = all ] && want=(5.10 6.1 6.12 7.3)
roots=(virtio_pci virtio_mem)
command -v objcopy >/dev/null || { echo "memhp: objcopy not found: run apt-get install -y binutils" >&2; exit 2; }

# shellcheck source=apt-private.sh
source "$root/oracle/setup/apt-private.sh"

modinfo_depends() { objcopy -O binary --only-section=.modinfo "$1" /dev/stdout 2>/dev/null | tr '\0' '\n' | sed -n 's/^depends=//p' | tr ',' ' '; }

for series in "${want[@]}"; do
  case "$series" in 5.10|6.1|6.12|7.3) ;; *) echo "memhp: unknown kernel $series (known: 5.10 6.1 6.12 7.3 all)" >&2; exit 2;; esac
  dest="$cache/kernels/$series"
  [ -f "$dest/package" ] || { echo "memhp: kernel $series is not fetched: run bash oracle/setup/fetch-kernels.sh $series" >&2; exit 2; }
  if [ -f "$dest/virtio-mem-modules/load-order" ]; then echo "virtio-mem modules $series: $(tr '\n' ' ' < "$dest/virtio-mem-modules/load-order")(cached)"; continue; fi
  pkg=$(cat "$dest/package")
  tmp=$(mktemp -d "$cache/kernels/.virtio-mem-XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && apt-get "${apt_opts[@]}" -qq download "$pkg" >&2)
  # 7.x: the image package is a meta package; the modules sit in linux-modules-<release>
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
    # a dependency the kernel builds in has no file: nothing to load
    [ -n "$f" ] || return 0
    case "$f" in *.xz) xz -dc "$f" > "$tmp/ko/$m.ko";; *) cp "$f" "$tmp/ko/$m.ko";; esac
    for d in $(modinfo_depends "$tmp/ko/$m.ko"); do visit "${d//-/_}"; done
    order+=("$m")
  }
  [ -n "${path[virtio_mem]:-}" ] || grep -q '^CONFIG_VIRTIO_MEM=y' "$dest/config" || { echo "memhp: $pkg holds no virtio_mem module and does not build it in" >&2; exit 1; }
  for r in "${roots[@]}"; do visit "$r"; done
  mkdir -p "$dest/virtio-mem-modules.new"
  for m in "${order[@]}"; do cp "$tmp/ko/$m.ko" "$dest/virtio-mem-modules.new/"; done
  printf '%s\n' "${order[@]}" > "$dest/virtio-mem-modules.new/load-order"
  rm -rf "$dest/virtio-mem-modules"; mv "$dest/virtio-mem-modules.new" "$dest/virtio-mem-modules"
  unset path seen
  rm -rf "$tmp"; trap - EXIT
  echo "virtio-mem modules $series: ${order[*]}"
done
