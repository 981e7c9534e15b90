# SPDX-License-Identifier: GPL-2.0
# Boot a Linux guest under `vpart run` (Bochs L1): the guest runs
# linux-guest.sh from its initramfs; this side types a line on its console
# once asked, relays the guest's checks, and expects exit status 0 from the
# guest's power-off. Sourced by vmx-smoke.sh with vpart.ko loaded.
# boot_linux NAME KERNEL INITRD CPUS MEMORY [CMDLINE]
[ -n "${fails+x}" ] || . /lib.sh

boot_linux() {
	name=$1 kernel=$2 initrd=$3 cpus=$4 mem=$5 extra=${6:-}
	out=/tmp/$name.out
	rm -f /tmp/$name.in
	mkfifo /tmp/$name.in
	# The write end stays open (fd 7) until the line is typed.
	exec 7<>/tmp/$name.in
	vpart run --kernel "$kernel" --initrd "$initrd" --cpus "$cpus" --memory "$mem" \
		--cmdline "console=ttyS0 panic=-1 $extra" < /tmp/$name.in > "$out" 2>&1 &
	pid=$!
	# The guest's console, live on ours (prefixed: not counted as checks).
	tail -f "$out" 2>/dev/null | awk -v p="$name| " '{ print p $0; fflush() }' &
	tailpid=$!
	# At the guest's /init: the path length so far and the exits by reason
	# (scripts/boot-bench reads these lines).
	n=0
	while ! grep -q VPART-BOOTED "$out" 2>/dev/null; do
		kill -0 $pid 2>/dev/null || break
		n=$((n + 1))
		[ $n -gt 9000 ] && break
		sleep 0.2
	done
	cat /sys/kernel/debug/vpart/*/exits > /tmp/$name.exits 2>/dev/null
	n=0
	while ! grep -q VPART-READY-FOR-INPUT "$out" 2>/dev/null; do
		kill -0 $pid 2>/dev/null || break
		n=$((n + 1))
		[ $n -gt 1800 ] && break
		sleep 1
	done
	echo "$name: ready for input after ${n}s more"
	echo "hello from the host" >&7
	n=0
	while kill -0 $pid 2>/dev/null && [ $n -lt 600 ]; do
		n=$((n + 1))
		sleep 1
	done
	if kill -0 $pid 2>/dev/null; then
		echo "$name: vpart run still there after the guest's end: killing it"
		ps
		kill $pid
	fi
	wait $pid
	rc=$?
	echo "$name: vpart run exited with status $rc"
	exec 7>&-
	sleep 1
	kill $tailpid 2>/dev/null
	tr -d '\r' < "$out" > "$out.txt"
	out=$out.txt
	# The guest's own checks, as ours.
	grep -a '^VPART-OK \|^VPART-FAIL ' "$out" | sed "s/^VPART-\(OK\|FAIL\) /VPART-\1 $name: /" \
		> /tmp/$name.res
	cat /tmp/$name.res
	fails=$((fails + $(grep -c '^VPART-FAIL' /tmp/$name.res)))
	check "$name: guest checks ran" grep -q '^VPART-EXIT 0' "$out"
	check "$name: guest power-off ends vpart run with status 0" [ "$rc" = 0 ]
	sed "s/^/VPART-STAT $name /" /tmp/$name.exits 2>/dev/null
}
