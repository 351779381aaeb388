#!/usr/bin/env bats
# Guest suite: ktrace(2) and utrace(2) errors, as the module returns them
# to libktrace (regress/tools/ktrlib prints the call's result and errno).

load common

SET=0 CLEAR=1 CLEARFILE=2 DESCEND=4
SYSCALL=2

setup() {
	guest_setup err 755
	"$PROGS/pace" "$T/stop" 10 &
	target=$!
	: >"$T/k.out"
}

teardown() {
	touch "$T/stop"
	wait "$target" || true
	rm -rf "$T"
}

# call FILE OPS FACS PID: ktrace(2) through ktrlib; $output is its result.
call() {
	run -0 "$KTRLIB" ktrace "$@"
}

@test "the trace file: missing, a directory, a symlink, under a file, too long" {
	call "$T/missing" $SET $SYSCALL "$target"
	[ "$output" = "-1 ENOENT" ]
	call "$T" $SET $SYSCALL "$target"
	[ "$output" = "-1 EACCES" ]
	ln -s k.out "$T/link"
	call "$T/link" $SET $SYSCALL "$target"
	[ "$output" = "-1 ELOOP" ]
	call "$T/k.out/x" $SET $SYSCALL "$target"
	[ "$output" = "-1 ENOTDIR" ]
	call "/$(printf 'x%.0s' {1..5000})" $SET $SYSCALL "$target"
	[ "$output" = "-1 ENAMETOOLONG" ]
	call "" $SET $SYSCALL "$target"
	[ "$output" = "-1 ENOENT" ]
	mkfifo "$T/fifo"
	call "$T/fifo" $SET $SYSCALL "$target"
	[ "$output" = "-1 EACCES" ]
	call /dev/null $SET $SYSCALL "$target"
	[ "$output" = "-1 EACCES" ]
	# None of these traced anything.
	[ ! -s "$T/k.out" ]
}

@test "the trace file: not a pseudo file system's, whose files are interfaces" {
	# Regular files root may write, but interfaces: the module's own
	# tunables (a writer writing there waited for itself).
	local f before
	for f in /proc/sys/kernel/ktrace/bufsize \
	    /sys/module/ktrace/parameters/flush_ms; do
		[ -f "$f" ] && [ -w "$f" ]
		before=$(cat "$f")
		call "$f" $SET $SYSCALL "$target"
		[ "$output" = "-1 EACCES" ]
		[ "$(cat "$f")" = "$before" ]
	done
	# A file of a tmpfs holds data: accepted.
	call "$T/k.out" $SET $SYSCALL "$target"
	[ "$output" = 0 ]
	call "$T/k.out" $CLEAR $SYSCALL "$target"
	[ "$output" = 0 ]
}

@test "the trace file must be writable by the caller" {
	chmod 644 "$T/k.out"
	"$TOP/regress/progs/pace" "$T/stop" 10 &
	mine=$!
	run -0 setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$KTRLIB" ktrace "$T/k.out" $SET $SYSCALL "$target"
	[ "$output" = "-1 EACCES" ]
	touch "$T/stop"
	wait "$mine"
}

@test "operations and trace points: unknown or empty ones are EINVAL" {
	call "$T/k.out" 3 $SYSCALL "$target"
	[ "$output" = "-1 EINVAL" ]
	call "$T/k.out" $((SET | 8)) $SYSCALL "$target"
	[ "$output" = "-1 EINVAL" ]
	call "$T/k.out" $SET 0 "$target"
	[ "$output" = "-1 EINVAL" ]
	call "$T/k.out" $CLEAR 0 "$target"
	[ "$output" = "-1 EINVAL" ]
	call "$T/k.out" $SET $((1 << 20)) "$target"
	[ "$output" = "-1 EINVAL" ]
	# KTRFAC_ROOT is the module's to set, not the caller's: ignored.
	call "$T/k.out" $SET $((SYSCALL | 0x80000000)) "$target"
	[ "$output" = 0 ]
	call "$T/k.out" $CLEAR $SYSCALL "$target"
	[ "$output" = 0 ]
}

@test "targets: no such process or empty group is ESRCH, pid 0 too" {
	call "$T/k.out" $SET $SYSCALL 999999
	[ "$output" = "-1 ESRCH" ]
	call "$T/k.out" $SET $SYSCALL -999999
	[ "$output" = "-1 ESRCH" ]
	call "$T/k.out" $SET $SYSCALL 0
	[ "$output" = "-1 ESRCH" ]
	call "$T/k.out" $((SET | DESCEND)) $SYSCALL 999999
	[ "$output" = "-1 ESRCH" ]
	call "$T/k.out" $CLEAR $SYSCALL 999999
	[ "$output" = "-1 ESRCH" ]
}

@test "nothing the caller may change is EPERM; kernel threads never" {
	chmod 666 "$T/k.out"	# the file is not what stops the user
	run -0 setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$KTRLIB" ktrace "$T/k.out" $SET $SYSCALL 1
	[ "$output" = "-1 EPERM" ]
	# kthreadd, even for root.
	call "$T/k.out" $SET $SYSCALL 2
	[ "$output" = "-1 EPERM" ]
}

@test "utrace: 2048 bytes are fine, 2049 are EINVAL, untraced is a no-op" {
	run -0 "$KTRLIB" utrace 2048
	[ "$output" = 0 ]
	run -0 "$KTRLIB" utrace 2049
	[ "$output" = "-1 EINVAL" ]
	run -0 "$KTRLIB" utrace 0
	[ "$output" = 0 ]
	# Traced with u: the 2048 bytes make one USER record.
	ktrace -t u -f "$T/u.out" "$KTRLIB" utrace 2048 >/dev/null
	run -0 kdump -f "$T/u.out"
	[[ $output =~ USER\ \ 2048\  ]]
}

@test "a kernel without a needed tracepoint: EOPNOTSUPP, and ktrace(1) says so" {
	rmmod ktrace
	insmod "$KTRACE_KO" fault_no_tracepoint=sys_enter
	call "$T/k.out" $SET $SYSCALL "$target"
	reload=$output
	run "$TOP/usr.bin/ktrace/ktrace" -f "$T/k.out" -p "$target"
	rmmod ktrace
	insmod "$KTRACE_KO"
	[ "$reload" = "-1 EOPNOTSUPP" ]
	[ "$status" -eq 1 ]
	[[ $output == *"lacks a tracepoint"* ]]
	[[ $output != *"not loaded"* ]]
	dmesg | grep -q 'tracepoint sys_enter not found'
}
