# SPDX-License-Identifier: GPL-2.0
# Linux boot path length under vpart (scripts/boot-bench): each guest
# kernel in /guest-<name>/ boots with 2 vCPUs; boot-linux.sh records the
# exit counts and TSC ticks at the guest's /init (VPART-STAT lines).
. /lib.sh
. /boot-linux.sh
check "load vpart" insmod /modules/vpart.ko
for d in /guest-*; do
	boot_linux "${d#/guest-}" "$d/vmlinuz" /guest-initrd.gz 2 "$(cat "$d/memory")"
done
check "unload vpart" rmmod vpart
exit $fails
