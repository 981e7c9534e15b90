# SPDX-License-Identifier: GPL-2.0
# Boot a Linux guest under `vpart run` (Bochs L1): the guest runs
# linux-guest.sh from its initramfs; this side types a line on its console
# once asked, relays the guest's checks, and expects exit status 0 from the
# guest's power-off. Sourced by vmx-smoke.sh with vpart.ko and vpart_vmbus.ko
# loaded.
# boot_linux NAME KERNEL INITRD CPUS MEMORY [CMDLINE [ICS]]
# With ICS (the guest has hv_utils) the host also checks `vpart ps`, hot-adds
# and removes a time sync service and ends the guest with `vpart stop`.
# VP_DISKS: --disk options; storage-host.sh's storage_during then runs.
# VP_NICS: --nic options; net-host.sh's net_during then runs.
[ -n "${fails+x}" ] || . /lib.sh

boot_linux() {
	name=$1 kernel=$2 initrd=$3 cpus=$4 mem=$5 extra=${6:-} ics=${7:-}
	out=/tmp/$name.out
	rm -f /tmp/$name.in
	mkfifo /tmp/$name.in
	# The write end stays open (fd 7) until the line is typed.
	exec 7<>/tmp/$name.in
	# The guest's console goes to $out and, prefixed (so the host does not
	# count the guest's checks twice), live to ours; the last line is
	# vpart run's exit status.
	( vpart run --name "$name" --kernel "$kernel" --initrd "$initrd" --cpus "$cpus" \
		--memory "$mem" ${ics:+--ic "$ics"} ${VP_DISKS:-} ${VP_NICS:-} \
		--cmdline "console=ttyS0 panic=-1 $extra" < /tmp/$name.in
	  echo "VPART-RUN-STATUS $?" ) 2>&1 | tee "$out" |
		awk -v p="$name| " '{ print p $0; fflush() }' &
	pipe=$!
	running() { ! grep -q '^VPART-RUN-STATUS' "$out" 2>/dev/null; }
	# waitmark MARKER SECONDS: until the guest prints MARKER or ends.
	waitmark() {
		n=0
		while ! grep -q "$1" "$out" 2>/dev/null && running && [ $n -lt "$2" ]; do
			n=$((n + 1))
			sleep 1
		done
		grep -q "$1" "$out"
	}
	hb_ok() { vpart ps | awk -v n="$name" '$1 == n && $6 == "ok" { f = 1 } END { exit !f }'; }
	# At the guest's /init: the path length so far and the exits by reason
	# (scripts/boot-bench reads these lines).
	n=0
	while ! grep -q VPART-BOOTED "$out" 2>/dev/null && running && [ $n -lt 9000 ]; do
		n=$((n + 1))
		sleep 0.2
	done
	cat /sys/kernel/debug/vpart/*/exits > /tmp/$name.exits 2>/dev/null
	if [ -n "$ics" ]; then
		check "$name: guest reached the VMBus step" waitmark VPART-VMBUS-READY 1200
		check "$name: vpart ps shows the guest's heartbeat" wait_for 60 hb_ok
		vpart ps
		id=$(vpart device add "$name" timesync)
		check "$name: vpart device add timesync while the guest runs" [ -n "$id" ]
		check "$name: guest saw the new service" waitmark VPART-TIMESYNC-SEEN 600
		check "$name: vpart device remove rescinds it" vpart device remove "$name" "$id"
		check "$name: vpart device refuses an unknown class" sh -c \
			"! vpart device add $name nosuchclass 2>&1 | grep -q '^[0-9]'"
	fi
	# Disks (tests/guest/storage-host.sh) when the caller gave some.
	[ -n "${VP_DISKS:-}" ] && storage_during
	# NICs (tests/guest/net-host.sh) likewise.
	[ -n "${VP_NICS:-}" ] && net_during
	n=0
	while ! grep -q VPART-READY-FOR-INPUT "$out" 2>/dev/null && running && [ $n -lt 1800 ]; do
		n=$((n + 1))
		sleep 1
	done
	echo "$name: ready for input after ${n}s more"
	echo "hello from the host" >&7
	if [ -n "$ics" ]; then
		check "$name: guest waits for vpart stop" waitmark VPART-READY-FOR-STOP 900
		vpart stop "$name" --timeout 300 > /tmp/$name.stop 2>&1
		src=$?
		cat /tmp/$name.stop
		check "$name: vpart stop powers the guest off through the shutdown service" \
			sh -c "[ $src = 0 ] && grep -q 'powered off' /tmp/$name.stop"
	fi
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
