#!/usr/bin/env bats
# Guest suite: each trace point recorded for a command that does the
# matching thing, read back through kdump.

load common

setup() {
	guest_setup tp
}

teardown() {
	rm -rf "$T"
}

@test "n: NAMI for a successful and a failing open, in order after the CALL" {
	echo hello >"$T/there"
	ktrace -i -t cn -f "$T/n.out" sh -c "cat $T/there $T/missing; true" >/dev/null 2>&1
	run kdump -f "$T/n.out"
	echo "$output"
	[[ $output == *"NAMI  \"$T/there\""* ]]
	[[ $output == *"NAMI  \"$T/missing\""* ]]
	# The NAMI of the missing file sits between its openat CALL and RET.
	grep -A2 "NAMI  \"$T/missing\"" <<<"$output" |
		grep -q 'RET   openat -1 errno 2'
}

@test "i: GIO carries the data written and read" {
	printf 'line one\n' >"$T/in"
	# dd moves the data through its own buffer (cat may use
	# copy_file_range, which moves none through user memory).
	ktrace -t ci -f "$T/i.out" dd if="$T/in" of="$T/copy" status=none
	run kdump -f "$T/i.out"
	echo "$output"
	[[ $output =~ GIO\ \ \ fd\ [0-9]+\ read\ 9\ bytes ]]
	[[ $output =~ GIO\ \ \ fd\ [0-9]+\ wrote\ 9\ bytes ]]
	[[ $output == *'       "line one'* ]]
	run kdump -s -f "$T/i.out"
	[[ $output != *'"line one'* ]]
}

@test "c: each of the six argument registers in its place in the CALL" {
	# A number no table knows: its CALL holds every register, in order
	# (rdi, rsi, rdx, r10, r8, r9), each a value of its own.
	ktrace -t c -f "$T/a.out" "$TOP/regress/progs/sysargs" 1000 \
		0x11 0x22 0x33 0x44 0x55 0x66 >/dev/null
	run -0 kdump -f "$T/a.out"
	echo "$output"
	[[ $output =~ sysargs\ +CALL\ \ \[1000\]\(0x11,0x22,0x33,0x44,0x55,0x66\) ]]
	[[ $output =~ sysargs\ +RET\ \ \ \[1000\]\ -1\ errno\ 38 ]]
}

@test "c: execve's arguments as ARGS" {
	ktrace -f "$T/a.out" /bin/echo 'two words' third >/dev/null
	run kdump -f "$T/a.out"
	echo "$output"
	[[ $output == *'ARGS  "/bin/echo", "two words", "third"'* ]]
}

@test "s: a caught signal as PSIG" {
	ktrace -t cs -f "$T/s.out" bash -c 'trap "echo caught" USR1; kill -USR1 $$' >/dev/null
	run kdump -f "$T/s.out"
	echo "$output"
	[[ $output =~ PSIG\ \ SIGUSR1\ caught\ handler=0x[0-9a-f]+\ mask=0x[0-9a-f]+\ code=SI_USER ]]
}

@test "t: struct stat and struct sockaddr as STRU" {
	ktrace -t ct -f "$T/t.out" stat "$T" >/dev/null
	run kdump -f "$T/t.out"
	[[ $output == *"STRU  struct stat {"* ]]
	# bash connects a UDP socket for the redirection; the guest's
	# loopback starts down.
	ip link set lo up
	ktrace -t ct -f "$T/u.out" bash -c 'echo x >/dev/udp/127.0.0.1/9'
	run kdump -f "$T/u.out"
	echo "$output"
	[[ $output == *"STRU  struct sockaddr { AF_INET, 127.0.0.1:9 }"* ]]
}

@test "w: a sleeping process stops and resumes (CSW)" {
	ktrace -t w -f "$T/w.out" sleep 0.1
	run kdump -f "$T/w.out"
	[[ $output == *"CSW   stop kernel \"sleep\""* ]]
	[[ $output == *"CSW   resume"* ]]
}

@test "u: utrace() makes a USER record only when traced with u" {
	make -s -C "$TOP/regress/tools" >/dev/null
	ktrlib=$TOP/regress/tools/ktrlib
	run ktrace -t u -f "$T/u.out" "$ktrlib" utrace
	[ "$output" = 0 ]
	run kdump -f "$T/u.out"
	echo "$output"
	[[ $output =~ \ ktrlib\ +USER\ \ 1\ \ 78($'\n'|$) ]]
	ktrace -t c -f "$T/c.out" "$ktrlib" utrace >/dev/null
	run kdump -f "$T/c.out"
	[[ $output == *"CALL  ioctl"* ]]
	[[ $output != *USER* ]]
}

@test "a 32-bit task: i386 names, NAMI, GIO (plain and vector), ARGS" {
	# Output to a file: the kernel reads the data (/dev/null would not,
	# and data never paged in is not recorded).
	ktrace -t cnia -f "$T/32.out" "$TOP/regress/progs/ia32" <<<"input line" >"$T/stdout"
	run -0 kdump -f "$T/32.out"
	echo "$output"
	# i386 numbers decoded with i386 names (x86_64's 5 is fstat).
	[[ $output =~ ia32\ +CALL\ \ write\(1, ]]
	[[ $output =~ ia32\ +CALL\ \ open\( ]]
	[[ $output == *'NAMI  "/nonexistent/ia32"'* ]]
	[[ $output =~ ia32\ +RET\ \ \ open\ -1\ errno\ 2\  ]]
	[[ $output =~ GIO\ \ \ fd\ 1\ wrote\ 11\ bytes ]]
	[[ $output == *'"hello ia32'* ]]
	[[ $output =~ GIO\ \ \ fd\ 0\ read\ 11\ bytes ]]
	[[ $output == *'"input line'* ]]
	[[ $output =~ GIO\ \ \ fd\ 1\ wrote\ 12\ bytes ]]
	[[ $output == *'"iov one two'* ]]
	# Every i386 argument register in its place (ebx, ecx, edx, esi,
	# edi, ebp), through a number no table knows.
	[[ $output =~ ia32\ +CALL\ \ \[1000\]\(0x11,0x22,0x33,0x44,0x55,0x66\) ]]
	[[ $output == *'ARGS  "true", "ia32-arg"'* ]]
	# After the exec, /bin/true is 64-bit: x86_64 names again.
	[[ $output =~ true\ +CALL\ \ exit_group\(0\) ]]
}
