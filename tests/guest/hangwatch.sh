# SPDX-License-Identifier: GPL-2.0
# Started in the background by /init. When the console (ttyS0) has sent
# nothing for three minutes (or vphangwatch=SECONDS), write what every task is doing to ttyS1 (a file
# on the host: bochs-run prints it) and have the kernel log its CPUs' and
# blocked tasks' backtraces: a hung test then says where it hangs. Shell
# builtins where possible, so a wedged exec path still lets it report.
# Only where a second UART is there to take the report (Bochs L1).
out=/dev/ttyS1
{ : > $out; } 2>/dev/null || exit 0
# vphangwatch=SECONDS sets the silence that counts (emulated time, which a
# KASAN host under Bochs spends slowly).
limit=180
for a in $(cat /proc/cmdline); do
	case $a in
	vphangwatch=[0-9]*) limit=${a#vphangwatch=} ;;
	esac
done

tx() {
	while read -r l; do
		case $l in
		"0: "*) t=${l#*tx:}; echo "${t%% *}"; return ;;
		esac
	done < /proc/tty/driver/serial
}

dump_task() {	# dump_task /proc/PID/task/TID
	st= wc=
	while read -r k v; do
		[ "$k" = State: ] && { st=$v; break; }
	done < "$1/status"
	read -r wc < "$1/wchan"
	read -r cm < "$1/comm"
	echo "task ${1#/proc/} $cm [$st] wchan=$wc"
	case $st in
	S*|I*) [ -s "$1/cmdline" ] || return ;;	# idle kernel threads: name only
	esac
	while read -r l; do echo "    $l"; done < "$1/stack"
}

dump() {
	echo "=== hangwatch: console silent for ${1}s, uptime $(cat /proc/uptime)"
	echo "--- /proc/loadavg: $(cat /proc/loadavg)"
	while read -r l; do echo "$l"; done < /proc/tty/driver/serial
	while read -r l; do echo "$l"; done < /proc/interrupts
	for t in /proc/[0-9]*/task/[0-9]*; do
		dump_task "$t" 2>/dev/null
	done
	for f in /sys/kernel/debug/vpart/*/exits; do
		[ -r "$f" ] && { echo "--- $f"; cat "$f"; }
	done
	echo l > /proc/sysrq-trigger
	echo w > /proc/sysrq-trigger
	sleep 5
	echo "--- dmesg (last 200 lines)"
	dmesg | tail -200
	echo "=== hangwatch: end"
}

last=$(tx) quiet=0 dumps=0
while [ $dumps -lt 3 ]; do
	sleep 10
	now=$(tx)
	if [ "$now" != "$last" ]; then
		last=$now quiet=0
		continue
	fi
	quiet=$((quiet + 10))
	if [ $quiet -ge "$limit" ]; then
		dump $quiet > $out 2>&1
		dumps=$((dumps + 1)) quiet=0
	fi
done
