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
# Legacy PMEM (oracle/pmem-modules.ts): libnvdimm and nd_e820 first; once
# nd_region has made one namespace per e820 PMEM range, the nd bus's autoprobe
# goes off, so nd_pmem (loaded after) binds nothing by itself: every bind is a
# step of the scenario. Messages go to the console log.
pmem=/lib/memhp-pmem
if [ -f $pmem/load-order ]; then
  ranges=$(grep -c 'Persistent Memory (legacy)' /proc/iomem)
  held=
  for m in $(cat $pmem/load-order); do
    case $m in
      libnvdimm|nd_e820) ;;
      *)
        if [ -z "$held" ]; then
          i=0
          while [ "$(ls -d /sys/bus/nd/devices/namespace*.0 2>/dev/null | wc -l)" -lt "$ranges" ] && [ $i -lt 100 ]; do
            sleep 0.1
            i=$((i + 1))
          done
          echo 0 > /sys/bus/nd/drivers_autoprobe
          held=1
        fi
        ;;
    esac
    insmod $pmem/$m.ko || echo "memhp-init: insmod $m failed"
  done
fi
# virtio-mem (oracle/virtio-mem-guest.ts): the transport and the driver, then
# a wait until the driver has bound the device, so every plug is a step.
vmem=/lib/memhp-virtio-mem
if [ -f $vmem/load-order ]; then
  for m in $(cat $vmem/load-order); do
    insmod $vmem/$m.ko || echo "memhp-init: insmod $m failed"
  done
  i=0
  while [ -z "$(ls /sys/bus/virtio/drivers/virtio_mem 2>/dev/null | grep virtio)" ] && [ $i -lt 100 ]; do
    sleep 0.1
    i=$((i + 1))
  done
fi
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
