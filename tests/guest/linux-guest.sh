# SPDX-License-Identifier: GPL-2.0
# Runs INSIDE a Linux guest of vpart (the L2 guest under Bochs): does the
# guest see Hyper-V, both CPUs, the TSC page clock, a ticking timer and the
# console's input? tests/guest/boot-linux.sh starts the guest and relays
# these checks.
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
exit $fails
