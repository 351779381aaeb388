#!/usr/bin/env bats
# Guest suite: ktrace.ko when things go wrong: full buffers (losses must be
# counted exactly), a full file system, CPUs going away, file size limits.
# Runs inside the VM (regress/vm/run loads the module and puts the tools
# on PATH).  Tests that change the module's parameters, CPU 1 or the RT
# throttle put them back in teardown.

load common

CPU1=/sys/devices/system/cpu/cpu1/online
PARAMS=/sys/module/ktrace/parameters
TRACEFS=/sys/kernel/tracing

setup_file() {
	load_module
	# The defaults, to compare with in teardown.
	export DEF_BUFSIZE=$(cat $PARAMS/bufsize) DEF_FLUSH_MS=$(cat $PARAMS/flush_ms)
	export DEF_RT_RUNTIME=$(sysctl -n kernel.sched_rt_runtime_us)
}

setup() {
	guest_setup flt
}

teardown() {
	# Background processes first: they may be traced into $T (and wait
	# for a stalled writer no longer than max_wait_ms).
	sysctl -q -w kernel.ktrace.max_wait_ms=1000 2>/dev/null || true
	[ -n "${spin_pid:-}" ] && { touch "$T/stop2"; wait "$spin_pid" || true; }
	[ -n "${drop_pid:-}" ] && { printf 1 1<>"$T/stop"; wait "$drop_pid" || true; }
	# shellcheck disable=SC2086 # pids
	[ -n "${sleepers:-}" ] && { kill $sleepers; wait $sleepers || true; }
	sysctl -q -w kernel.sched_rt_runtime_us="$DEF_RT_RUNTIME"
	[ ! -e $CPU1 ] || [ "$(cat $CPU1)" = 1 ] || echo 1 >$CPU1
	kprobe_off
	# The module as the VM loaded it: default parameters.
	if [ ! -c /dev/ktrace ] ||
	    [ "$(cat $PARAMS/bufsize)" != "$DEF_BUFSIZE" ] ||
	    [ "$(cat $PARAMS/flush_ms)" != "$DEF_FLUSH_MS" ] ||
	    [ "$(cat $PARAMS/fault_reap_ms)" != 0 ]; then
		rmmod ktrace 2>/dev/null || true
		insmod "$KTRACE_KO"
	fi
	! mountpoint -q "$T/small" || umount -l "$T/small"
	[ ! -w $PARAMS/fault_stall_ms ] || echo 0 >$PARAMS/fault_stall_ms
	rm -rf "$T"
}

# kprobe_on FUNC: count the calls of the module's FUNC from now on
# (kprobe_calls), by a kprobe event; kprobe_off removes it.
kprobe_on() {
	mountpoint -q "$TRACEFS" || mount -t tracefs nodev "$TRACEFS"
	echo "p:ktrcount $1" >>"$TRACEFS/kprobe_events"
	echo >"$TRACEFS/trace"
	echo 1 >"$TRACEFS/events/kprobes/ktrcount/enable"
}

kprobe_calls() {
	grep -c ' ktrcount: ' "$TRACEFS/trace" || true
}

kprobe_off() {
	[ -e "$TRACEFS/events/kprobes/ktrcount" ] || return 0
	echo 0 >"$TRACEFS/events/kprobes/ktrcount/enable"
	echo '-:ktrcount' >>"$TRACEFS/kprobe_events"
}

# Load the module again with parameters $@.
reload_module() {
	rmmod ktrace
	insmod "$KTRACE_KO" "$@"
}

# Wait (bounded, 20 s) until the kernel log has a line ending with $1.
wait_for_log() {
	local line=$1
	wait_until 400 'dmesg | grep -qE -- "$line\$"' \
	    "the kernel log never said: $line" && return 0
	dmesg | tail -20 >&2
	return 1
}

need_cpu1() {
	[ -w $CPU1 ] || {
		echo "needs CPU 1, which can go offline (regress/vm/run --smp 2)" >&2
		return 1
	}
}

# run_starved ARGS: dropper -L -r ARGS alone on CPU 0, at SCHED_FIFO
# without RT throttling: the writer thread cannot run while it calls, nor
# (flush_ms 60 s) pass on its own.
run_starved() {
	need_cpu1
	reload_module bufsize=1048576 flush_ms=60000
	echo 0 >$CPU1
	sysctl -q -w kernel.sched_rt_runtime_us=-1
	run "$PROGS/dropper" -L -r "$@"
	sysctl -q -w kernel.sched_rt_runtime_us="$DEF_RT_RUNTIME"
	echo "$output"
}

# The exited child of dropper -e or -E (50000 calls) lost records, and the
# file accounts for each of its 50002 calls: written, or counted lost.
exited_account_whole() {
	[ "$status" -eq 0 ]
	[ "$(field expected)" -eq 50002 ]
	[ "$(field lost)" -gt 0 ]
	[ "$(field lost_records)" -ge 1 ]
	[ "$(field lost_flagged)" -eq "$(field lost_records)" ]
	[ "$(field other)" -eq 0 ]
	[ "$(field backwards)" -eq 0 ]
}

# dropper makes N getppid() calls and, while traced, 3 more syscalls (the
# close() of ktrace(SET), the openat() and ioctl() of ktrace(CLEAR)):
# each is a CALL record, written or counted as lost.  A getppid CALL takes
# 96 bytes of ring: 50000 calls fill a 1 MiB ring over four times.
# -L: lossy mode, where a process never waits for the writer.
@test "drops (lossy): a starved writer loses records; every one is counted, flagged KTR_DROP" {
	# The writer thread cannot run until dropper blocks in ktrace(CLEAR).
	run_starved "$T/d.out" 50000
	res=$output
	# Exit 0: written CALL records + the LOST counts == 50003.
	[ "$status" -eq 0 ]
	[ "$(field calls)" -eq 50000 ]
	[ "$(field expected)" -eq 50003 ]
	lost=$(field lost) written=$(field written) nlost=$(field lost_records)
	[ "$lost" -gt 0 ]
	[ $((written + lost)) -eq 50003 ]
	[ "$nlost" -ge 1 ]
	[ "$(field lost_flagged)" -eq "$nlost" ]
	[ "$(field other)" -eq 0 ]
	[ "$(field backwards)" -eq 0 ]

	# kdump says so: "Events dropped." then the LOST record with its count,
	# for each LOST record; the counts add up to the same total.
	run kdump -f "$T/d.out"
	[ "$status" -eq 0 ]
	grep -v 'CALL  getppid$' <<<"$output"
	[ "$(grep -c 'CALL  getppid$' <<<"$output")" -eq "$(field getppid "$res")" ]
	[ "$(grep -cE '^ +[0-9]+ dropper  LOST  [0-9]+ records?$' <<<"$output")" -eq "$nlost" ]
	[ "$(grep -cE '^ +[0-9]+ dropper  Events dropped\.$' <<<"$output")" -eq "$nlost" ]
	sum=$(awk '$3 == "LOST" { n += $4 } END { print n + 0 }' <<<"$output")
	[ "$sum" -eq "$lost" ]
	# Each LOST line comes right after an "Events dropped." line.
	[ "$(grep -B1 -E ' LOST  [0-9]+ records?$' <<<"$output" |
	    grep -cE ' Events dropped\.$')" -eq "$nlost" ]

	# The analyses tell the same losses: --stats the total, --pairs a
	# line for each LOST record.
	run -0 kdump --stats -f "$T/d.out"
	[ "$(tail -n 1 <<<"$output")" = "records lost: $lost" ]
	run -0 kdump --pairs -f "$T/d.out"
	[ "$(grep -cE '^[0-9]+  lost [0-9]+ records? before ' <<<"$output")" -eq "$nlost" ]
	sum=$(awk '$2 == "lost" { n += $3 } END { print n + 0 }' <<<"$output")
	[ "$sum" -eq "$lost" ]
}

# A record that finds its CPU's ring past half sets the ring's flag, and
# every exit on that CPU then looks whether to wait
# (ktr_wait_check_here()) until one finds the ring below half and clears
# it.  Exits in lossy mode, which never wait, must clear it too: else,
# once a lossy program had filled a ring, every traced exit on its CPU
# would make that call for good.  The starved run leaves CPU 0's ring
# past half when dropper stops tracing; a second lossy dropper there,
# the writer free, makes 203 traced exits.
@test "drops (lossy): once its ring is below half again, an exit clears the ring's flag" {
	run_starved "$T/d.out" 50000
	[ "$status" -eq 0 ]
	[ "$(field lost)" -gt 0 ]
	kprobe_on ktr_wait_check_here
	run -0 "$PROGS/dropper" -L "$T/g.out" 200
	echo "$output"
	[ "$(field lost)" -eq 0 ]
	calls=$(kprobe_calls)
	kprobe_off
	echo "ktr_wait_check_here: $calls calls"
	[ "$calls" -eq 1 ]
}

# An exit makes the writer flush: the records, and the losses of exited
# processes, without waiting for the periodic sync (flush_ms 60 s here),
# so that the parent finds the whole account once it has reaped the child.
@test "drops (lossy): an exited process's losses are in the file when its parent reaps it" {
	run_starved -e "$T/e.out" 50000
	exited_account_whole
}

# The same, the parent traced into the file too: the child's exit writes
# nothing, and its records and losses reach the file by the writer's pass
# (the full ring kicked it) or the sync of the parent's CLEAR, whichever
# comes first; either way before the CLEAR returns.
@test "drops (lossy): an exited child's losses are in the file when its parent, traced into it, stops" {
	run_starved -E "$T/e.out" 50000
	exited_account_whole
}

# Lossless, the default: the same starved writer gets to run, because the
# program waits for it on its way back to user mode.
@test "lossless: the starved writer of the lossy test loses nothing; the program waited" {
	need_cpu1
	reload_module bufsize=1048576 flush_ms=60000
	echo 0 >$CPU1
	sysctl -q -w kernel.sched_rt_runtime_us=-1
	run "$PROGS/dropper" -r "$T/d.out" 50000
	sysctl -q -w kernel.sched_rt_runtime_us="$DEF_RT_RUNTIME"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(field written)" -eq 50003 ]
	[ "$(field getppid)" -eq 50000 ]
	[ "$(field lost)" -eq 0 ]
	[ "$(field lost_records)" -eq 0 ]
	[ "$(field waits)" -gt 0 ]
	[ "$(field timeouts)" -eq 0 ]
	[ "$(field backwards)" -eq 0 ]
}

@test "lossless: an exiting process's records are all in the file when it is reaped" {
	need_cpu1
	reload_module bufsize=1048576 flush_ms=60000
	echo 0 >$CPU1
	sysctl -q -w kernel.sched_rt_runtime_us=-1
	run "$PROGS/dropper" -r -e "$T/e.out" 50000
	sysctl -q -w kernel.sched_rt_runtime_us="$DEF_RT_RUNTIME"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(field written)" -eq 50002 ]
	[ "$(field lost)" -eq 0 ]
	[ "$(field waits)" -gt 0 ]
}

# A writer whose writes stall (fault_stall_ms: it sleeps before each
# write, as on a hung NFS server) holds a program up for max_wait_ms at
# most; then the records are lost, counted, and nobody waits on that ring
# until the writer has drained it.
@test "lossless: a stalled writer holds the program up for max_wait_ms, then records are lost, counted" {
	reload_module bufsize=131072
	sysctl -q -w kernel.ktrace.max_wait_ms=200
	echo 3000 >$PARAMS/fault_stall_ms
	start=$(date +%s)
	run "$PROGS/dropper" "$T/s.out" 100000
	took=$(($(date +%s) - start))
	echo 0 >$PARAMS/fault_stall_ms
	sysctl -q -w kernel.ktrace.max_wait_ms=1000
	echo "$output (${took} s)"
	[ "$status" -eq 0 ]
	[ "$(field timeouts)" -ge 1 ]
	[ "$(field lost)" -gt 0 ]
	[ $(($(field written) + $(field lost))) -eq 100003 ]
	# Not a wait of 200 ms a call: a few stalled writes of 3 s at most.
	[ "$took" -lt 60 ]
}

@test "lossless: SIGKILL ends a program waiting for a stalled writer at once" {
	reload_module bufsize=131072
	sysctl -q -w kernel.ktrace.max_wait_ms=600000
	echo 600000 >$PARAMS/fault_stall_ms
	"$PROGS/dropper" "$T/k.out" 1000000 >/dev/null &
	pid=$!
	wait_until 200 'grep -q ktr_wait_fn /proc/$pid/stack 2>/dev/null'
	start=$(date +%s%N)
	kill -9 "$pid"
	wait "$pid" || true
	ms=$((($(date +%s%N) - start) / 1000000))
	echo 0 >$PARAMS/fault_stall_ms
	sysctl -q -w kernel.ktrace.max_wait_ms=1000
	echo "dead after $ms ms"
	[ "$ms" -lt 5000 ]
}

# An exiting process writes its own records (its parent's wait(2) would
# otherwise wait for a round trip through the writer): the first exit
# here meets the stall in its own write.  Once a write has been slower
# than max_wait_ms, exits leave the writing to the writer again and wait
# for it no longer than that.  flush_ms 60 s: no periodic drain races.
@test "lossless: an exit writes its own records, but not into a file whose last write stalled" {
	reload_module flush_ms=60000
	sysctl -q -w kernel.ktrace.max_wait_ms=200
	echo 4000 >$PARAMS/fault_stall_ms
	s=$(date +%s%N)
	ktrace -t c -f "$T/a.out" /bin/true
	a=$((($(date +%s%N) - s) / 1000000))
	s=$(date +%s%N)
	ktrace -t c -f "$T/b.out" /bin/true
	b=$((($(date +%s%N) - s) / 1000000))
	echo 0 >$PARAMS/fault_stall_ms
	sysctl -q -w kernel.ktrace.max_wait_ms=1000
	echo "first exit: $a ms, second: $b ms"
	[ "$a" -ge 4000 ]
	[ "$b" -lt 4000 ]
	kdump -f "$T/a.out" | grep ' true *CALL  exit_group(0)$'
	# The writer writes the second one's records after its stall.
	wait_until 200 'kdump -f "$T/b.out" | grep -q " true *CALL  exit_group(0)\$"'
}

# Is the writer ($writer) asleep in fault_reap_ms's wait?
in_reap_wait() {
	head -n 1 "/proc/$writer/stack" | grep -qE 'ktr_(fault_wait|sync_here)\+'
}

# Every flush_ms the writer frees the states of exited processes, after
# a grace period (fault_reap_ms: 30 s longer).  Exits meanwhile still
# write their own records, at once: the writer waits without the lock
# they need.  Each exit here is of a process whose parent (a shell of
# this test) is not traced, so it owes its records.  max_wait_ms 20 s:
# an exit that did wait for the writer would hold the loop up that long.
@test "lossless: exits write their own records while the writer waits to free exited processes" {
	reload_module fault_reap_ms=30000
	sysctl -q -w kernel.ktrace.max_wait_ms=20000
	writer=$(pgrep -x ktrace_writer)
	ktrace -t c -f "$T/r.out" /bin/true	# a state for the writer to free
	# The writer is in the fault's wait, with that exit's state:
	# ktr_sync_here on top (the scheduler's frames are not shown, nor
	# the wait's if it ends in a tail call).
	wait_until 200 'in_reap_wait'
	(for i in 1 2 3 4 5; do ktrace -a -t c -f "$T/r.out" /bin/true; done
	    touch "$T/done") &
	spin_pid=$!	# teardown waits for it if the test fails
	wait_until 200 '[ -e "$T/done" ]' "the five exits waited for the writer"
	wait "$spin_pid"
	spin_pid=
	# Their parent has reaped them: their records are in the file.
	[ "$(kdump -f "$T/r.out" | grep -c ' true *CALL  exit_group(0)$')" -eq 6 ]
	in_reap_wait
}

# A process whose parent is traced into the same file leaves its records
# to its parent's exit, or the writer's next pass: the parent's wait(2)
# pays no write.  A parent outside the trace, or tracing into another
# file, finds them written once it has reaped the child.  flush_ms 60 s:
# no periodic pass writes them first.
@test "an exit writes its records unless its parent is traced into the same file" {
	reload_module flush_ms=60000
	ktrace -i -t c -f "$T/p.out" sh -c '/bin/true
	    kdump -f "$0/p.out" >"$0/p.dump"
	    ktrace -t c -f "$0/q.out" /bin/echo other
	    kdump -f "$0/q.out" >"$0/q.dump"' "$T"
	# The parent, traced into p.out, had reaped true, but true's records
	# were not written yet; it had reaped echo, traced into q.out, and
	# echo's were.  (An exit that writes writes every file's records.)
	[ "$(grep -c ' true *CALL  exit_group(0)$' "$T/p.dump")" -eq 0 ]
	grep ' echo *CALL  exit_group(0)$' "$T/q.dump"
	# The shell's own exit has written them, before ktrace returned.
	kdump -f "$T/p.out" | grep ' true *CALL  exit_group(0)$'
	kdump -f "$T/p.out" | grep ' sh *CALL  exit_group(0)$'
}

@test "lossless: threads racing for one CPU's buffer, and programs on every CPU, lose nothing" {
	reload_module bufsize=131072
	taskset -c 0 ktrace -t c -f "$T/t.out" "$PROGS/threads" 20000
	run -0 kdump --stats -f "$T/t.out"
	echo "$output" | tail -n 3
	grep -qx "records lost: 0" <<<"$output"
	[ "$(kdump -f "$T/t.out" | grep -c 'CALL  getppid$')" -eq 60000 ]
	pids=()
	for cpu in $(seq 0 $(($(nproc) - 1))); do
		for i in 1 2; do
			taskset -c "$cpu" "$PROGS/dropper" "$T/d$cpu.$i.out" 30000 \
			    >"$T/d$cpu.$i.res" &
			pids+=($!)
		done
	done
	for p in "${pids[@]}"; do wait "$p"; done
	for f in "$T"/d*.res; do
		cat "$f"
		[ "$(field lost "$(cat "$f")")" -eq 0 ]
		[ "$(field written "$(cat "$f")")" -eq 30003 ]
	done
}

@test "no drops at the default buffer size when the writer can run" {
	# 100003 CALL records, 3.4 times the 4 MiB ring: the writer must
	# drain while dropper runs, and keeps up.
	run "$PROGS/dropper" "$T/n.out" 100000
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(field lost)" -eq 0 ]
	[ "$(field lost_records)" -eq 0 ]
	[ "$(field written)" -eq 100003 ]
	[ "$(field getppid)" -eq 100000 ]
	run kdump -f "$T/n.out"
	[ "$status" -eq 0 ]
	[ "$(grep -c 'CALL  getppid$' <<<"$output")" -eq 100000 ]
	[[ $output != *LOST* ]]
	[[ $output != *"Events dropped."* ]]
}

@test "file system full: tracing stops with a message, the process and other traces go on" {
	mkdir "$T/small"
	mount -t tmpfs -o size=256k tmpfs "$T/small"
	# Another trace, into a file on another file system, all along; paced
	# (-w), or it grows by the writer's full speed while the test waits.
	printf 0 >"$T/stop"
	"$PROGS/dropper" -w 20000 -s "$T/stop" "$T/other.out" >"$T/other.res" 2>&1 &
	drop_pid=$!
	wait_for_bytes "$T/other.out"
	# spin's CALL and RET records fill 256 KiB in a moment.
	ktrace -t c -f "$T/small/f.out" "$PROGS/spin" "$T/stop2" &
	spin_pid=$!
	wait_for_log "ktrace write failed, errno 28, tracing stopped for pid $spin_pid"
	# Tracing stopped, the process did not.
	size=$(stat -c %s "$T/small/f.out")
	[ "$size" -gt 0 ]
	[ "$size" -le $((256 << 10)) ]
	kill -0 "$spin_pid"
	# The other trace goes on after the failure.
	wait_for_bytes "$T/other.out" $(($(stat -c %s "$T/other.out") + 1))
	touch "$T/stop2"
	wait "$spin_pid"
	spin_pid=
	# Nothing more was written: not its exit either.
	[ "$(stat -c %s "$T/small/f.out")" -eq "$size" ]

	# The other trace accounts for every call, stopped for nothing.
	printf 1 1<>"$T/stop"
	other=$drop_pid rc=0
	wait "$drop_pid" || rc=$?
	drop_pid=
	cat "$T/other.res"
	[ "$rc" -eq 0 ]
	res=$(cat "$T/other.res")
	[ "$(field lost_flagged "$res")" -eq "$(field lost_records "$res")" ]
	[ "$(dmesg | grep -c "tracing stopped for pid $other\$")" -eq 0 ]
	run kdump -f "$T/other.out"
	[ "$status" -eq 0 ]

	# What was written is whole records: kdump reads all of it.
	run kdump -f "$T/small/f.out"
	echo "$output" | tail -3
	[[ $output == *"CALL  getppid"* ]]
	[ "$status" -eq 0 ]
}

# The writer merges the CPUs' rings into one file oldest first, copying a
# ring's records in runs up to the next-oldest record of the others.  Two
# processes, one on each CPU, trace into one file with no drain while
# they run (a long flush period; rings that stay under a quarter full).
# Once both sleep, every record of their loops is published, and the
# first drain must interleave them by time.  (A record published while
# a drain runs may land after a later one of another CPU: kdump -R
# shows that as a negative step; it is not this test's subject.)
@test "one file traced on two CPUs: the first drain merges the rings in time order" {
	need_cpu1
	reload_module flush_ms=600000 bufsize=$((32 << 20))
	: >"$T/m.out"
	pids=()
	for cpu in 0 1; do
		ktrace -a -t c -f "$T/m.out" taskset -c $cpu \
		    "$PROGS/calls" 600000 20000 &
		pids+=($!)
	done
	sleepers="${pids[*]}"
	# Both in their nanosleep (35): their loops are done.
	wait_until 1200 '[ "$(cut -d" " -f1 /proc/${pids[0]}/syscall)" = 35 ] &&
	    [ "$(cut -d" " -f1 /proc/${pids[1]}/syscall)" = 35 ]'
	[ ! -s "$T/m.out" ]	# nothing drained yet
	kill "${pids[@]}"
	wait "${pids[@]}" || true
	sleepers=
	# pid tid comm seconds.nanoseconds cpu type name
	set -o pipefail
	kdump -H -T -c -f "$T/m.out" | awk '$7 == "getppid" {
	    n[$6]++; cpu[$5] = 1; split($4, t, ".")
	    if (t[1] < s || (t[1] == s && t[2] + 0 < ns)) back++
	    s = t[1]; ns = t[2] + 0 }
	    END { print n["CALL"] + 0, n["RET"] + 0, length(cpu), back + 0 }' \
	    >"$T/m.res"
	read -r calls rets cpus back <"$T/m.res"
	echo "calls $calls rets $rets cpus $cpus backwards $back"
	[ "$calls" -eq 40000 ]
	[ "$rets" -eq 40000 ]
	[ "$cpus" -eq 2 ]
	[ "$back" -eq 0 ]
}

@test "CPU 1 goes offline and back while a traced process runs on it" {
	need_cpu1
	printf 0 >"$T/stop"
	"$PROGS/dropper" -s "$T/stop" "$T/h.out" >"$T/h.res" 2>&1 &
	drop_pid=$!
	wait_for_bytes "$T/h.out"
	for ((i = 0; i < 5; i++)); do
		# On CPU 1 when it goes: records wait in CPU 1's ring.
		taskset -p -c 1 "$drop_pid" >/dev/null
		echo 0 >$CPU1
		[ "$(cat $CPU1)" = 0 ]
		kill -0 "$drop_pid"
		echo 1 >$CPU1
		[ "$(cat $CPU1)" = 1 ]
	done
	printf 1 1<>"$T/stop"
	rc=0
	wait "$drop_pid" || rc=$?
	drop_pid=
	cat "$T/h.res"
	# Every call is in the file or counted lost, once, in time order.
	# (Losses are possible: a CPU going away takes long in the guest
	# and the writer may not keep up meanwhile.)
	[ "$rc" -eq 0 ]
	res=$(cat "$T/h.res")
	[ "$(field calls "$res")" -gt 0 ]
	[ "$(field lost_flagged "$res")" -eq "$(field lost_records "$res")" ]
	[ "$(field backwards "$res")" -eq 0 ]
	# Counted as it streams, never held: a slow guest makes millions of
	# lines.  kdump must read all of it.
	set -o pipefail
	kdump -f "$T/h.out" | awk '$3 == "CALL" && $4 == "getppid" { c++ }
	    $3 == "LOST" { n += $4 } END { print c + 0, n + 0 }' >"$T/h.cnt"
	read -r calls sum <"$T/h.cnt"
	[ "$calls" -eq "$(field getppid "$res")" ]
	[ "$sum" -eq "$(field lost "$res")" ]
}

# Which RLIMIT_FSIZE applies to a trace file?  FreeBSD writes with the
# traced thread and applies its limit; here none does: the writer thread
# has none, and an exit whose limit is not infinite leaves its writing to
# the writer.  So nothing goes missing, nor is the "ktrace write failed"
# message logged.
@test "RLIMIT_FSIZE of the traced process: no record is lost silently" {
	: >"$T/u.out"
	ktrace -t c -f "$T/u.out" sh -c 'ulimit -f 1; exec /bin/true' &
	pid=$!
	wait "$pid"
	run kdump -f "$T/u.out"
	echo "$output" | tail -3
	[ "$status" -eq 0 ]
	# Its exit left the writing to the writer, to which no limit applies.
	[[ $output == *"true     CALL  exit_group(0)"* ]]
	! dmesg | grep "ktrace write failed, errno 27, tracing stopped for pid $pid\$"
}

@test "RLIMIT_FSIZE of the process that clears a trace does not apply" {
	ktrace -t c -f "$T/c.out" "$PROGS/spin" "$T/stop2" &
	spin_pid=$!
	wait_for_bytes "$T/c.out" 4096
	# ktrace(CLEAR) writes out the records made so far: not as a write of
	# the caller's, whose limit the file is far beyond.
	run sh -c 'ulimit -f 1; exec ktrace -c -p "$1"' sh "$spin_pid"
	echo "ktrace -c: status $status: $output"
	[ "$status" -eq 0 ]
	touch "$T/stop2"
	wait "$spin_pid"
	spin_pid=
	run kdump -f "$T/c.out"
	[ "$status" -eq 0 ]
	[[ $output == *"CALL  getppid"* ]]
	[[ $output != *exit_group* ]]
}

@test "a trace file deleted while traced: tracing goes on into it, CLEAR ends it cleanly" {
	"$PROGS/pace" "$T/stop2" 2 &
	spin_pid=$!
	ktrace -t c -f "$T/del.out" -p "$spin_pid"
	wait_for_bytes "$T/del.out"
	# The module holds the file open: its records still go there (fd 8:
	# bats has 3).
	exec 8<"$T/del.out"
	rm "$T/del.out"
	before=$(stat -L -c %s /proc/self/fd/8)
	wait_until 200 '[ "$(stat -L -c %s /proc/self/fd/8)" -gt "$before" ]'
	kill -0 "$spin_pid"
	ktrace -c -p "$spin_pid"
	# The whole file, read through the descriptor the test kept.
	run -0 kdump -f /dev/fd/8
	[[ $output == *"CALL  getppid"* ]]
	exec 8<&-
	touch "$T/stop2"
	wait "$spin_pid"
	spin_pid=
}

@test "a read-only remount is refused while a trace file is open, allowed after CLEAR" {
	mkdir "$T/small"
	mount -t tmpfs -o size=1m tmpfs "$T/small"
	: >"$T/small/ro.out"
	"$PROGS/pace" "$T/stop2" 2 &
	spin_pid=$!
	ktrace -t c -f "$T/small/ro.out" -p "$spin_pid"
	wait_for_bytes "$T/small/ro.out"
	# The module writes the file: the kernel will not make it read-only.
	run mount -o remount,ro "$T/small"
	echo "$output"
	[ "$status" -ne 0 ]
	[ -w "$T/small/ro.out" ]
	ktrace -c -p "$spin_pid"
	# CLEAR released the file: now it may.
	mount -o remount,ro "$T/small"
	run -0 kdump -f "$T/small/ro.out"
	[[ $output == *"CALL  getppid"* ]]
	touch "$T/stop2"
	wait "$spin_pid"
	spin_pid=
}
