#!/usr/bin/env bats
# Guest suite: rings for the CPUs that come up, in a guest of 4 possible
# CPUs of which the kernel brought up 2 (maxcpus=2): CPUs 2 and 3 stay
# down until a test brings them up through sysfs.  Test 1 takes CPU 2,
# test 2 CPU 3 and leaves it down, test 3 takes it again.
# vm-run: --smp 4 --append=maxcpus=2

load common

TRACEFS=/sys/kernel/tracing
KMALLOC_ON=$TRACEFS/events/kmem/kmalloc/enable

setup() {
	guest_setup hotplug
}

teardown() {
	kill_bg
	[ ! -e "$KMALLOC_ON" ] || echo 0 >"$KMALLOC_ON"
	ktrace -C 2>/dev/null || true
	ktrace -c -b 2>/dev/null || true
	sysctl -q -w kernel.ktrace.bufsize=$((4 << 20)) || true
	rm -rf "$T"
}

# file_rings: the file set's rings, by their data in /proc/vmallocinfo
# (4 MiB at load: 1024 pages).
file_rings() {
	grep -c 'ktr_ring_alloc+.* pages=1024 ' /proc/vmallocinfo || true
}

# cpu_down CPU: fail, saying why, unless CPU is possible and down.
cpu_down() {
	[ "$(cat /sys/devices/system/cpu/possible)" = 0-3 ] &&
		[ "$(cat "/sys/devices/system/cpu/cpu$1/online")" = 0 ] ||
		{ echo "needs CPU $1 possible and down (regress/vm/run --smp 4 --append=maxcpus=2)"; false; }
}

# set_cpu CPU 0|1: take CPU down or bring it up.
set_cpu() {
	echo "$2" >"/sys/devices/system/cpu/cpu$1/online"
}

# pinned_calls CPU FILE: trace 100 getppid calls made on CPU into FILE,
# and check that they are all there.
pinned_calls() {
	ktrace -t c -f "$2" taskset -c "$1" "$PROGS/calls" 0 100
	[ "$(kdump -f "$2" | grep -c 'CALL  getppid$')" -eq 100 ]
}

@test "only the CPUs up have rings; one brought up under a traced storm gets them, once" {
	cpu_down 2
	[ "$(file_rings)" -eq 2 ]
	# Up for the first time while traced processes fork, exec and
	# migrate: it runs them with rings made before it ran anything.
	ktrace -di -t cns -f "$T/s.out" "$PROGS/storm" 200 >"$T/storm.res" &
	bg=$!
	wait_for_bytes "$T/s.out" 1 600
	set_cpu 2 1
	wait "$bg"
	bg=
	[ "$(file_rings)" -eq 3 ]
	[ "$(field procs "$(cat "$T/storm.res")")" -eq 200 ]
	lost=$(kdump --stats -f "$T/s.out" | awk '$1 == "records" && $2 == "lost:" { print $3 }')
	echo "lost: $lost"
	[ "$lost" -gt 0 ] ||
		[ "$(kdump -f "$T/s.out" | grep -c ' true     CALL  exit_group(0)$')" -eq 200 ]
	pinned_calls 2 "$T/a.out"
	# Down and up again: its rings stayed, with nothing left in them.
	set_cpu 2 0
	set_cpu 2 1
	[ "$(file_rings)" -eq 3 ]
	pinned_calls 2 "$T/b.out"
	# And the size can still change, for every CPU that has rings.
	sysctl -q -w kernel.ktrace.bufsize=$((16 << 20))
	[ "$(file_rings)" -eq 0 ]
	[ "$(grep -c 'ktr_ring_alloc+.* pages=4096 ' /proc/vmallocinfo)" -eq 3 ]
	sysctl -q -w kernel.ktrace.bufsize=$((4 << 20))
	[ "$(file_rings)" -eq 3 ]
	pinned_calls 2 "$T/c.out"
}

# up_cpus: the CPUs up, in order, as wins prints them.
up_cpus() {
	local c f up=()
	for ((c = 0; c < 4; c++)); do
		f=/sys/devices/system/cpu/cpu$c/online
		# The boot CPU may have no online file: it cannot go down.
		[ ! -e "$f" ] || [ "$(cat "$f")" = 1 ] && up+=("$c")
	done
	echo "${up[*]}"
}

# wins FILE: the CPUs of FILE's flight windows, in order.
wins() {
	flight_wins "$1" | xargs
}

# status_cpus: the CPUs of ktrace -S's rows, in order.
status_cpus() {
	status_rows | awk '{ print $1 }' | xargs
}

@test "the flight recorder: a CPU brought up while it records gets a ring; one never up is skipped, by -R and -S" {
	cpu_down 3
	ktrace -b -t c
	# -S: a row for each CPU up; none for CPU 3, never up.
	[ "$(status_cpus)" = "$(up_cpus)" ]
	ktrace -R -f "$T/a.out"
	ktrace -R -M /proc/kcore -f "$T/a.core"
	# A window for each CPU up (none has gone down and stayed down).
	[[ $(up_cpus) != *3* ]]
	[ "$(wins "$T/a.out")" = "$(up_cpus)" ]
	[ "$(wins "$T/a.core")" = "$(up_cpus)" ]
	set_cpu 3 1
	taskset -c 3 "$PROGS/calls" 0 100
	ktrace -R -f "$T/b.out"
	ktrace -R -M /proc/kcore -f "$T/b.core"
	[[ $(up_cpus) == *3 ]]
	[ "$(wins "$T/b.out")" = "$(up_cpus)" ]
	[ "$(wins "$T/b.core")" = "$(up_cpus)" ]
	# Its calls, in its ring: ktrace -S counts what each CPU made.
	[ "$(made 3)" -ge 200 ]
	[ "$(kdump -f "$T/b.out" | grep -c 'CALL  getppid$')" -ge 100 ]
	# Down again, it keeps its row: its ring holds records.
	[ "$(status_cpus)" = "0 1 2 3" ]
	set_cpu 3 0
	[[ $(up_cpus) != *3* ]]
	[ "$(status_cpus)" = "0 1 2 3" ]
}

# pool_count: the objects ktr_pool.c allocated since pool_start, by the
# kernel's kmem:kmalloc events.
pool_start() {
	mountpoint -q "$TRACEFS" || mount -t tracefs nodev "$TRACEFS"
	echo >"$TRACEFS/trace"
	echo 1 >"$KMALLOC_ON"
}

pool_count() {
	grep -c ' kmalloc: call_site=ktr_pool' "$TRACEFS/trace" || true
}

# pool_allocs CMD...: run CMD, and print how many objects ktr_pool.c
# allocated meanwhile.
pool_allocs() {
	pool_start
	"$@"
	echo 0 >"$KMALLOC_ON"
	pool_count
}

@test "the probes' pools: objects for the CPUs up at load, for one when it first comes up, and topped up" {
	cpu_down 3
	rmmod ktrace
	at_load=$(pool_allocs insmod "$KTRACE_KO")
	up=$(up_cpus | wc -w)
	first_up=$(pool_allocs set_cpu 3 1)
	echo "at load, $up CPUs up: $at_load; CPU 3 up: $first_up"
	# As many for each CPU up, none for CPU 3 until it came up.
	[ "$first_up" -gt 0 ]
	[ "$at_load" -eq $((up * first_up)) ]
	# Down and up again, it kept its lists, full.
	set_cpu 3 0
	[ "$(pool_allocs set_cpu 3 1)" -eq 0 ]
	# Each traced fork on it takes a child's trace state from its list;
	# the writer makes them again.
	pool_start
	ktrace -di -t c -f "$T/f.out" taskset -c 3 "$PROGS/storm" 10 >/dev/null
	wait_until 200 '[ "$(pool_count)" -ge 10 ]' "the pools were not topped up"
}
