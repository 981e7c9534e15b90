# SPDX-License-Identifier: GPL-2.0
# Bochs L1 of scripts/storage-bench: Debian's kernel and a 1-vCPU Debian
# guest whose one disk is null_blk through vpart_storvsp. At the guest's
# markers (tests/guest/storage-bench-guest.sh) the host snapshots the
# partition's TSC counters (debugfs): wall ticks since creation and ticks
# in guest mode; the rest is the host's path. The guest's output is read
# as it comes, so the host does not poll during a phase.
. /lib.sh
M=/modules
# Requests per phase (the guest's blocks=); not wait_for's "n".
reqs=2000
for m in vpart vpart_vmbus vpart_storvsp configfs; do
	check "load $m for the storage benchmark" insmod $M/$m.ko
done
check "load null_blk" insmod $M/null_blk.ko nr_devices=1 gb=1 irqmode=0
snap() {
	awk '$1 == "tsc_since_create" { w = $2 } $1 == "tsc_in_guest" { g = $2 }
	     $1 ~ /^exit_/ { e += $2 } END { print w, g, e }' /sys/kernel/debug/vpart/*/exits
}
rm -f /tmp/sb.in /tmp/sb.res
mkfifo /tmp/sb.in
exec 7<>/tmp/sb.in
read -r lvl rest < /proc/sys/kernel/printk
echo 1 > /proc/sys/kernel/printk
( vpart run --name sb --kernel /guest/vmlinuz --initrd /guest/initrd.gz --cpus 1 \
	--memory 256M --disk /dev/nullb0,serial=BENCH \
	--cmdline "console=ttyS0 panic=-1 quiet" < /tmp/sb.in
  echo "VPART-RUN-STATUS $?" ) 2>&1 | tr -d '\r' | while IFS= read -r line; do
	case $line in
	"VPART-SB-READY "*)
		echo "${line#* } $(snap)" >> /tmp/sb.res
		echo go >&7 ;;
	"VPART-SB-DONE "*)
		echo "${line#* } $(snap)" >> /tmp/sb.res ;;
	esac
	case $line in
	VPART-OK* | VPART-FAIL*) echo "$line" | sed 's/^VPART-\(OK\|FAIL\) /VPART-\1 sb: /' ;;
	*) echo "sb| $line" ;;
	esac
done > /tmp/sb.out
echo "$lvl" > /proc/sys/kernel/printk
exec 7>&-
cat /tmp/sb.out
fails=$((fails + $(grep -c '^VPART-FAIL' /tmp/sb.out)))
check "storage benchmark guest ended with status 0" grep -q '^sb| VPART-RUN-STATUS 0' /tmp/sb.out
check "storage benchmark: three phases measured" [ "$(wc -l < /tmp/sb.res)" = 6 ]
check "storage benchmark: each phase moved $reqs blocks" \
	[ "$(grep -c "^sb| $reqs+0 records out" /tmp/sb.out)" = 3 ]
cat /tmp/sb.res
# Per 4 KiB request: wall, guest and host ticks and exits of each phase;
# host_extra is the host's ticks beyond the base loop's.
awk -v n=$reqs '
	{ w[$1, ++k[$1]] = $2; g[$1, k[$1]] = $3; e[$1, k[$1]] = $4 }
	END {
		for (i = 1; i <= 3; i++) {
			p = i == 1 ? "base" : i == 2 ? "read" : "write"
			W = w[p, 2] - w[p, 1]; G = g[p, 2] - g[p, 1]
			H[p] = (W - G) / n
			s = s sprintf("%s\"%s\": {\"wall\": %d, \"guest\": %d, \"host\": %d, \"exits\": %.2f}",
				      i > 1 ? ", " : "", p, W / n, G / n, H[p], (e[p, 2] - e[p, 1]) / n)
		}
		printf "VPART-BENCH {\"requests\": %d, %s, \"host_extra_read\": %d, \"host_extra_write\": %d}\n",
		       n, s, H["read"] - H["base"], H["write"] - H["base"]
	}' /tmp/sb.res
sleep 1
for m in null_blk configfs vpart_storvsp vpart_vmbus vpart; do
	check "unload $m after the storage benchmark" rmmod $m
done
check "kernel log clean after the storage benchmark" kernel_clean
exit $fails
