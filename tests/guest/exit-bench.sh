# SPDX-License-Identifier: GPL-2.0
# Exit costs of vpart and of KVM (kvm_intel from the same kernel) on the same
# guest code, then: vpart refuses partitions while KVM owns VMX. Sourced by
# vmx-smoke.sh or run alone (scripts/exit-bench). Needs vpart.ko, kvm*.ko.
[ -n "${fails+x}" ] || . /lib.sh
M=/modules
check "load vpart for the benchmark" insmod $M/vpart.ko
# printk and this output share the console: let each line drain first.
vpart-bench 20000 > /tmp/bench.vpart && sed 's/^/VPART-BENCH /' /tmp/bench.vpart
sleep 1
check "vpart exit benchmark" grep -q cpuid_exit_ticks /tmp/bench.vpart
check "unload vpart" rmmod vpart
for m in irqbypass kvm kvm-intel; do
	check "load $m" insmod $M/$m.ko
done
kvm-bench 20000 > /tmp/bench.kvm && sed 's/^/VPART-BENCH /' /tmp/bench.kvm
sleep 1
check "KVM exit benchmark" grep -q cpuid_exit_ticks /tmp/bench.kvm
check "load vpart beside KVM" insmod $M/vpart.ko
check "partition refused while KVM owns VMX" sh -c \
	'! vpart-bench 10 2>/tmp/err && grep -q "Device or resource busy" /tmp/err'
check "refusal logged" sh -c "dmesg | grep -q 'VMX is owned by another hypervisor'"
for m in vpart kvm_intel kvm irqbypass; do
	check "unload $m" rmmod $m
done
[ -n "${in_smoke:-}" ] || exit $fails
