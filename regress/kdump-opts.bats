#!/usr/bin/env bats
# kdump(1)'s options one by one, as FreeBSD's kdump has them, OpenBSD's
# -x and -X, records of unknown types, and what kdump says and how it
# exits on input that is corrupt or cut short.  Trace files are written
# byte by byte with regress/tools/ktrgen.

load tools/common

setup_file() { common_setup_file; }
setup() { common_setup; }

# FreeBSD's line first, then the analyses' options.
USAGE="usage: kdump [-dEnlHRrSsTAcXx] [--json] [-f trfile] [-m maxdata] [-p pid] [-t trstr]
             [--pairs | --raw | --stats [--sort key] [--by-pid] |
              --graph kind -o file] [--syscall list]
             [--errors | --success] [--files] [--after time] [--before time]"
WRITE=1 GETPID=39

# hexbytes N: the bytes 0 to N-1, in hex.
hexbytes() {
	python3 -c "import sys; print(bytes(range($1)).hex())"
}

@test "usage: an unknown option, an operand, a missing argument; exit 1" {
	run --separate-stderr -1 "$KDUMP" -z
	[ "$(tail -n 4 <<<"$stderr")" = "$USAGE" ]
	[ "$output" = "" ]
	run --separate-stderr -1 "$KDUMP" -f t.out extra
	[ "$stderr" = "$USAGE" ]
	run --separate-stderr -1 "$KDUMP" -f
	[ "$(tail -n 4 <<<"$stderr")" = "$USAGE" ]
	run --separate-stderr -1 "$KDUMP" --nosuch
	[ "$(tail -n 4 <<<"$stderr")" = "$USAGE" ]
	# Nothing is taken for an option after the first operand.
	gen "call code=$GETPID"
	run --separate-stderr -1 "$KDUMP" -f t.out extra -n
	[ "$stderr" = "$USAGE" ]
}

@test "bad option values: a clear message, exit 1" {
	run -1 "$KDUMP" -m abc
	[ "$output" = "kdump: maxdata abc is invalid" ]
	run -1 "$KDUMP" -p 0
	[ "$output" = "kdump: pid 0 is too small" ]
	run -1 "$KDUMP" -t q
	[ "$output" = "kdump: unknown trace point in q" ]
}

@test "exit 0 when the whole file is printed, 1 when stdout fails" {
	gen "call code=$GETPID"
	run -0 "$KDUMP" -f t.out
	[ -w /dev/full ] || skip "no /dev/full"
	run -1 bash -c "'$KDUMP' -f t.out > /dev/full"
	[ "$output" = "kdump: stdout: No space left on device" ]
}

@test "-f: a file, or - for standard input; ktrace.out by default" {
	gen "call code=$GETPID"
	run -0 "$KDUMP" -f t.out
	[ "$output" = "   100 cmd      CALL  getpid" ]
	run -0 bash -c "'$KDUMP' -f - < t.out"
	[ "$output" = "   100 cmd      CALL  getpid" ]
	mv t.out ktrace.out
	run -0 "$KDUMP"
	[ "$output" = "   100 cmd      CALL  getpid" ]
}

@test "-A -c -H -S -T: their columns, in FreeBSD's order" {
	gen "ctor pid=5 flags=0x103" \
	    "call pid=5 tid=55 code=4 args=1,2,3 sec=12 nsec=3 cpu=7"
	run -0 "$KDUMP" -A -c -H -S -T -n -f t.out
	[ "$output" = "     5     55 cmd      12.000000003   7 CALL  L32  write[4](0x1,0x2,0x3)" ]
}

@test "-d and -n: decimal numbers, no decoding" {
	gen "call code=$WRITE args=1,0x20,3" "ret code=$WRITE retval=32" \
	    "ret code=2 error=2"
	run -0 "$KDUMP" -d -n -f t.out
	[ "${lines[0]}" = "   100 cmd      CALL  write(1,32,3)" ]
	[ "${lines[1]}" = "   100 cmd      RET   write 32" ]
	[ "${lines[2]}" = "   100 cmd      RET   open -1 errno 2" ]
}

@test "-E -R: elapsed and relative times, 0 for the first record" {
	gen "call code=$GETPID sec=1 nsec=0" "call code=$GETPID sec=3 nsec=0"
	run -0 "$KDUMP" -E -R -f t.out
	[ "${lines[0]}" = "   100 cmd      0.000000000 0.000000000 CALL  getpid" ]
	[ "${lines[1]}" = "   100 cmd      2.000000000 2.000000000 CALL  getpid" ]
}

@test "-p: a process or a thread; -t: types, Events dropped still said" {
	gen "call pid=1 tid=11 code=$GETPID" "call pid=2 tid=22 code=$GETPID" \
	    "namei pid=2 tid=22 path=/x drop"
	run -0 "$KDUMP" -p 22 -t c -f t.out
	[ "${#lines[@]}" -eq 2 ]
	[ "${lines[0]}" = "     2 cmd      CALL  getpid" ]
	[ "${lines[1]}" = "     2 cmd      Events dropped." ]
}

@test "-s: no GIO data; -m: at most that much; -r: accepted" {
	gen "gio fd=1 data=abcdefgh"
	run -0 "$KDUMP" -s -f t.out
	[ "$output" = "   100 cmd      GIO   fd 1 wrote 8 bytes" ]
	run -0 "$KDUMP" -m 3 -r -f t.out
	[ "${lines[1]}" = '       "abc"' ]
}

@test "-x: GIO data in hex, 24 bytes a line after a tab" {
	gen "gio fd=1 hex=$(hexbytes 40)"
	run -0 "$KDUMP" -x -f t.out 2>/dev/null
	[ "${#lines[@]}" -eq 3 ]
	[ "${lines[0]}" = "   100 cmd      GIO   fd 1 wrote 40 bytes" ]
	[ "${lines[1]}" = $'\t00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14 15 16 17' ]
	[ "${lines[2]}" = $'\t18 19 1a 1b 1c 1d 1e 1f 20 21 22 23 24 25 26 27' ]
}

@test "-x: text is dumped in hex too; nothing for no data" {
	gen "gio fd=1 data=hi\n" "gio fd=1 data="
	run -0 "$KDUMP" -x -f t.out 2>/dev/null
	[ "${#lines[@]}" -eq 3 ]
	[ "${lines[1]}" = $'\t68 69 0a' ]
	[ "${lines[2]}" = "   100 cmd      GIO   fd 1 wrote 0 bytes" ]
}

@test "-X: offset, hex and ASCII side by side, 16 bytes a line" {
	gen "gio fd=1 hex=$(hexbytes 20)41424344"
	"$KDUMP" -X -f t.out > got.txt 2>/dev/null
	printf '%s\n' "   100 cmd      GIO   fd 1 wrote 24 bytes" \
	    "   0000:  00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f  ................" \
	    "   0010:  10 11 12 13 41 42 43 44                          ....ABCD" \
	    > want.txt
	diff -u want.txt got.txt
}

@test "-x and -X: the last one given counts; -s and -m still apply" {
	gen "gio fd=1 data=abcdef"
	run -0 "$KDUMP" -X -x -f t.out 2>/dev/null
	[ "${lines[1]}" = $'\t61 62 63 64 65 66' ]
	run -0 "$KDUMP" -x -X -m 2 -f t.out 2>/dev/null
	[ "${lines[1]}" = "   0000:  61 62                                            ab" ]
	run -0 "$KDUMP" -x -s -f t.out 2>/dev/null
	[ "${#lines[@]}" -eq 1 ]
}

@test "-x, -X: USER data, undecoded structures and unknown records too" {
	gen "user hex=00ff41" "stru name=itimerval hex=0102" \
	    "stru name=stat hex=00" "rec type=20 hex=cafe"
	run -0 "$KDUMP" -x -f t.out 2>/dev/null
	[ "${lines[0]}" = "   100 cmd      USER  3 bytes" ]
	[ "${lines[1]}" = $'\t00 ff 41' ]
	[ "${lines[2]}" = "   100 cmd      STRU  unknown structure" ]
	[ "${lines[3]}" = $'\t01 02' ]
	[ "${lines[4]}" = "   100 cmd      STRU  invalid record" ]
	[ "${lines[5]}" = $'\t00' ]
	[ "${lines[6]}" = "   100 cmd      UNKNOWN(20)  " ]
	[ "${lines[7]}" = $'\tca fe' ]
	run -0 "$KDUMP" -X -t u -f t.out 2>/dev/null
	[ "${lines[1]}" = "   0000:  00 ff 41                                         ..A" ]
	# Decoded records are not dumped.
	gen "call code=$GETPID" "namei path=/x"
	run -0 "$KDUMP" -x -f t.out 2>/dev/null
	[ "${#lines[@]}" -eq 2 ]
}

@test "UNKNOWN(n): any type kdump does not decode, with its header" {
	gen "rec type=0" "rec type=12 hex=01" "rec type=14" "rec type=15 data=x" \
	    "rec type=63" "rec type=0x3fff pid=9 tid=99 comm=x cpu=3 sec=1" \
	    "rec v0 type=20 data=abc"
	run -0 "$KDUMP" -f t.out
	[ "${#lines[@]}" -eq 7 ]
	[ "${lines[0]}" = "   100 cmd      UNKNOWN(0)  " ]
	[ "${lines[1]}" = "   100 cmd      UNKNOWN(12)  " ]
	[ "${lines[2]}" = "   100 cmd      UNKNOWN(14)  " ]
	[ "${lines[3]}" = "   100 cmd      UNKNOWN(15)  " ]
	[ "${lines[4]}" = "   100 cmd      UNKNOWN(63)  " ]
	[ "${lines[5]}" = "     9 x        UNKNOWN(16383)  " ]
	[ "${lines[6]}" = "   100 cmd      UNKNOWN(20)  " ]
	run -0 "$KDUMP" -H -T -c -f t.out
	[ "${lines[5]}" = "     9     99 x        1.000000000   3 UNKNOWN(16383)  " ]
	# Unknown types with KTR_DROP: the note, then the record.
	gen "rec type=30 drop"
	run -0 "$KDUMP" -f t.out
	[ "${lines[0]}" = "   100 cmd      Events dropped." ]
	[ "${lines[1]}" = "   100 cmd      UNKNOWN(30)  " ]
}

@test "bogus length: negative, past 1 MiB, or past its type's largest" {
	for r in "call code=$GETPID len=-2:bogus length 0xfffffffe" \
	    "rec type=20 len=0x7fffffff:bogus length 0x7fffffff" \
	    "user len=2049:bogus user record: length 2049" \
	    "namei path=/x len=4097:bogus namei record: length 4097" \
	    "rec type=9 len=4097:bogus sysctl record: length 4097" \
	    "stru name=x len=4097:bogus struct record: length 4097" \
	    "ret code=1 len=24:bogus sysret record: length 24" \
	    "call code=1 len=0x1000:bogus syscall record: length 4096"; do
		gen "call code=$GETPID" "${r%%:*}"
		run --separate-stderr -1 "$KDUMP" -f t.out
		[ "$output" = "   100 cmd      CALL  getpid" ]
		[ "$stderr" = "kdump: t.out: record at offset 72: ${r#*:}" ]
	done
}

@test "the largest lengths of each type are read" {
	gen "user hex=$(printf '41%.0s' $(seq 2048))" \
	    "namei path=/$(printf 'a%.0s' $(seq 4095))" \
	    "rec type=20 len=0x100000 hex=00"
	run --separate-stderr -1 "$KDUMP" -s -f t.out
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[0]}" == "   100 cmd      USER  2048  41 41 "* ]]
	[ "${#lines[1]}" -eq $((22 + 4096 + 2)) ]
	[ "$stderr" = "kdump: t.out: record at offset 6272: data too short (1 of 1048576 bytes)" ]
}

@test "a record cut short: data too short, after the records before it" {
	gen "call code=$WRITE args=1,2,3" "gio fd=1 data=hello"
	head -c 166 t.out > cut.out
	run --separate-stderr -1 "$KDUMP" -n -f cut.out
	[ "$output" = "   100 cmd      CALL  write(0x1,0x2,0x3)" ]
	[ "$stderr" = "kdump: cut.out: record at offset 96: data too short (6 of 13 bytes)" ]
	head -c 100 t.out > cut.out
	run --separate-stderr -1 "$KDUMP" -f cut.out
	[ "$stderr" = "kdump: cut.out: record at offset 96: unexpected end of file in the header (4 bytes)" ]
}

@test "a huge length on a tiny file: refused or short, quickly, in bounded memory" {
	gen "rec type=4 len=0xfffff hex=0100000001000000"
	run --separate-stderr -1 bash -c "ulimit -v 200000; '$KDUMP' -f t.out"
	[ "$stderr" = "kdump: t.out: record at offset 0: data too short (8 of 1048575 bytes)" ]
}

@test "many processes never ended: kdump keeps going, in bounded memory" {
	python3 - > many.txt <<-'EOF'
	for pid in range(1, 70001):
	    print(f"ctor pid={pid} flags=0x103")
	print("call pid=1 code=4 args=1,2,3")
	print("call pid=70000 code=4 args=1,2")
	EOF
	"$KTRGEN" -o t.out < many.txt
	run -0 "$KDUMP" -n -f t.out
	[ "${#lines[@]}" -eq 2 ]
	[ "${lines[0]}" = "     1 cmd      CALL  write(0x1,0x2,0x3)" ]
}

@test "-l: a record cut short is waited for, then printed" {
	gen "call code=$WRITE args=1,2,3" "ret code=$WRITE retval=3"
	head -c 100 t.out > grow.out
	timeout 10 "$KDUMP" -l -f grow.out > follow.txt 2> err.txt 3>&- &
	pid=$!
	for _ in $(seq 50); do [ -s follow.txt ] && break; sleep 0.1; done
	sleep 0.5
	kill -0 "$pid"		# still waiting, no error
	[ ! -s err.txt ]
	tail -c +101 t.out >> grow.out
	for _ in $(seq 50); do
		[ "$(wc -l < follow.txt)" -eq 2 ] && break
		sleep 0.1
	done
	kill "$pid"
	wait "$pid" || true
	[ "$(sed -n 2p follow.txt)" = "   100 cmd      RET   write 3" ]
}

@test "-l: a corrupt record stops kdump at once, exit 1" {
	gen "call code=$GETPID" "call code=$GETPID len=-1"
	run --separate-stderr -1 timeout 10 "$KDUMP" -l -f t.out
	[ "$output" = "   100 cmd      CALL  getpid" ]
	[ "$stderr" = "kdump: t.out: record at offset 72: bogus length 0xffffffff" ]
	# A length wrong for its type is known from the header alone.
	gen "psig sig=1 len=41"
	run --separate-stderr -1 timeout 10 "$KDUMP" -l -f t.out
	[ "$stderr" = "kdump: t.out: record at offset 0: bogus psig record: length 41" ]
}

@test "random bytes: exit 0 or 1 with a message, never a crash" {
	local i
	for i in $(seq 20); do
		head -c $((RANDOM % 4096 + 1)) /dev/urandom > junk.out
		run --separate-stderr timeout 10 "$KDUMP" -f junk.out
		[ "$status" -le 1 ]
		[ "$status" -eq 0 ] || [[ "$stderr" == "kdump: junk.out: "* ]]
	done
}
