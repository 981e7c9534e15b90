# SPDX-License-Identifier: GPL-2.0
# Runs INSIDE the guest of the storage benchmark (scripts/storage-bench):
# Debian's hv_storvsc on one disk; for each phase the host notes its
# counters at VPART-SB-READY, types "go", and notes them again at
# VPART-SB-DONE. Phases: base (the same dd loop without the disk), read
# and write (4 KiB direct I/O). Nothing is printed inside a phase.
. /lib.sh
# Not "n": lib.sh's wait_for uses that.
blocks=2000
insmod /modules/hv_vmbus.ko
while read -r m; do
	insmod "/modules/$m" || echo "insmod $m failed"
done < /modules/storage.order
check "guest: the benchmark disk appears" wait_for 120 test -b /dev/sda
D=/dev/sda
dd if=$D of=/dev/null bs=4096 count=64 iflag=direct 2> /dev/null
for phase in base read write; do
	echo "VPART-SB-READY $phase"
	read -r go
	case $phase in
	base) dd if=/dev/zero of=/dev/null bs=4096 count=$blocks 2> /tmp/dd ;;
	read) dd if=$D of=/dev/null bs=4096 count=$blocks iflag=direct 2> /tmp/dd ;;
	write) dd if=/dev/zero of=$D bs=4096 count=$blocks oflag=direct 2> /tmp/dd ;;
	esac
	rc=$?
	echo "VPART-SB-DONE $phase"
	cat /tmp/dd
	check "guest: $phase loop of $blocks blocks ($go)" [ $rc = 0 ]
done
