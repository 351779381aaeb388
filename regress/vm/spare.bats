#!/usr/bin/env bats
# Guest suite: while ktrace alone has probes on the syscall tracepoints,
# untraced processes skip them (kern/ktr_spare.c), and no one loses an
# event to that: a process traced later, perf counting syscalls that it
# started meanwhile or had started before, perf trace started meanwhile,
# the flight recorder of every process.  untraced_spared says when they
# are spared.  Each test loads the module afresh: sparing starts when
# ktrace's probes are registered.
# flush_ms 60 s: the writer's periodic check (ktr_spare_check), a safety
# net for a registration the kretprobe missed, must not be what passes
# these tests.

load common

P=/sys/module/ktrace/parameters

setup() {
	guest_setup spare
	rmmod ktrace 2>/dev/null || true
	insmod "$KTRACE_KO" flush_ms=60000
}

teardown() {
	[ -z "${bg:-}" ] || { touch "$T/stop2"; wait "$bg" || true; }
	[ -z "${perf_pid:-}" ] || { touch "$T/stop3"; wait "$perf_pid" || true; }
	stop_spin
	ktrace -C 2>/dev/null || true
	rmmod ktrace
	insmod "$KTRACE_KO"
	rm -rf "$T"
}

# wait_spared Y|N: untraced_spared reads that (bounded, 10 s).
wait_spared() {
	local want=$1
	wait_until 200 '[ "$(cat $P/untraced_spared)" = "$want" ]' \
	    "untraced_spared never became $want"
}

# A traced shell that runs until $T/stop, a few calls every 0.2 s:
# ktrace's probes are on, and its records are in the file.  With the
# writer's period a minute, nothing writes them but a kick: writing
# flush_ms wakes the writer (bounded, 10 s; no other tracer is there yet,
# so the writer's pass cannot be what spares or restores anyone later).
start_traced() {
	ktrace -t c -f "$T/a.out" sh -c 'until [ -e "$0/stop" ]; do sleep 0.2; done' "$T" &
	spin_pid=$!
	wait_until 200 'echo 60000 >$P/flush_ms && has_bytes "$T/a.out" 64' \
	    "$T/a.out: no records in 10 s"
}

# sh_calls: the CALL records of the traced shell so far.
sh_calls() {
	kdump -f "$T/a.out" | grep -c ' sh *CALL  ' || true
}

@test "ktrace alone: untraced processes are spared, and one traced later with -p is recorded" {
	[ "$(cat $P/untraced_spared)" = N ]
	start_traced
	wait_spared Y
	# Born of a spared shell: spared, until ktrace -p traces it.
	"$PROGS/spin" "$T/stop2" &
	bg=$!
	ktrace -t c -f "$T/b.out" -p "$bg"
	wait_for_bytes "$T/b.out" 20000
	touch "$T/stop2"
	wait "$bg"
	bg=
	[ "$(kdump -f "$T/b.out" | grep -c ' spin *CALL  getppid$')" -ge 100 ]
}

@test "spare_untraced=0: no one is spared" {
	echo 0 >$P/spare_untraced
	start_traced
	[ "$(cat $P/untraced_spared)" = N ]
}

@test "perf started while ktrace traces counts every getppid of an untraced process" {
	start_traced
	wait_spared Y
	# The command notes the state while perf's probe is on, then loops.
	run --separate-stderr perf stat -x, -e syscalls:sys_enter_getppid -- \
	    sh -c 'cat "$0"; exec "$1" 0 20000' $P/untraced_spared "$PROGS/calls"
	echo "$stderr"
	[ "$status" -eq 0 ]
	# The loop's 20000, and the shell's own getppid at its start.
	n=$(awk -F, '/sys_enter_getppid/ { print $1 }' <<<"$stderr")
	[ "$n" -ge 20000 ] && [ "$n" -le 20002 ]
	# Given back to every process while perf's probe was there.
	[ "$output" = N ]
	# perf gone, the writer's next pass spares them again.
	echo 100 >$P/flush_ms
	wait_spared Y
	# And ktrace's own process is still recorded.
	n=$(sh_calls)
	wait_until 200 '[ "$(sh_calls)" -gt "$n" ]'
}

@test "perf there first: ktrace spares no one, and perf counts every getppid" {
	# The counted command runs once perf's probe is registered.
	perf stat -a -x, -e syscalls:sys_enter_getppid -o "$T/perf.txt" -- \
	    sh -c 'touch "$0/ready"; until [ -e "$0/stop3" ]; do sleep 0.05; done' "$T" &
	perf_pid=$!
	wait_until 200 '[ -e "$T/ready" ]'
	ktrace -t c -f "$T/a.out" "$PROGS/calls" 0 100
	[ "$(cat $P/untraced_spared)" = N ]
	"$PROGS/calls" 0 20000
	touch "$T/stop3"
	wait "$perf_pid"
	perf_pid=
	cat "$T/perf.txt"
	# The traced 100 and the untraced 20000, and whatever else ran.
	[ "$(awk -F, '/sys_enter_getppid/ { print $1 }' "$T/perf.txt")" -ge 20100 ]
	[ "$(kdump -f "$T/a.out" | grep -c ' calls *CALL  getppid$')" -eq 100 ]
}

@test "perf trace -a started while ktrace traces sees every getppid of an untraced process" {
	start_traced
	wait_spared Y
	# Forked by perf before its probes are on, from a spared shell; it
	# notes its pid and the state once they are, then loops.
	printf '#!/bin/sh\necho $$ >%s\ncat %s >%s\nexec %s 0 5000\n' \
	    "$T/pid" $P/untraced_spared "$T/state" "$PROGS/calls" >"$T/work"
	chmod +x "$T/work"
	# 16 MiB a CPU: room for every event, however late perf reads.
	perf trace -a -m 4096 -e getppid -o "$T/pt.txt" -- "$T/work"
	[ "$(cat "$T/state")" = N ]
	[ "$(grep -ci 'lost' "$T/pt.txt")" = 0 ]
	# By pid (perf's comm can lag the exec): the loop's 5000, and the
	# shell's own getppid before it.
	n=$(grep -c "/$(cat "$T/pid") getppid(" "$T/pt.txt")
	echo "perf trace saw $n"
	[ "$n" -ge 5000 ] && [ "$n" -le 5002 ]
}

@test "the flight recorder of every process ends the sparing: an untraced process is in its rings" {
	start_traced
	wait_spared Y
	ktrace -b -t c
	[ "$(cat $P/untraced_spared)" = N ]
	"$PROGS/calls" 0 1000 &
	pid=$!
	wait "$pid"
	ktrace -R -f "$T/r.out"
	[ "$(kdump -f "$T/r.out" -p "$pid" | grep -c ' calls *CALL  getppid$')" -eq 1000 ]
}
