# SPDX-License-Identifier: GPL-2.0
# Sourced by guest test scripts. Every check prints one line the host
# counts: "VPART-OK <what>" or "VPART-FAIL <what>".
fails=0

ok() { echo "VPART-OK $*"; }
fail() { echo "VPART-FAIL $*"; fails=$((fails + 1)); }

# check WHAT CMD...: pass when CMD succeeds.
check() {
	what=$1
	shift
	if "$@"; then ok "$what"; else fail "$what"; fi
}

# run_refuses WHAT STATUS MSG ARGS...: `vpart run ARGS` must refuse with
# exit STATUS and exactly one line on stderr containing MSG.
run_refuses() {
	what=$1 status=$2 msg=$3
	shift 3
	vpart run "$@" > /tmp/out 2> /tmp/err
	rc=$?
	cat /tmp/err
	check "vpart run: $what" sh -c "[ $rc = $status ] && [ \$(wc -l < /tmp/err) = 1 ] &&
		grep -q '$msg' /tmp/err"
}

# wait_for SECONDS CMD...: poll CMD once a second until it succeeds.
wait_for() {
	n=$1
	shift
	while [ "$n" -gt 0 ]; do
		"$@" && return 0
		n=$((n - 1))
		sleep 1
	done
	"$@"
}

# The module is really gone: not in /proc/modules and no sysfs node.
unloaded() {
	! grep -q "^$1 " /proc/modules && [ ! -d "/sys/module/$1" ]
}

# dmesg-clean: no oops, WARN, BUG, KASAN, lockdep or UBSAN report so far.
kernel_clean() {
	! dmesg | grep -E -q 'BUG:|WARNING:|Oops|general protection fault|KASAN|UBSAN|possible recursive locking|circular locking|Call Trace'
}

# kmemleak is on in this boot (Bochs runs turn it off: a scan of guest RAM
# takes minutes there). Callers run the leak check only then.
kmemleak_on() {
	[ -e /sys/kernel/debug/kmemleak ] && ! grep -qw kmemleak=off /proc/cmdline
}

check_leaks() {
	if kmemleak_on; then
		check "no kmemleak reports" kmemleak_clean
	else
		echo "kmemleak is off in this boot: no leak check here"
	fi
}

# Scan for leaks twice, past kmemleak's minimum object age; report new ones.
kmemleak_clean() {
	sleep 6
	echo scan > /sys/kernel/debug/kmemleak
	echo scan > /sys/kernel/debug/kmemleak
	leaks=$(cat /sys/kernel/debug/kmemleak)
	[ -z "$leaks" ] && return 0
	echo "$leaks"
	return 1
}

kmemleak_baseline() {
	kmemleak_on || return 0
	echo scan > /sys/kernel/debug/kmemleak
	echo clear > /sys/kernel/debug/kmemleak
}
