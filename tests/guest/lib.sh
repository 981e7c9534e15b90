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

# The module is really gone: not in /proc/modules and no sysfs node.
unloaded() {
	! grep -q "^$1 " /proc/modules && [ ! -d "/sys/module/$1" ]
}

# dmesg-clean: no oops, WARN, BUG, KASAN, lockdep or UBSAN report so far.
kernel_clean() {
	! dmesg | grep -E -q 'BUG:|WARNING:|Oops|KASAN|UBSAN|possible recursive locking|circular locking|Call Trace'
}

# Scan for leaks twice, past kmemleak's minimum object age; report new ones.
kmemleak_clean() {
	[ -e /sys/kernel/debug/kmemleak ] || return 0
	sleep 6
	echo scan > /sys/kernel/debug/kmemleak
	echo scan > /sys/kernel/debug/kmemleak
	leaks=$(cat /sys/kernel/debug/kmemleak)
	[ -z "$leaks" ] && return 0
	echo "$leaks"
	return 1
}

kmemleak_baseline() {
	[ -e /sys/kernel/debug/kmemleak ] || return 0
	echo scan > /sys/kernel/debug/kmemleak
	echo clear > /sys/kernel/debug/kmemleak
}
