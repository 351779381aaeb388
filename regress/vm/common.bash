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

# status_rows: ktrace -S's rows of CPUs, after its table's heading.
status_rows() {
	ktrace -S | awk '$1 == "cpu" && $2 == "held" { rows = 1; next } rows'
}

# made CPU: the flight recorder's count of records made on CPU (held and
# overwritten), from ktrace -S.
made() {
	status_rows | awk -v cpu="$1" '$1 == cpu { print $2 + $3 }'
}

# flight_wins FILE [FIELD]: a line per flight window (KTR_WINDOW record)
# in FILE, in order: its CPU, then FIELD's value when asked for.
flight_wins() {
	kdump --json -f "$1" | python3 -c '
import json, sys
for r in map(json.loads, sys.stdin):
    d = r["decoded"]
    if r["type"] == "WIN" and d["set_name"] == "flight":
        print(d["cpu"], *(d[f] for f in sys.argv[1:]))' ${2:+"$2"}
}

# wait_until TRIES CONDITION [WHAT]: run the command line CONDITION every
# 50 ms until it succeeds, at most TRIES times (200: 10 s or more in a
# slow guest); else say WHAT did not happen (or which CONDITION), and
# fail.  CONDITION sees the caller's variables (not its arguments: put
# those in locals).
wait_until() {
	local _wu_try
	for ((_wu_try = 0; _wu_try < $1; _wu_try++)); do
		eval "$2" && return 0
		sleep 0.05
	done
	echo "${3:-never true in $1 tries: $2}" >&2
	return 1
}

# has_bytes FILE BYTES: FILE, which may not exist yet, holds BYTES or more.
has_bytes() {
	[ "$(stat -c %s "$1" 2>/dev/null || echo 0)" -ge "$2" ]
}

# wait_for_bytes FILE [BYTES [TRIES]]: wait, TRIES times 50 ms (200: 10 s),
# until FILE holds at least BYTES bytes (64: a record's header).
wait_for_bytes() {
	local file=$1 want=${2:-64}
	wait_until "${3:-200}" 'has_bytes "$file" "$want"' \
	    "$file did not reach $want bytes"
}

# wait_for_kdump FILE ERE: wait (bounded, 15 s) until a line kdump prints
# of FILE matches ERE.
wait_for_kdump() {
	local file=$1 ere=$2
	wait_until 300 'kdump -f "$file" 2>/dev/null | grep -Eq -m1 -- "$ere"' \
	    "no record matching '$ere' reached $file"
}

# wait_for_comm PID COMM: wait (bounded, 20 s) until process PID runs the
# program named COMM (setpriv, sh and ktrace exec their command).
wait_for_comm() {
	local pid=$1 comm=$2
	wait_until 400 '[ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$comm" ]' \
	    "$comm (pid $pid) never started"
}
