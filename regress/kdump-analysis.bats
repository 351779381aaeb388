#!/usr/bin/env bats
# kdump's analyses (--pairs, --raw, --stats) and filters on trace files
# written byte by byte: each form kstrax prints, each filter, filters
# combined, losses, JSON, and the option errors.

load tools/common

setup_file() { common_setup_file; }

# pid 100, day 2023-11-14 UTC: calls complete, failed, cut at both ends,
# a loss, a call of a second thread left in progress, exit_group.
setup() {
	common_setup
	export TZ=UTC
	gen <<-'EOF2'
	ctor flags=0x203 sec=1700000000
	ret code=0 retval=5 sec=1700000000 nsec=1000
	call code=110 sec=1700000000 nsec=2000
	ret code=110 retval=99 sec=1700000000 nsec=3000
	call code=257 args=0xffffff9c,0x1000,0,0 sec=1700000001 nsec=0
	namei path=/etc/hostname sec=1700000001 nsec=100
	ret code=257 retval=3 sec=1700000001 nsec=5000
	call code=2 args=0x1000,0,0 sec=1700000001 nsec=6000
	namei path=/nonexistent sec=1700000001 nsec=6100
	ret code=2 error=2 sec=1700000001 nsec=7000
	call code=35 args=0x2000,0 sec=1700000002 nsec=0
	lost count=37 sec=1700000002 nsec=10
	call code=0 args=3,0x3000,100 tid=101 sec=1700000002 nsec=500
	ret code=35 sec=1700000003 nsec=0
	psig sig=10 sec=1700000003 nsec=10
	call code=231 args=0 sec=1700000004
	EOF2
}

@test "--pairs: kstrax's lines, the descriptor's path, both cut forms, the loss" {
	run -0 "$KDUMP" --pairs -f t.out
	echo "$output"
	[ "$output" = "100  ---:---:---  22:13:20.000001  read(---) = 0x5
100  22:13:20.000002  22:13:20.000003  getppid() = 0x63
100  22:13:21.000000  22:13:21.000005  openat(0xffffff9c, 0x1000, 0x0, 0x0) = 0x3
file descriptor 3 --> /etc/hostname
100  22:13:21.000006  22:13:21.000007  open(0x1000, 0x0, 0x0) = -1 (No such file or directory)
100  lost 37 records before 22:13:22.000000
100  22:13:22.000000  22:13:23.000000  nanosleep(0x2000, 0x0) = 0x0
100  22:13:24.000000  ---:---:---  exit_group(0x0) = ?
100  22:13:22.000000  ---:---:---  read(0x3, 0x3000, 0x64) = ??" ]
}

@test "--pairs -H adds the thread; -T and -E change the clock" {
	run -0 "$KDUMP" --pairs -H -f t.out
	[[ $output == *"100  101  22:13:22.000000  ---:---:---  read(0x3, 0x3000, 0x64) = ??"* ]]
	run -0 "$KDUMP" --pairs -T -f t.out
	[[ $output == *"100  1700000000.000002  1700000000.000003  getppid() = 0x63"* ]]
	run -0 "$KDUMP" --pairs -E -f t.out
	[[ $output == *"100  0.000002  0.000003  getppid() = 0x63"* ]]
}

@test "--raw: serial cpu pid time nr, an entry line and an exit line" {
	run -0 "$KDUMP" --raw -f t.out
	echo "$output"
	[ "$(sed -n 1p <<<"$output")" = "2 0 100 22:13:20.000001 0 <read( --- ) = 0x5>" ]
	[ "$(sed -n 2p <<<"$output")" = "3 0 100 22:13:20.000002 110 getppid() = ??" ]
	[ "$(sed -n 3p <<<"$output")" = "4 0 100 22:13:20.000003 110 <getppid( --- ) = 0x63>" ]
	[[ $output == *$'\n'"10 0 100 22:13:21.000007 2 <open( --- ) = -1 (No such file or directory)>"$'\n'* ]]
	[[ $output == *$'\n'"12 0 100 22:13:22.000000 lost 37 records"$'\n'* ]]
	[ "$(wc -l <<<"$output")" = 12 ]
}

@test "--stats: a row a syscall, the totals, the loss" {
	run -0 "$KDUMP" --stats -f t.out
	echo "$output"
	[ "$(sed -n 1p <<<"$output" | tr -s ' ')" = " ID NAME count average max min total error no call no return" ]
	[ "$(grep ' read ' <<<"$output" | tr -s ' ')" = " 0 read 2 - - - 0.000000 0 1 1" ]
	[ "$(grep ' open ' <<<"$output" | tr -s ' ')" = " 2 open 1 0.000001 0.000001 0.000001 0.000001 1 0 0" ]
	[ "$(grep ' nanosleep ' <<<"$output" | tr -s ' ')" = " 35 nanosleep 1 1.000000 1.000000 1.000000 1.000000 0 0 0" ]
	# exit_group cannot return: not a missing return.
	[ "$(grep ' exit_group ' <<<"$output" | tr -s ' ')" = " 231 exit_group 1 - - - 0.000000 0 0 0" ]
	[ "$(grep '^ *total ' <<<"$output" | tr -s ' ')" = " total 7 0.250001 1.000000 0.000001 1.000007 1 1 1" ]
	[ "$(tail -n 1 <<<"$output")" = "records lost: 37" ]
}

@test "--stats --sort: biggest first; --by-pid: a table a process" {
	run -0 "$KDUMP" --stats --sort=count -f t.out
	[ "$(sed -n 2p <<<"$output" | awk '{ print $2 }')" = read ]
	run -0 "$KDUMP" --stats --sort=total -f t.out
	[ "$(sed -n 2p <<<"$output" | awk '{ print $2 }')" = nanosleep ]
	run -0 "$KDUMP" --stats --sort=errors -f t.out
	[ "$(sed -n 2p <<<"$output" | awk '{ print $2 }')" = open ]
	run -0 "$KDUMP" --stats --sort=average -f t.out
	[ "$(sed -n 2p <<<"$output" | awk '{ print $2 }')" = nanosleep ]
	run -0 "$KDUMP" --stats --sort=max -f t.out
	[ "$(sed -n 2p <<<"$output" | awk '{ print $2 }')" = nanosleep ]
	gen 'call code=39 pid=7 comm=one' 'ret code=39 retval=7 pid=7 comm=one' \
	    'call code=39 pid=8 comm=two' 'lost count=2 pid=8 comm=two'
	run -0 "$KDUMP" --stats --by-pid -f t.out
	echo "$output"
	[ "$(grep -c '^pid ' <<<"$output")" = 2 ]
	[ "$(grep -A2 '^pid 7 one$' <<<"$output" | tail -n 1 | tr -s ' ')" = " 39 getpid 1 0.000000 0.000000 0.000000 0.000000 0 0 0" ]
	[ "$(grep -A2 '^pid 8 two$' <<<"$output" | tail -n 1 | tr -s ' ')" = " 39 getpid 1 - - - 0.000000 0 0 1" ]
	[ "$(grep -c '^records lost: ' <<<"$output")" = 2 ]
	[[ $output == *"records lost: 2"* ]]
}

@test "--syscall: names and classes, in every mode and the BSD text" {
	run -0 "$KDUMP" --syscall FILE -f t.out
	echo "$output"
	[[ $output == *"CALL  openat"* && $output == *'NAMI  "/etc/hostname"'* ]]
	[[ $output != *getppid* && $output != *nanosleep* ]]
	# Records of no syscall stay, as with ktrace -e.
	[[ $output == *"PSIG  SIGUSR1"* ]]
	run -0 "$KDUMP" --pairs --syscall getppid,nanosleep -f t.out
	[ "$(grep -c ' = ' <<<"$output")" = 2 ]
	run -0 "$KDUMP" --stats --syscall PROCESS -f t.out
	[ "$(awk 'NR > 1 && $1 != "total" && $1 != "records" { print $2 }' <<<"$output" | sort | tr '\n' ' ')" = "exit_group getppid " ]
	run -1 --separate-stderr "$KDUMP" --syscall nosuchcall -f t.out
	[ "$stderr" = "kdump: --syscall: 'nosuchcall' is neither a syscall nor a class" ]
}

@test "--errors and --success: whole calls, with the records made in them" {
	run -0 "$KDUMP" --errors -f t.out
	echo "$output"
	[ "$output" = "   100 cmd      CALL  open(0x1000,0<O_RDONLY>)
   100 cmd      NAMI  \"/nonexistent\"
   100 cmd      RET   open -1 errno 2 No such file or directory
   100 cmd      LOST  37 records" ]
	run -0 "$KDUMP" --success --pairs -f t.out
	[[ $output != *"open("* && $output == *"openat("* && $output == *"read(---)"* ]]
	# A call still in progress at the end has no outcome.
	[[ $output != *"= ??"* ]]
	run -0 "$KDUMP" --errors --stats -f t.out
	[ "$(awk 'NR > 1 && $1 != "total" && $1 != "records" { print $2 }' <<<"$output")" = open ]
	run -1 --separate-stderr "$KDUMP" --errors --success -f t.out
	[ "$stderr" = "kdump: --errors and --success exclude each other" ]
}

@test "--files: calls that opened a path, with the path" {
	run -0 "$KDUMP" --files --pairs -f t.out
	[ "$output" = "100  22:13:21.000000  22:13:21.000005  openat(0xffffff9c, 0x1000, 0x0, 0x0) = 0x3
file descriptor 3 --> /etc/hostname
100  lost 37 records before 22:13:22.000000" ]
	run -0 "$KDUMP" --files -f t.out
	[[ $output == *'NAMI  "/etc/hostname"'* && $output != *nonexistent* ]]
}

@test "--after and --before: clock times of the trace's day, and epoch seconds" {
	run -0 "$KDUMP" --after 22:13:21 --before 22:13:22 --pairs -f t.out
	[ "$(grep -c ' = ' <<<"$output")" = 2 ]
	[[ $output == *"openat("* && $output == *" open("* ]]
	run -0 "$KDUMP" --after 1700000001.000006 --before 22:13:22 -f t.out
	[ "$(head -n 1 <<<"$output")" = "   100 cmd      CALL  open(0x1000,0<O_RDONLY>)" ]
	[ "$(wc -l <<<"$output")" = 3 ]
	run -0 "$KDUMP" --before 1700000000.5 --raw -f t.out
	[ "$(wc -l <<<"$output")" = 3 ]
	run -1 --separate-stderr "$KDUMP" --after 25:00:00 -f t.out
	[[ $stderr == "kdump: --after: '25:00:00' is not hh:mm:ss"* ]]
	run -1 --separate-stderr "$KDUMP" --before yesterday -f t.out
	[[ $stderr == "kdump: --before: 'yesterday' is not"* ]]
}

@test "filters combine: AND" {
	run -0 "$KDUMP" --pairs --syscall FILE --errors -f t.out
	[ "$(grep -c ' = ' <<<"$output")" = 1 ]
	[[ $output == *" open(0x1000, 0x0, 0x0) = -1 (No such file or directory)"* ]]
	run -0 "$KDUMP" --pairs --syscall FILE --errors --after 22:13:22 -f t.out
	[ "$(grep -c ' = ' <<<"$output")" = 0 ]
	# Losses are told whatever the syscalls and outcomes asked for.
	run -0 "$KDUMP" --raw --success --syscall read -p 100 -f t.out
	[ "$output" = "2 0 100 22:13:20.000001 0 <read( --- ) = 0x5>
12 0 100 22:13:22.000000 lost 37 records" ]
	run -0 "$KDUMP" --pairs -p 101 -f t.out
	[ "$output" = "100  22:13:22.000000  ---:---:---  read(0x3, 0x3000, 0x64) = ??" ]
}

@test "--json in each mode: one object a line, the same facts" {
	for mode in --pairs --raw --stats; do
		run -0 "$KDUMP" $mode --json -f t.out
		while IFS= read -r line; do
			python3 -c 'import json, sys; json.loads(sys.argv[1])' "$line"
		done <<<"$output"
	done
	run -0 "$KDUMP" --pairs --json -f t.out
	[[ $output == *'"syscall":"openat",'*'"retval":3,"errno":0,"error":null,"path":"/etc/hostname","fd":3}'* ]]
	[[ $output == *'"type":"lost",'*'"count":37}'* ]]
	run -0 "$KDUMP" --stats --json -f t.out
	[[ $output == *'"name":"open","count":1,"timed":1,"average_ns":1000,'*'"errors":1,'* ]]
	[[ $(tail -n 1 <<<"$output") == '{"type":"total",'*'"lost":37}' ]]
}

@test "option errors: a message and exit 1" {
	run -1 --separate-stderr "$KDUMP" --pairs --stats -f t.out
	[ "$stderr" = "kdump: --pairs and --stats exclude each other" ]
	run -1 --separate-stderr "$KDUMP" --sort=count -f t.out
	[ "$stderr" = "kdump: --sort and --by-pid are options of --stats" ]
	run -1 --separate-stderr "$KDUMP" --stats --sort=size -f t.out
	[[ $stderr == "kdump: --sort: unknown key 'size'"* ]]
	run -1 --separate-stderr "$KDUMP" --graph=CNT -f t.out
	[ "$stderr" = "kdump: --graph needs -o FILE (.svg or .png)" ]
	run -1 --separate-stderr "$KDUMP" --graph=BARS -o x.svg -f t.out
	[[ $stderr == "kdump: --graph: unknown kind 'BARS'"* ]]
	run -1 --separate-stderr "$KDUMP" -l --stats -f t.out
	[ "$stderr" = "kdump: -l: --stats and --graph need the end of the trace" ]
}

@test "a cut file: what was read is analysed, then the error" {
	# In the middle of getppid's RET.
	head -c 290 t.out >cut.out
	run -1 --separate-stderr "$KDUMP" --stats -f cut.out
	echo "$output"
	echo "$stderr"
	[ "$(grep ' getppid ' <<<"$output" | tr -s ' ')" = " 110 getppid 1 - - - 0.000000 0 0 1" ]
	[[ $stderr == "kdump: cut.out: "* ]]
}

@test "a fork's child returns 0 with no entry of its own: not a missing call" {
	gen 'call code=56 args=0x1200011 sec=10' \
	    'ret code=56 retval=0 pid=8 tid=8 sec=11' \
	    'ret code=56 retval=8 sec=12' \
	    'ret code=56 retval=0 pid=9 tid=9 sec=13 error=11'
	run -0 "$KDUMP" --pairs -T -f t.out
	echo "$output"
	[ "$(sed -n 1p <<<"$output")" = "8  ---:---:---  11.000000  clone(---) = 0x0 (child)" ]
	[ "$(sed -n 2p <<<"$output")" = "100  10.000000  12.000000  clone(0x1200011) = 0x8" ]
	# An exit with an error is no child's: a call whose entry is missing.
	[ "$(sed -n 3p <<<"$output")" = "9  ---:---:---  13.000000  clone(---) = -1 (Resource temporarily unavailable)" ]
	run -0 "$KDUMP" --stats -f t.out
	[ "$(grep ' clone ' <<<"$output" | tr -s ' ')" = " 56 clone 2 2.000000 2.000000 2.000000 2.000000 1 1 0" ]
}
