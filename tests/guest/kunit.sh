# SPDX-License-Identifier: GPL-2.0
# KUnit run inside the CI kernel (QEMU): load the suite in dependency order,
# run each test module, dump its suites' KTAP from debugfs, unload, check
# for leaks. The hv suites run before vpart_vmbus attaches to the core.
. /lib.sh
M=/modules

dump_ktap() {
	for d in /sys/kernel/debug/kunit/*/; do
		[ -f "$d/results" ] || continue
		echo "VPART-KTAP-BEGIN"
		cat "$d/results"
		echo "VPART-KTAP-END"
	done
}

kmemleak_baseline
check "load vpart" insmod $M/vpart.ko
# QEMU's TCG has no VMX: vpart run must say so in one line and fail.
if grep -qw vmx /proc/cpuinfo; then
	fail "vpart run without VMX: this QEMU CPU offers VMX, the case is untested"
else
	run_refuses "clear error without VMX" 1 "no usable VMX" --kernel /vmlinuz --memory 128M
fi
check "load vpart_hv_test" insmod $M/vpart_hv_test.ko
dump_ktap
check "unload vpart_hv_test" rmmod vpart_hv_test
for m in vpart_vmbus vpart_storvsp vpart_netvsp vpart_vmbus_test vpart_storvsp_test \
	 vpart_netvsp_test; do
	check "load $m" insmod $M/$m.ko
done
check "vpart busy while vpart_vmbus is loaded" sh -c '! rmmod vpart 2>/dev/null'
dump_ktap
for m in vpart_netvsp_test vpart_storvsp_test vpart_vmbus_test vpart_netvsp vpart_storvsp \
	 vpart_vmbus vpart; do
	check "unload $m" rmmod $m
	check "$m gone" unloaded $m
done
check "no kernel warnings" kernel_clean
check_leaks
exit $fails
