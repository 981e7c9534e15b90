# SPDX-License-Identifier: GPL-2.0
# Bochs smoke (VMX machine): the CPU offers VMX+EPT, vpart.ko reads and
# logs the VMX capabilities, the suite loads in order and unloads cleanly.
# Used with the CI kernel and with DKMS-built modules on Debian's kernel.
. /lib.sh
M=/modules

check "vmx in /proc/cpuinfo" grep -qw vmx /proc/cpuinfo
check "ept in the vmx flags" sh -c "grep '^vmx flags' /proc/cpuinfo | grep -qw ept"
check "launcher: clear error without the module" \
	sh -c "! vpart info 2>/tmp/err && grep -q 'module is not loaded' /tmp/err"
kmemleak_baseline
check "load vpart" insmod $M/vpart.ko
check "VMX capabilities logged" sh -c \
	"dmesg | grep -q 'vpart: VMX: VMCS revision 0x2b size 4096, EPT yes .*VPID yes, unrestricted guest yes'"
check "/dev/vpart is a char device" test -c /dev/vpart
check "launcher: VMX usable" sh -c "vpart info > /tmp/info && grep -qx 'vmx: yes' /tmp/info"
check "launcher: VMCS revision" grep -qx 'vmcs_revision: 0x2b' /tmp/info
cat /tmp/info
for m in vpart_vmbus vpart_storvsp vpart_netvsp; do
	check "load $m" insmod $M/$m.ko
done
check "VMBus host attached" sh -c "dmesg | grep -q 'vpart: VMBus host vpart_vmbus attached'"
for m in vpart_netvsp vpart_storvsp vpart_vmbus vpart; do
	check "unload $m" rmmod $m
	check "$m gone" unloaded $m
done
check "/dev/vpart gone" test ! -e /dev/vpart
check "no kernel warnings" kernel_clean
check_leaks
exit $fails
