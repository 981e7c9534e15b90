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
	# The guest's console goes to $out and, prefixed (so the host does not
	# count the guest's checks twice), live to ours; the last line is
	# vpart run's exit status.
	( vpart run --kernel "$kernel" --initrd "$initrd" --cpus "$cpus" --memory "$mem" \
		--cmdline "console=ttyS0 panic=-1 $extra" < /tmp/$name.in
	  echo "VPART-RUN-STATUS $?" ) 2>&1 | tee "$out" |
		awk -v p="$name| " '{ print p $0; fflush() }' &
	pipe=$!
	running() { ! grep -q '^VPART-RUN-STATUS' "$out" 2>/dev/null; }
	# At the guest's /init: the path length so far and the exits by reason
	# (scripts/boot-bench reads these lines).
	n=0
	while ! grep -q VPART-BOOTED "$out" 2>/dev/null && running && [ $n -lt 9000 ]; do
		n=$((n + 1))
		sleep 0.2
	done
	cat /sys/kernel/debug/vpart/*/exits > /tmp/$name.exits 2>/dev/null
	n=0
	while ! grep -q VPART-READY-FOR-INPUT "$out" 2>/dev/null && running && [ $n -lt 1800 ]; do
		n=$((n + 1))
		sleep 1
	done
	echo "$name: ready for input after ${n}s more"
	echo "hello from the host" >&7
	n=0
	while running && [ $n -lt 600 ]; do
		n=$((n + 1))
		sleep 1
	done
	if running; then
		echo "$name: vpart run still there after the guest's end: stopping it"
		killall vpart
		sleep 2
	fi
	wait $pipe
	exec 7>&-
	rc=$(sed -n 's/^VPART-RUN-STATUS //p' "$out")
	echo "$name: vpart run exited with status $rc"
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
