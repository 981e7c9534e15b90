# SPDX-License-Identifier: GPL-2.0
# Storage VSP against null_blk in the CI kernel (QEMU), run by
# scripts/storvsp-bench: vpart_storvsp_bench.ko measures both on load.
. /lib.sh
M=/modules
for m in vpart vpart_vmbus vpart_storvsp configfs; do
	check "load $m for the storage benchmark" insmod $M/$m.ko
done
# One 1 GiB device, completions in softirq context as for real hardware.
check "load null_blk" insmod $M/null_blk.ko nr_devices=1 gb=1 irqmode=1
check "storage benchmark" insmod $M/vpart_storvsp_bench.ko nreq=${n:-20000} depth=32
dmesg | sed -n 's/.*\(VPART-BENCH .*\)$/\1/p'
exit $fails
