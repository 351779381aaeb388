#!/usr/bin/env bats
# kdump(1) on trace files written byte by byte (regress/tools/ktrgen):
# FreeBSD's line format, the options, and every way a file can be bad.

load tools/common

setup_file() { common_setup_file; }
setup() { common_setup; }

# Syscall numbers (x86_64) used below.
READ=0 WRITE=1 GETPID=39 OPENAT=257 EXIT_GROUP=231

@test "CALL: name and the syscall's own count of arguments, in hex" {
	gen "call pid=123 comm=echo code=$WRITE args=1,0x5581a3c0,3,7,7,7"
	run -0 "$KDUMP" -f t.out
	[ "$output" = "   123 echo     CALL  write(0x1,0x5581a3c0,0x3)" ]
}

@test "CALL: zero prints as 0, not 0x0" {
	gen "call pid=123 comm=echo code=$EXIT_GROUP args=0,0,0,0,0,0"
	run -0 "$KDUMP" -f t.out
	[ "$output" = "   123 echo     CALL  exit_group(0)" ]
}

@test "CALL: no parentheses for a syscall without arguments" {
	gen "call code=$GETPID args=1,2,3,4,5,6"
	run -0 "$KDUMP" -f t.out
	[ "$output" = "   100 cmd      CALL  getpid" ]
}

@test "CALL: unknown syscall as [N] with every recorded argument" {
	gen "call code=999 args=1,2"
	run -0 "$KDUMP" -f t.out
	[ "$output" = "   100 cmd      CALL  [999](0x1,0x2)" ]
}

@test "CALL -d: arguments in signed decimal" {
	gen "call code=$OPENAT args=-100,0x1000,0x241,0x1b6,0,0"
	run -0 "$KDUMP" -d -f t.out
	[ "$output" = "   100 cmd      CALL  openat(-100,4096,577,438)" ]
}

@test "CALL -S: the syscall number after its name" {
	gen "call code=$WRITE args=1,2,3" "ret code=$WRITE retval=3"
	run -0 "$KDUMP" -S -f t.out
	[ "${lines[0]}" = "   100 cmd      CALL  write[1](0x1,0x2,0x3)" ]
	[ "${lines[1]}" = "   100 cmd      RET   write[1] 3" ]
}

@test "RET: small values in decimal, others also in hex" {
	gen "ret code=$WRITE retval=3" "ret code=$WRITE retval=9" \
	    "ret code=$WRITE retval=25" "ret code=$WRITE retval=-1"
	run -0 "$KDUMP" -f t.out
	[ "${lines[0]}" = "   100 cmd      RET   write 3" ]
	[ "${lines[1]}" = "   100 cmd      RET   write 9" ]
	[ "${lines[2]}" = "   100 cmd      RET   write 25/0x19" ]
	[ "${lines[3]}" = "   100 cmd      RET   write -1/0xffffffffffffffff" ]
}

@test "RET -n: hex only; -n -d: decimal only" {
	gen "ret code=$WRITE retval=25"
	run -0 "$KDUMP" -n -f t.out
	[ "$output" = "   100 cmd      RET   write 0x19" ]
	run -0 "$KDUMP" -n -d -f t.out
	[ "$output" = "   100 cmd      RET   write 25" ]
}

@test "RET: an error with its Linux errno text" {
	gen "ret code=$OPENAT error=2" "ret code=$READ error=9" \
	    "ret code=$READ error=11"
	run -0 "$KDUMP" -f t.out
	[ "${lines[0]}" = "   100 cmd      RET   openat -1 errno 2 No such file or directory" ]
	[ "${lines[1]}" = "   100 cmd      RET   read -1 errno 9 Bad file number" ]
	[ "${lines[2]}" = "   100 cmd      RET   read -1 errno 11 Try again" ]
}

@test "RET -n: the errno without its text" {
	gen "ret code=$OPENAT error=2"
	run -0 "$KDUMP" -n -f t.out
	[ "$output" = "   100 cmd      RET   openat -1 errno 2" ]
}

@test "RET: kernel restart codes by name, unknown errnos said so" {
	gen "ret code=$READ error=512" "ret code=35 error=516" \
	    "ret code=$READ error=600" "ret code=$READ error=524"
	run -0 "$KDUMP" -f t.out
	[ "${lines[0]}" = "   100 cmd      RET   read ERESTARTSYS" ]
	[ "${lines[1]}" = "   100 cmd      RET   nanosleep ERESTART_RESTARTBLOCK" ]
	[ "${lines[2]}" = "   100 cmd      RET   read -1 errno 600 Unknown error 600" ]
	[ "${lines[3]}" = "   100 cmd      RET   read -1 errno 524 Operation is not supported" ]
}

@test "-H: a thread id column; a negative tid shows as 0" {
	gen "call pid=42 tid=4242 code=$GETPID" "call pid=42 tid=-5 code=$GETPID"
	run -0 "$KDUMP" -H -f t.out
	[ "${lines[0]}" = "    42   4242 cmd      CALL  getpid" ]
	[ "${lines[1]}" = "    42      0 cmd      CALL  getpid" ]
}

@test "command names: padded to 8, cut at 19" {
	gen "call comm=abcdefghijklmnopqrstu code=$GETPID" \
	    "call comm=abcdefghij code=$GETPID"
	run -0 "$KDUMP" -f t.out
	[ "${lines[0]}" = "   100 abcdefghijklmnopqrs CALL  getpid" ]
	[ "${lines[1]}" = "   100 abcdefghij CALL  getpid" ]
}

@test "-T: absolute time in ns; microseconds for version 0 records" {
	gen "call code=$GETPID sec=1700000000 nsec=123" \
	    "call v0 code=$GETPID sec=1700000001 nsec=5000"
	run -0 "$KDUMP" -T -f t.out
	[ "${lines[0]}" = "   100 cmd      1700000000.000000123 CALL  getpid" ]
	[ "${lines[1]}" = "   100 cmd      1700000001.000005 CALL  getpid" ]
}

@test "-E and -R: since the first and the previous record, signed" {
	gen "call code=$GETPID sec=10 nsec=500000000" \
	    "call code=$GETPID sec=11 nsec=250000000" \
	    "call code=$GETPID sec=11 nsec=0"
	run -0 "$KDUMP" -E -f t.out
	[ "${lines[0]}" = "   100 cmd      0.000000000 CALL  getpid" ]
	[ "${lines[1]}" = "   100 cmd      0.750000000 CALL  getpid" ]
	[ "${lines[2]}" = "   100 cmd      0.500000000 CALL  getpid" ]
	run -0 "$KDUMP" -R -f t.out
	[ "${lines[1]}" = "   100 cmd      0.750000000 CALL  getpid" ]
	[ "${lines[2]}" = "   100 cmd      -0.250000000 CALL  getpid" ]
}

@test "-T -E -R together print in that order, -c then the cpu" {
	gen "call code=$GETPID sec=5 nsec=1 cpu=3" \
	    "call code=$GETPID sec=6 nsec=2 cpu=12"
	run -0 "$KDUMP" -R -E -T -c -f t.out
	[ "${lines[1]}" = "   100 cmd      6.000000002 1.000000001 1.000000001  12 CALL  getpid" ]
}

@test "-c: no cpu column for version 0 records" {
	gen "call v0 code=$GETPID" "call code=$GETPID cpu=1"
	run -0 "$KDUMP" -c -f t.out
	[ "${lines[0]}" = "   100 cmd      CALL  getpid" ]
	[ "${lines[1]}" = "   100 cmd        1 CALL  getpid" ]
}

@test "-p: records of that process or that thread only" {
	gen "call pid=7 tid=70 code=$GETPID" "call pid=8 tid=80 code=$GETPID" \
	    "call pid=8 tid=81 code=$GETPID"
	run -0 "$KDUMP" -H -p 8 -f t.out
	[ "${#lines[@]}" -eq 2 ]
	[ "${lines[0]}" = "     8     80 cmd      CALL  getpid" ]
	run -0 "$KDUMP" -H -p 70 -f t.out
	[ "$output" = "     7     70 cmd      CALL  getpid" ]
}

@test "-t: only the record types asked for" {
	gen "call code=$GETPID" "namei path=/etc" "ret code=$GETPID retval=1"
	run -0 "$KDUMP" -t n -f t.out
	[ "$output" = '   100 cmd      NAMI  "/etc"' ]
	run -0 "$KDUMP" -t c -f t.out
	[ "${#lines[@]}" -eq 2 ]
}

@test "Events dropped: before the record, once until one is shown" {
	gen "call pid=7 tid=70 code=$GETPID drop" \
	    "ret pid=7 tid=70 code=$GETPID retval=7"
	run -0 "$KDUMP" -f t.out
	[ "${lines[0]}" = "     7 cmd      Events dropped." ]
	[ "${lines[1]}" = "     7 cmd      CALL  getpid" ]
	run -0 "$KDUMP" -H -f t.out
	[ "${lines[0]}" = "     7     70 cmd      Events dropped." ]
	gen "namei path=/a drop" "namei path=/b drop" "call code=$GETPID drop"
	run -0 "$KDUMP" -t c -f t.out
	[ "${#lines[@]}" -eq 2 ]
	[ "${lines[1]}" = "   100 cmd      CALL  getpid" ]
}

@test "version 0 records read like version 1, even with tiny payloads" {
	gen "user v0 pid=5 comm=old data=ab" \
	    "call v0 pid=5 comm=old code=$WRITE args=1,2,3" \
	    "ret pid=5 comm=new code=$WRITE retval=3"
	run -0 "$KDUMP" -f t.out
	[ "${lines[0]}" = "     5 old      USER  2  61 62" ]
	[ "${lines[1]}" = "     5 old      CALL  write(0x1,0x2,0x3)" ]
	[ "${lines[2]}" = "     5 new      RET   write 3" ]
}

@test "NAMI and SCTL: the name in quotes; USER: its bytes" {
	gen "namei path=/etc/passwd" "rec type=9 data=kern.ostype" \
	    "user hex=00ff41"
	run -0 "$KDUMP" -f t.out
	[ "${lines[0]}" = '   100 cmd      NAMI  "/etc/passwd"' ]
	[ "${lines[1]}" = '   100 cmd      SCTL  "kern.ostype"' ]
	[ "${lines[2]}" = "   100 cmd      USER  3  00 ff 41" ]
	run -0 "$KDUMP" -d -t u -f t.out
	[ "$output" = "   100 cmd      USER  3  0 255 65" ]
}

@test "other types: UNKNOWN(n); PROCCTOR and PROCDTOR: not shown" {
	gen "rec type=4 hex=0100000000000000" "rec type=20 data=x" \
	    "rec type=10 hex=00000000" "rec type=11"
	run -0 "$KDUMP" -f t.out
	[ "${#lines[@]}" -eq 2 ]
	[ "${lines[0]}" = "   100 cmd      UNKNOWN(4)  " ]
	[ "${lines[1]}" = "   100 cmd      UNKNOWN(20)  " ]
}

@test "truncated payload: records before it, then 'data too short', exit 1" {
	gen "call code=$WRITE args=1,2,3" "ret code=$WRITE retval=3"
	head -c 170 t.out > cut.out	# the CALL, the RET's header, 10 bytes
	run --separate-stderr -1 "$KDUMP" -f cut.out
	[ "$output" = "   100 cmd      CALL  write(0x1,0x2,0x3)" ]
	[ "$stderr" = "kdump: cut.out: record at offset 96: data too short (10 of 16 bytes)" ]
}

@test "truncated header: unexpected end of file, exit 1" {
	gen "call code=$GETPID"
	head -c 30 t.out > cut.out
	run --separate-stderr -1 "$KDUMP" -f cut.out
	[ "$output" = "" ]
	[ "$stderr" = "kdump: cut.out: record at offset 0: unexpected end of file in the header (30 of 64 bytes)" ]
}

@test "bogus lengths: negative or beyond 1 MiB, exit 1" {
	gen "call code=$GETPID len=-1"
	run -1 "$KDUMP" -f t.out
	[ "$output" = "kdump: t.out: record at offset 0: bogus length 0xffffffff" ]
	gen "call code=$GETPID len=0x100001"
	run -1 "$KDUMP" -f t.out
	[ "$output" = "kdump: t.out: record at offset 0: bogus length 0x100001" ]
}

@test "malformed SYSCALL and SYSRET payloads: exit 1" {
	gen "call code=$GETPID args=1,2,3 narg=9"
	run -1 "$KDUMP" -f t.out
	[[ "$output" == *"bogus syscall record: 9 arguments in 32 bytes" ]]
	gen "call code=$GETPID args=1,2,3 narg=2"
	run -1 "$KDUMP" -f t.out
	[[ "$output" == *"bogus syscall record: 2 arguments in 32 bytes" ]]
	gen "rec type=2 hex=0100000000000000"
	run -1 "$KDUMP" -f t.out
	[[ "$output" == *"bogus sysret record: length 8" ]]
}

@test "bad header version or time: exit 1" {
	gen "call code=$GETPID version=2"
	run -1 "$KDUMP" -f t.out
	[[ "$output" == *"unsupported header version 2" ]]
	gen "call code=$GETPID nsec=1000000000"
	run -1 "$KDUMP" -f t.out
	[[ "$output" == *"bogus time (1000000000 ns)" ]]
	gen "call v0 code=$GETPID nsec=1000000000"
	run -1 "$KDUMP" -f t.out
	[[ "$output" == *"bogus time (1000000 us)" ]]
}

@test "garbage: a clear error, never a crash" {
	head -c 4096 /dev/urandom > junk.out
	run "$KDUMP" -f junk.out
	[ "$status" -le 1 ]
	printf 'hello, this is not a trace\n' > text.out
	run -1 "$KDUMP" -f text.out
	[[ "$output" == "kdump: text.out: record at offset 0: "* ]]
}

@test "an empty file: no output, exit 0" {
	: > empty.out
	run -0 "$KDUMP" -f empty.out
	[ "$output" = "" ]
}

@test "-f -: the trace from standard input" {
	gen "call code=$GETPID" "ret code=$GETPID retval=1"
	run -0 bash -c "cat t.out | '$KDUMP' -f -"
	[ "${lines[1]}" = "   100 cmd      RET   getpid 1" ]
	head -c 70 t.out > cut.out
	run -1 bash -c "'$KDUMP' -f - < cut.out"
	[[ "$output" == "kdump: stdin: record at offset 0: data too short"* ]]
}

@test "default trace file: ktrace.out" {
	"$KTRGEN" -o ktrace.out "call code=$GETPID"
	run -0 "$KDUMP"
	[ "$output" = "   100 cmd      CALL  getpid" ]
}

@test "a missing trace file: named, exit 1" {
	run -1 "$KDUMP" -f nosuch.out
	[ "$output" = "kdump: nosuch.out: No such file or directory" ]
}

@test "bad options: FreeBSD's usage or a clear message, exit 1" {
	usage="usage: kdump [-dEnlHRrSsTA] [-f trfile] [-m maxdata] [-p pid] [-t trstr]"
	run --separate-stderr -1 "$KDUMP" -x
	[ "${stderr_lines[1]}" = "$usage" ]
	run -1 "$KDUMP" extra
	[ "$output" = "$usage" ]
	run -1 "$KDUMP" -t cz
	[ "$output" = "kdump: unknown trace point in cz" ]
	run -1 "$KDUMP" -p abc
	[ "$output" = "kdump: pid abc is invalid" ]
	run -1 "$KDUMP" -m -1
	[ "$output" = "kdump: maxdata -1 is too small" ]
}

@test "the other FreeBSD options are accepted" {
	gen "call code=$GETPID"
	run -0 "$KDUMP" -A -r -s -m 64 -f t.out
	[ "$output" = "   100 cmd      CALL  L64  getpid" ]
}

@test "-l: follows a file as it grows, record by record" {
	gen "call code=$WRITE args=1,2,3" "ret code=$WRITE retval=3"
	head -c 100 t.out > grow.out	# the CALL and 4 bytes of the RET
	timeout 10 "$KDUMP" -l -f grow.out > follow.txt 3>&- &
	pid=$!
	for _ in $(seq 50); do [ -s follow.txt ] && break; sleep 0.1; done
	[ "$(cat follow.txt)" = "   100 cmd      CALL  write(0x1,0x2,0x3)" ]
	tail -c +101 t.out >> grow.out
	for _ in $(seq 50); do
		[ "$(wc -l < follow.txt)" -eq 2 ] && break
		sleep 0.1
	done
	kill "$pid"
	wait "$pid" || true
	[ "$(sed -n 2p follow.txt)" = "   100 cmd      RET   write 3" ]
}

@test "volume: 100000 records, every one printed" {
	for _ in $(seq 1000); do
		echo "call code=$WRITE args=1,2,3"
		echo "ret code=$WRITE retval=3"
	done > one.txt
	"$KTRGEN" -o one.out < one.txt
	for _ in $(seq 50); do cat one.out; done > big.out
	run -0 bash -c "'$KDUMP' -f big.out | sort | uniq -c"
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[0]}" == "  50000    100 cmd      CALL  write(0x1,0x2,0x3)" ]]
	[[ "${lines[1]}" == "  50000    100 cmd      RET   write 3" ]]
}
