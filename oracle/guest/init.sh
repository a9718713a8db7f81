#!/bin/busybox sh
# The oracle guest's /init: mounts what sysfs reads need, then serves the host's
# command channel on the second serial port (ttyS1). Request: one line
# "<id> <base64 of a shell command>". Response: "@@MEMHP-BEGIN <id>@@", the
# command's stdout+stderr, "@@MEMHP-END <id> <exit status>@@". The console
# (ttyS0) only carries the kernel log.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
port=/dev/ttyS1
stty -F "$port" raw -echo -icanon min 1 time 0 2>/dev/null
exec <"$port" >"$port" 2>&1
echo "@@MEMHP-READY $(uname -r)@@"
while read -r id payload; do
  [ -n "$id" ] || continue
  cmd=$(echo "$payload" | base64 -d 2>/dev/null)
  echo "@@MEMHP-BEGIN $id@@"
  sh -c "$cmd" 2>&1
  echo "@@MEMHP-END $id $?@@"
done
echo "@@MEMHP-EXIT@@"
poweroff -f
