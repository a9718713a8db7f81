#!/usr/bin/env bash
# Installs what the real-kernel oracle needs on a fresh Debian machine (as root):
# QEMU, a static busybox for the initramfs, then the four stock kernels into
# .cache/kernels/ (oracle/setup/fetch-kernels.sh) and the modules
# the legacy-PMEM, dax kmem and virtio-mem corpus files load
# (oracle/setup/fetch-modules.sh). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/../.."
need=()
for p in qemu-system-x86 busybox-static; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
bash oracle/setup/fetch-kernels.sh "${@:-all}"
bash oracle/setup/fetch-modules.sh "${@:-all}"
