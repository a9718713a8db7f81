#!/usr/bin/env bash
# Fetches the modules the guests of the device-memory corpus load, for the
# stock kernels, from one download of each image package (apt-get download,
# the project's own apt lists): only those .ko files kept, .ko.xz
# decompressed, and a `load-order` listing them dependencies first. Debian's
# image packages ship no modules.dep, so dependencies come from each module's
# .modinfo `depends=`; a dependency with no file is built in (nothing to load).
# Three sets, each in its own folder of .cache/kernels/<series>/
# (docs/oracle.md):
#   modules/            legacy PMEM: nd_e820, nd_pmem, nd_btt, and dax_pmem_core
#                       where the series has it (5.10's nd_pmem needs it for dax)
#   kmem-modules/       the same plus dax_pmem, device_dax and kmem (dax kmem)
#   virtio-mem-modules/ virtio_pci and virtio_mem (6.12 and 7.3 build the
#                       transport in)
# Idempotent: a set already fetched is kept. Usage: fetch-modules.sh [5.10|6.1|6.12|7.3|all]...
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cache="$root/.cache"
want=("${@:-all}")
[ "${want[0]}" = all ] && want=(5.10 6.1 6.12 7.3)
command -v objcopy >/dev/null || { echo "memhp: objcopy not found: run apt-get install -y binutils" >&2; exit 2; }

# shellcheck source=apt-private.sh
source "$root/oracle/setup/apt-private.sh"

SETS=(modules kmem-modules virtio-mem-modules)
# the roots of each set's dependency walk (a root with no file is built in, or absent from the series)
roots_of() {
  case "$1" in
    modules) echo nd_e820 nd_pmem nd_btt dax_pmem_core ;;
    kmem-modules) echo nd_e820 nd_pmem nd_btt dax_pmem_core dax_pmem device_dax kmem ;;
    virtio-mem-modules) echo virtio_pci virtio_mem ;;
  esac
}
# what a set cannot do without: a module file, or the option that builds it in
required_of() {
  case "$1" in
    modules) echo nd_e820:X86_PMEM_LEGACY nd_pmem:BLK_DEV_PMEM ;;
    kmem-modules) echo nd_e820:X86_PMEM_LEGACY nd_pmem:BLK_DEV_PMEM dax_pmem:DEV_DAX_PMEM device_dax:DEV_DAX kmem:DEV_DAX_KMEM ;;
    virtio-mem-modules) echo virtio_mem:VIRTIO_MEM ;;
  esac
}

modinfo_depends() { objcopy -O binary --only-section=.modinfo "$1" /dev/stdout 2>/dev/null | tr '\0' '\n' | sed -n 's/^depends=//p' | tr ',' ' '; }

for series in "${want[@]}"; do
  case "$series" in 5.10|6.1|6.12|7.3) ;; *) echo "memhp: unknown kernel $series (known: 5.10 6.1 6.12 7.3 all)" >&2; exit 2;; esac
  dest="$cache/kernels/$series"
  [ -f "$dest/package" ] || { echo "memhp: kernel $series is not fetched: run bash oracle/setup/fetch-kernels.sh $series" >&2; exit 2; }
  missing=()
  for set in "${SETS[@]}"; do
    if [ -f "$dest/$set/load-order" ]; then echo "$set $series: $(tr '\n' ' ' < "$dest/$set/load-order")(cached)"; else missing+=("$set"); fi
  done
  [ ${#missing[@]} -gt 0 ] || continue
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
  visit() {
    local m=$1 f
    [ -z "${seen[$m]:-}" ] || return 0
    seen[$m]=1
    f=${path[$m]:-}
    [ -n "$f" ] || return 0
    [ -f "$tmp/ko/$m.ko" ] || case "$f" in *.xz) xz -dc "$f" > "$tmp/ko/$m.ko";; *) cp "$f" "$tmp/ko/$m.ko";; esac
    for d in $(modinfo_depends "$tmp/ko/$m.ko"); do visit "${d//-/_}"; done
    order+=("$m")
  }
  for set in "${missing[@]}"; do
    for need in $(required_of "$set"); do
      m=${need%%:*}; option=${need#*:}
      [ -n "${path[$m]:-}" ] || grep -q "^CONFIG_$option=y" "$dest/config" 2>/dev/null || {
        echo "memhp: $pkg holds no $m module and does not build it in (CONFIG_$option)" >&2; exit 1; }
    done
    order=()
    declare -A seen=()
    for r in $(roots_of "$set"); do visit "$r"; done
    mkdir -p "$dest/$set.new"
    for m in "${order[@]}"; do cp "$tmp/ko/$m.ko" "$dest/$set.new/"; done
    printf '%s\n' "${order[@]}" > "$dest/$set.new/load-order"
    rm -rf "${dest:?}/$set"; mv "$dest/$set.new" "$dest/$set"
    unset seen
    echo "$set $series: ${order[*]}"
  done
  unset path
  rm -rf "$tmp"; trap - EXIT
done
