# SPDX-License-Identifier: GPL-2.0
# CI kernel (KASAN, lockdep, 2 CPUs): the small guest kernel under `vpart
# run` with 2 vCPUs and the storage test's disks, alone in its boot (the
# micro-guests, the CPU hotplug and the VMBus module cycle have theirs).
. /lib.sh
. /boot-linux.sh
M=/modules
check "load vpart" insmod $M/vpart.ko
check "load vpart_vmbus" insmod $M/vpart_vmbus.ko
run_refuses "memory too small" 1 "memory too small" --kernel /guest/vmlinuz --memory 16M
run_refuses "bad --cpus" 2 "bad --cpus" --kernel /guest/vmlinuz --cpus 0
# The storage test under KASAN/lockdep: the same disks as the stock run.
. /storage-host.sh
storage_setup
boot_linux "$(cat /guest/name)" /guest/vmlinuz /guest/initrd.gz 2 "$(cat /guest/memory)" \
	"" heartbeat,shutdown
storage_after
# Each partition pins vpart_vmbus: unloading it proves none is left.
check "unload vpart_vmbus" rmmod vpart_vmbus
check "no partition left after the Linux guest" sh -c '[ "$(cat /sys/module/vpart/refcnt)" = 0 ]'
check "unload vpart" rmmod vpart
check "no kernel warnings after the Linux guest" kernel_clean
exit $fails
