# SPDX-License-Identifier: GPL-2.0
# Host path of VMBus messages (vpart-vmbus-bench): INITIATE_CONTACT and its
# VERSION_RESPONSE through HvPostMessage and the SynIC, and a bare fast
# HvSignalEvent. Run by scripts/vmbus-bench. Needs vpart.ko, vpart_vmbus.ko.
[ -n "${fails+x}" ] || . /lib.sh
M=/modules
n=5000
check "load vpart for the VMBus benchmark" insmod $M/vpart.ko
# The server must be there before the partition is created.
check "load vpart_vmbus for the VMBus benchmark" insmod $M/vpart_vmbus.ko
# Each contact logs a line: keep them off the serial console, which would
# otherwise be most of what is measured.
read -r lvl rest < /proc/sys/kernel/printk
echo 1 > /proc/sys/kernel/printk
vpart-vmbus-bench $n > /tmp/bench.vmbus 2> /tmp/bench.err
rc=$?
echo "$lvl" > /proc/sys/kernel/printk
cat /tmp/bench.err
sed 's/^/VPART-BENCH /' /tmp/bench.vmbus
# printk and this output share the console: let each line drain first.
sleep 1
check "VMBus benchmark" sh -c "[ $rc = 0 ] && grep -q post_message_roundtrip_ticks /tmp/bench.vmbus"
check "unload vpart_vmbus after the benchmark" rmmod vpart_vmbus
check "unload vpart after the VMBus benchmark" rmmod vpart
check "kernel log clean after the VMBus benchmark" kernel_clean
[ -n "${in_smoke:-}" ] || exit $fails
