# SPDX-License-Identifier: GPL-2.0
# Runs INSIDE a Linux guest of vpart, sourced by linux-guest.sh when the
# guest has Debian's hv_storvsc: the disks the host gave with --disk
# (tests/guest/storage-host.sh makes them) through the unmodified storvsc.
#   LOOPDISK  48 MiB on a loop device: ext2 with a pattern file, for the host
#   FILEDISK  32 MiB plain file: raw pattern, discard, random write/verify
#   RODISK     1 MiB read-only file: writes must fail
#   HOTDISK    8 MiB, hot-added and removed by the host while we run
#   HOT2DISK   4 MiB, added after it, into the same (empty) controller
# Marker lines coordinate with the host: VPART-DISKS-READY (add HOTDISK),
# VPART-HOTDISK-SEEN (remove it), VPART-HOTDISK-GONE (add HOT2DISK),
# VPART-HOT2-WRITTEN (remove it), VPART-HOT2-GONE, VPART-DISCARD-WRITTEN
# (note the backing's allocation, then type "discard"), VPART-STORAGE-DONE.

# Debian's modules, in dependency order (the host wrote the list).
if [ -f /modules/storage.order ]; then
	while read -r m; do
		insmod "/modules/$m" || echo "insmod $m failed"
	done < /modules/storage.order
fi

# disk SERIAL: the sdX whose unit serial number (VPD page 0x80) is SERIAL.
disk() {
	for b in /sys/block/sd*; do
		[ -e "$b/device/vpd_pg80" ] || continue
		if [ "$(tail -c +5 "$b/device/vpd_pg80" | tr -d '\0 ')" = "$1" ]; then
			echo "${b##*/}"
			return 0
		fi
	done
	return 1
}
sectors() { cat "/sys/block/$(disk "$1")/size"; }
have() { disk "$1" > /dev/null; }
gone() { ! have "$1"; }

check "guest: storvsc sees LOOPDISK" wait_for 120 have LOOPDISK
check "guest: storvsc sees FILEDISK" wait_for 30 have FILEDISK
check "guest: storvsc sees RODISK" wait_for 30 have RODISK
ls -l /sys/block/ | grep sd
dmesg | grep -E 'sd [0-9:]+|scsi host|storvsc' | head -30
check "guest: LOOPDISK is 48 MiB" [ "$(sectors LOOPDISK)" = 98304 ]
check "guest: FILEDISK is 32 MiB" [ "$(sectors FILEDISK)" = 65536 ]
check "guest: RODISK is 1 MiB" [ "$(sectors RODISK)" = 2048 ]
L=/dev/$(disk LOOPDISK) F=/dev/$(disk FILEDISK) R=/dev/$(disk RODISK)

# Multi-channel: storvsc asks for a sub-channel per CPU beyond the first
# and opens each; sysfs lists a controller's channels by relid.
chans() {
	d=$(readlink -f "/sys/block/$(disk "$1")/device")
	ls "${d%/host*}/channels" | wc -l
}
ncpu=$(grep -c ^processor /proc/cpuinfo)
echo "LOOPDISK's controller: $(chans LOOPDISK) channels for $ncpu CPUs"
check "guest: a sub-channel per CPU beyond the first" [ "$(chans LOOPDISK)" = "$ncpu" ]
RB=$(disk RODISK)

# Read-only: the kernel knows (MODE SENSE write-protect bit) and writes fail.
check "guest: RODISK is write-protected" [ "$(cat /sys/block/$RB/ro)" = 1 ]
check "guest: RODISK reads the host's bytes" sh -c \
	"dd if=$R bs=4096 count=1 2>/dev/null | grep -q VPART-RO-CONTENT"
check "guest: a write to RODISK fails" sh -c \
	"! dd if=/dev/zero of=$R bs=4096 count=1 conv=fsync 2>/dev/null"

# Hot add and remove, driven by the host.
echo "VPART-DISKS-READY"
# scsihost SERIAL: the SCSI host (controller) of that disk.
scsihost() {
	d=$(readlink -f "/sys/block/$(disk "$1")/device")
	echo "${d%%/target*}" | sed 's|.*/||'
}
check "guest: hot-added HOTDISK appears" wait_for 300 have HOTDISK
check "guest: HOTDISK is 8 MiB" [ "$(sectors HOTDISK)" = 16384 ]
H=/dev/$(disk HOTDISK)
hothost=$(scsihost HOTDISK)
# Reads in flight while the host removes it: they may fail, never hang.
( while dd if="$H" of=/dev/null bs=65536 iflag=direct 2>/dev/null; do :; done ) &
reader=$!
echo "VPART-HOTDISK-SEEN"
check "guest: removed HOTDISK goes away" wait_for 300 gone HOTDISK
check "guest: the reader of HOTDISK ended" wait_for 120 sh -c "! kill -0 $reader 2>/dev/null"
kill $reader 2>/dev/null
echo "VPART-HOTDISK-GONE"
check "guest: HOT2DISK appears" wait_for 300 have HOT2DISK
check "guest: HOT2DISK is 4 MiB" [ "$(sectors HOT2DISK)" = 8192 ]
echo "HOTDISK was on $hothost, HOT2DISK is on $(scsihost HOT2DISK)"
check "guest: HOT2DISK took HOTDISK's controller" [ "$(scsihost HOT2DISK)" = "$hothost" ]
check "guest: write to HOT2DISK" sh -c \
	"printf VPART-HOT2-DATA | dd of=/dev/$(disk HOT2DISK) conv=fsync 2>/dev/null"
echo "VPART-HOT2-WRITTEN"
check "guest: removed HOT2DISK goes away" wait_for 300 gone HOT2DISK
echo "VPART-HOT2-GONE"

# The filesystem on LOOPDISK: the host mounts the backing and compares.
seq 1 40000 > /tmp/pattern
check "guest: mke2fs on LOOPDISK" mke2fs -q "$L"
mkdir -p /mnt
check "guest: mount LOOPDISK" mount -t ext2 "$L" /mnt
check "guest: pattern file written" cp /tmp/pattern /mnt/pattern
sync
check "guest: pattern reads back" cmp /tmp/pattern /mnt/pattern
check "guest: unmount LOOPDISK" umount /mnt

# FILEDISK: raw patterns the host checks at known offsets (MiB 1 and 30).
seq 100000 260000 | head -c 1048576 > /tmp/raw
check "guest: raw pattern at MiB 1 of FILEDISK" \
	dd if=/tmp/raw of="$F" bs=65536 seek=16 conv=fsync
check "guest: raw pattern at MiB 30 of FILEDISK" \
	dd if=/tmp/raw of="$F" bs=65536 seek=480 conv=fsync

# Discard: 8 MiB written at MiB 8, then discarded; the host sees the hole.
check "guest: FILEDISK offers discard" sh -c \
	"[ \"\$(cat /sys/block/$(disk FILEDISK)/queue/discard_max_bytes)\" -gt 0 ]"
check "guest: 8 MiB written at MiB 8" \
	dd if=/dev/urandom of="$F" bs=1048576 seek=8 count=8 conv=fsync
# The host notes the backing's allocation, then types "discard".
echo "VPART-DISCARD-WRITTEN"
read -r -t 300 go
check "guest: the host saw the written range" [ "$go" = discard ]
check "guest: blkdiscard 8 MiB at MiB 8" blkdiscard -o 8388608 -l 8388608 "$F"
dd if=/dev/zero of=/tmp/zero bs=1048576 count=8 2>/dev/null
echo 3 > /proc/sys/vm/drop_caches
check "guest: discarded range reads zeros" sh -c \
	"dd if=$F bs=1048576 skip=8 count=8 2>/dev/null | cmp -s - /tmp/zero"
rm -f /tmp/zero
# The host measures the hole before the writes below allocate again.
echo "VPART-DISCARD-DONE"

# Random write-then-verify in MiB 16-20 of FILEDISK (clear of the patterns
# and the hole), reading back past the page cache.
rw_ok=0 rw_bad=0
for i in $(seq 1 24); do
	blk=$(( $(shuf -i 0-900 -n 1) + 4096 ))	# 4 KiB blocks 4096..4996
	cnt=$(shuf -i 1-16 -n 1)
	[ $((blk + cnt)) -le 7680 ] || continue
	dd if=/dev/urandom of=/tmp/rw bs=4096 count=$cnt 2>/dev/null
	dd if=/tmp/rw of="$F" bs=4096 seek=$blk conv=fsync,notrunc 2>/dev/null
	echo 3 > /proc/sys/vm/drop_caches
	if dd if="$F" bs=4096 skip=$blk count=$cnt 2>/dev/null | cmp -s - /tmp/rw; then
		rw_ok=$((rw_ok + 1))
	else
		rw_bad=$((rw_bad + 1))
	fi
done
echo "random write/verify: $rw_ok ok, $rw_bad bad"
check "guest: random write-then-verify on FILEDISK" sh -c "[ $rw_bad = 0 ] && [ $rw_ok -gt 10 ]"
sync
echo "VPART-STORAGE-DONE"
