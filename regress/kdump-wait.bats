#!/usr/bin/env bats
# kdump and the reader on the KTR_WAIT records of lossless file traces,
# written byte by byte: a traced thread that found its CPU's buffer past
# half full at a syscall's exit waited for the writer on its way back to
# user mode, after the RET, and says how long, and whether it gave up at
# kernel.ktrace.max_wait_ms.  The BSD text, JSON and every analysis; and
# CALL/RET matching, which the waits must not disturb.

load tools/common

setup_file() { common_setup_file; }

# Day 2023-11-14 UTC.  dd writes, then waits 3.204567 ms; its read fails
# while cat's getpid is in progress, then dd waits a second and times
# out, losing 12 records; cat's getpid returns in between, and cat waits
# 1.5 us at the end.
setup() {
	common_setup
	export TZ=UTC
	gen <<-'EOF'
	call pid=7 comm=dd code=1 args=1,0x1000,512 sec=1700000000
	ret pid=7 comm=dd code=1 retval=512 sec=1700000000 nsec=5000
	wait pid=7 comm=dd ns=3204567 sec=1700000000 nsec=3210000
	call pid=7 comm=dd code=0 args=0,0x2000,512 sec=1700000001 cpu=1
	call pid=9 comm=cat code=39 sec=1700000001 nsec=100 cpu=2
	ret pid=7 comm=dd code=0 error=9 sec=1700000001 nsec=2000 cpu=1
	wait pid=7 comm=dd ns=1000000000 timedout=1 sec=1700000002 nsec=2000 cpu=3
	ret pid=9 comm=cat code=39 retval=9 sec=1700000002 nsec=5000 cpu=2
	lost pid=7 comm=dd count=12 drop sec=1700000003
	wait pid=9 comm=cat ns=1500 sec=1700000003 nsec=1000
	EOF
}

@test "WAIT: the text's line, with and without a timeout" {
	run -0 "$KDUMP" -f t.out
	echo "$output"
	[ "$output" = "     7 dd       CALL  write(1,0x1000,512)
     7 dd       RET   write 512/0x200
     7 dd       WAIT  3.204 ms for the trace to be written
     7 dd       CALL  read(0,0x2000,512)
     9 cat      CALL  getpid
     7 dd       RET   read -1 errno 9 Bad file descriptor
     7 dd       WAIT  1000.000 ms for the trace to be written, timed out: later records may be lost
     9 cat      RET   getpid 9
     7 dd       Events dropped.
     7 dd       LOST  12 records
     9 cat      WAIT  0.001 ms for the trace to be written" ]
}

@test "WAIT: milliseconds to the microsecond, cut; any timeout flag but 0" {
	gen "wait ns=0" "wait ns=999" "wait ns=1000" "wait ns=1999999" \
	    "wait ns=0xffffffffffffffff" "wait ns=5 timedout=7" \
	    "wait ns=5 pad=0xffffffff"
	run -0 "$KDUMP" -f t.out
	echo "$output"
	[ "$output" = "   100 cmd      WAIT  0.000 ms for the trace to be written
   100 cmd      WAIT  0.000 ms for the trace to be written
   100 cmd      WAIT  0.001 ms for the trace to be written
   100 cmd      WAIT  1.999 ms for the trace to be written
   100 cmd      WAIT  18446744073709.551 ms for the trace to be written
   100 cmd      WAIT  0.000 ms for the trace to be written, timed out: later records may be lost
   100 cmd      WAIT  0.000 ms for the trace to be written" ]
}

@test "WAIT: the header's columns are the waiting thread's" {
	gen "wait pid=5 tid=6 comm=sh ns=2500000 cpu=3 sec=5 nsec=6"
	run -0 "$KDUMP" -H -c -T -f t.out
	[ "$output" = "     5      6 sh       5.000000006   3 WAIT  2.500 ms for the trace to be written" ]
}

@test "WAIT: shown whatever -t says, by -p, not outside --after and --before" {
	run -0 "$KDUMP" -t n -f t.out
	echo "$output"
	[ "$output" = "     7 dd       WAIT  3.204 ms for the trace to be written
     7 dd       WAIT  1000.000 ms for the trace to be written, timed out: later records may be lost
     7 dd       Events dropped.
     7 dd       LOST  12 records
     9 cat      WAIT  0.001 ms for the trace to be written" ]
	# A process's, as LOST is.
	run -0 "$KDUMP" -p 9 -t c -f t.out
	echo "$output"
	[ "$(grep ' WAIT  ' <<<"$output")" = "     9 cat      WAIT  0.001 ms for the trace to be written" ]
	[ "$(grep -c ' cat      ' <<<"$output")" = 3 ]
	# A wait's time is its end.
	run -0 "$KDUMP" --after 22:13:21 --before 22:13:23 -f t.out
	echo "$output"
	[ "$(grep ' WAIT  ' <<<"$output")" = "     7 dd       WAIT  1000.000 ms for the trace to be written, timed out: later records may be lost" ]
}

@test "WAIT: kept by the filters of calls, as LOST is" {
	# Held with their calls or not, the waits are shown as they come.
	run -0 "$KDUMP" --errors -f t.out
	echo "$output"
	[ "$output" = "     7 dd       WAIT  3.204 ms for the trace to be written
     7 dd       CALL  read(0,0x2000,512)
     7 dd       RET   read -1 errno 9 Bad file descriptor
     7 dd       WAIT  1000.000 ms for the trace to be written, timed out: later records may be lost
     7 dd       Events dropped.
     7 dd       LOST  12 records
     9 cat      WAIT  0.001 ms for the trace to be written" ]
	run -0 "$KDUMP" --syscall getpid -f t.out
	[ "$(grep -c ' WAIT  ' <<<"$output")" = 3 ]
	[ "$(grep -c ' CALL  ' <<<"$output")" = 1 ]
	# -p's process's only (dd's drop is said whatever -p: see kdump.1).
	run -0 "$KDUMP" --success -p 9 -f t.out
	echo "$output"
	[ "$(grep -v ' Events dropped\.$' <<<"$output")" = "     9 cat      CALL  getpid
     9 cat      RET   getpid 9
     9 cat      WAIT  0.001 ms for the trace to be written" ]
}

@test "WAIT does not disturb the matching of CALL and RET" {
	# Another thread's wait inside a call; the thread's own wait after
	# its RET, and even one before it (no kernel makes that): every call
	# is whole, and no wait is in its time.
	gen "call pid=5 tid=6 code=0 args=3,0x10,8 sec=1700000000" \
	    "wait pid=5 ns=4000000 sec=1700000000 nsec=100" \
	    "ret pid=5 tid=6 code=0 retval=8 sec=1700000000 nsec=200" \
	    "wait pid=5 tid=6 ns=7000 sec=1700000000 nsec=7300" \
	    "call pid=5 tid=6 code=1 args=1,0x10,8 sec=1700000001" \
	    "wait pid=5 tid=6 ns=9000 sec=1700000001 nsec=9000" \
	    "ret pid=5 tid=6 code=1 retval=8 sec=1700000001 nsec=10000"
	run -0 "$KDUMP" --pairs -H -f t.out
	echo "$output"
	[ "$output" = "5  5  waited 4.000 ms for the trace to be written until 22:13:20.000000
5  6  22:13:20.000000  22:13:20.000000  read(0x3, 0x10, 0x8) = 0x8
5  6  waited 0.007 ms for the trace to be written until 22:13:20.000007
5  6  waited 0.009 ms for the trace to be written until 22:13:21.000009
5  6  22:13:21.000000  22:13:21.000010  write(0x1, 0x10, 0x8) = 0x8" ]
	run -0 "$KDUMP" --stats -f t.out
	echo "$output"
	[ "$(grep '^ *total ' <<<"$output" | tr -s ' ')" = " total 2 0.000005 0.000010 0.000000 0.000010 0 0 0" ]
	[ "$(tail -n 1 <<<"$output")" = "waits for the writer: 3, total 0.004016 s, 0 timed out" ]
	run -0 "$KDUMP" --errors -f t.out
	[ "$(grep -c ' WAIT  ' <<<"$output")" = 3 ]
	[ "${#lines[@]}" -eq 3 ]
}

@test "--json: a WAIT object with its fields" {
	"$KDUMP" --json -f t.out >t.json
	python3 - <<-'EOF'
	import json
	recs = [json.loads(l) for l in open("t.json")]
	w = recs[2]
	assert w["type"] == "WAIT" and w["type_num"] == 66, w
	assert w["pid"] == 7 and w["tid"] == 7 and w["comm"] == "dd", w
	assert w["cpu"] == 0 and w["dropped"] is False and w["len"] == 16, w
	assert w["time"] == {"sec": 1700000000, "nsec": 3210000}, w
	assert w["decoded"] == {"ns": 3204567, "timed_out": False}, w
	assert w["raw"] == "d7e53000000000000000000000000000", w["raw"]
	t = recs[6]
	assert t["type"] == "WAIT" and t["cpu"] == 3, t
	assert t["decoded"] == {"ns": 1000000000, "timed_out": True}, t
	assert [r["type"] for r in recs].count("WAIT") == 3
	EOF
	gen "wait ns=0xffffffffffffffff timedout=7 pad=0xffffffff"
	"$KDUMP" --json -f t.out >t.json
	python3 -c '
import json
r = json.loads(open("t.json").read())
assert r["decoded"] == {"ns": 2**64 - 1, "timed_out": True}, r
assert r["raw"] == "ff" * 8 + "07000000" + "ff" * 4, r["raw"]
'
	# -t picks no trace point of it: a wait is shown all the same.
	run -0 "$KDUMP" --json -t i -f t.out
	[[ $output == '{"type":"WAIT",'* ]]
}

@test "--pairs: each wait after its call's line, with the time it ended" {
	run -0 "$KDUMP" --pairs -f t.out
	echo "$output"
	[ "$output" = "7  22:13:20.000000  22:13:20.000005  write(0x1, 0x1000, 0x200) = 0x200
7  waited 3.204 ms for the trace to be written until 22:13:20.003210
7  22:13:21.000000  22:13:21.000002  read(0x0, 0x2000, 0x200) = -1 (Bad file descriptor)
7  waited 1000.000 ms for the trace to be written until 22:13:22.000002, timed out: later records may be lost
9  22:13:21.000000  22:13:22.000005  getpid() = 0x9
7  lost 12 records before 22:13:23.000000
9  waited 0.001 ms for the trace to be written until 22:13:23.000001" ]
	# -p and the times, as for a lost line; -T the epoch's seconds.
	run -0 "$KDUMP" --pairs -p 7 -T --after 1700000001 -f t.out
	echo "$output"
	[ "$output" = "7  1700000001.000000  1700000001.000002  read(0x0, 0x2000, 0x200) = -1 (Bad file descriptor)
7  waited 1000.000 ms for the trace to be written until 1700000002.000002, timed out: later records may be lost
7  lost 12 records before 1700000003.000000" ]
	# Whatever the syscalls and outcomes asked for.
	run -0 "$KDUMP" --pairs --syscall getpid --errors -f t.out
	[ "$(grep -c ' waited ' <<<"$output")" = 3 ]
	[ "${#lines[@]}" -eq 4 ]
}

@test "--raw: a wait line in the file's order, on the CPU it was made on" {
	run -0 "$KDUMP" --raw -f t.out
	echo "$output"
	[ "$output" = "1 0 7 22:13:20.000000 1 write(0x1, 0x1000, 0x200) = ??
2 0 7 22:13:20.000005 1 <write( --- ) = 0x200>
3 0 7 22:13:20.003210 waited 3.204 ms for the trace to be written
4 1 7 22:13:21.000000 0 read(0x0, 0x2000, 0x200) = ??
5 2 9 22:13:21.000000 39 getpid() = ??
6 1 7 22:13:21.000002 0 <read( --- ) = -1 (Bad file descriptor)>
7 3 7 22:13:22.000002 waited 1000.000 ms for the trace to be written, timed out: later records may be lost
8 2 9 22:13:22.000005 39 <getpid( --- ) = 0x9>
9 0 7 22:13:23.000000 lost 12 records
10 0 9 22:13:23.000001 waited 0.001 ms for the trace to be written" ]
	run -0 "$KDUMP" --raw --success -p 9 -f t.out
	echo "$output"
	[ "$output" = "5 2 9 22:13:21.000000 39 getpid() = ??
8 2 9 22:13:22.000005 39 <getpid( --- ) = 0x9>
10 0 9 22:13:23.000001 waited 0.001 ms for the trace to be written" ]
}

@test "--pairs --json, --raw --json: wait objects" {
	"$KDUMP" --pairs --json -f t.out >p.json
	"$KDUMP" --raw --json -f t.out >r.json
	python3 - <<-'EOF'
	import json
	p = [json.loads(l) for l in open("p.json")]
	r = [json.loads(l) for l in open("r.json")]
	fields = {"pid": 7, "tid": 7, "ns": 1000000000, "timed_out": True,
	    "time": {"sec": 1700000002, "nsec": 2000}}
	assert p[3] == dict(type="wait", **fields), p[3]
	assert r[6] == dict(type="wait", serial=7, cpu=3, **fields), r[6]
	assert [x["type"] for x in p].count("wait") == 3
	assert [x["type"] for x in r].count("wait") == 3
	assert p[1]["timed_out"] is False and p[1]["ns"] == 3204567, p[1]
	EOF
}

@test "--stats: the waits after the losses, their total and timeouts" {
	run -0 "$KDUMP" --stats -f t.out
	echo "$output"
	# The calls' times have no wait in them.
	[ "$(grep '^ *total ' <<<"$output" | tr -s ' ')" = " total 3 0.333337 1.000004 0.000002 1.000011 1 0 0" ]
	[ "$(tail -n 2 <<<"$output")" = "records lost: 12
waits for the writer: 3, total 1.003206 s, 1 timed out" ]
	# Without a timeout; the waits of -p's process, of the times asked.
	run -0 "$KDUMP" --stats -p 9 -f t.out
	[ "$(tail -n 2 <<<"$output")" = "records lost: 0
waits for the writer: 1, total 0.000001 s, 0 timed out" ]
	run -0 "$KDUMP" --stats --before 22:13:22 -f t.out
	[ "$(tail -n 1 <<<"$output")" = "waits for the writer: 1, total 0.003204 s, 0 timed out" ]
	# Whatever the syscalls asked for, as the losses.
	run -0 "$KDUMP" --stats --syscall getpid -f t.out
	[ "$(tail -n 1 <<<"$output")" = "waits for the writer: 3, total 1.003206 s, 1 timed out" ]
	# None kept: no line.
	run -0 "$KDUMP" --stats --after 22:13:24 -f t.out
	[ "$(tail -n 1 <<<"$output")" = "records lost: 0" ]
}

@test "--stats: no wait line without waits; the total saturates" {
	gen "call code=39" "ret code=39 retval=100" "lost count=2"
	run -0 "$KDUMP" --stats -f t.out
	[ "$(tail -n 1 <<<"$output")" = "records lost: 2" ]
	run -0 "$KDUMP" --stats --json -f t.out
	[ "$(tail -n 1 <<<"$output")" = '{"type":"total","count":1,"timed":1,"average_ns":0,"max_ns":0,"min_ns":0,"total_ns":0,"errors":0,"no_call":0,"no_return":0,"lost":2}' ]
	# A corrupt file's lengths: the sum stays the largest, never wraps.
	gen "wait ns=2" "wait ns=0xffffffffffffffff timedout=1"
	run -0 "$KDUMP" --stats -f t.out
	[ "$(tail -n 1 <<<"$output")" = "waits for the writer: 2, total 18446744073.709551 s, 1 timed out" ]
	run -0 "$KDUMP" --stats --json -f t.out
	[[ $(tail -n 1 <<<"$output") == *',"lost":0,"waits":2,"wait_ns":18446744073709551615,"waits_timed_out":1}' ]]
}

@test "--stats --by-pid: each process's waits in its table; JSON" {
	run -0 "$KDUMP" --stats --by-pid -f t.out
	echo "$output"
	[ "$(grep -c '^waits for the writer: ' <<<"$output")" = 2 ]
	[ "$(grep -A 1 '^records lost: 12$' <<<"$output" | tail -n 1)" = "waits for the writer: 2, total 1.003204 s, 1 timed out" ]
	[ "$(tail -n 2 <<<"$output")" = "records lost: 0
waits for the writer: 1, total 0.000001 s, 0 timed out" ]
	# A process that only waited has its table; one that never did has
	# the line too, with nothing.
	gen "call pid=3 code=39" "ret pid=3 code=39 retval=3" \
	    "wait pid=4 ns=2000000 timedout=1"
	run -0 "$KDUMP" --stats --by-pid -f t.out
	echo "$output"
	[ "$(grep '^pid ' <<<"$output")" = "pid 3 cmd
pid 4 " ]
	[ "$(grep '^waits ' <<<"$output")" = "waits for the writer: 0, total 0.000000 s, 0 timed out
waits for the writer: 1, total 0.002000 s, 1 timed out" ]
	"$KDUMP" --stats --by-pid --json -f t.out >s.json
	python3 - <<-'EOF'
	import json
	t = [r for r in map(json.loads, open("s.json")) if r["type"] == "total"]
	assert [(r["pid"], r["waits"], r["wait_ns"], r["waits_timed_out"])
	    for r in t] == [(3, 0, 0, 0), (4, 1, 2000000, 1)], t
	EOF
}

@test "reader: a WAIT of any other size is refused" {
	for r in "rec type=66:0" "rec type=66 hex=0100000000000000:8" \
	    "wait ns=1 len=15:15" "wait ns=1 len=17:17" \
	    "rec type=66 hex=$(printf '00%.0s' $(seq 24)):24"; do
		gen "call code=39" "${r%%:*}"
		run --separate-stderr -1 "$KDUMP" -f t.out
		echo "$r: $output / $stderr"
		[ "$output" = "   100 cmd      CALL  getpid" ]
		[ "$stderr" = "kdump: t.out: record at offset 72: bogus wait record: length ${r#*:}" ]
	done
	gen "rec type=66 hex=$(printf '00%.0s' $(seq 16))"
	run -0 "$KDUMP" -f t.out
	[ "$output" = "   100 cmd      WAIT  0.000 ms for the trace to be written" ]
}

@test "the fuzz corpus has a seed of waits, which kdump reads" {
	"$TOP/regress/fuzz/mkcorpus" seeds
	[ -s seeds/wait.out ]
	run -0 "$KDUMP" -f seeds/wait.out
	[ "$(grep -c ' WAIT  ' <<<"$output")" -ge 4 ]
	[ "$(grep -c ', timed out: ' <<<"$output")" -ge 2 ]
	run -0 "$KDUMP" --stats -f seeds/wait.out
	[[ $output == *$'\n'"waits for the writer: "* ]]
}
