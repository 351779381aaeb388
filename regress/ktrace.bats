#!/usr/bin/env bats
# ktrace(1) on a host without the module: option checking, FreeBSD's
# messages, the trace file's creation, and the module-absent message.

load tools/common

setup_file() { common_setup_file; }
setup() { common_setup; }

USAGE1="usage: ktrace [-aCcdiL] [-e syscalls] [-f trfile] [-g pgrp | -p pid] [-t trstr]"
USAGE2="       ktrace [-adiL] [-e syscalls] [-f trfile] [-t trstr] command"
USAGE3="       ktrace -b [-cdi] [-e syscalls] [-t trstr] [-g pgrp | -p pid | command]"
USAGE4="       ktrace -R [-M core [-A paddr]] [-f trfile]"
USAGE5="       ktrace -S"
NOMODULE="ktrace: ktrace module is not loaded (/dev/ktrace missing): load kern/ktrace.ko"

no_module() {
	[ ! -e /dev/ktrace ] || skip "/dev/ktrace exists: the module is loaded"
}

@test "nothing to do: usage, exit 1" {
	run -1 "$KTRACE"
	[ "${lines[0]}" = "$USAGE1" ]
	[ "${lines[1]}" = "$USAGE2" ]
	[ "${lines[2]}" = "$USAGE3" ]
	[ "${lines[3]}" = "$USAGE4" ]
	[ "${lines[4]}" = "$USAGE5" ]
	[ "${#lines[@]}" -eq 5 ]
}

@test "the flight recorder's and -L's combinations: a message or usage, exit 1" {
	run -1 "$KTRACE" -L -c -p 1
	[ "${lines[0]}" = "ktrace: the -L flag may not be combined with -c or -C" ]
	run -1 "$KTRACE" -M core
	[ "${lines[0]}" = "ktrace: the -M and -A flags go with -R" ]
	run -1 "$KTRACE" -R -A 0x1000
	[ "${lines[0]}" = "ktrace: the -A flag needs -M" ]
	run -1 "$KTRACE" -R -M core -A nonsense
	[ "${lines[0]}" = "ktrace: invalid physical address nonsense" ]
	# -S alone; -R with -f, -M and -A only; -b with no file or -L.
	for args in "-S -f x" "-S -p 1" "-R -p 1" "-R -t c" "-R true" \
	    "-b -f x" "-b -a" "-b -L" "-b -C" "-b -c true" "-b -p 1 true"; do
		run -1 "$KTRACE" $args
		[ "${lines[0]}" = "$USAGE1" ] || { echo "$args: $output"; false; }
	done
}

@test "-R -M: a file that is not a dump, or none: named, exit 1" {
	run -1 "$KTRACE" -R -M /nonexistent/core -f "$BATS_TEST_TMPDIR/r.out"
	[[ ${lines[0]} == "ktrace: /nonexistent/core: "* ]]
	printf 'not a core' >notcore
	run -1 "$KTRACE" -R -M notcore -f "$BATS_TEST_TMPDIR/r.out"
	[ "${lines[0]}" = "ktrace: notcore: not an ELF core file" ]
	[ ! -e "$BATS_TEST_TMPDIR/r.out" ]
}

@test "-R and -S without the module: the module-absent message, exit 1" {
	no_module
	run -1 "$KTRACE" -R -f "$BATS_TEST_TMPDIR/r.out"
	[ "$output" = "ktrace: ktrace module is not loaded (/dev/ktrace missing)" ]
	run -1 "$KTRACE" -S
	[ "$output" = "ktrace: ktrace module is not loaded (/dev/ktrace missing)" ]
	run -1 "$KTRACE" -b -t c
	[ "$output" = "$NOMODULE" ]
}

@test "unknown facility: named, then usage, exit 1" {
	run -1 "$KTRACE" -t cx true
	[ "${lines[0]}" = "ktrace: unknown facility in cx" ]
	[ "${lines[1]}" = "$USAGE1" ]
}

@test "-e: an unknown syscall or class is named, then usage, exit 1" {
	run -1 "$KTRACE" -e getppid,nosuch true
	[ "${lines[0]}" = "ktrace: unknown syscall or class 'nosuch' in getppid,nosuch" ]
	[ "${lines[1]}" = "$USAGE1" ]
	run -1 "$KTRACE" -e '' true
	[ "${lines[0]}" = "ktrace: unknown syscall or class '' in " ]
}

@test "-e with -c or -C: refused (a selection is for SET)" {
	run -1 "$KTRACE" -e FILE -c -p 1
	[ "${lines[0]}" = "ktrace: the -e flag may not be combined with -c or -C" ]
	run -1 "$KTRACE" -C -e FILE
	[ "${lines[0]}" = "ktrace: the -e flag may not be combined with -c or -C" ]
}

@test "-c and -C together, or twice: refused" {
	run -1 "$KTRACE" -c -C
	[ "${lines[0]}" = "ktrace: only one -c or -C flag is permitted" ]
	run -1 "$KTRACE" -c -c
	[ "${lines[0]}" = "ktrace: only one -c or -C flag is permitted" ]
}

@test "-C with -g or -p, in either order: refused" {
	run -1 "$KTRACE" -C -p 1
	[ "${lines[0]}" = "ktrace: the -C flag may not be combined with -g or -p" ]
	run -1 "$KTRACE" -g 1 -C
	[ "${lines[0]}" = "ktrace: the -C flag may not be combined with -g or -p" ]
}

@test "-g with -p, or either twice: refused" {
	run -1 "$KTRACE" -g 1 -p 2
	[ "${lines[0]}" = "ktrace: only one -g or -p flag is permitted" ]
	run -1 "$KTRACE" -p 1 -p 2
	[ "${lines[0]}" = "ktrace: only one -g or -p flag is permitted" ]
}

@test "bad process or group ids: refused" {
	for id in abc 0 -5 12x 99999999999; do
		run -1 "$KTRACE" -p "$id"
		[ "${lines[0]}" = "ktrace: invalid process or group id" ]
		[ "${lines[1]}" = "$USAGE1" ]
	done
	run -1 "$KTRACE" -g 0
	[ "${lines[0]}" = "ktrace: invalid process or group id" ]
}

@test "a process and a command at once: usage" {
	run -1 "$KTRACE" -p 1 true
	[ "${lines[0]}" = "$USAGE1" ]
}

@test "module absent, command: one clear line, exit 1, command not run" {
	no_module
	run -1 "$KTRACE" touch ran
	[ "$output" = "$NOMODULE" ]
	[ ! -e ran ]
}

@test "module absent, -p, -g, -c and -C: the same line" {
	no_module
	for args in "-p $$" "-g $$" "-c" "-c -p $$" "-C"; do
		# shellcheck disable=SC2086
		run -1 "$KTRACE" $args
		[ "$output" = "$NOMODULE" ]
	done
}

@test "the trace file: created fresh, private whatever the umask" {
	no_module
	echo old > ktrace.out
	chmod 644 ktrace.out
	umask 022
	run -1 "$KTRACE" true
	[ -f ktrace.out ] && [ ! -s ktrace.out ]
	[ "$(stat -c %a ktrace.out)" = 600 ]
	run -1 "$KTRACE" -f other.out true
	[ "$(stat -c %a other.out)" = 600 ]
}

@test "the trace file: a symlink in its place is replaced, not followed" {
	no_module
	echo keep > target
	ln -s target ktrace.out
	run -1 "$KTRACE" true
	[ "$(cat target)" = keep ]
	[ -f ktrace.out ] && [ ! -L ktrace.out ]
}

@test "-a: the file is kept as it is" {
	no_module
	echo old > ktrace.out
	run -1 "$KTRACE" -a true
	[ "$output" = "$NOMODULE" ]
	[ "$(cat ktrace.out)" = old ]
}

@test "-a: refuse a file owned by someone else, or not regular" {
	[ "$(id -u)" -eq 0 ] || skip "needs root to give a file away"
	: > theirs.out
	chown nobody theirs.out
	run -1 "$KTRACE" -a -f theirs.out true
	[ "$output" = "ktrace: refuse to append to theirs.out not owned by you" ]
	run -1 "$KTRACE" -a -f /dev/null true
	[ "$output" = "ktrace: /dev/null not regular file" ]
}

@test "a trace file that cannot be made: named with the reason" {
	mkdir adir
	run -1 "$KTRACE" -f adir true
	[ "$output" = "ktrace: unlink adir: Is a directory" ]
	run -1 "$KTRACE" -f nosuchdir/t.out true
	[ "$output" = "ktrace: nosuchdir/t.out: No such file or directory" ]
}

@test "options after the command are the command's (no argument permutation)" {
	no_module
	# GNU getopt would take sh's -c as ktrace's own -c (clear), which
	# creates no trace file; BSD getopt stops at the command.
	run -1 "$KTRACE" -f cmd.out sh -c true
	[ "$output" = "$NOMODULE" ]
	[ -f cmd.out ]
}
