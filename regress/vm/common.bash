# Shared by the guest suites (load common; smoke/smoke.bats: load
# ../common), as regress/tools/common.bash is by the host suites: where
# things are, the module loaded, a fresh directory per test, the users the
# unprivileged sides run as, and bounded waits.  regress/vm/run boots the
# guest, loads the module, names it in KTRACE_KO and puts the tools on PATH.
# shellcheck shell=bash

# From this file's place, so that a suite in a subfolder finds them too.
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PROGS=$TOP/regress/progs
KTRLIB=$TOP/regress/tools/ktrlib
export TOP PROGS KTRLIB

bats_require_minimum_version 1.5.0

# Commands run as nobody (65534) and as daemon (1), without root's groups.
# shellcheck disable=SC2034 # the suites use them
as_nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups --)
# shellcheck disable=SC2034
as_daemon=(setpriv --reuid=1 --regid=1 --clear-groups --)

# load_module: the module loaded, as the VM loaded it; a test before may
# have unloaded it.
load_module() {
	[ -c /dev/ktrace ] || insmod "$KTRACE_KO"
}

# guest_setup NAME [MODE]: the module loaded and a fresh directory
# /tmp/NAME.XXXXXX in $T, of MODE when given (755: nobody may look for
# $T/stop).
guest_setup() {
	load_module
	T=$(mktemp -d "/tmp/$1.XXXXXX")
	[ -z "${2:-}" ] || chmod "$2" "$T"
}

# stop_spin: the process in $spin_pid, if any, which runs until $T/stop
# exists, stopped and reaped.
stop_spin() {
	[ -z "${spin_pid:-}" ] || { touch "$T/stop"; wait "$spin_pid" || true; }
}

# kill_bg: the process in $bg, if any, killed and reaped.
kill_bg() {
	[ -z "${bg:-}" ] || { kill "$bg" 2>/dev/null; wait "$bg" || true; }
}

# field NAME [TEXT]: the value of the first NAME=VALUE in TEXT ($output
# when not given), the lines of counts the test programs print.
field() {
	local v
	v=$(grep -oE "(^| )$1=[0-9]+" <<<"${2-$output}" | head -1)
	[ -n "$v" ] || { echo "no $1= in: ${2-$output}" >&2; return 1; }
	echo "${v#*=}"
}

# wait_for_bytes FILE [BYTES [TRIES]]: wait, TRIES times 50 ms (200: 10 s),
# until FILE, which may not exist yet, holds at least BYTES bytes (64: a
# record's header).
wait_for_bytes() {
	local i size
	for ((i = 0; i < ${3:-200}; i++)); do
		size=$(stat -c %s "$1" 2>/dev/null || echo 0)
		[ "$size" -ge "${2:-64}" ] && return 0
		sleep 0.05
	done
	echo "$1 did not reach ${2:-64} bytes" >&2
	return 1
}

# wait_for_kdump FILE ERE: wait (bounded, 15 s) until a line kdump prints
# of FILE matches ERE.
wait_for_kdump() {
	local i
	for ((i = 0; i < 150; i++)); do
		kdump -f "$1" 2>/dev/null | grep -Eq -m1 -- "$2" && return 0
		sleep 0.1
	done
	echo "no record matching '$2' reached $1" >&2
	return 1
}

# wait_for_comm PID COMM: wait (bounded, 20 s) until process PID runs the
# program named COMM (setpriv, sh and ktrace exec their command).
wait_for_comm() {
	local i
	for ((i = 0; i < 400; i++)); do
		[ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ] && return 0
		sleep 0.05
	done
	echo "$2 (pid $1) never started" >&2
	return 1
}
