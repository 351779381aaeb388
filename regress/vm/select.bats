#!/usr/bin/env bats
# Guest suite: ktrace -e, the syscall selection the module applies.

load common

setup() {
	guest_setup sel
}

teardown() {
	stop_spin
	rm -rf "$T"
}

# The syscall names of the CALL and RET lines of kdump's output, sorted
# and counted: "COUNT NAME" lines.
call_names() {
	awk '$3 == "CALL" { sub(/\(.*/, "", $4); print "CALL", $4 }
	     $3 == "RET" { print "RET", $4 }' | sort | uniq -c |
		awk '{ print $1, $2, $3 }'
}

@test "-e getppid: only getppid's CALLs and RETs, of every thread" {
	ktrace -t c -e getppid -f "$T/g.out" "$PROGS/threads"
	run -0 kdump -f "$T/g.out"
	echo "$output"
	run call_names <<<"$output"
	echo "$output"
	[ "$output" = "$(printf '%s\n' '30 CALL getppid' '30 RET getppid')" ]
}

@test "-e FILE: file calls with their NAMI and GIO, nothing else" {
	printf 'some data\n' >"$T/in"
	ktrace -t cin -e FILE -f "$T/f.out" dd if="$T/in" of=/dev/null status=none
	run -0 kdump -f "$T/f.out"
	echo "$output"
	[[ $output == *"NAMI  \"$T/in\""* ]]
	[[ $output =~ CALL\ \ openat\( ]]
	[[ $output =~ GIO\ \ \ fd\ [0-9]+\ read\ 10\ bytes ]]
	[[ $output =~ CALL\ \ close\( ]]
	# Not FILE: memory, process and signal calls.
	[[ $output != *"CALL  mmap("* ]]
	[[ $output != *"CALL  brk("* ]]
	[[ $output != *"exit_group"* ]]
	[[ $output != *"rt_sigaction"* ]]
}

@test "-e with -i: children inherit the selection" {
	ktrace -i -t c -e getppid,exit_group -f "$T/i.out" \
		sh -c "$PROGS/threads; exit 0"
	run -0 kdump -f "$T/i.out"
	out=$output
	# sh may call getppid too (for $PPID): count the child's apart.
	run call_names < <(awk '$2 == "threads"' <<<"$out")
	echo "$output"
	[ "$output" = "$(printf '%s\n' '1 CALL exit_group' '30 CALL getppid' '30 RET getppid')" ]
	run call_names < <(awk '$2 == "sh"' <<<"$out")
	echo "$output"
	# Only the selected calls: sh's exit and perhaps its getppid.
	[ "$(grep -vc -e ' getppid$' -e ' exit_group$' <<<"$output")" -eq 0 ]
	[[ $output == *"1 CALL exit_group"* ]]
}

@test "-e, then SET again without it: every syscall is recorded again" {
	: >"$T/s.out"
	"$PROGS/spin" "$T/stop" &
	spin_pid=$!
	ktrace -t c -e getppid -f "$T/s.out" -p "$spin_pid"
	# spin calls getppid then access, in a loop: wait for some getppid,
	# then widen and wait for an access.
	wait_for_kdump "$T/s.out" 'CALL  getppid'
	ktrace -c -p "$spin_pid"
	run -0 kdump -f "$T/s.out"
	[[ $output == *"CALL  getppid"* ]]
	[[ $output != *"access"* ]]

	ktrace -a -t c -f "$T/s.out" -p "$spin_pid"
	wait_for_kdump "$T/s.out" 'CALL  access\('
	ktrace -c -p "$spin_pid"
	run -0 kdump -f "$T/s.out"
	[[ $output == *"CALL  access("* ]]
}

@test "the module rejects a selection with CLEAR (EINVAL)" {
	# ktrace(1) refuses -e with -c itself; the module checks too.
	make -s -C "$TOP/regress/tools" >/dev/null
	run -0 "$TOP/regress/tools/ktrlib" clearfilter
	[ "$output" = "-1 EINVAL" ]
}
