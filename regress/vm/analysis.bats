#!/usr/bin/env bats
# Guest suite: kdump's analyses (--stats, --pairs, --raw) of real traces:
# a program of known calls, traces cut at either end of a call.  The
# losses' side is in faults.bats (the drops test), where a trace with
# losses is made.

load common

setup_file() {
	export TZ=UTC
}

setup() {
	guest_setup ana
}

teardown() {
	kill_bg
	rm -rf "$T"
}

# The row of syscall $1 in --stats output $output: its columns.
row() {
	awk -v n="$1" '$2 == n' <<<"$output"
}

# Wait (bounded) until process $1 is blocked in syscall number $2.
wait_in_syscall() {
	local pid=$1 nr=$2
	wait_until 100 '[ "$(cut -d" " -f1 /proc/$pid/syscall 2>/dev/null)" = "$nr" ]' \
	    "process $pid never blocked in syscall $nr"
}

@test "--stats: the counts, errors and the sleep of a program of known calls" {
	ktrace -t cn -f "$T/c.out" "$PROGS/calls" 300
	run -0 kdump --stats -f "$T/c.out"
	echo "$output"
	# ID NAME count average max min total error "no call" "no return"
	read -r id name count avg max min total error nocall noret <<<"$(row getppid)"
	[ "$id" = 110 ] && [ "$count" = 1000 ] && [ "$error" = 0 ]
	[ "$nocall" = 0 ] && [ "$noret" = 0 ]
	read -r id name count avg max min total error nocall noret <<<"$(row open)"
	[ "$id" = 2 ] && [ "$count" = 15 ] && [ "$error" = 10 ]
	[ "$nocall" = 0 ] && [ "$noret" = 0 ]
	read -r id name count avg max min total error nocall noret <<<"$(row nanosleep)"
	[ "$count" = 1 ] && [ "$error" = 0 ]
	# 300 ms within 20%.
	awk -v t="$total" 'BEGIN { exit !(t >= 0.24 && t <= 0.36) }'
	grep -qx "records lost: 0" <<<"$output"
	# The selection and the JSON say the same.
	run -0 kdump --stats --syscall getppid --json -f "$T/c.out"
	[ "$(grep -c '"type":"syscall"' <<<"$output")" = 1 ]
	[[ $output == *'"name":"getppid","count":1000,'* ]]
}

@test "--pairs: each open on one line, the 5 that opened with their descriptor's path" {
	ktrace -t cn -f "$T/c.out" "$PROGS/calls" 0
	run -0 kdump --pairs --syscall open -f "$T/c.out"
	echo "$output"
	[ "$(grep -cE '^[0-9]+  [0-9:.]+  [0-9:.]+  open\(0x[0-9a-f]+, 0x0, 0x[0-9a-f]+\) = -1 \(No such file or directory\)$' <<<"$output")" = 10 ]
	[ "$(grep -cE '^[0-9]+  [0-9:.]+  [0-9:.]+  open\(0x[0-9a-f]+, 0x0, 0x[0-9a-f]+\) = 0x[0-9a-f]+$' <<<"$output")" = 5 ]
	# Each successful one is followed by its descriptor's line.
	[ "$(grep -A1 -E ' = 0x[0-9a-f]+$' <<<"$output" |
	    grep -cE '^file descriptor [0-9]+ --> /etc/hostname$')" = 5 ]
	[ "$(wc -l <<<"$output")" = 20 ]
}

@test "--raw: two lines a call, entry then exit" {
	ktrace -t c -f "$T/c.out" "$PROGS/calls" 0
	run -0 kdump --raw --syscall getppid -f "$T/c.out"
	[ "$(grep -cE '^[0-9]+ [0-9]+ [0-9]+ [0-9:.]+ 110 getppid\(\) = \?\?$' <<<"$output")" = 1000 ]
	[ "$(grep -cE '^[0-9]+ [0-9]+ [0-9]+ [0-9:.]+ 110 <getppid\( --- \) = 0x[0-9a-f]+>$' <<<"$output")" = 1000 ]
	[ "$(wc -l <<<"$output")" = 2000 ]
}

@test "a trace begun during a call: its exit without entry, counted as no call" {
	# A read of one byte from a FIFO the test writes to only after the
	# SET: no timer to run out before ktrace attaches on a slow kernel.
	mkfifo "$T/fifo"
	bash -c 'read -r -n 1 _ <>"$1"' reader "$T/fifo" &
	bg=$!
	wait_in_syscall "$bg" 0	# read
	ktrace -t c -f "$T/late.out" -p "$bg"
	printf x 1<>"$T/fifo"	# read-write: never blocks, even with no reader
	wait "$bg"
	bg=
	run -0 kdump --pairs -f "$T/late.out"
	echo "$output"
	[[ $output =~ [0-9]+\ \ ---:---:---\ \ [0-9:.]+\ \ read\(---\)\ =\ 0x1 ]]
	run -0 kdump --stats -f "$T/late.out"
	read -r id name count avg max min total error nocall noret <<<"$(row read)"
	[ "$count" = 1 ] && [ "$nocall" = 1 ] && [ "$noret" = 0 ]
}

@test "a trace cleared during a call: its entry without exit, counted as no return" {
	ktrace -t c -f "$T/early.out" sleep 30 &
	bg=$!
	wait_in_syscall "$bg" 230
	ktrace -c -p "$bg"
	run -0 kdump --pairs -f "$T/early.out"
	echo "$output"
	re='[0-9]+  [0-9:.]+  ---:---:---  clock_nanosleep\(0x[0-9a-fx, ]+\) = \?\?$'
	[[ $output =~ $re ]]
	run -0 kdump --stats -f "$T/early.out"
	read -r id name count avg max min total error nocall noret <<<"$(row clock_nanosleep)"
	[ "$count" = 1 ] && [ "$nocall" = 0 ] && [ "$noret" = 1 ]
	run -0 kdump --raw -f "$T/early.out"
	[[ $(tail -n 1 <<<"$output") =~ \ 230\ clock_nanosleep\(.*\)\ =\ \?\?$ ]]
}
