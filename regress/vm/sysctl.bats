#!/usr/bin/env bats
# Guest suite: the kernel.ktrace.* tunables.

load common

setup() {
	guest_setup sysctl
}

teardown() {
	stop_spin
	[ -n "${sleep_pid:-}" ] && { kill "$sleep_pid"; wait "$sleep_pid" || true; }
	echo 100 >/sys/module/ktrace/parameters/flush_ms || true
	rm -rf "$T"
	# Back to the defaults for the next test.
	sysctl -q -w kernel.ktrace.geniosize=4096 || true
	sysctl -q -w kernel.ktrace.bufsize=4194304 || true
}

@test "the tunables exist, with their defaults" {
	run -0 sysctl -n kernel.ktrace.geniosize
	[ "$output" = 4096 ]
	run -0 sysctl -n kernel.ktrace.bufsize
	[ "$output" = 4194304 ]
	# request_pool counts CALL records: a 64-byte header, the syscall
	# record of 8 bytes and 6 arguments, and the ring's own slot header.
	run -0 sysctl -n kernel.ktrace.request_pool
	pool=$output
	[ "$pool" -gt $((4194304 / 256)) ]
	[ "$pool" -lt $((4194304 / 120)) ]
}

@test "geniosize caps the data of each GIO record" {
	sysctl -q -w kernel.ktrace.geniosize=16
	head -c 100 /dev/zero | tr '\0' x >"$T/in"
	ktrace -t i -f "$T/g.out" dd if="$T/in" of=/dev/null bs=100 status=none
	run -0 kdump -f "$T/g.out"
	echo "$output"
	[[ $output =~ GIO\ \ \ fd\ [0-9]+\ read\ 16\ bytes ]]
	[[ $output != *"read 100 bytes"* ]]

	sysctl -q -w kernel.ktrace.geniosize=0
	ktrace -t i -f "$T/z.out" dd if="$T/in" of=/dev/null bs=100 status=none
	run -0 kdump -f "$T/z.out"
	[[ $output =~ GIO\ \ \ fd\ [0-9]+\ read\ 0\ bytes ]]
}

@test "geniosize: 65536 at most" {
	sysctl -q -w kernel.ktrace.geniosize=65536
	run ! sysctl -q -w kernel.ktrace.geniosize=65537
	run -0 sysctl -n kernel.ktrace.geniosize
	[ "$output" = 65536 ]
}

@test "bufsize: resized while nothing is traced, to a power of two" {
	sysctl -q -w kernel.ktrace.bufsize=131072
	[ "$(sysctl -n kernel.ktrace.bufsize)" = 131072 ]
	sysctl -q -w kernel.ktrace.bufsize=200000
	[ "$(sysctl -n kernel.ktrace.bufsize)" = 262144 ]
	# Out of bounds: refused, unchanged.
	run ! sysctl -q -w kernel.ktrace.bufsize=65536
	run ! sysctl -q -w kernel.ktrace.bufsize=$((512 << 20))
	[ "$(sysctl -n kernel.ktrace.bufsize)" = 262144 ]
	# Records go through the new rings.
	ktrace -f "$T/b.out" /bin/echo resized >/dev/null
	run -0 kdump -f "$T/b.out"
	[[ $output == *"CALL  exit_group(0)"* ]]
}

@test "request_pool sets the same buffer in records" {
	pool=$(sysctl -n kernel.ktrace.request_pool)
	slot=$((4194304 / pool))
	sysctl -q -w kernel.ktrace.request_pool=1000
	# 1000 records rounded up to a power of two bytes.
	want=1
	while [ "$want" -lt $((1000 * slot)) ]; do want=$((want * 2)); done
	[ "$(sysctl -n kernel.ktrace.bufsize)" = "$want" ]
	[ "$(sysctl -n kernel.ktrace.request_pool)" = $((want / slot)) ]
}

@test "bufsize cannot change while a process is traced (EBUSY)" {
	ktrace -f "$T/busy.out" "$PROGS/spin" "$T/stop" &
	spin_pid=$!
	wait_for_bytes "$T/busy.out"
	run sysctl -w kernel.ktrace.bufsize=131072
	echo "$output"
	[ "$status" -ne 0 ]
	[[ $output == *"Device or resource busy"* ]]
	[ "$(sysctl -n kernel.ktrace.bufsize)" = 4194304 ]
	touch "$T/stop"
	wait "$spin_pid"
	spin_pid=
	# The trace ended with the process: now it may change.
	sysctl -q -w kernel.ktrace.bufsize=131072
	[ "$(sysctl -n kernel.ktrace.bufsize)" = 131072 ]
}

@test "flush_ms: a new period applies at once, not after the old one" {
	flush=/sys/module/ktrace/parameters/flush_ms
	[ "$(cat $flush)" = 100 ]
	echo 600000 >$flush
	# A traced exit wakes the writer, which then sleeps the new period,
	# 10 minutes.  A process that makes a few records and blocks neither
	# fills a ring nor exits: its records reach the file only with a
	# periodic drain.
	ktrace -t c -f "$T/g.out" true
	ktrace -t c -f "$T/f.out" sleep 600 &
	sleep_pid=$!
	echo 100 >$flush
	[ "$(cat $flush)" = 100 ]
	wait_for_bytes "$T/f.out"
	kill "$sleep_pid"
	wait "$sleep_pid" || true
	sleep_pid=
}
