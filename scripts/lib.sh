# SPDX-License-Identifier: GPL-2.0
# Shared by the test scripts: cache locations, out-of-tree builds per
# kernel, and counting the checks guests report.
VP_CACHE=${VPART_CACHE:-$HOME/.cache/vpart}

die() {
	echo "${0##*/}: $*" >&2
	exit 1
}

# A fresh scratch directory for one runner, kept for inspection.
vp_workdir() {
	local d=$VP_CACHE/run/$1
	rm -rf "$d"
	mkdir -p "$d"
	echo "$d"
}

# Copy the sources to a per-kernel build tree: an out-of-tree build puts
# objects next to the sources, so each kernel gets its own copy. Build
# outputs are neither copied nor deleted.
vp_sync_tree() {
	mkdir -p "$1"
	rsync -a --delete --exclude .git --exclude '*.o' --exclude '*.ko' \
		--exclude '.*.cmd' --exclude '*.mod' --exclude '*.mod.c' \
		--exclude 'modules.order' --exclude 'Module.symvers' \
		--exclude 'userspace/vpart' --exclude 'tests/ring/ring_*[!.c]' \
		"$top/" "$1/" >&2
}

# Build the modules for KDIR in tree NAME.
# usage: vp_build_tree KDIR NAME [CONFIG_X=v ...]; prints the tree's path.
vp_build_tree() {
	local kdir=$1 dst=$VP_CACHE/build/$2
	shift 2
	vp_sync_tree "$dst" || return 1
	make -C "$dst" -s modules KDIR="$kdir" "$@" >&2 || return 1
	echo "$dst"
}

# Kernel reports that fail a run wherever they appear on the console.
VP_KERNEL_REPORTS='BUG:|WARNING:|Oops|general protection fault|KASAN|UBSAN|circular locking|possible recursive locking|suspected memory leak|Kernel panic'

# Count the VPART-OK / VPART-FAIL lines of a guest console log. A guest that
# never reported its exit status, or a kernel report anywhere on the console
# (even after the guest's own checks ran), counts as one more failure each.
vp_guest_checks() {
	local log=$1
	guest_ok=$(grep -c '^VPART-OK ' "$log")
	guest_fail=$(grep -c '^VPART-FAIL ' "$log")
	grep '^VPART-FAIL ' "$log"
	if ! grep -q '^VPART-EXIT ' "$log"; then
		echo "guest did not finish its script (see $log)"
		guest_fail=$((guest_fail + 1))
	fi
	if grep -E -q "$VP_KERNEL_REPORTS" "$log"; then
		grep -E -m 5 "$VP_KERNEL_REPORTS" "$log"
		echo "kernel report on the console (see $log)"
		guest_fail=$((guest_fail + 1))
	fi
}

# Debian's modules for the storage tests, in load order (crypto providers
# before the CRC libraries that look them up at load time): the guest's
# storvsc, sd and ext4; the host's loop and ext4.
VP_GUEST_STORAGE_MODS="crct10dif_common crct10dif_generic crc-t10dif crc64 crc64_rocksoft_generic
	crc64-rocksoft t10-pi scsi_common scsi_mod scsi_transport_fc hv_storvsc sd_mod
	crc16 mbcache jbd2 crc32c_generic ext4"
VP_HOST_STORAGE_MODS="loop crc16 mbcache jbd2 crc32c_generic ext4"
VP_HOST_NET_MODS="llc stp bridge veth"

# vp_host_bins BIN...: SRC:DEST pairs of this machine's dynamically linked
# BINs and the libraries they load (Debian's iproute2 for a Bochs host).
vp_host_bins() {
	local b
	for b in "$@"; do
		[ -x "$b" ] || { echo "$b missing" >&2; return 1; }
		echo "$b:$b"
		ldd "$b" | awk '$(NF-1) ~ /^\// { print $(NF-1) } $1 ~ /^\// { print $1 }' |
			sort -u | while read -r l; do echo "$l:$l"; done
	done
}

# vp_stock_mods ROOT KVER LISTFILE MODULE...: SRC:/modules/M.ko pairs of
# Debian's MODULEs (from the extracted package at ROOT), their names in
# load order in LISTFILE, and LISTFILE's own pair.
vp_stock_mods() {
	local root=$1 kver=$2 list=$3 m f
	shift 3
	: > "$list"
	for m in "$@"; do
		f=$(find "$root/lib/modules/$kver/kernel" -name "$m.ko" -print -quit)
		[ -n "$f" ] || { echo "stock module $m missing" >&2; return 1; }
		echo "$f:/modules/$m.ko"
		echo "$m.ko" >> "$list"
	done
	echo "$list:/modules/${list##*/}"
}
