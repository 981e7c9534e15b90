# SPDX-License-Identifier: GPL-2.0
# Host (Bochs L1) side of the storage test, sourced by vmx-smoke.sh: makes
# the backings, answers the guest's markers (tests/guest/storage-guest.sh)
# while it runs and checks the bytes in the backings after its power-off.
#   LOOPDISK  48 MiB file on /dev/loop0 (a block device: the bio path)
#   FILEDISK  32 MiB sparse file (the file path, discard = punched holes)
#   RODISK     1 MiB file given with ,ro
#   HOTDISK    8 MiB file, hot-added and removed while the guest runs
#   HOT2DISK   4 MiB file, added after that into HOTDISK's empty controller
# Loads the modules /modules/host-storage.order lists (loop, ext4 and their
# dependencies for Debian's kernel; the CI kernel has them built in).
D=/tmp/disks

storage_setup() {
	if [ -f /modules/host-storage.order ]; then
		while read -r m; do
			insmod "/modules/$m" || echo "insmod $m failed"
		done < /modules/host-storage.order
	fi
	check "storage: load vpart_storvsp" insmod /modules/vpart_storvsp.ko
	mkdir -p $D /mnt
	truncate -s 48M $D/loop.img
	check "storage: loop device for LOOPDISK" losetup /dev/loop0 $D/loop.img
	truncate -s 32M $D/file.img
	echo VPART-RO-CONTENT > $D/ro.img
	truncate -s 1M $D/ro.img
	md5sum $D/ro.img > $D/ro.md5
	truncate -s 8M $D/hot.img
	truncate -s 4M $D/hot2.img
	# The raw pattern the guest writes at MiB 1 and MiB 30 of FILEDISK.
	seq 100000 260000 | head -c 1048576 > $D/raw
	seq 1 40000 > $D/pattern
	run_refuses "--disk with a missing file" 1 "No such file" \
		--kernel /guest/vmlinuz --disk $D/nosuch.img
	run_refuses "--disk with an unknown option" 2 "unknown disk option" \
		--kernel /guest/vmlinuz --disk $D/file.img,bogus
	run_refuses "--disk with a directory" 1 "Is a directory" \
		--kernel /guest/vmlinuz --disk $D
	VP_DISKS="--disk /dev/loop0,serial=LOOPDISK --disk $D/file.img,serial=FILEDISK"
	VP_DISKS="$VP_DISKS --disk $D/ro.img,ro,serial=RODISK"
}

# Called by boot_linux while the guest runs ($name, waitmark, fd 7 are its).
storage_during() {
	check "$name: guest sees its disks" waitmark VPART-DISKS-READY 1200
	hot=$(vpart disk add "$name" $D/hot.img,serial=HOTDISK)
	check "$name: vpart disk add while the guest runs" [ -n "$hot" ]
	check "$name: guest saw the hot-added disk" waitmark VPART-HOTDISK-SEEN 600
	# The guest reads HOTDISK in a loop: it goes with I/O in flight.
	check "$name: vpart disk remove by path" vpart disk remove "$name" $D/hot.img
	check "$name: vpart disk refuses an unknown disk" sh -c \
		"! vpart disk remove $name $D/hot.img 2>/dev/null"
	check "$name: guest dropped the removed disk" waitmark VPART-HOTDISK-GONE 600
	hot2=$(vpart disk add "$name" $D/hot2.img,serial=HOT2DISK)
	check "$name: vpart disk add after a remove" [ -n "$hot2" ]
	check "$name: guest wrote to the second hot disk" waitmark VPART-HOT2-WRITTEN 600
	check "$name: vpart disk remove by id" vpart disk remove "$name" "$hot2"
	check "$name: the guest's bytes are in HOT2DISK's backing" sh -c \
		"head -c 15 $D/hot2.img | grep -qx VPART-HOT2-DATA"
	check "$name: guest dropped the second hot disk" waitmark VPART-HOT2-GONE 600
	check "$name: guest wrote the range to discard" waitmark VPART-DISCARD-WRITTEN 900
	blocks_written=$(stat -c %b $D/file.img)
	echo "discard" >&7
	check "$name: guest discarded the range" waitmark VPART-DISCARD-DONE 900
	blocks_discarded=$(stat -c %b $D/file.img)
	check "$name: guest finished its disk checks" waitmark VPART-STORAGE-DONE 1200
	echo "FILEDISK backing: $blocks_written blocks before the discard, $blocks_discarded after"
}

# After the guest powered off: the bytes it wrote are in the backings.
storage_after() {
	check "storage: FILEDISK backing has the pattern at MiB 1" sh -c \
		"dd if=$D/file.img bs=65536 skip=16 count=16 2>/dev/null | cmp - $D/raw"
	check "storage: FILEDISK backing has the pattern at MiB 30" sh -c \
		"dd if=$D/file.img bs=65536 skip=480 count=16 2>/dev/null | cmp - $D/raw"
	# 8 MiB discarded: 16384 blocks of 512 bytes fewer (some slack for metadata).
	check "storage: discard punched a hole in FILEDISK's backing" sh -c \
		"[ $((blocks_written - blocks_discarded)) -ge 15000 ]"
	check "storage: RODISK backing unchanged" md5sum -c $D/ro.md5
	check "storage: LOOPDISK's filesystem mounts on the host" \
		mount -o ro -t ext2 /dev/loop0 /mnt
	check "storage: the guest's pattern file is on LOOPDISK, byte for byte" \
		cmp $D/pattern /mnt/pattern
	umount /mnt
	check "storage: loop device released" losetup -d /dev/loop0
	check "storage: unload vpart_storvsp" rmmod vpart_storvsp
}
