#!/usr/bin/env bash
# Installs what `memhp kernel-build` needs on a Debian machine (as root): the
# compiler and Kbuild's tools (flex, bison, bc, perl, libelf for objtool, xz
# for a KERNEL_XZ image), patch(1), and dpkg/apt for Debian's linux-source.
# Safe to run again: only what is missing is installed.
set -euo pipefail
need=()
for p in make gcc binutils flex bison bc perl libelf-dev libssl-dev xz-utils cpio patch; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  echo "installed: ${need[*]}"
else
  echo "kernel-build dependencies: all installed"
fi
