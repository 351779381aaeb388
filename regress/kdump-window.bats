#!/usr/bin/env bats
# kdump and the reader on snapshots of the in-kernel rings (ktrace -R,
# ktrace -R -M core), written byte by byte: the KTR_WINDOW records that
# begin them, in the BSD text, JSON and every analysis, and the call
# that crashed the kernel, whose RET never exists.

load tools/common

setup_file() { common_setup_file; }

# A dump of two CPUs, day 2023-11-14 UTC.  CPU 0's flight ring overwrote
# 2060 records (cat's read entry among them); CPU 1's lost one to the
# crash; CPU 0's file ring was empty (its time, the snapshot's, bounds
# nothing); CPU 1's holds sh's write, the call that crashed the kernel.
setup() {
	common_setup
	export TZ=UTC
	gen <<-'EOF2'
	window cpu=0 overwritten=2060 held=3 dump sec=1700000001
	window cpu=1 held=3 inflight=1 dump sec=1700000000
	window cpu=0 set=file held=0 dump sec=1700000009
	window cpu=1 set=file held=1 dump sec=1700000002
	call pid=7 comm=sh code=39 cpu=1 sec=1700000000
	ret pid=7 comm=sh code=39 retval=7 cpu=1 sec=1700000000 nsec=1000
	ret pid=8 comm=cat code=0 retval=5 cpu=0 sec=1700000001
	call pid=8 comm=cat code=1 args=1,0x1000,5 cpu=0 sec=1700000001 nsec=2000
	ret pid=8 comm=cat code=1 retval=5 cpu=0 sec=1700000001 nsec=3000
	call pid=7 comm=sh code=1 args=2,0x2000,4 cpu=1 sec=1700000002
	EOF2
}

@test "WIN: the text's line for each kind of window" {
	run -0 "$KDUMP" -f t.out
	echo "$output"
	[ "$output" = "     0          WIN   cpu 0 flight (dump): 2060 older records overwritten, 3 held
     0          WIN   cpu 1 flight (dump): 3 records held, 1 torn by the crash
     0          WIN   cpu 0 file (dump): 0 records held
     0          WIN   cpu 1 file (dump): 1 record held, never written to its trace file
     7 sh       CALL  getpid
     7 sh       RET   getpid 7
     8 cat      RET   read 5
     8 cat      CALL  write(1,0x1000,5)
     8 cat      RET   write 5
     7 sh       CALL  write(2,0x2000,4)" ]
}

@test "WIN: a live snapshot's windows, singulars, an unknown set" {
	gen "window cpu=1 overwritten=2060 held=18000" \
	    "window cpu=2 held=1" "window cpu=3 overwritten=1" \
	    "window cpu=0 set=file held=12" "window cpu=4 set=7 held=2" \
	    "window cpu=5 held=0 inflight=2"
	run -0 "$KDUMP" -f t.out
	echo "$output"
	[ "$output" = "     0          WIN   cpu 1 flight: 2060 older records overwritten, 18000 held
     0          WIN   cpu 2 flight: 1 record held
     0          WIN   cpu 3 flight: 1 older record overwritten, 0 held
     0          WIN   cpu 0 file: 12 records held, never written to their trace file
     0          WIN   cpu 4 set 7: 2 records held
     0          WIN   cpu 5 flight: 0 records held, 2 torn by the crash" ]
}

@test "WIN: the header's columns, and the payload's cpu on the line" {
	gen "window cpu=3 wcpu=2 held=4 sec=5 nsec=6"
	run -0 "$KDUMP" -H -c -T -f t.out
	[ "$output" = "     0      0          5.000000006   3 WIN   cpu 2 flight: 4 records held" ]
}

@test "WIN with KTR_DROP: no Events dropped before it, the flag in JSON" {
	gen "window cpu=1 overwritten=9 held=1" "window cpu=2 overwritten=9 nodrop" \
	    "call pid=5 code=39 drop"
	run -0 "$KDUMP" -f t.out
	echo "$output"
	# The next record's own drop is still said.
	[ "$output" = "     0          WIN   cpu 1 flight: 9 older records overwritten, 1 held
     0          WIN   cpu 2 flight: 9 older records overwritten, 0 held
     5 cmd      Events dropped.
     5 cmd      CALL  getpid" ]
	"$KDUMP" --json -f t.out >t.json
	python3 - <<-'EOF'
	import json
	recs = [json.loads(l) for l in open("t.json")]
	assert [r["type"] for r in recs] == ["WIN", "WIN", "DROPPED", "CALL"], recs
	assert recs[0]["dropped"] is True and recs[1]["dropped"] is False
	EOF
	# Hidden by -p, a WIN's drop is not said either.
	gen "window cpu=1 overwritten=9 held=1"
	run -0 "$KDUMP" -p 5 -t n -f t.out
	[ "$output" = "     0          WIN   cpu 1 flight: 9 older records overwritten, 1 held" ]
}

@test "WIN: shown whatever -t and -p say, not outside --after and --before" {
	run -0 "$KDUMP" -t n -f t.out
	[ "$(grep -c ' WIN   ' <<<"$output")" = 4 ]
	[ "${#lines[@]}" -eq 4 ]
	run -0 "$KDUMP" -p 8 -f t.out
	echo "$output"
	[ "$(grep -c ' WIN   ' <<<"$output")" = 4 ]
	[ "$(grep -c ' cat      ' <<<"$output")" = 3 ]
	[ "${#lines[@]}" -eq 7 ]
	# The windows' times: their oldest records'.
	run -0 "$KDUMP" --after 22:13:21 --before 22:13:22 -f t.out
	echo "$output"
	[ "$(grep ' WIN   ' <<<"$output")" = "     0          WIN   cpu 0 flight (dump): 2060 older records overwritten, 3 held" ]
	# Held with their calls: shown at once all the same.
	run -0 "$KDUMP" --errors -f t.out
	[ "$(grep -c ' WIN   ' <<<"$output")" = 4 ]
	[ "${#lines[@]}" -eq 4 ]
	run -0 "$KDUMP" --success --after 1700000001.5 -f t.out
	[ "$(grep -c ' WIN   ' <<<"$output")" = 2 ]
}

@test "--json: a WIN object with every field" {
	"$KDUMP" --json -f t.out >t.json
	python3 - <<-'EOF'
	import json
	recs = [json.loads(l) for l in open("t.json")]
	w = recs[0]
	assert w["type"] == "WIN" and w["type_num"] == 65, w
	assert w["pid"] == 0 and w["tid"] == 0 and w["comm"] == "", w
	assert w["cpu"] == 0 and w["dropped"] is True and w["len"] == 32, w
	assert w["time"] == {"sec": 1700000001, "nsec": 0}, w
	assert w["decoded"] == {"cpu": 0, "set": 1, "set_name": "flight",
	    "overwritten": 2060, "held": 3, "inflight": 0, "flags": 1,
	    "dump": True}, w
	assert w["raw"] == "00000000010000000c080000000000000300000000000000" \
	    "0000000001000000", w["raw"]
	assert recs[1]["dropped"] is False
	assert recs[1]["decoded"]["inflight"] == 1
	f = recs[3]["decoded"]
	assert f["set"] == 0 and f["set_name"] == "file" and f["held"] == 1, f
	assert [r["type"] for r in recs].count("DROPPED") == 0
	EOF
	gen "window cpu=2 set=9 flags=6"
	"$KDUMP" --json -f t.out >t.json
	python3 -c '
import json
d = json.loads(open("t.json").read())["decoded"]
assert d["set"] == 9 and d["set_name"] is None, d
assert d["flags"] == 6 and d["dump"] is False, d
'
}

@test "--pairs: the windows, then the calls; the crashing call last, = ??" {
	run -0 "$KDUMP" --pairs -f t.out
	echo "$output"
	[ "$output" = "cpu 0 flight (dump) from 22:13:21.000000: 2060 older records overwritten, 3 held
cpu 1 flight (dump) from 22:13:20.000000: 3 records held, 1 torn by the crash
cpu 0 file (dump) from 22:13:29.000000: 0 records held
cpu 1 file (dump) from 22:13:22.000000: 1 record held, never written to its trace file
7  22:13:20.000000  22:13:20.000001  getpid() = 0x7
8  ---:---:---  22:13:21.000000  read(---) = 0x5
8  22:13:21.000002  22:13:21.000003  write(0x1, 0x1000, 0x5) = 0x5
7  22:13:22.000000  ---:---:---  write(0x2, 0x2000, 0x4) = ??" ]
	# -p: every window, that process's calls; -T: the epoch's seconds.
	run -0 "$KDUMP" --pairs -p 7 -T -f t.out
	echo "$output"
	[ "$(sed -n 1p <<<"$output")" = "cpu 0 flight (dump) from 1700000001.000000: 2060 older records overwritten, 3 held" ]
	[ "$(grep -c '^cpu ' <<<"$output")" = 4 ]
	[ "$(tail -n 1 <<<"$output")" = "7  1700000002.000000  ---:---:---  write(0x2, 0x2000, 0x4) = ??" ]
	[ "${#lines[@]}" -eq 6 ]
	run -0 "$KDUMP" --pairs --before 22:13:21 -f t.out
	[ "$(grep '^cpu ' <<<"$output")" = "cpu 1 flight (dump) from 22:13:20.000000: 3 records held, 1 torn by the crash" ]
}

@test "--pairs: a call in progress at the end of the trace is shown, = ??" {
	gen "call pid=9 code=0 args=3,0x10,8 sec=1700000000" \
	    "call pid=9 tid=10 code=1 args=1,0x20,2 sec=1700000001" \
	    "ret pid=9 tid=10 code=1 retval=2 sec=1700000002"
	run -0 "$KDUMP" --pairs -f t.out
	echo "$output"
	[ "$output" = "9  22:13:21.000000  22:13:22.000000  write(0x1, 0x20, 0x2) = 0x2
9  22:13:20.000000  ---:---:---  read(0x3, 0x10, 0x8) = ??" ]
	run -0 "$KDUMP" --stats -f t.out
	[ "$(grep ' read ' <<<"$output" | tr -s ' ')" = " 0 read 1 - - - 0.000000 0 0 1" ]
}

@test "--raw: a window line in the file's order" {
	run -0 "$KDUMP" --raw -f t.out
	echo "$output"
	[ "$output" = "1 0 0 22:13:21.000000 window flight (dump): 2060 older records overwritten, 3 held
2 1 0 22:13:20.000000 window flight (dump): 3 records held, 1 torn by the crash
3 0 0 22:13:29.000000 window file (dump): 0 records held
4 1 0 22:13:22.000000 window file (dump): 1 record held, never written to its trace file
5 1 7 22:13:20.000000 39 getpid() = ??
6 1 7 22:13:20.000001 39 <getpid( --- ) = 0x7>
7 0 8 22:13:21.000000 0 <read( --- ) = 0x5>
8 0 8 22:13:21.000002 1 write(0x1, 0x1000, 0x5) = ??
9 0 8 22:13:21.000003 1 <write( --- ) = 0x5>
10 1 7 22:13:22.000000 1 write(0x2, 0x2000, 0x4) = ??" ]
	run -0 "$KDUMP" --raw --syscall getpid --errors -f t.out
	[ "$(grep -c ' window ' <<<"$output")" = 4 ]
	[ "${#lines[@]}" -eq 4 ]
}

@test "--pairs --json, --raw --json: window objects" {
	"$KDUMP" --pairs --json -f t.out >p.json
	"$KDUMP" --raw --json -f t.out >r.json
	python3 - <<-'EOF'
	import json
	p = [json.loads(l) for l in open("p.json")]
	r = [json.loads(l) for l in open("r.json")]
	fields = {"cpu": 1, "set": 1, "set_name": "flight", "overwritten": 0,
	    "held": 3, "inflight": 1, "flags": 1, "dump": True,
	    "time": {"sec": 1700000000, "nsec": 0}}
	assert p[1] == dict(type="window", **fields), p[1]
	assert r[1] == dict(type="window", serial=2, pid=0, **fields), r[1]
	assert [x["type"] for x in p].count("window") == 4
	assert p[-1]["type"] == "call" and p[-1]["returned"] is False
	EOF
}

@test "--stats: overwritten, torn and complete from, after the losses" {
	run -0 "$KDUMP" --stats -f t.out
	echo "$output"
	[ "$(grep '^ *total ' <<<"$output" | tr -s ' ')" = " total 4 0.000001 0.000001 0.000001 0.000002 0 1 1" ]
	[ "$(tail -n 4 <<<"$output")" = "records lost: 0
records overwritten: 2060
records torn by the crash: 1
complete from 22:13:22.000000" ]
	# The losses of the times asked for; where it is complete from is
	# the file's.  -p: the windows are every process's.
	run -0 "$KDUMP" --stats --after 22:13:21.5 -p 7 -f t.out
	echo "$output"
	[ "$(tail -n 3 <<<"$output")" = "records lost: 0
records overwritten: 0
complete from 22:13:22.000000" ]
	run -0 "$KDUMP" --stats -T -f t.out
	[ "$(tail -n 1 <<<"$output")" = "complete from 1700000002.000000" ]
}

@test "--stats: complete from, without a bound and with a flight one; sums" {
	# No trace file ring, no window that overwrote: all of it, from the
	# earliest start of a window holding records (an empty one's time is
	# the snapshot's, 0 in a dump).  A flight window that overwrote
	# bounds it.
	gen "window cpu=0 held=1 sec=1700000005" "window cpu=3 set=file" \
	    "window cpu=1 held=1 sec=1700000003" "window cpu=2 set=file sec=1700000009"
	run -0 "$KDUMP" --stats -f t.out
	[ "$(tail -n 3 <<<"$output")" = "records lost: 0
records overwritten: 0
complete from 22:13:23.000000" ]
	gen "window cpu=0 set=file sec=1700000005" "window cpu=1 sec=1700000003"
	run -0 "$KDUMP" --stats -f t.out
	[ "$(tail -n 1 <<<"$output")" = "complete from 22:13:23.000000" ]
	gen "window cpu=0 held=1 sec=1700000005" "window cpu=1 overwritten=7 sec=1700000004" \
	    "window cpu=2 overwritten=1 held=9 sec=1700000001" "lost count=3 sec=1700000006"
	run -0 "$KDUMP" --stats -f t.out
	[ "$(tail -n 3 <<<"$output")" = "records lost: 3
records overwritten: 8
complete from 22:13:24.000000" ]
	# A corrupt file's counts: the sum saturates, never wraps.
	gen "window cpu=0 overwritten=2" "window cpu=1 overwritten=0xffffffffffffffff"
	run -0 "$KDUMP" --stats -f t.out
	[ "$(tail -n 2 <<<"$output" | head -n 1)" = "records overwritten: 18446744073709551615" ]
}

@test "--stats without windows: no window lines" {
	gen "call code=39" "ret code=39 retval=100" "lost count=2"
	run -0 "$KDUMP" --stats -f t.out
	[ "$(tail -n 1 <<<"$output")" = "records lost: 2" ]
	run -0 "$KDUMP" --stats --json -f t.out
	[[ $(tail -n 1 <<<"$output") == '{"type":"total",'* ]]
}

@test "--stats --by-pid: the window lines once, after the tables; JSON" {
	run -0 "$KDUMP" --stats --by-pid -f t.out
	echo "$output"
	[ "$(grep -c '^pid ' <<<"$output")" = 2 ]
	[ "$(grep -c '^records overwritten: ' <<<"$output")" = 1 ]
	[ "$(grep -c '^complete from ' <<<"$output")" = 1 ]
	[ "$(tail -n 5 <<<"$output")" = "records lost: 0

records overwritten: 2060
records torn by the crash: 1
complete from 22:13:22.000000" ]
	run -0 "$KDUMP" --stats --json -f t.out
	[ "$(tail -n 1 <<<"$output")" = '{"type":"windows","windows":4,"overwritten":2060,"inflight":1,"complete_from":{"sec":1700000002,"nsec":0}}' ]
	run -0 "$KDUMP" --stats --by-pid --json -f t.out
	[ "$(grep -c '"type":"windows"' <<<"$output")" = 1 ]
	[[ $(tail -n 1 <<<"$output") == '{"type":"windows",'* ]]
}

@test "reader: a WINDOW of any other size is refused" {
	for r in "rec type=65:0" "rec type=65 hex=0100000001000000:8" \
	    "window cpu=1 len=24:24" "window cpu=1 len=31:31" \
	    "rec type=65 hex=$(printf '00%.0s' $(seq 33)):33"; do
		gen "call code=39" "${r%%:*}"
		run --separate-stderr -1 "$KDUMP" -f t.out
		echo "$r: $output / $stderr"
		[ "$output" = "   100 cmd      CALL  getpid" ]
		[ "$stderr" = "kdump: t.out: record at offset 72: bogus window record: length ${r#*:}" ]
	done
	gen "rec type=65 hex=$(printf '00%.0s' $(seq 32))"
	run -0 "$KDUMP" -f t.out
	[ "$output" = "   100 cmd      WIN   cpu 0 file: 0 records held" ]
}

@test "the fuzz corpus has a seed of windows, which kdump reads" {
	"$TOP/regress/fuzz/mkcorpus" seeds
	[ -s seeds/window.out ]
	run -0 "$KDUMP" -f seeds/window.out
	[ "$(grep -c ' WIN   ' <<<"$output")" -ge 4 ]
	run -0 "$KDUMP" --stats -f seeds/window.out
	[[ $output == *$'\n'"complete from "* ]]
}
