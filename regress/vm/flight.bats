#!/usr/bin/env bats
# Guest suite: the flight recorder, live.  ktrace -b records into the
# in-kernel overwrite rings, ktrace -R writes a snapshot of them (through
# the ioctl, or read from /proc/kcore as from a crash dump), ktrace -S
# shows them.  A recorder that runs keeps every test's processes in its
# rings, so each test starts and stops its own, and the ring size is set
# back after the tests that change it.

load common

setup_file() {
	load_module
	export RING0=$(sysctl -n kernel.ktrace.ring_bufsize)
}

setup() {
	guest_setup flight 755
}

teardown() {
	[ -z "${bg:-}" ] || { touch "$T/stop"; wait "$bg" || true; }
	echo 0 >/sys/module/ktrace/parameters/fault_ringread_ms
	ktrace -C 2>/dev/null || true
	echo 2000 >/sys/module/ktrace/parameters/linger_ms
	sysctl -q -w kernel.ktrace.ring_bufsize="$RING0" || true
	rm -rf "$T"
}

# lines FILE [PID]: kdump's text of the trace file's records (WIN lines
# apart), of PID's records only when given.
lines() {
	kdump -f "$1" ${2:+-p "$2"} | grep -v '^ *[0-9]* *WIN ' || true
}

# win FILE CPU FIELD: a field of the flight window of CPU in FILE.
win() {
	flight_wins "$1" "$3" | awk -v cpu="$2" '$1 == cpu { print $2; exit }'
}

@test "-b with no target records every process: a file trace of one is the tail of its records" {
	ktrace -b -t cn
	ktrace -t cn -f "$T/f.out" "$PROGS/calls" 0
	ktrace -R -f "$T/a.out"
	pid=$(kdump -f "$T/f.out" | awk '/ calls / { print $1; exit }')
	[ -n "$pid" ]
	lines "$T/f.out" >"$T/f.txt"
	lines "$T/a.out" "$pid" >"$T/a.txt"
	n=$(wc -l <"$T/f.txt")
	# The recorder saw the process from its fork, the file from its SET.
	[ "$n" -gt 2000 ]
	[ "$(wc -l <"$T/a.txt")" -gt "$n" ]
	diff "$T/f.txt" <(tail -n "$n" "$T/a.txt")
	# Its exact calls, results and paths.
	[ "$(grep -c 'CALL  getppid' "$T/a.txt")" -eq 1000 ]
	[ "$(grep -c 'RET   getppid' "$T/a.txt")" -eq 1000 ]
	[ "$(grep -c 'NAMI  "/nonexistent/calls"' "$T/a.txt")" -eq 10 ]
	[ "$(grep -c 'RET   open -1 errno 2 ' "$T/a.txt")" -eq 10 ]
	[ "$(grep -c 'NAMI  "/etc/hostname"' "$T/a.txt")" -eq 5 ]
	# Other processes too: every process, present and future.
	[ "$(lines "$T/a.out" | awk '{ print $1 }' | sort -u | wc -l)" -gt 2 ]
}

@test "a second snapshot holds the first one's tail, and the recorder goes on" {
	ktrace -b -t c
	"$PROGS/calls" 0
	ktrace -R -f "$T/a.out"
	"$PROGS/calls" 0
	ktrace -R -f "$T/b.out"
	lines "$T/a.out" | tail -n 200 >"$T/a.tail"
	lines "$T/b.out" >"$T/b.txt"
	[ "$(wc -l <"$T/a.tail")" -eq 200 ]
	# The 200 lines, in a row, somewhere in the second snapshot.
	python3 -c '
import sys
a = open(sys.argv[1]).read().splitlines()
b = open(sys.argv[2]).read().splitlines()
sys.exit(0 if any(b[i:i + len(a)] == a for i in range(len(b))) else 1)
' "$T/a.tail" "$T/b.txt"
	[ "$(grep -c 'CALL  getppid' "$T/b.txt")" -ge 2000 ]
}

# ktrace -R copies the CPUs' rings one after another, here a third of a
# second apart (fault_ringread_ms), while one thread hops from CPU 0 to
# CPU 1 and back at every step.  Cut at the snapshot's start, every
# window ends at the same moment: the steps, numbered, follow one
# another to the end, past the latest start of the two windows (the
# older records overwritten).  Without the cut, CPU 1's window would
# hold steps made after CPU 0's was copied, without the steps between
# them, made on CPU 0.
@test "a live snapshot is of the moment it began: a thread hopping between CPUs has no step missing" {
	ktrace -b -t c "$PROGS/hopper" 0 1 "$T/stop" &
	bg=$!
	wait_until 600 '[ "$(made 0)" -gt 2000 ] && [ "$(made 1)" -gt 2000 ]' \
	    "the thread did not hop"
	echo 300 >/sys/module/ktrace/parameters/fault_ringread_ms
	ktrace -R -f "$T/a.out"
	touch "$T/stop"
	wait "$bg"
	bg=
	# Times compared as strings: as numbers they lose their ns.
	kdump -d -H -T -c -f "$T/a.out" | awk '
	    $5 == "WIN" && $4 <= 1 { if (($3 "") > from) from = $3 "" }
	    $5 == "WIN" { next }
	    $6 == "CALL" && $7 ~ /^getpgid\(/ && ($4 "") > from {
		step = substr($7, 9) + 0
		if (n++ && step != last + 1) gaps++
		last = step
	    }
	    END { print n + 0, gaps + 0 }' >"$T/a.res"
	read -r steps gaps <"$T/a.res"
	echo "steps $steps, gaps $gaps"
	[ "$steps" -ge 100 ]
	[ "$gaps" -eq 0 ]
}

# The writer takes the probes away once nothing is traced (at once with
# linger_ms 0): never between a new recorder's start and its first
# process, which left a recorder that recorded nothing.
@test "stopped and started again at once, over and over: each recorder records" {
	echo 0 >/sys/module/ktrace/parameters/linger_ms
	for ((i = 0; i < 30; i++)); do
		ktrace -b -t c
		"$PROGS/calls" 0 5
		ktrace -R -f "$T/r.out"
		ktrace -c -b
		n=$(lines "$T/r.out" | grep -c 'CALL  getppid$' || true)
		[ "$n" -ge 5 ] || { echo "round $i: $n getppid"; lines "$T/r.out" | head; return 1; }
	done
}

@test "-S: kstrax's status lines, then every CPU's ring" {
	run -0 ktrace -S
	[ "${lines[0]}" = "kernel buf entry :$((RING0 / 112))" ]
	ktrace -b -t cn -e getppid,FILE
	"$PROGS/calls" 0
	run -0 ktrace -S
	echo "$output"
	[ "${lines[0]}" = "kernel buf entry :$((RING0 / 112))" ]
	[ "${lines[1]}" = "tracing pid :ALL" ]
	[[ ${lines[2]} == "tracing syscall :"*"getppid"* ]]
	[[ ${lines[2]} == *",open,"* ]]
	[[ ${lines[2]} != *"mmap"* ]]
	[ "${lines[3]}" = "state :recording (uid 0), trace points cn" ]
	[ "${lines[4]}" = "ring :$RING0 bytes per CPU" ]
	[[ ${lines[5]} == "cpu "*"held"*"overwritten"*"window start"* ]]
	[ "${#lines[@]}" -eq $((6 + $(nproc))) ]
	held=$(awk '$1 ~ /^[0-9]+$/ && NF == 6 { s += $2 } END { print s }' <<<"$output")
	[ "$held" -ge 2000 ]
	ktrace -C
	run -0 ktrace -S
	[ "${lines[1]}" = "tracing pid :-" ]
	[[ ${lines[3]} == "state :stopped (uid 0), trace points cn" ]]
}

@test "a small ring under a busy process: held + overwritten is what it made, exactly" {
	sysctl -q -w kernel.ktrace.ring_bufsize=262144
	# The file trace records the same process, from before the recorder
	# starts: the recorder's records are the file's tail.
	taskset -c 1 ktrace -t c -f "$T/f.out" ktrace -b -t c "$PROGS/calls" 0 5000
	ktrace -c -b
	ktrace -R -f "$T/a.out"
	over=$(win "$T/a.out" 1 overwritten)
	held=$(win "$T/a.out" 1 held)
	[ "$over" -gt 1000 ]
	[ "$held" -gt 1000 ]
	[ "$(kdump -f "$T/a.out" | grep -c ' WIN .*cpu 1 .*overwritten')" -eq 1 ]
	# Every record of CPU 1 in the window, the synthesized PROCCTOR apart.
	[ "$(made 1)" -eq $((over + held)) ]
	# What the file got after the recorder's SET returned, plus the
	# PROCCTOR the SET itself made.
	lines "$T/f.out" >"$T/f.txt"
	set_at=$(grep -n 'RET   ioctl 0' "$T/f.txt" | tail -n 1 | cut -d: -f1)
	[ -n "$set_at" ]
	produced=$(($(wc -l <"$T/f.txt") - set_at + 1))
	# kdump's text shows no PROCCTOR and PROCDTOR: the recorder made
	# two (its SET, the exec) and one (the exit) besides.
	[ $((over + held)) -eq $((produced + 3)) ] || {
		echo "over=$over held=$held produced=$produced"
		false
	}
	lines "$T/a.out" >"$T/a.txt"
	diff <(tail -n "$(wc -l <"$T/a.txt")" "$T/f.txt") "$T/a.txt"
}

@test "not root: no -b of every process, and not another's recorder" {
	run -1 "${as_nobody[@]}" ktrace -b -t c
	[ "$output" = "ktrace: flight recorder: Operation not permitted" ]
	# Root's recorder, stopped: nobody may neither read nor restart it.
	ktrace -b -t c "$PROGS/calls" 0
	ktrace -c -b
	cd "$T"
	run -1 "${as_nobody[@]}" ktrace -R -f "$T/n.out"
	[ "$output" = "ktrace: flight recorder: Operation not permitted" ]
	run -1 "${as_nobody[@]}" ktrace -b -t c "$PROGS/calls" 0
	[ "$output" = "ktrace: flight recorder: Operation not permitted" ]
	run -0 "${as_nobody[@]}" ktrace -S
	# Recording root's processes: busy for nobody.
	ktrace -b -t c -p $$
	run -1 "${as_nobody[@]}" ktrace -b -t c "$PROGS/calls" 0
	[[ $output == "ktrace: flight recorder: busy"* ]]
}

@test "not root: a recorder of one's own processes, readable by its owner" {
	mkdir "$T/n"
	chown 65534:65534 "$T/n"
	cd "$T/n"
	# A recorder that never started: anyone's to start.
	rmmod ktrace
	insmod "$KTRACE_KO"
	"${as_nobody[@]}" ktrace -b -t c "$PROGS/calls" 0
	run -0 "${as_nobody[@]}" ktrace -R -f "$T/n/n.out"
	[ "$(lines "$T/n/n.out" | grep -c 'CALL  getppid')" -eq 1000 ]
	[[ $(ktrace -S | sed -n 4p) == "state :recording (uid 65534), "* ]]
	# Not into another user's process, and root's joining makes it root's.
	run -1 "${as_nobody[@]}" ktrace -b -t c -p 1
	[ "$output" = "ktrace: flight recorder: Operation not permitted" ]
	ktrace -b -t c -p $$
	run -1 "${as_nobody[@]}" ktrace -R -f "$T/n/n2.out"
	[ "$output" = "ktrace: flight recorder: Operation not permitted" ]
}

@test "the ring's size: EBUSY while recording; ring_entries in kstrax's entries" {
	ktrace -b -t c
	run ! sysctl -w kernel.ktrace.ring_bufsize=1048576
	[[ $output == *"Device or resource busy"* ]]
	run ! sysctl -w kernel.ktrace.ring_entries=160000
	[[ $output == *"Device or resource busy"* ]]
	ktrace -C
	# kstrax's default, 160000 entries: 32 MiB, the power of two above
	# 160000 * 112 bytes.
	sysctl -q -w kernel.ktrace.ring_entries=160000
	[ "$(sysctl -n kernel.ktrace.ring_bufsize)" -eq 33554432 ]
	[ "$(sysctl -n kernel.ktrace.ring_entries)" -ge 160000 ]
	ktrace -b -t c
	run -0 ktrace -S
	[ "${lines[0]}" = "kernel buf entry :$((33554432 / 112))" ]
	[ "${lines[4]}" = "ring :33554432 bytes per CPU" ]
	run ! sysctl -w kernel.ktrace.ring_bufsize=1000
	[[ $output == *"Invalid argument"* ]]
}

@test "stopped, the recorder keeps its records for -R; -b starts afresh" {
	ktrace -b -t c "$PROGS/calls" 0
	ktrace -c -b
	run -1 ktrace -c -b
	[ "$output" = "ktrace: flight recorder: not recording" ]
	"$PROGS/calls" 0
	ktrace -R -f "$T/a.out"
	ktrace -R -f "$T/b.out"
	cmp <(lines "$T/a.out") <(lines "$T/b.out")
	[ "$(lines "$T/a.out" | grep -c 'CALL  getppid')" -eq 1000 ]
	ktrace -b -t c -p $$
	ktrace -R -f "$T/c.out"
	[ "$(lines "$T/c.out" | grep -c 'CALL  getppid')" -eq 0 ]
}

@test "-b -i: a command's children are recorded; -c -b -p stops one process" {
	ktrace -b -i -t c sh -c "$PROGS/calls 0; $PROGS/calls 0"
	ktrace -R -f "$T/a.out"
	[ "$(lines "$T/a.out" | grep -c ' calls    CALL  getppid')" -eq 2000 ]
	[ "$(lines "$T/a.out" | awk '/ calls / { print $1 }' | sort -u | wc -l)" -eq 2 ]
	"$PROGS/spin" "$T/stop" &
	pid=$!
	ktrace -b -t c -p "$pid"
	[ "$(ktrace -S | sed -n 2p)" = "tracing pid :$pid" ]
	ktrace -c -b -p "$pid"
	[ "$(ktrace -S | sed -n 2p)" = "tracing pid :-" ]
	touch "$T/stop"
	wait "$pid"
}

@test "/proc/kcore read as a dump gives what the ioctl snapshot gives" {
	ktrace -b -t cn "$PROGS/calls" 0
	# Quiet: the one recorded process has exited.
	ktrace -R -f "$T/live.out"
	ktrace -R -M /proc/kcore -f "$T/core.out"
	[ "$(lines "$T/live.out" | grep -c 'CALL  getppid')" -eq 1000 ]
	cmp <(lines "$T/live.out") <(lines "$T/core.out")
	for cpu in $(seq 0 $(($(nproc) - 1))); do
		held=$(win "$T/live.out" "$cpu" held)
		[ "$held" -ge 0 ]	# a window for each CPU
		[ "$held" = "$(win "$T/core.out" "$cpu" held)" ]
		[ "$(win "$T/live.out" "$cpu" overwritten)" = "$(win "$T/core.out" "$cpu" overwritten)" ]
	done
	# The anchor's address as the module printed it skips the scan.
	addr=$(dmesg | sed -n 's/.*ktrace: anchor at phys \(0x[0-9a-f]*\).*/\1/p' | tail -n 1)
	[ -n "$addr" ]
	ktrace -R -M /proc/kcore -A "$addr" -f "$T/hint.out"
	cmp <(lines "$T/live.out") <(lines "$T/hint.out")
	run -1 ktrace -R -M /proc/kcore -A 0x1000 -f "$T/bad.out"
	[[ $output == *"no ktrace anchor"* ]]
}

@test "after the module's unload, /proc/kcore holds no anchor: exit 1" {
	ktrace -b -t c "$PROGS/calls" 0
	ktrace -c -b
	rmmod ktrace
	run -1 ktrace -R -M /proc/kcore -f "$T/a.out"
	[ "$output" = "ktrace: no ktrace anchor in /proc/kcore (the module was not loaded, or was unloaded, when the dump was taken)" ]
	insmod "$KTRACE_KO"
}
