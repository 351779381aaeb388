#!/usr/bin/env bats
# Guest suite: ktrace(1)'s options behave as FreeBSD's: -d, -i, -g, -C,
# -c (a process, some trace points, a whole file), moving a process to
# another file, -a, -t, and the errors.  Runs inside the VM
# (regress/vm/run loads the module and puts the tools on PATH).

load common

setup() {
	guest_setup opt 755	# nobody may look for $T/stop
	bg=()
}

teardown() {
	local p

	touch "$T/stop"
	for p in "${bg[@]}"; do
		wait "$p" || true
	done
	rm -rf "$T"
}

# bgrun CMD...: run CMD in the background (away from bats' fd 3); its pid
# goes in $last and is waited for by teardown.
bgrun() {
	"$@" 3>&- &
	last=$!
	bg+=("$last")
}

# The processes that run until $T/stop exists are regress/progs/pace:
# spin's calls with a nap between rounds, so that their traces stay small
# enough to read back quickly.

# start_tree: sh that runs pace as a child, then (once $T/stop exists)
# forks /bin/true and exits.  Sets $parent and $child (the pace).
start_tree() {
	bgrun sh -c '"$1" "$2"; /bin/true; exit 0' sh "$PROGS/pace" "$T/stop"
	parent=$last
	wait_until 200 'child=$(pgrep -P "$parent")' "sh $parent forked no child"
}

# Trace records of process $1 in kdump output $2?  (lacks_pid: none.)
has_pid() {
	grep -Eq "^ *$1 " <<<"$2"
}
lacks_pid() {
	! grep -Eq "^ *$1 " <<<"$2"
}

size() {
	stat -c %s "$1"
}

@test "-d -p: the process and its current descendants; without -d only the process" {
	start_tree
	dparent=$parent dchild=$child
	start_tree
	ktrace -d -f "$T/d.out" -p "$dparent"
	ktrace -f "$T/n.out" -p "$parent"
	wait_for_kdump "$T/d.out" "^ *$dchild pace +CALL  getppid"
	touch "$T/stop"
	wait "$dparent"
	wait "$parent"

	run kdump -f "$T/d.out"
	[ "$status" -eq 0 ]
	# The parent, blocked in wait4 for the child when traced, too.
	[[ $output =~ (^|$'\n')\ *$dparent\ sh\ +RET\ \ \ wait4\ $dchild ]]
	# Descendants at the time of the request only: /bin/true is forked
	# afterwards, and -d without -i does not pass the trace on.
	[[ $output != *" true "* ]]
	[ "$(awk '{print $1}' <<<"$output" | sort -u | wc -l)" -eq 2 ]

	run kdump -f "$T/n.out"
	[ "$status" -eq 0 ]
	[[ $output =~ (^|$'\n')\ *$parent\ sh\ +RET\ \ \ wait4\ $child ]]
	lacks_pid "$child" "$output"
	[[ $output != *" true "* ]]
}

@test "-i -p: children forked after the request are traced, earlier ones not; without -i none" {
	start_tree
	iparent=$parent ichild=$child
	start_tree
	ktrace -i -f "$T/i.out" -p "$iparent"
	ktrace -f "$T/n.out" -p "$parent"
	touch "$T/stop"
	wait "$iparent"
	wait "$parent"

	run kdump -f "$T/i.out"
	[ "$status" -eq 0 ]
	echo "$output" | grep -v ' pace ' | tail -20
	[[ $output =~ (^|$'\n')\ *$iparent\ sh\ +RET\ \ \ wait4\ $ichild ]]
	# The pace was forked before the request: -i is not -d.
	lacks_pid "$ichild" "$output"
	# /bin/true, forked after it, inherited the trace from its fork on.
	[[ $output =~ \ true\ +CALL\ \ exit_group\(0\) ]]
	true_pid=$(awk '$2 == "true" {print $1; exit}' <<<"$output")
	[ -n "$true_pid" ]
	[ "$true_pid" != "$iparent" ]

	run kdump -f "$T/n.out"
	[ "$status" -eq 0 ]
	[[ $output =~ (^|$'\n')\ *$parent\ sh\ +CALL\ \ exit_group\(0\) ]]
	[[ $output != *" true "* ]]
	[ "$(awk '{print $1}' <<<"$output" | sort -u)" = "$parent" ]
}

@test "-g PGID: every member of the process group, nothing outside it" {
	# Not a group leader (bats runs jobs without job control), so
	# setsid(1) makes its own process the leader of a new group.
	bgrun setsid sh -c '"$1" "$2" & "$1" "$2" & wait' sh "$PROGS/pace" "$T/stop"
	leader=$last
	bgrun "$PROGS/pace" "$T/stop"
	outsider=$last
	wait_until 200 '[ "$(pgrep -g "$leader" | wc -l)" -eq 3 ]'
	members=$(pgrep -g "$leader")
	[ "$(wc -l <<<"$members")" -eq 3 ]
	[ -z "$(grep -x "$outsider" <<<"$members")" ]

	ktrace -g "$leader" -f "$T/g.out"
	for m in $members; do
		[ "$m" = "$leader" ] && continue
		wait_for_kdump "$T/g.out" "^ *$m pace +CALL  getppid"
	done
	touch "$T/stop"
	wait "$leader"
	wait "$outsider"

	run kdump -f "$T/g.out"
	[ "$status" -eq 0 ]
	[[ $output =~ (^|$'\n')\ *$leader\ sh\ +RET\ \ \ wait4\  ]]
	for m in $members; do
		has_pid "$m" "$output"
	done
	lacks_pid "$outsider" "$output"
}

@test "-C: every trace stops, the processes keep running" {
	bgrun ktrace -f "$T/a.out" "$PROGS/pace" "$T/stop"
	a=$last
	bgrun "$PROGS/pace" "$T/stop"
	b=$last
	ktrace -f "$T/b.out" -p "$b"
	wait_for_kdump "$T/a.out" "^ *$a pace +CALL  getppid"
	wait_for_kdump "$T/b.out" "^ *$b pace +CALL  getppid"

	ktrace -C
	# Complete on return: nothing is added, not even the exits.
	sa=$(size "$T/a.out") sb=$(size "$T/b.out")
	kill -0 "$a"
	kill -0 "$b"
	touch "$T/stop"
	wait "$a"
	wait "$b"
	[ "$(size "$T/a.out")" -eq "$sa" ]
	[ "$(size "$T/b.out")" -eq "$sb" ]
	run kdump -f "$T/a.out"
	[ "$status" -eq 0 ]
	[[ $output == *"CALL  getppid"* && $output != *exit_group* ]]
	run kdump -f "$T/b.out"
	[ "$status" -eq 0 ]
	[[ $output == *"CALL  getppid"* && $output != *exit_group* ]]
}

@test "-C by a user clears that user's traces, not root's; -c -p of root's trace is refused" {
	U=$T/u
	mkdir -m 777 "$U"
	bgrun ktrace -f "$T/root.out" "$PROGS/pace" "$T/stop"
	r=$last
	bgrun "${as_nobody[@]}" ktrace -f "$U/own.out" "$PROGS/pace" "$T/stop"
	u=$last
	wait_for_kdump "$T/root.out" "^ *$r pace +CALL  getppid"
	wait_for_kdump "$U/own.out" "^ *$u pace +CALL  getppid"

	run "${as_nobody[@]}" ktrace -c -p "$r"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ $output == "ktrace: ktrace.out: Operation not permitted" ]]
	run "${as_nobody[@]}" ktrace -C
	echo "$output"
	[ "$status" -eq 0 ]
	su=$(size "$U/own.out")
	touch "$T/stop"
	wait "$r"
	wait "$u"
	[ "$(size "$U/own.out")" -eq "$su" ]
	run kdump -f "$U/own.out"
	[[ $output != *exit_group* ]]
	run kdump -f "$T/root.out"
	[[ $output =~ \ $r\ pace\ +CALL\ \ exit_group\(0\) ]]
}

@test "-c -p (with -f): one process stops, the other in the same file goes on" {
	bgrun "$PROGS/pace" "$T/stop"
	a=$last
	bgrun "$PROGS/pace" "$T/stop"
	b=$last
	ktrace -f "$T/c.out" -p "$a"
	ktrace -a -f "$T/c.out" -p "$b"
	wait_for_kdump "$T/c.out" "^ *$a pace +CALL  getppid"
	wait_for_kdump "$T/c.out" "^ *$b pace +CALL  getppid"

	ktrace -c -f "$T/c.out" -p "$a"
	kill -0 "$a"
	touch "$T/stop"
	wait "$a"
	wait "$b"
	run kdump -f "$T/c.out"
	[ "$status" -eq 0 ]
	[[ $output =~ (^|$'\n')\ *$b\ pace\ +CALL\ \ exit_group\(0\) ]]
	[[ ! $output =~ (^|$'\n')\ *$a\ pace\ +CALL\ \ exit_group ]]
}

@test "-c -t n -p: NAMI records stop, CALL records go on" {
	bgrun ktrace -t cn -f "$T/cn.out" "$PROGS/pace" "$T/stop"
	a=$last
	wait_for_kdump "$T/cn.out" "^ *$a pace +NAMI  \"$T/stop\""
	ktrace -c -t n -p "$a"
	# Let a few calls go by, then stop; the clear was before the stop.
	s=$(size "$T/cn.out")
	for ((i = 0; i < 100; i++)); do
		[ "$(size "$T/cn.out")" -ge $((s + 2048)) ] && break
		sleep 0.1
	done
	touch "$T/stop"
	wait "$a"

	run kdump -f "$T/cn.out"
	[ "$status" -eq 0 ]
	tail -12 <<<"$output"
	[[ $output == *"NAMI  \"$T/stop\""* ]]
	# After the last NAMI: access() calls without NAMI, among them the
	# one that found the stop file, and the exit.
	after=$(awk '/ NAMI  / {n = NR} {l[NR] = $0} END {for (i = n + 1; i <= NR; i++) print l[i]}' <<<"$output")
	[ "$(grep -c 'CALL  access(' <<<"$after")" -ge 2 ]
	grep -q 'RET   access 0$' <<<"$after"
	grep -q 'CALL  exit_group(0)$' <<<"$after"
}

@test "-c -f FILE (CLEARFILE): every process tracing into FILE stops, one tracing elsewhere goes on" {
	bgrun "$PROGS/pace" "$T/stop"
	a=$last
	bgrun "$PROGS/pace" "$T/stop"
	b=$last
	bgrun ktrace -f "$T/other.out" "$PROGS/pace" "$T/stop"
	c=$last
	ktrace -f "$T/f.out" -p "$a"
	ktrace -a -f "$T/f.out" -p "$b"
	wait_for_kdump "$T/f.out" "^ *$a pace +CALL  getppid"
	wait_for_kdump "$T/f.out" "^ *$b pace +CALL  getppid"
	wait_for_kdump "$T/other.out" "^ *$c pace +CALL  getppid"

	ktrace -c -f "$T/f.out"
	s=$(size "$T/f.out")
	kill -0 "$a"
	kill -0 "$b"
	touch "$T/stop"
	wait "$a"
	wait "$b"
	wait "$c"
	[ "$(size "$T/f.out")" -eq "$s" ]
	run kdump -f "$T/f.out"
	[ "$status" -eq 0 ]
	[[ $output != *exit_group* ]]
	run kdump -f "$T/other.out"
	[[ $output =~ (^|$'\n')\ *$c\ pace\ +CALL\ \ exit_group\(0\) ]]
}

@test "SET with another file moves a traced process: later records go to the new file only" {
	bgrun "$PROGS/pace" "$T/stop"
	a=$last
	ktrace -f "$T/old.out" -p "$a"
	wait_for_kdump "$T/old.out" "^ *$a pace +CALL  getppid"
	ktrace -f "$T/new.out" -p "$a"
	wait_for_kdump "$T/new.out" "^ *$a pace +CALL  getppid"
	touch "$T/stop"
	wait "$a"

	run kdump -T -f "$T/old.out"
	[ "$status" -eq 0 ]
	[[ $output != *exit_group* ]]
	old_last=$(awk '$3 ~ /^[0-9]+\.[0-9]+$/ {t = $3} END {print t}' <<<"$output")
	run kdump -T -f "$T/new.out"
	[ "$status" -eq 0 ]
	[[ $output == *"CALL  exit_group(0)"* ]]
	new_first=$(awk '$3 ~ /^[0-9]+\.[0-9]+$/ {print $3; exit}' <<<"$output")
	echo "old file's last record $old_last, new file's first $new_first"
	[[ $old_last =~ ^[0-9]+\.[0-9]{9}$ && $new_first =~ ^[0-9]+\.[0-9]{9}$ ]]
	# One thread: everything in the old file precedes the new file.
	[ "${old_last/./}" -lt "${new_first/./}" ]
}

@test "-a appends a second session; without -a the file is made anew" {
	ktrace -f "$T/a.out" /bin/echo first >/dev/null
	s1=$(size "$T/a.out")
	cp "$T/a.out" "$T/first"
	ktrace -a -f "$T/a.out" /bin/echo second >/dev/null
	[ "$(size "$T/a.out")" -gt "$s1" ]
	cmp -n "$s1" "$T/a.out" "$T/first"
	run kdump -f "$T/a.out"
	[ "$status" -eq 0 ]
	[[ $output == *'ARGS  "/bin/echo", "first"'* ]]
	[[ $output == *'ARGS  "/bin/echo", "second"'* ]]
	[ "$(grep -c 'CALL  exit_group(0)' <<<"$output")" -eq 2 ]

	# Without -a: a new file, the caller's, mode 0600, whoever had it.
	chown 65534:65534 "$T/a.out"
	chmod 644 "$T/a.out"
	ktrace -f "$T/a.out" /bin/echo third >/dev/null
	[ "$(stat -c %u:%a "$T/a.out")" = 0:600 ]
	run kdump -f "$T/a.out"
	[[ $output == *'ARGS  "/bin/echo", "third"'* ]]
	[[ $output != *first* && $output != *second* ]]

	# -a makes a missing file, also 0600.
	ktrace -a -f "$T/new.out" /bin/true
	[ "$(stat -c %a "$T/new.out")" = 600 ]
	run kdump -f "$T/new.out"
	[[ $output == *"CALL  exit_group(0)"* ]]
}

@test "-a refuses a file owned by another user, and one that is not regular" {
	echo keep >"$T/theirs.out"
	chown 65534:65534 "$T/theirs.out"
	run ktrace -a -f "$T/theirs.out" /bin/echo ran
	echo "$output"
	[ "$status" -eq 1 ]
	[ "$output" = "ktrace: refuse to append to $T/theirs.out not owned by you" ]
	[ "$(cat "$T/theirs.out")" = keep ]

	run ktrace -a -f /dev/null /bin/echo ran
	echo "$output"
	[ "$status" -eq 1 ]
	[ "$output" = "ktrace: /dev/null not regular file" ]
}

@test "-t n: NAMI records and no CALL; -t c: CALL and no NAMI" {
	echo hello >"$T/there"
	ktrace -t n -f "$T/n.out" cat "$T/there" >/dev/null
	run kdump -f "$T/n.out"
	[ "$status" -eq 0 ]
	echo "$output"
	[[ $output == *"cat      NAMI  \"$T/there\""* ]]
	[[ $output != *"CALL  "* && $output != *"RET   "* ]]

	ktrace -t c -f "$T/c.out" cat "$T/there" >/dev/null
	run kdump -f "$T/c.out"
	[ "$status" -eq 0 ]
	# bats holds fds 3 and 4 open: the file's descriptor is not 3.
	[[ $output == *"CALL  openat("* && $output =~ RET\ \ \ openat\ [0-9]+ ]]
	[[ $output != *"NAMI  "* && $output != *"GIO   "* ]]
}

@test "-t with an unknown letter: message, usage, exit 1, nothing run" {
	run ktrace -t cq -f "$T/q.out" touch "$T/ran"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ ${lines[0]} == "ktrace: unknown facility in cq" ]]
	[[ ${lines[1]} == "usage: ktrace [-aCcdiL] "* ]]
	[ ! -e "$T/ran" ]
}

@test "bad options and combinations: a message, usage, exit 1" {
	usage="usage: ktrace [-aCcdiL] "
	run ktrace
	[ "$status" -eq 1 ]
	[[ ${lines[0]} == "$usage"* ]]
	run ktrace -x /bin/true
	[ "$status" -eq 1 ]
	[[ ${lines[0]} == *"invalid option -- 'x'" ]]
	[[ ${lines[1]} == "$usage"* ]]
	run ktrace -f "$T/x.out" -p 1 /bin/true
	[ "$status" -eq 1 ]
	[[ ${lines[0]} == "$usage"* ]]
	run ktrace -c -C
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "ktrace: only one -c or -C flag is permitted" ]
	[[ ${lines[1]} == "$usage"* ]]
	run ktrace -C -p 1
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "ktrace: the -C flag may not be combined with -g or -p" ]
	run ktrace -p 1 -g 1
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "ktrace: only one -g or -p flag is permitted" ]
	for id in 0 -5 12x; do
		run ktrace -p "$id"
		[ "$status" -eq 1 ]
		[ "${lines[0]}" = "ktrace: invalid process or group id" ]
	done
}

@test "a pid or process group that does not exist: ESRCH, exit 1" {
	run ktrace -f "$T/e.out" -p 999999
	[ "$status" -eq 1 ]
	[ "$output" = "ktrace: $T/e.out: No such process" ]
	run ktrace -f "$T/e.out" -g 999999
	[ "$status" -eq 1 ]
	[ "$output" = "ktrace: $T/e.out: No such process" ]
	run ktrace -c -p 999999
	[ "$status" -eq 1 ]
	[ "$output" = "ktrace: ktrace.out: No such process" ]
}

@test "-p 1 by an unprivileged user: Operation not permitted, exit 1" {
	U=$T/u
	mkdir -m 777 "$U"
	# The user may trace its own command...
	run "${as_nobody[@]}" ktrace -f "$U/own.out" /bin/true
	[ "$status" -eq 0 ]
	run kdump -f "$U/own.out"
	[[ $output == *"CALL  exit_group(0)"* ]]
	# ...but not init.
	run "${as_nobody[@]}" ktrace -f "$U/p1.out" -p 1
	echo "$output"
	[ "$status" -eq 1 ]
	[ "$output" = "ktrace: $U/p1.out: Operation not permitted" ]
	[ "$(size "$U/p1.out")" -eq 0 ]
}
