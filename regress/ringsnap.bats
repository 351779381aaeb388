#!/usr/bin/env bats
# The in-kernel rings turned into trace files, without the module:
# libktrace's dump reader (ktr_core_open, ktr_core_rings) and snapshot
# writer (ktr_snapshot_write) through regress/tools/ktrlib, on ELF cores
# that regress/tools/mkcore writes from records made by ktrgen.  The
# trace files are read back with kdump, and their KTR_WINDOW records
# byte by byte (recs below).

load tools/common

MKCORE=$TOP/regress/tools/mkcore
GETPID=39 GETPPID=110 WRITE=1

setup_file() { common_setup_file; }
setup() { common_setup; }

# recs FILE: a line per record; the fields of WINDOW and PROCCTOR.
recs() {
	python3 - "$1" <<'EOF'
import struct, sys
b = open(sys.argv[1], 'rb').read()
o = 0
while o < len(b):
    ln, ty, ver, pid = struct.unpack_from('<ihhi', b, o)
    comm = b[o + 12:o + 32].split(b'\0')[0].decode()
    sec, nsec, tid, cpu, pad = struct.unpack_from('<qqqii', b, o + 32)
    p = b[o + 64:o + 64 + ln]
    t, drop = ty & 0x3fff, (ty & 0x8000) >> 15
    head = f'pid={pid} tid={tid} comm={comm} cpu={cpu} ' \
        f'time={sec}.{nsec:09d} drop={drop} v={ver}'
    if t == 65:
        c, s, ow, held, inf, fl = struct.unpack('<IIQQII', p)
        print(f'WIN cpu={c} set={s} overwritten={ow} held={held} '
              f'inflight={inf} flags={fl} {head}')
    elif t == 10:
        print(f'CTOR {struct.unpack("<I", p)[0]:#x} {head}')
    else:
        print(f'REC type={t} len={ln} {head}')
    o += 64 + ln
EOF
}

# events FILE: kdump's lines (-T), those of the WINDOW records left out.
events() {
	"$KDUMP" -T -f "$1" | grep -Ev '^ +0 +[0-9.]+ (WIN|UNKNOWN\(65\)) '
}

# The records of the first tests: two CPUs in each set, times interleaved.
two_sets() {
	"$KTRGEN" -o file.out \
	    "call pid=10 comm=a code=$GETPID cpu=0 sec=1 nsec=100" \
	    "ret pid=10 comm=a code=$GETPID retval=10 cpu=0 sec=1 nsec=400" \
	    "call pid=11 comm=b code=$WRITE args=1,0x10,2 cpu=1 sec=1 nsec=200" \
	    "gio pid=11 comm=b fd=1 data=hi cpu=1 sec=1 nsec=300" \
	    "ret pid=11 comm=b code=$WRITE retval=2 cpu=1 sec=1 nsec=500"
	"$KTRGEN" -o flight.out \
	    "call pid=12 comm=c code=$GETPPID cpu=0 sec=1 nsec=50" \
	    "ret pid=12 comm=c code=$GETPPID retval=1 cpu=0 sec=1 nsec=450" \
	    "namei pid=13 comm=d path=/etc cpu=1 sec=1 nsec=250"
}

# getpids N [FILE]: N records of getpid on cpu 0, 10 ns apart, by three
# processes, to FILE (flight.out).
getpids() {
	local i
	for ((i = 0; i < $1; i++)); do
		echo "call pid=$((100 + i % 3)) comm=p$((i % 3)) code=$GETPID cpu=0 sec=2 nsec=$((i * 10))"
	done | "$KTRGEN" -o "${2:-flight.out}"
}

@test "crc32 is zlib's" {
	printf 123456789 >in
	run -0 "$KTRLIB" crc32 in
	[ "$output" = cbf43926 ]
	head -c 100000 /dev/urandom >in
	run -0 "$KTRLIB" crc32 in
	[ "$output" = "$(python3 -c 'import sys, zlib
print("%08x" % zlib.crc32(open(sys.argv[1], "rb").read()))' in)" ]
}

@test "both sets of two CPUs: every record, oldest first" {
	two_sets
	"$MKCORE" -F file.out -L flight.out -o core
	run --separate-stderr -0 "$KTRLIB" core-rings core out
	[ "$output" = "windows 4 records 8 overwritten 0 inflight 0 bad 0" ]
	[ "$stderr" = "" ]
	run -0 events out
	[ "$output" = "    12 c        1.000000050 CALL  getppid
    10 a        1.000000100 CALL  getpid
    11 b        1.000000200 CALL  write(1,0x10,2)
    13 d        1.000000250 NAMI  \"/etc\"
    11 b        1.000000300 GIO   fd 1 wrote 2 bytes
       \"hi\"
    10 a        1.000000400 RET   getpid 10/0xa
    12 c        1.000000450 RET   getppid 1
    11 b        1.000000500 RET   write 2" ]
}

@test "a WINDOW record per ring first, with its oldest record's time" {
	two_sets
	"$MKCORE" -F file.out -L flight.out -o core
	"$KTRLIB" core-rings core out
	run -0 recs out
	[ "${lines[0]}" = "WIN cpu=0 set=0 overwritten=0 held=2 inflight=0 flags=1 pid=0 tid=0 comm= cpu=0 time=1.000000100 drop=0 v=1" ]
	[ "${lines[1]}" = "WIN cpu=1 set=0 overwritten=0 held=3 inflight=0 flags=1 pid=0 tid=0 comm= cpu=1 time=1.000000200 drop=0 v=1" ]
	[ "${lines[2]}" = "WIN cpu=0 set=1 overwritten=0 held=2 inflight=0 flags=1 pid=0 tid=0 comm= cpu=0 time=1.000000050 drop=0 v=1" ]
	[ "${lines[3]}" = "WIN cpu=1 set=1 overwritten=0 held=1 inflight=0 flags=1 pid=0 tid=0 comm= cpu=1 time=1.000000250 drop=0 v=1" ]
	[ "$(recs out | grep -c '^WIN')" -eq 4 ]
	# The rest reads as any trace, to its end.
	"$KTRLIB" read out >/dev/null
}

@test "equal times keep the windows' order, and each window's own" {
	"$KTRGEN" -o file.out \
	    "call pid=20 comm=f1 code=$GETPID cpu=1 sec=3" \
	    "call pid=21 comm=f0 code=$GETPID cpu=0 sec=3" \
	    "call pid=22 comm=f0b code=$GETPID cpu=0 sec=3"
	"$KTRGEN" -o flight.out "call pid=23 comm=l0 code=$GETPID cpu=0 sec=3"
	"$MKCORE" -F file.out -L flight.out -o core
	"$KTRLIB" core-rings core out
	run -0 events out
	[ "$output" = "    21 f0       3.000000000 CALL  getpid
    22 f0b      3.000000000 CALL  getpid
    20 f1       3.000000000 CALL  getpid
    23 l0       3.000000000 CALL  getpid" ]
}

@test "a wrapped ring: the window crosses the ring's end past a padding slot" {
	getpids 30
	# Slots of 96 bytes from 200 bytes before the end of a 4 KiB ring,
	# two generations in: two slots, then 8 bytes of padding.
	"$MKCORE" -L flight.out -n 1 -r 4096 -w $((3 * 4096 - 200)) -o core
	run --separate-stderr -0 "$KTRLIB" core-rings core out
	[ "$output" = "windows 1 records 30 overwritten 0 inflight 0 bad 0" ]
	[ "$stderr" = "" ]
	run -0 events out
	[ "${#lines[@]}" -eq 30 ]
	[ "${lines[0]}" = "   100 p0       2.000000000 CALL  getpid" ]
	[ "${lines[2]}" = "   102 p2       2.000000020 CALL  getpid" ]
	[ "${lines[3]}" = "   100 p0       2.000000030 CALL  getpid" ]
	[ "${lines[29]}" = "   102 p2       2.000000290 CALL  getpid" ]
	run -0 recs out
	[[ "${lines[0]}" == "WIN cpu=0 set=1 overwritten=0 held=30 "* ]]
}

@test "overwritten: the first record's number, exactly; KTR_DROP with it" {
	getpids 5
	"$KTRGEN" -o file.out "call pid=9 code=$GETPID cpu=0" \
	    "call pid=9 code=$GETPID cpu=0" "call pid=9 code=$GETPID cpu=0"
	"$MKCORE" -F file.out -L flight.out -n 2 -s 123456789 -e flight:1 \
	    -o core
	run -0 "$KTRLIB" core-rings core out
	[ "$output" = "windows 3 records 8 overwritten 246913578 inflight 0 bad 0" ]
	run -0 recs out
	# The file set numbers nothing; an empty flight ring lost them all.
	[[ "${lines[0]}" == "WIN cpu=0 set=0 overwritten=0 held=3 inflight=0 flags=1 "*" drop=0 v=1" ]]
	[[ "${lines[1]}" == "WIN cpu=0 set=1 overwritten=123456789 held=5 inflight=0 flags=1 "*" drop=1 v=1" ]]
	# An empty window of a dump: the time of the newest record held.
	[[ "${lines[2]}" == "WIN cpu=1 set=1 overwritten=123456789 held=0 inflight=0 flags=1 "*" time=2.000000040 drop=1 v=1" ]]
}

@test "a record being written at the crash: warned, counted, not decoded" {
	getpids 4
	"$MKCORE" -L flight.out -n 1 -t flight:0 -o core
	run --separate-stderr -0 "$KTRLIB" core-rings core out
	[ "$output" = "windows 1 records 4 overwritten 0 inflight 1 bad 0" ]
	[ "$stderr" = "ktrlib: cpu 0 flight ring: a record was being written at the crash and is lost" ]
	run -0 recs out
	[[ "${lines[0]}" == "WIN cpu=0 set=1 overwritten=0 held=4 inflight=1 "* ]]
	[ "$(events out | wc -l)" -eq 4 ]
}

@test "a bad slot ends its window, with a warning" {
	local what why
	getpids 6
	for what in size seq len cpu; do
		"$MKCORE" -L flight.out -n 1 -b flight:0:3:$what -o core
		run --separate-stderr -0 "$KTRLIB" core-rings core out
		[ "$output" = "windows 1 records 3 overwritten 0 inflight 0 bad 1" ]
		case $what in
		size)	why="size 100" ;;
		seq)	why="record 8 after record 2" ;;
		len)	why="size 96 for a record of 16 bytes" ;;
		cpu)	why="a record of cpu 1" ;;
		esac
		[ "$stderr" = "ktrlib: cpu 0 flight ring: bad slot at position 288 ($why): the rest of the window skipped" ]
		[ "$(events out | wc -l)" -eq 3 ]
		run -0 recs out
		[[ "${lines[0]}" == "WIN cpu=0 set=1 overwritten=0 held=3 "* ]]
	done
}

@test "a record a trace file cannot hold is a bad slot too" {
	"$KTRGEN" -o flight.out "call code=$GETPID cpu=0" \
	    "call code=$GETPID args=1,2,3 narg=9 cpu=0" "call code=$GETPID cpu=0"
	"$MKCORE" -L flight.out -n 1 -o core
	run --separate-stderr -0 "$KTRLIB" core-rings core out
	[ "$output" = "windows 1 records 1 overwritten 0 inflight 0 bad 1" ]
	[ "$stderr" = "ktrlib: cpu 0 flight ring: bad slot at position 96 (bogus syscall record: 9 arguments in 32 bytes): the rest of the window skipped" ]
	"$KTRGEN" -o flight.out "call code=$GETPID cpu=0" \
	    "call code=$GETPID cpu=0 version=2"
	"$MKCORE" -L flight.out -n 1 -o core
	run --separate-stderr -0 "$KTRLIB" core-rings core out
	[ "$stderr" = "ktrlib: cpu 0 flight ring: bad slot at position 96 (header version 2, type 0x4001): the rest of the window skipped" ]
	"$KDUMP" -f out >/dev/null
}

@test "no anchor, or a stale one: exit 1, and why" {
	getpids 2
	"$MKCORE" -L flight.out -z -o core
	run --separate-stderr -1 "$KTRLIB" core-rings core out
	[ "$stderr" = "ktrlib: no ktrace anchor in core (the module was not loaded, or was unloaded, when the dump was taken)" ]
	"$MKCORE" -L flight.out -N -o core
	run --separate-stderr -1 "$KTRLIB" core-rings core out
	[ "$stderr" = "ktrlib: no ktrace anchor in core (the module was not loaded, or was unloaded, when the dump was taken)" ]
}

@test "a copy of the anchor at another page frame is passed over" {
	getpids 2
	"$MKCORE" -L flight.out -C 0x50 -C 0x3000 -o core
	run --separate-stderr -0 "$KTRLIB" core-rings core out
	[ "$output" = "windows 1 records 2 overwritten 0 inflight 0 bad 0" ]
	[ "$stderr" = "" ]
	# Alone, the copy is no anchor.
	"$MKCORE" -L flight.out -C 0x3000 -z -o core
	run --separate-stderr -1 "$KTRLIB" core-rings core out 0x3000000
	[ "$stderr" = "ktrlib: core: no ktrace anchor at 0x3000000: no magic" ]
	"$MKCORE" -L flight.out -C 0x3000 -o core
	run --separate-stderr -1 "$KTRLIB" core-rings core out 0x3000000
	[ "$stderr" = "ktrlib: core: no ktrace anchor at 0x3000000: a copy of the anchor of page frame 0x2a7" ]
}

@test "an anchor whose CRC does not hold is ignored, with a warning" {
	getpids 2
	"$MKCORE" -L flight.out -c -o core
	run --separate-stderr -1 "$KTRLIB" core-rings core out
	[[ "${stderr_lines[0]}" == "ktrlib: core: the ktrace anchor at 0x2a7000 is ignored: CRC mismatch ("* ]]
	[ "${stderr_lines[1]}" = "ktrlib: no ktrace anchor in core (the module was not loaded, or was unloaded, when the dump was taken)" ]
	# Beside a valid one, older, naming no ring: that one is taken.
	"$MKCORE" -L flight.out -c -O 0x5000 -o core
	run --separate-stderr -0 "$KTRLIB" core-rings core out
	[ "$output" = "windows 0 records 0 overwritten 0 inflight 0 bad 0" ]
	[ "${#stderr_lines[@]}" -eq 1 ]
}

@test "two anchors or more: the newest generation, with a warning" {
	getpids 2
	# The older ones name no ring, before and after the newest.
	"$MKCORE" -L flight.out -g 7000 -O 0x50 -O 0x5000 -o core
	run --separate-stderr -0 "$KTRLIB" core-rings core out
	[ "$output" = "windows 1 records 2 overwritten 0 inflight 0 bad 0" ]
	[ "$stderr" = "ktrlib: core: 3 ktrace anchors: the newest taken, generation 7000 at 0x2a7000" ]
}

@test "the anchor's address given: that page only" {
	getpids 2
	"$MKCORE" -L flight.out -a 0x777 -O 0x5000 -o core
	run --separate-stderr -0 "$KTRLIB" core-rings core out 0x777000
	[ "$output" = "windows 1 records 2 overwritten 0 inflight 0 bad 0" ]
	[ "$stderr" = "" ]
	# The older one, named, is taken: it names no ring.
	run --separate-stderr -0 "$KTRLIB" core-rings core out 0x5000000
	[ "$output" = "windows 0 records 0 overwritten 0 inflight 0 bad 0" ]
	run --separate-stderr -1 "$KTRLIB" core-rings core out 0x2a7000
	[ "$stderr" = "ktrlib: core: no ktrace anchor at 0x2a7000: not in the dump" ]
	run --separate-stderr -1 "$KTRLIB" core-rings core out 0x100000
	[ "$stderr" = "ktrlib: core: no ktrace anchor at 0x100000: no magic" ]
	run --separate-stderr -1 "$KTRLIB" core-rings core out 0x777008
	[ "$stderr" = "ktrlib: core: no ktrace anchor at 0x777008: not a page boundary" ]
}

@test "a ring page missing from the dump ends its window there" {
	getpids 60
	# 96-byte slots in two pages: byte 5000 of the window is on the
	# second, which starts inside slot 42.
	"$MKCORE" -L flight.out -n 1 -r 8192 -D flight:0:5000 -o core
	run --separate-stderr -0 "$KTRLIB" core-rings core out
	[ "$output" = "windows 1 records 42 overwritten 0 inflight 0 bad 1" ]
	[ "${stderr_lines[0]}" = "ktrlib: core: cpu 0 flight ring: the page of positions 4096 to 5760 (page frame 0x1000) is not in the dump: the window ends before it" ]
	[ "${stderr_lines[1]}" = "ktrlib: cpu 0 flight ring: bad slot at position 4032 (size 96, 64 bytes before head): the rest of the window skipped" ]
	[ "$(events out | wc -l)" -eq 42 ]
}

@test "a descriptor that does not hold: its ring is skipped" {
	two_sets
	"$MKCORE" -F file.out -L flight.out -x flight:1 -o core
	run --separate-stderr -0 "$KTRLIB" core-rings core out
	[ "$output" = "windows 3 records 7 overwritten 0 inflight 0 bad 0" ]
	[[ "$stderr" == "ktrlib: core: cpu 1 flight ring: the descriptor at 0x"*" has tail "*": the ring skipped" ]]
}

@test "a descriptor naming more memory than the dump holds: skipped" {
	two_sets
	# A ring of 64 MiB, 32 of them held, in a core of a few pages.
	"$MKCORE" -F file.out -L flight.out -H file:0 -o core
	[ "$(stat -c %s core)" -lt $((1 << 20)) ]
	run --separate-stderr -0 "$KTRLIB" core-rings core out
	[ "$output" = "windows 3 records 6 overwritten 0 inflight 0 bad 0" ]
	[ "$stderr" = "ktrlib: core: cpu 0 file ring: the descriptor at 0x100000 names 33685504 bytes, more than the dump holds: the ring skipped" ]
}

@test "/proc/kcore's segments: virtual only, and RAM named twice" {
	two_sets
	"$MKCORE" -F file.out -L flight.out -K -o core
	run --separate-stderr -0 "$KTRLIB" core-rings core out
	[ "$output" = "windows 4 records 8 overwritten 0 inflight 0 bad 0" ]
	[ "$stderr" = "" ]
}

@test "memory past a segment's bytes in the file is zeros" {
	two_sets
	"$MKCORE" -F file.out -L flight.out -o core
	"$MKCORE" -F file.out -L flight.out -P -o packed
	[ "$(stat -c %s packed)" -lt "$(($(stat -c %s core) / 2))" ]
	"$KTRLIB" core-rings core out
	run --separate-stderr -0 "$KTRLIB" core-rings packed packed.out
	[ "$stderr" = "" ]
	cmp out packed.out
}

@test "a process's ABI before its first record, unless that record is it" {
	"$KTRGEN" -o flight.out \
	    "call pid=30 comm=x64 code=$GETPID cpu=0 sec=4 nsec=1" \
	    "call pid=31 comm=x32 code=20 cpu=0 sec=4 nsec=2" \
	    "ctor pid=32 comm=own flags=0x103 cpu=0 sec=4 nsec=3" \
	    "call pid=32 comm=own code=20 cpu=0 sec=4 nsec=4" \
	    "ret pid=30 comm=x64 code=$GETPID retval=30 cpu=0 sec=4 nsec=5" \
	    "call pid=31 tid=33 comm=x32 code=20 cpu=0 sec=4 nsec=6"
	"$MKCORE" -L flight.out -n 1 -I 31 -I 32 -o core
	run -0 "$KTRLIB" core-rings core out
	[ "$output" = "windows 1 records 6 overwritten 0 inflight 0 bad 0" ]
	run -0 recs out
	[ "${#lines[@]}" -eq 9 ]
	[ "${lines[1]}" = "CTOR 0x203 pid=30 tid=30 comm=x64 cpu=0 time=4.000000001 drop=0 v=1" ]
	[ "${lines[3]}" = "CTOR 0x103 pid=31 tid=31 comm=x32 cpu=0 time=4.000000002 drop=0 v=1" ]
	[ "${lines[5]}" = "CTOR 0x103 pid=32 tid=32 comm=own cpu=0 time=4.000000003 drop=0 v=1" ]
	[ "$(recs out | grep -c '^CTOR')" -eq 3 ]
	# kdump decodes each process's syscalls in its ABI: 20 is i386's getpid.
	run -0 events out
	[ "${lines[1]}" = "    31 x32      4.000000002 CALL  getpid" ]
	[ "${lines[2]}" = "    32 own      4.000000004 CALL  getpid" ]
	[ "${lines[4]}" = "    31 x32      4.000000006 CALL  getpid" ]
}

@test "a record in both sets is written once" {
	local rec="call pid=40 comm=both code=$GETPID cpu=0 sec=5 nsec=10"
	"$KTRGEN" -o file.out "$rec" \
	    "call pid=40 comm=both code=$GETPPID cpu=0 sec=5 nsec=30 drop"
	"$KTRGEN" -o flight.out "$rec" \
	    "call pid=40 comm=both code=$GETPID cpu=0 sec=5 nsec=20" \
	    "call pid=40 comm=both code=$GETPPID cpu=0 sec=5 nsec=30" \
	    "call pid=40 comm=both code=$GETPPID cpu=0 sec=5 nsec=40"
	"$MKCORE" -F file.out -L flight.out -n 1 -o core
	run -0 "$KTRLIB" core-rings core out
	[ "$output" = "windows 2 records 4 overwritten 0 inflight 0 bad 0" ]
	run -0 recs out
	[ "${#lines[@]}" -eq 7 ]
	[[ "${lines[3]}" == "REC type=1 len=8 pid=40 "*" time=5.000000010 drop=0 v=1" ]]
	[[ "${lines[4]}" == "REC type=1 len=8 pid=40 "*" time=5.000000020 drop=0 v=1" ]]
	# Told apart by KTR_DROP only: the same record, the file set's copy.
	[[ "${lines[5]}" == "REC type=1 len=8 pid=40 "*" time=5.000000030 drop=1 v=1" ]]
	[[ "${lines[6]}" == "REC type=1 len=8 pid=40 "*" time=5.000000040 drop=0 v=1" ]]
	# Both WINDOW records count their own.
	[[ "$(recs out | head -n 2)" == "WIN cpu=0 set=0 overwritten=0 held=2 "*"
WIN cpu=0 set=1 overwritten=0 held=4 "* ]]
}

@test "not an ELF core: said, exit 1" {
	printf 'hello, world\n' >core
	run --separate-stderr -1 "$KTRLIB" core-rings core out
	[ "$stderr" = "ktrlib: core: not an ELF core file" ]
	: >core
	run --separate-stderr -1 "$KTRLIB" core-rings core out
	[ "$stderr" = "ktrlib: core: not an ELF core file" ]
	run --separate-stderr -1 "$KTRLIB" core-rings "$KTRLIB" out
	[ "$stderr" = "ktrlib: $KTRLIB: an ELF file but not a core (type 3)" ]
	run --separate-stderr -1 "$KTRLIB" core-rings . out
	[ "$stderr" = "ktrlib: .: not a regular file" ]
	# Without waiting for a writer.
	mkfifo fifo
	run --separate-stderr -1 timeout 10 "$KTRLIB" core-rings fifo out
	[ "$stderr" = "ktrlib: fifo: not a regular file" ]
	run --separate-stderr -1 "$KTRLIB" core-rings nosuchfile out
	[ "$stderr" = "ktrlib: nosuchfile: No such file or directory" ]
}

@test "kdump-compressed and flattened dumps: what to do instead" {
	printf 'KDUMP   \001\000\000\000' >core
	run --separate-stderr -1 "$KTRLIB" core-rings core out
	[ "$stderr" = "ktrlib: core: a kdump-compressed dump: only ELF dumps are read; convert it or capture in ELF form with makedumpfile -E" ]
	printf 'makedumpfile\0\0\0\0' >core
	run --separate-stderr -1 "$KTRLIB" core-rings core out
	[ "$stderr" = "ktrlib: core: a dump in makedumpfile's flattened format: rearrange it (makedumpfile -R) into a dump captured in ELF form (makedumpfile -E)" ]
}

@test "a truncated core: its headers refused, its memory as far as it goes" {
	local size
	getpids 2
	"$MKCORE" -L flight.out -n 1 -r 8192 -o core
	size=$(stat -c %s core)
	head -c 40 core >cut
	run --separate-stderr -1 "$KTRLIB" core-rings cut out
	[ "$stderr" = "ktrlib: cut: truncated: an ELF header of 40 bytes" ]
	head -c 100 core >cut
	run --separate-stderr -1 "$KTRLIB" core-rings cut out
	[ "$stderr" = "ktrlib: cut: truncated: its program headers end past the end of the file" ]
	# The last segment, the ring's pages, loses its second page.
	head -c $((size - 4096)) core >cut
	run --separate-stderr -0 "$KTRLIB" core-rings cut out
	# Its records are lost: overwritten, as far as the file tells.
	[ "$output" = "windows 1 records 0 overwritten 2 inflight 0 bad 0" ]
	[ "${stderr_lines[0]}" = "ktrlib: cut: truncated: 4096 bytes of memory are past its end" ]
	[[ "${stderr_lines[1]}" == "ktrlib: cut: cpu 0 flight ring: the page of positions 0 to 192 (page frame 0x1001) is not in the dump: the window ends before it" ]]
	# And the anchor with it.
	head -c $((size - 12288)) core >cut
	run --separate-stderr -1 "$KTRLIB" core-rings cut out
	[ "${stderr_lines[1]}" = "ktrlib: no ktrace anchor in cut (the module was not loaded, or was unloaded, when the dump was taken)" ]
}

@test "the live rings without the module: ENOSYS" {
	[ ! -e /dev/ktrace ] || skip "/dev/ktrace exists"
	run --separate-stderr -1 "$KTRLIB" ring-read out
	[ "$stderr" = "ktrlib: ring read: ENOSYS" ]
}
