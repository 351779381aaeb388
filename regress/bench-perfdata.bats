#!/usr/bin/env bats
# Host suite: regress/bench/perfdata, which counts a perf.data file's
# samples and losses for make bench, on files written here: a header,
# one event attribute, and the records perf record writes for a command
# that forks and execs (make bench's guest side makes the real ones).

load tools/common

PERFDATA=$TOP/obj/bench/perfdata

setup_file() {
	make -s -C "$TOP/regress/bench" "$PERFDATA" >/dev/null
}

setup() {
	common_setup
}

# perfdata_file FILE LOST_SAMPLES: a perf.data with the records below, in
# this order (as perf.data holds each CPU's buffer in turn, a process's
# samples may come before its FORK and COMM), ending with a
# PERF_RECORD_LOST_SAMPLES of LOST_SAMPLES.
perfdata_file() {
	python3 - "$1" "$2" <<'PY'
import struct, sys

IDENT, IP, TID, TIME = 1 << 16, 1, 2, 4
recs = []
def rec(kind, body):
    recs.append(struct.pack("<IHH", kind, 0, 8 + len(body)) + body)
def comm(pid, name):
    rec(3, struct.pack("<II", pid, pid) + name.encode().ljust(16, b"\0"))
def fork(pid, ppid):
    rec(7, struct.pack("<IIIIQ", pid, ppid, pid, ppid, 0))
def sample(pid, n=1):
    for _ in range(n):
        rec(9, struct.pack("<QQIIQ", 1, 0, pid, pid, 0))
def lost(n):
    rec(2, struct.pack("<QQ", 1, n))

comm(100, "bash")
sample(101, 2)          # the child's, before its fork and exec
fork(101, 100)
comm(101, "getppid")
sample(101)
lost(5)                 # after a getppid sample: getppid's
comm(103, "fork")
fork(104, 103)          # a child that never execs: its parent's name
sample(104, 3)
sample(100)
rec(13, struct.pack("<Q", int(sys.argv[2])))

attr = struct.pack("<IIQQQ", 2, 120, 0, 1, IDENT | IP | TID | TIME)
attr = attr.ljust(120, b"\0") + struct.pack("<QQ", 0, 0)
data = b"".join(recs)
hdr_size = 104
attrs_at, data_at = hdr_size, hdr_size + len(attr)
hdr = b"PERFILE2" + struct.pack("<QQQQQQQQ", hdr_size, len(attr),
    attrs_at, len(attr), data_at, len(data), 0, 0)
hdr = hdr.ljust(hdr_size, b"\0")
open(sys.argv[1], "wb").write(hdr + attr + data)
PY
}

@test "samples and losses by the process's last name" {
	perfdata_file p.data 8
	run -0 "$PERFDATA" -c p.data
	# The end's 8 lost say 3 more than the ring's 5: those are nobody's.
	[ "$output" = $'? 0 3\nbash 1 0\ngetppid 3 5\nfork 3 0' ]
	run -0 "$PERFDATA" p.data
	[ "$output" = "7 8" ]
}

@test "a loss reported twice counts once" {
	# The ring's LOST records and the end's LOST_SAMPLES both count a
	# full ring: 5 and 5 are 5 events lost, not 10.
	perfdata_file p.data 5
	run -0 "$PERFDATA" p.data
	[ "$output" = "7 5" ]
	run -0 "$PERFDATA" -c p.data
	[ "$output" = $'bash 1 0\ngetppid 3 5\nfork 3 0' ]
}

@test "a file cut short or not a perf.data: exit 2, the file named" {
	perfdata_file p.data 0
	head -c 300 p.data >cut.data
	run -2 "$PERFDATA" -c cut.data
	[[ $output == *"cut.data: "*"short"* ]]
	echo hello >text.data
	run -2 "$PERFDATA" text.data
	[ "$output" = "perfdata: text.data: not a perf.data file" ]
	run -2 "$PERFDATA" -x p.data
	[[ $output == *"usage: perfdata [-c] FILE"* ]]
}
