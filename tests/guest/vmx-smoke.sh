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
check "vpart run: clear error without the module" \
	sh -c "! vpart run --kernel /init 2>/tmp/err && grep -q 'module is not loaded' /tmp/err"
kmemleak_baseline
check "load vpart" insmod $M/vpart.ko
run_refuses "no kernel given" 2 "kernel BZIMAGE is required"
run_refuses "bad option" 2 "unknown or incomplete option" --kernel /init --frobnicate
run_refuses "bad memory size" 2 "bad --memory" --kernel /init --memory 12Q
run_refuses "unreadable kernel" 1 "cannot read kernel" --kernel /nonexistent
run_refuses "not a kernel image" 1 "not a Linux bzImage" --kernel /init
check "VMX capabilities logged" sh -c \
	"dmesg | grep -q 'vpart: VMX: VMCS revision 0x2b size 4096, EPT yes .*VPID yes, unrestricted guest yes'"
check "/dev/vpart is a char device" test -c /dev/vpart
check "launcher: VMX usable" sh -c "vpart info > /tmp/info && grep -qx 'vmx: yes' /tmp/info"
check "launcher: VMCS revision" grep -qx 'vmcs_revision: 0x2b' /tmp/info
cat /tmp/info

# A Linux guest under `vpart run` (2 vCPUs): Debian's own kernel in the
# stock run (the CI-kernel run has tests/guest/linux-ci.sh for it), with
# Debian's hv_vmbus and hv_utils against our VMBus host.
if [ -f /guest/vmlinuz ]; then
	. /boot-linux.sh
	check "load vpart_vmbus for the Linux guest" insmod $M/vpart_vmbus.ko
	run_refuses "memory too small" 1 "memory too small" --kernel /guest/vmlinuz --memory 16M
	run_refuses "bad --cpus" 2 "bad --cpus" --kernel /guest/vmlinuz --cpus 0
	run_refuses "bad --name" 2 "bad --name" --kernel /guest/vmlinuz --name 'a/b'
	run_refuses "unknown --ic class" 1 "no such device class" --kernel /guest/vmlinuz \
		--ic heartbeat,nosuch
	check "vpart stop of an unknown VM fails" sh -c '! vpart stop nosuchvm'
	# Disks for Debian's hv_storvsc (the stock run brings the test).
	VP_DISKS=
	if [ -f /storage-host.sh ]; then
		. /storage-host.sh
		storage_setup
	fi
	# NICs for Debian's hv_netvsc (the stock run brings the test).
	VP_NICS=
	if [ -f /net-host.sh ]; then
		. /net-host.sh
		net_setup
	fi
	boot_linux "$(cat /guest/name)" /guest/vmlinuz /guest/initrd.gz 2 "$(cat /guest/memory)" \
		"" heartbeat,shutdown
	[ -n "$VP_DISKS" ] && storage_after
	[ -n "$VP_NICS" ] && net_after
	check "vpart ps lists nothing after it" sh -c '[ "$(vpart ps | wc -l)" = 1 ]'
	# Each partition pins vpart_vmbus: unloading it proves none is left.
	check "unload vpart_vmbus after the Linux guest" rmmod vpart_vmbus
	check "no partition left after the Linux guest" sh -c \
		'[ "$(cat /sys/module/vpart/refcnt)" = 0 ]'
fi

# The micro-guest suite (kselftest harness, TAP): one check per test.
microguest() {
	/bin/vpart-microguest 2>&1 | tee /tmp/mg.log
	awk '/^ok [0-9]+ / && !/# SKIP/ { sub(/^ok [0-9]+ /, ""); print "VPART-OK microguest: " $0 }
	     /^not ok [0-9]+ / || (/^ok [0-9]+ / && /# SKIP/) {
		sub(/^(not )?ok [0-9]+ /, ""); print "VPART-FAIL microguest: " $0 }' \
		/tmp/mg.log > /tmp/mg.res
	cat /tmp/mg.res
	fails=$((fails + $(grep -c '^VPART-FAIL' /tmp/mg.res)))
	check "micro-guest suite ran to the end" grep -q '^# Totals: pass:[1-9][0-9]* fail:0 ' /tmp/mg.log
	check "no partition left after the suite" sh -c \
		'[ "$(cat /sys/module/vpart/refcnt)" = 0 ]'
}
# CPU hotplug under a running vCPU: the CPU going down turns VMX off and
# VMCLEARs what it holds; the vCPU carries on elsewhere.
hotplug() {
	vpart-bench 5000 > /tmp/hp.out 2>&1 &
	bp=$!
	sleep 3
	check "CPU 1 offline under a running partition" \
		sh -c 'echo 0 > /sys/devices/system/cpu/cpu1/online'
	check "CPU 1 online again" sh -c 'echo 1 > /sys/devices/system/cpu/cpu1/online'
	wait $bp
	rc=$?
	cat /tmp/hp.out
	check "the vCPU survived the hotplug" test $rc = 0
	check "partitions work after the hotplug" sh -c 'vpart-bench 100 > /dev/null'
}
microguest
# Only a multi-CPU boot can take a CPU away (the CI-kernel run has two).
[ -e /sys/devices/system/cpu/cpu1/online ] && hotplug
check "no kernel warnings after the micro-guests" kernel_clean
for m in vpart_vmbus vpart_storvsp vpart_netvsp; do
	check "load $m" insmod $M/$m.ko
done
check "VMBus host attached" sh -c "dmesg | grep -q 'vpart: VMBus host vpart_vmbus attached'"
# A 64-bit micro-guest speaks to the VMBus server: INITIATE_CONTACT through
# HvPostMessage, VERSION_RESPONSE in its SynIC slot (EOM when pending), a
# refused version, HvSignalEvent to an unknown connection.
check "VMBus micro-guest: contact, response, EOM, signal" sh -c \
	'vpart-vmbus-bench 50 > /tmp/vmbus-mg.out 2>&1; rc=$?; cat /tmp/vmbus-mg.out; [ $rc = 0 ]'
for m in vpart_netvsp vpart_storvsp vpart_vmbus vpart; do
	check "unload $m" rmmod $m
	check "$m gone" unloaded $m
done
check "/dev/vpart gone" test ! -e /dev/vpart

# Exit costs against KVM and the refusal to share VMX with it: the stock run
# passes exit-bench.sh and KVM in; a missing module fails its insmod check.
in_smoke=1
[ -f /exit-bench.sh ] && . /exit-bench.sh
check "no kernel warnings" kernel_clean
check_leaks
# Power off with a vCPU running: the reboot notifier turns VMX off on every
# CPU first (the host checks the console for the power-down line).
if [ ! -f /exit-bench.sh ]; then
	insmod $M/vpart.ko && { vpart-bench 10000000 > /dev/null 2>&1 & }
	sleep 2
fi
exit $fails
