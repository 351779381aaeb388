#!/usr/bin/env bats
# kdump --graph (usr.bin/kdump/graph.c): every kind drawn by gnuplot as SVG
# and as PNG from a trace written with regress/tools/ktrgen, the syscalls
# each shows and leaves out, and what kdump says when it cannot draw.

load tools/common

setup_file() {
	common_setup_file || return 1
	command -v gnuplot >/dev/null || {
		echo "gnuplot is missing: run 'make deps'" >&2
		return 1
	}
	# 21 syscalls, so that each top 20 leaves one out, a different one
	# for each measure.  Eighteen of them, read to readv: 6 to 23 calls
	# of 10 us each.  writev: the fewest calls (1, of 1 ms); access: the
	# lowest average (30 calls of 1 us); pipe: the lowest total (5 calls
	# of 5 us, 25 us), though neither its count nor its average is.
	python3 - >"$BATS_FILE_TMPDIR/records" <<-'EOF'
		fillers = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16,
		    17, 19]
		spec = [(code, 6 + i, 10000) for i, code in enumerate(fillers)]
		spec += [(20, 1, 1000000), (21, 30, 1000), (22, 5, 5000)]
		t = 1700000000 * 10**9
		for code, n, ns in spec:
		    for _ in range(n):
		        print(f"call code={code} sec={t // 10**9} nsec={t % 10**9}")
		        t += ns
		        print(f"ret code={code} sec={t // 10**9} nsec={t % 10**9}")
		        t += 2000
	EOF
	"$KTRGEN" -o "$BATS_FILE_TMPDIR/graph.out" <"$BATS_FILE_TMPDIR/records"
}

setup() {
	common_setup || return 1
	cp "$BATS_FILE_TMPDIR/graph.out" t.out
}

FILLERS="read write open close stat fstat lstat poll lseek mmap mprotect
munmap brk rt_sigaction rt_sigprocmask ioctl pread64 readv"
# The 297 calls, and those of the 20 most called (all but writev's one).
NCALLS=297 NTOP=296

# svg_texts FILE: each <text> of an SVG, a line each; fails unless the
# file parses as XML.
svg_texts() {
	python3 - "$1" <<-'EOF'
		import sys
		import xml.dom.minidom

		def text(node):
		    return ''.join(c.data if c.nodeType == c.TEXT_NODE else text(c)
		                   for c in node.childNodes)

		doc = xml.dom.minidom.parse(sys.argv[1])
		for t in doc.getElementsByTagName('text'):
		    print(text(t).strip())
	EOF
}

# png_size FILE: "WIDTH HEIGHT", and fails unless it starts with PNG's
# signature.
png_size() {
	python3 - "$1" <<-'EOF'
		import struct, sys
		d = open(sys.argv[1], 'rb').read(24)
		if d[:8] != b'\x89PNG\r\n\x1a\n' or d[12:16] != b'IHDR':
		    sys.exit(f'{sys.argv[1]}: not a PNG')
		print(*struct.unpack('>II', d[16:24]))
	EOF
}

# draw KIND: t.svg and t.png from t.out, without a word on the terminal
# (so no gnuplot warning either); the SVG's texts in texts, one a line.
draw() {
	local size

	rm -f t.svg t.png
	run -0 "$KDUMP" --graph="$1" -o t.svg -f t.out
	[ "$output" = "" ]
	svg_texts t.svg >texts
	run -0 "$KDUMP" --graph="$1" -o t.png -f t.out
	[ "$output" = "" ]
	size=$(png_size t.png)
	# Readable: 1200 pixels wide at least, 800 high.
	[ "${size% *}" -ge 1200 ] && [ "${size#* }" -ge 800 ]
	# A picture, not an empty canvas: a few KB at least.
	[ "$(stat -c %s t.png)" -gt 8192 ]
}

# has TEXT...: each is a text of the SVG, as it is (no subscripts made of
# underscores: rt_sigaction).
has() {
	local t

	for t in "$@"; do
		grep -Fqx -- "$t" texts || {
			echo "'$t' is not in the graph" >&2
			return 1
		}
	done
}

hasnot() {
	local t

	for t in "$@"; do
		! grep -Fqx -- "$t" texts || {
			echo "'$t' is in the graph" >&2
			return 1
		}
	done
}

# bars KIND TITLE EXCLUDED YLABEL...: the bar graph of KIND has its
# title, a panel per y label, every syscall but EXCLUDED.
bars() {
	local kind=$1 title=$2 excluded=$3 s

	shift 3
	draw "$kind"
	has "$title" "$@" "system call"
	for s in $FILLERS writev access pipe; do
		[ "$s" = "$excluded" ] || has "$s"
	done
	[ -z "$excluded" ] || hasnot "$excluded"
	# Only the panels asked for.
	[ "$(grep -c -e '^calls$' -e '^average time (' -e '^total time (' \
	    texts)" -eq $# ]
}

@test "CNT: top 20 by count, the least called left out" {
	bars CNT "system calls by count (top 20)" writev "calls"
}

@test "CNT+: count and average, ranked by count" {
	bars CNT+ "system calls by count, with average time (top 20)" \
	    writev "calls" "average time (µs)"
}

@test "CNT++: count, average and total, ranked by count" {
	bars CNT++ \
	    "system calls by count, with average and total time (top 20)" \
	    writev "calls" "average time (µs)" "total time (µs)"
}

@test "AVE: top 20 by average time, the quickest left out" {
	bars AVE "system calls by average time (top 20)" access \
	    "average time (ms)"
}

@test "AVE+: average and count, ranked by average" {
	bars AVE+ "system calls by average time, with count (top 20)" \
	    access "average time (ms)" "calls"
}

@test "AVE++: average, count and total, ranked by average" {
	bars AVE++ \
	    "system calls by average time, with count and total time (top 20)" \
	    access "average time (ms)" "calls" "total time (ms)"
}

@test "TOTAL: top 20 by total time, the least in total left out" {
	bars TOTAL "system calls by total time (top 20)" pipe \
	    "total time (ms)"
}

@test "TOTAL+: total and count, ranked by total" {
	bars TOTAL+ "system calls by total time, with count (top 20)" pipe \
	    "total time (ms)" "calls"
}

@test "TOTAL++: total, count and average, ranked by total" {
	bars TOTAL++ \
	    "system calls by total time, with count and average time (top 20)" \
	    pipe "total time (ms)" "calls" "average time (ms)"
}

@test "ALL: every syscall, three panels" {
	bars ALL "all system calls by ID: count, average and total time" "" \
	    "calls" "average time (ms)" "total time (ms)"
}

@test "bars: the values over them, and the order of the ranking" {
	draw CNT
	# Counts from 30 (access) down to 5 (pipe), writev's 1 left out.
	has 30 23 5
	hasnot 1
	# The names in the order of the bars: most called first.
	[ "$(grep -Fx -e access -e readv -e read -e pipe texts | tr '\n' ' ')" \
	    = "access readv read pipe " ]
	draw AVE
	[ "$(grep -Fx -e writev -e read -e pipe texts | tr '\n' ' ')" \
	    = "writev read pipe " ]
}

@test "ALL: wider with many syscalls, every name legible" {
	python3 -c '
for code in range(100):
    print(f"call code={code} nsec={code * 1000}")
    print(f"ret code={code} nsec={code * 1000 + 500}")' | gen
	draw ALL
	has read kill getrlimit
	[ "$(png_size t.png)" = "2400 1460" ]
}

# Points drawn: gnuplot's SVG draws each as a <use> of a point shape.
points() {
	grep -c "href='#gpPt[0-9]*' transform=" t.svg
}

@test "EXEC: a point per timed call, time from the first call" {
	draw EXEC
	has "duration of each system call by the time it was made" \
	    "time the call was made (s after the first call drawn)" \
	    "duration (log scale)" "0" "10 µs" "1 ms"
	hasnot read writev
	[ "$(points)" -eq "$NCALLS" ]
}

@test "EXEC-C: the calls of the 20 most called, one key entry each" {
	draw EXEC-C
	has "duration of each call of the 20 most called system calls, by the time it was made" \
	    "system call" "duration (log scale)"
	# shellcheck disable=SC2086
	has $FILLERS access pipe
	hasnot writev
	# The points, and a sample in the key for each syscall.
	[ "$(points)" -eq $((NTOP + 20)) ]
}

@test "only the calls shown are drawn (--syscall)" {
	run -0 "$KDUMP" --graph=CNT --syscall read,access -o t.svg -f t.out
	svg_texts t.svg >texts
	has read access
	hasnot write pipe writev
	run -0 "$KDUMP" --graph=EXEC --syscall read,access -o t.svg -f t.out
	[ "$(points)" -eq 36 ]
}

@test "names: i386 syscalls and unknown numbers as kdump prints them" {
	# 4 is write on i386, stat on x86_64.
	gen "ctor pid=5 flags=0x103" "call pid=5 code=4 args=1,2,3" \
	    "ret pid=5 code=4 nsec=1000" "call code=999 nsec=2000" \
	    "ret code=999 nsec=3000" "call code=4 nsec=4000" \
	    "ret code=4 nsec=5000"
	draw CNT
	has write/i386 "[999]" stat
	draw EXEC-C
	has write/i386 "[999]" stat
	[ "$(points)" -eq 6 ]
}

@test "a call taking no time, and a single call, are still drawn" {
	gen "call code=0 sec=5" "ret code=0 sec=5"
	draw EXEC
	[ "$(points)" -eq 1 ]
	draw AVE++
	has read "1"
}

@test "any output name: quotes, spaces, a newline; TMPDIR too" {
	local name dir=$'it\'s "odd" \\ $(x)' tmp=$'tmp \'q\' "d"'

	mkdir "$dir" "$tmp"
	name="$dir/a'b"$'\n'"c.svg"
	run -0 env TMPDIR="$PWD/$tmp" "$KDUMP" --graph=EXEC-C -o "$name" \
	    -f t.out
	svg_texts "$name" >texts
	has readv
	run -0 env TMPDIR="$PWD/$tmp" "$KDUMP" --graph=CNT++ \
	    -o "$dir/x.PNG" -f t.out
	png_size "$dir/x.PNG"
	# The temporary directory and files are gone.
	[ -z "$(ls -A "$tmp")" ]
}

@test "bad suffix: a message naming the file, exit 1, nothing written" {
	run -1 "$KDUMP" --graph=CNT -o t.jpg -f t.out
	[[ $output == *t.jpg*".svg"*".png"* ]]
	run -1 "$KDUMP" --graph=CNT -o svg -f t.out
	[[ $output == *svg*".svg"*".png"* ]]
	[ ! -e t.jpg ] && [ ! -e svg ]
}

@test "kinds are kstrax's words, case and all" {
	run -1 "$KDUMP" --graph=cnt -o t.svg -f t.out
	[[ $output == *cnt* ]]
	run -1 "$KDUMP" --graph=EXEC-c -o t.svg -f t.out
	[[ $output == *EXEC-c* ]]
	[ ! -e t.svg ]
}

@test "no gnuplot in PATH: how to install it, exit 1" {
	run -1 env PATH="$BATS_TEST_TMPDIR/nowhere" "$KDUMP" --graph=CNT \
	    -o t.svg -f t.out
	[ "$output" = "kdump: t.svg: gnuplot not found (apt-get install gnuplot-nox, or make deps)" ]
	[ ! -e t.svg ]
}

@test "gnuplot failing: its errors, then kdump's, exit 1" {
	mkdir bin
	printf '#!/bin/sh\necho gnuplot says no >&2\nexit 3\n' >bin/gnuplot
	chmod +x bin/gnuplot
	run -1 env PATH="$PWD/bin:$PATH" "$KDUMP" --graph=CNT -o t.svg -f t.out
	[ "${lines[0]}" = "gnuplot says no" ]
	[ "${lines[1]}" = "kdump: t.svg: gnuplot failed (exit status 3)" ]
	# One that draws nothing.
	printf '#!/bin/sh\nexit 0\n' >bin/gnuplot
	run -1 env PATH="$PWD/bin:$PATH" "$KDUMP" --graph=EXEC -o t.svg -f t.out
	[ "$output" = "kdump: t.svg: gnuplot drew nothing" ]
	# One that cannot run.
	printf '#!/nonexistent/sh\n' >bin/gnuplot
	run -1 env PATH="$PWD/bin:$PATH" "$KDUMP" --graph=EXEC -o t.svg -f t.out
	[[ $output == "kdump: t.svg: cannot run "*"/bin/gnuplot: No such file or directory" ]]
	[ ! -e t.svg ]
}

@test "nothing to draw: exit 1" {
	gen </dev/null
	run -1 "$KDUMP" --graph=CNT -o t.svg -f t.out
	[ "$output" = "kdump: t.svg: no calls to draw" ]
	run -1 "$KDUMP" --graph=EXEC -o t.svg -f t.out
	[ "$output" = "kdump: t.svg: no calls to draw" ]
	# Calls, but none with both its entry and its exit.
	gen "call code=0 pid=1" "ret code=1 pid=2"
	run -1 "$KDUMP" --graph=EXEC-C -o t.svg -f t.out
	[ "$output" = "kdump: t.svg: no timed calls to draw" ]
	[ ! -e t.svg ]
}

@test "an output file that cannot be written: its error, exit 1" {
	run -1 "$KDUMP" --graph=CNT -o nosuch/t.svg -f t.out
	[ "$output" = "kdump: nosuch/t.svg: No such file or directory" ]
}
