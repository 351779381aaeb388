#!/usr/bin/env bats
# Guest suite: who may trace whom, BSD's rules (p_candebug, KTRFAC_ROOT,
# set-id exec).  Runs as root inside the VM (regress/vm/run); the
# unprivileged sides run as nobody (65534) and daemon (1) via setpriv.

load common

setup_file() {
	load_module
}

# $T: root's, open to all (the stop file and set-id copies live here);
# $N and $D: nobody's and daemon's own directories for their trace files.
setup() {
	guest_setup perms 755
	N=$T/nobody D=$T/daemon
	mkdir "$N" "$D"
	chown 65534:65534 "$N"
	chown 1:1 "$D"
	pids=()
}

teardown() {
	finish
	rm -rf "$T"
}

# Stop every process spawn started (they all watch $T/stop) and reap it.
finish() {
	local p

	touch "$T/stop"
	for p in "${pids[@]}"; do
		wait "$p" || true
	done
	pids=()
}

# spawn VAR COMM CMD...: run CMD in the background; once the process is
# running the program named COMM (setpriv execs its command), put its pid
# in VAR.
spawn() {
	local -n pid_=$1
	local comm=$2

	shift 2
	"$@" &
	pid_=$!
	pids+=("$pid_")
	wait_for_comm "$pid_" "$comm"
}

# Wait (bounded) until trace file $1 has getppid calls of process $2.
wait_for_calls() {
	local file=$1 pid=$2
	wait_until 200 'records "$file" "$pid" | grep -q "CALL  getppid"' \
	    "no calls of pid $pid reached $file"
}

# Write out every buffered record now: any CLEAR drains synchronously
# (this one of our own, untraced, process).
drain() {
	ktrace -c -p $$
}

# The kdump lines of process $2 in trace file $1.
records() {
	kdump -f "$1" | awk -v p="$2" '$1 == p'
}

# The last `run` succeeded.
succeeded() {
	echo "status $status: $output"
	[ "$status" -eq 0 ]
}

# The last `run` was ktrace failing as BSD says: exit 1, EPERM.
refused() {
	echo "status $status: $output"
	[ "$status" -eq 1 ] && [[ $output == *"Operation not permitted"* ]]
}

# Process $2 was still traced into $1 when it exited.  Call after finish.
traced_to_the_end() {
	run records "$1" "$2"
	[[ $output == *"CALL  exit_group(0)"* ]] ||
		{ echo "pid $2's trace in $1 ended early: ${output: -300}"; false; }
}

# Process $2 was traced into $1 for a while (its getppid calls are
# there) but no longer when it exited.  Call after finish.
untraced_at_the_end() {
	run records "$1" "$2"
	[[ $output == *"CALL  getppid"* ]] ||
		{ echo "pid $2 never traced into $1"; false; }
	[[ $output != *"exit_group"* ]] ||
		{ echo "pid $2 was still traced into $1 at its exit"; false; }
}

@test "a user traces its own command and its own running process" {
	run "${as_nobody[@]}" ktrace -f "$N/cmd.out" /bin/echo hi
	succeeded
	[ "$output" = hi ]
	[ "$(stat -c %U "$N/cmd.out")" = nobody ]
	run kdump -f "$N/cmd.out"
	succeeded
	[[ $output =~ \ echo\ +CALL\ \ write\(1, ]]
	[[ $output =~ \ echo\ +CALL\ \ exit_group\(0\) ]]

	spawn pid pace "${as_nobody[@]}" "$PROGS/pace" "$T/stop" 10
	run "${as_nobody[@]}" ktrace -f "$N/p.out" -p "$pid"
	succeeded
	wait_for_calls "$N/p.out" "$pid"
	# And stops it again.
	run "${as_nobody[@]}" ktrace -c -p "$pid"
	succeeded
	finish
	untraced_at_the_end "$N/p.out" "$pid"
}

@test "a user may not trace another user's process or root's, nor stop their traces" {
	spawn dpid pace "${as_daemon[@]}" "$PROGS/pace" "$T/stop" 10
	spawn rpid pace "$PROGS/pace" "$T/stop" 10
	# daemon traces its own process: no KTRFAC_ROOT on that trace.
	run "${as_daemon[@]}" ktrace -f "$D/d.out" -p "$dpid"
	succeeded

	run "${as_nobody[@]}" ktrace -f "$N/d.out" -p "$dpid"
	refused
	run "${as_nobody[@]}" ktrace -f "$N/r.out" -p "$rpid"
	refused
	run "${as_nobody[@]}" ktrace -c -p "$dpid"
	refused
	drain
	[ -f "$N/d.out" ]
	[ ! -s "$N/d.out" ]
	[ -f "$N/r.out" ]
	[ ! -s "$N/r.out" ]
	finish
	traced_to_the_end "$D/d.out" "$dpid"
}

@test "a trace root set on a user's process: the user cannot clear, move or change it; root can clear it" {
	spawn pid pace "${as_nobody[@]}" "$PROGS/pace" "$T/stop" 10
	ktrace -f "$N/r.out" -p "$pid"
	# The same file, now one nobody may open (and append to with -a).
	chown 65534:65534 "$N/r.out"
	wait_for_calls "$N/r.out" "$pid"

	run "${as_nobody[@]}" ktrace -c -p "$pid"
	refused
	run "${as_nobody[@]}" ktrace -c -t c -p "$pid"
	refused
	run "${as_nobody[@]}" ktrace -f "$N/m.out" -p "$pid"
	refused
	run "${as_nobody[@]}" ktrace -a -t cw -f "$N/r.out" -p "$pid"
	refused
	# The refused CLEARs drained: what follows came after the refusals.
	size=$(stat -c %s "$N/r.out")
	wait_until 400 'tail -c +$((size + 1)) "$N/r.out" | kdump -f - 2>/dev/null |
		grep -q "^ *$pid pace *CALL  getppid"'
	drain
	[ ! -s "$N/m.out" ]

	ktrace -c -p "$pid"
	size=$(stat -c %s "$N/r.out")
	finish
	[ "$(stat -c %s "$N/r.out")" -eq "$size" ]
	untraced_at_the_end "$N/r.out" "$pid"
}

@test "exec of a setuid program ends a trace its user set, not one root set" {
	cp /usr/bin/id "$T/suid-id"
	chmod 4755 "$T/suid-id"

	run "${as_nobody[@]}" ktrace -f "$N/s.out" "$T/suid-id"
	succeeded
	[[ $output == *"euid=0(root)"* ]]	# it did gain privilege
	drain
	run kdump -f "$N/s.out"
	echo "$output"
	[[ $output =~ \ ktrace\ +CALL\ \ execve\( ]]
	# Every record is ktrace's before the exec: no ARGS, no RET of
	# execve, no call of the setuid program.
	[ "$(awk '$1 ~ /^[0-9]+$/ {print $2}' <<<"$output" | sort -u)" = ktrace ]
	[[ $output != *ARGS* ]]
	[[ $output != *"RET   execve"* ]]
	[[ $(grep CALL <<<"$output" | tail -1) == *"CALL  execve("* ]]

	# Root's trace of the same: the setuid program is traced.
	run ktrace -f "$T/r.out" "${as_nobody[@]}" "$T/suid-id"
	succeeded
	[[ $output == *"euid=0(root)"* ]]
	run kdump -f "$T/r.out"
	[[ $output =~ \ suid-id\ +RET\ \ \ execve ]]
	[[ $output =~ \ suid-id\ +CALL\ \ exit_group\(0\) ]]
}

@test "exec of a setgid program of a group the user is not in ends its trace" {
	cp /usr/bin/id "$T/sgid-id"
	chgrp 1 "$T/sgid-id"
	chmod 2755 "$T/sgid-id"

	run "${as_nobody[@]}" ktrace -f "$N/g.out" "$T/sgid-id"
	succeeded
	[[ $output == *"egid=1(daemon)"* ]]
	drain
	run kdump -f "$N/g.out"
	echo "$output"
	[[ $output =~ \ ktrace\ +CALL\ \ execve\( ]]
	[ "$(awk '$1 ~ /^[0-9]+$/ {print $2}' <<<"$output" | sort -u)" = ktrace ]
	[[ $output != *"RET   execve"* ]]
	[[ $output != *exit_group* ]]
}

@test "a user may not trace a setuid program it runs (ruid its own, euid root)" {
	cp "$PROGS/pace" "$T/suid-pace"
	chmod 4755 "$T/suid-pace"
	spawn pid suid-pace "${as_nobody[@]}" "$T/suid-pace" "$T/stop" 10
	[ "$(awk '/^Uid:/ {print $2, $3, $4}' "/proc/$pid/status")" = "65534 0 0" ]

	run "${as_nobody[@]}" ktrace -f "$N/x.out" -p "$pid"
	refused
	# Root may.
	ktrace -f "$T/r.out" -p "$pid"
	wait_for_calls "$T/r.out" "$pid"
	drain
	[ ! -s "$N/x.out" ]
	finish
	traced_to_the_end "$T/r.out" "$pid"
}

@test "a user may not trace a process that became it by changing credentials" {
	# Root becomes nobody in every id, without exec: the ids all match
	# nobody's, but the process changed credentials (BSD's P_SUGID,
	# Linux's non-dumpable).
	spawn pid python3 /usr/bin/python3 -c '
import os, sys, time
os.setgroups([])
os.setresgid(65534, 65534, 65534)
os.setresuid(65534, 65534, 65534)
while not os.path.exists(sys.argv[1]):
    os.getppid()
    time.sleep(0.01)
' "$T/stop"
	for ((i = 0; i < 400; i++)); do
		[ "$(awk '/^Uid:/ {print $2, $3, $4, $5}' "/proc/$pid/status")" = \
		  "65534 65534 65534 65534" ] && break
		sleep 0.05
	done
	awk '/^(Uid|Gid|Groups):/' "/proc/$pid/status"
	[ "$(awk '/^Gid:/ {print $2, $3, $4, $5}' "/proc/$pid/status")" = \
	  "65534 65534 65534 65534" ]
	[ "$(awk '/^Groups:/ {print $2}' "/proc/$pid/status")" = "" ]
	# /proc says it is not dumpable: its files are root's.
	[ "$(stat -c %u "/proc/$pid/environ")" = 0 ]

	run "${as_nobody[@]}" ktrace -f "$N/x.out" -p "$pid"
	refused
	drain
	[ ! -s "$N/x.out" ]
}

@test "CLEARFILE by a user leaves a trace root set into that file" {
	spawn dpid pace "${as_daemon[@]}" "$PROGS/pace" "$T/stop" 10
	ktrace -f "$N/cf.out" -p "$dpid"
	chown 65534:65534 "$N/cf.out"	# nobody may open it
	wait_for_calls "$N/cf.out" "$dpid"

	run "${as_nobody[@]}" ktrace -c -f "$N/cf.out"
	refused
	finish
	traced_to_the_end "$N/cf.out" "$dpid"
}

@test "CLEARFILE by a user stops its own processes' traces in the file, not another user's" {
	# One file both nobody and daemon may write, daemon's.
	: >"$T/shared.out"
	chown 1:1 "$T/shared.out"
	chmod 666 "$T/shared.out"
	spawn dpid pace "${as_daemon[@]}" "$PROGS/pace" "$T/stop" 10
	spawn npid pace "${as_nobody[@]}" "$PROGS/pace" "$T/stop" 10
	# Each traces its own process into it: neither trace is root's.
	run "${as_daemon[@]}" ktrace -a -f "$T/shared.out" -p "$dpid"
	succeeded
	run "${as_nobody[@]}" "$PROGS/ktrset" "$T/shared.out" "$npid"
	succeeded
	wait_for_calls "$T/shared.out" "$dpid"
	wait_for_calls "$T/shared.out" "$npid"

	# BSD: the processes nobody may not trace stay traced, the others
	# are cleared, and the call fails with EPERM.
	run "${as_nobody[@]}" ktrace -c -f "$T/shared.out"
	clear_status=$status clear_output=$output
	echo "ktrace -c -f as nobody: status $status: $output"
	finish
	untraced_at_the_end "$T/shared.out" "$npid"
	traced_to_the_end "$T/shared.out" "$dpid"
	status=$clear_status output=$clear_output
	refused
}

@test "a user traces its own processes half exited: a zombie leader, no memory left" {
	run "${as_nobody[@]}" "$PROGS/exiting" "$N/z.out"
	succeeded
	[[ $output == *"mm-less exit"* ]]
}

@test "-C by a user stops its own processes' traces only" {
	spawn own pace "${as_nobody[@]}" "$PROGS/pace" "$T/stop" 10
	spawn other pace "${as_daemon[@]}" "$PROGS/pace" "$T/stop" 10
	spawn rooted pace "${as_nobody[@]}" "$PROGS/pace" "$T/stop" 10
	run "${as_nobody[@]}" ktrace -f "$N/own.out" -p "$own"
	succeeded
	run "${as_daemon[@]}" ktrace -f "$D/other.out" -p "$other"
	succeeded
	ktrace -f "$T/rooted.out" -p "$rooted"
	wait_for_calls "$N/own.out" "$own"
	wait_for_calls "$D/other.out" "$other"
	wait_for_calls "$T/rooted.out" "$rooted"

	run "${as_nobody[@]}" ktrace -C
	succeeded
	finish
	untraced_at_the_end "$N/own.out" "$own"
	traced_to_the_end "$D/other.out" "$other"
	traced_to_the_end "$T/rooted.out" "$rooted"
}
