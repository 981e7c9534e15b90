# SPDX-License-Identifier: GPL-2.0
# The demo guest's program (inside the Linux guest): say who and where we are.
echo
echo "Hello from $(uname -sr) on $(uname -m), a guest of vpart"
dmesg | grep -m1 'Hypervisor detected'
echo "CPUs online: $(cat /sys/devices/system/cpu/online)"
echo "clocksource: $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
echo "memory: $(awk '/MemTotal/ { print $2 " kB" }' /proc/meminfo)"
echo "date: $(date -u)"
echo "powering off"
exit 0
