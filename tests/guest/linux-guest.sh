# SPDX-License-Identifier: GPL-2.0
# Runs INSIDE a Linux guest of vpart (the L2 guest under Bochs): does the
# guest see Hyper-V, both CPUs, the TSC page clock, a ticking timer, VMBus
# and the console's input? tests/guest/boot-linux.sh starts the guest,
# answers its markers and relays these checks.
# With hv_utils (Debian's module in the stock guest, built into the small
# one) the guest also exercises the integration services with the host and
# waits to be shut down by `vpart stop`.
. /lib.sh

check "guest: Hypervisor detected: Microsoft Hyper-V" \
	sh -c "dmesg | grep -q 'Hypervisor detected: Microsoft Hyper-V'"
check "guest: x2APIC in use" sh -c "dmesg | grep -qi 'x2apic'"
check "guest: 2 CPUs online" sh -c '[ "$(cat /sys/devices/system/cpu/online)" = 0-1 ]'
cs=/sys/devices/system/clocksource/clocksource0/current_clocksource
echo "clocksource: $(cat $cs)"
check "guest: clocksource is the Hyper-V TSC page" \
	sh -c "[ \"\$(cat $cs)\" = hyperv_clocksource_tsc_page ]"
# Local timer interrupts, all CPUs summed, a second apart.
loc() {
	awk '/^ *LOC:/ { n = 0; for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) n += $i; print n }' \
		/proc/interrupts
}
l1=$(loc)
sleep 1
l2=$(loc)
echo "LOC $l1 -> $l2"
check "guest: timer interrupts advance" sh -c "[ '$l2' -gt '$l1' ]"
check "guest: CPU 1 takes timer interrupts" sh -c \
	"awk '/^ *LOC:/ { exit !(\$3 > 0) }' /proc/interrupts"
check "guest: wall clock from the CMOS RTC" sh -c '[ "$(date +%Y)" -ge 2024 ]'
check "guest: no PCI devices" sh -c '[ -z "$(ls /sys/bus/pci/devices 2>/dev/null)" ]'
# Linux names the device after its _HID, upper-cased ("VMBUS:00").
check "guest: VMBus device in the ACPI namespace" \
	sh -c "ls /sys/bus/acpi/devices | grep -qi '^vmbus:'"
check "guest: no segfaults" sh -c "! dmesg | grep -q segfault"
# VMBus: Debian builds hv_vmbus as a module, the small guest has it built in.
if [ -f /modules/hv_vmbus.ko ]; then
	check "guest: hv_vmbus loads" insmod /modules/hv_vmbus.ko
fi
wait_for 120 sh -c "dmesg | grep -q 'Vmbus version:'"
dmesg | grep 'Vmbus version:'
check "guest: VMBus connected (hv_vmbus logs its version)" \
	sh -c "dmesg | grep -q 'hv_vmbus: Vmbus version:5.3'"
# Interface-type GUIDs of the services, as sysfs shows them.
HB=57164f39-9115-4e78-ab55-382f3bd5422d
SD=0e0b6031-5213-4934-818b-38d90ced39db
TS=9527e630-d0ae-497b-adce-e80ab0175caf
offered() {
	for d in /sys/bus/vmbus/devices/*; do
		[ "$(cat "$d/class_id" 2>/dev/null)" = "{$1}" ] && return 0
	done
	return 1
}
not_offered() { ! offered "$1"; }
ic_pair_offered() { offered $HB && offered $SD; }
# Both test guests have hv_utils: its absence is a failure, not a skip.
utils=
[ -f /modules/hv_utils.ko ] || [ -d /sys/bus/vmbus/drivers/hv_utils ] && utils=1
check "guest: hv_utils present (module or built in)" [ -n "$utils" ]
if [ -n "$utils" ]; then
	check "guest: heartbeat and shutdown offered" wait_for 30 ic_pair_offered
	check "guest: no time sync offered yet" not_offered $TS
	if [ -f /modules/hv_utils.ko ]; then
		check "guest: hv_utils loads" insmod /modules/hv_utils.ko
	fi
	wait_for 120 sh -c "dmesg | grep -q 'Shutdown IC version'"
	check "guest: hv_utils binds heartbeat (IC 3.0)" \
		sh -c "dmesg | grep -q 'Heartbeat IC version 3.0'"
	check "guest: hv_utils binds shutdown (IC 3.2)" \
		sh -c "dmesg | grep -q 'Shutdown IC version 3.2'"
	# The host checks `vpart ps` and hot-adds a time sync service.
	echo "VPART-VMBUS-READY"
	wait_for 300 sh -c "dmesg | grep -q 'TimeSync IC version'"
	check "guest: hot-added time sync bound (IC 4.0)" \
		sh -c "dmesg | grep -q 'TimeSync IC version 4.0'"
	check "guest: the hyperv PTP clock exists" sh -c \
		'grep -q hyperv /sys/class/ptp/ptp*/clock_name'
	# The host rescinds it again.
	echo "VPART-TIMESYNC-SEEN"
	check "guest: rescinded time sync is gone" wait_for 300 not_offered $TS
	check "guest: heartbeat still there after the rescind" offered $HB
	ls /sys/bus/vmbus/devices/
fi
# Disks through hv_storvsc (Debian's module or built in), when the
# initramfs has the storage test.
[ -f /storage-guest.sh ] && . /storage-guest.sh
# NICs through hv_netvsc, when the initramfs has the network test.
[ -f /net-guest.sh ] && . /net-guest.sh

# The host types a line once it sees this marker.
echo "VPART-READY-FOR-INPUT"
if read -r -t 300 line; then
	echo "got line: $line"
else
	line=
fi
check "guest: a line typed on the console arrives" [ "$line" = "hello from the host" ]
check "guest: the UART interrupt fired" sh -c \
	"awk '/ttyS0/ { exit !(\$2 + \$3 > 0) }' /proc/interrupts"
cat /proc/interrupts
check "guest: kernel log clean" kernel_clean
if [ -n "$utils" ]; then
	# The host's `vpart stop` powers us off through the shutdown service.
	echo "VPART-EXIT $fails"
	echo "VPART-READY-FOR-STOP"
	sleep 600
	echo "VPART-FAIL guest: still running 600 s after asking for vpart stop"
fi
exit $fails
