#!/usr/bin/env bats
# Guest suite: ktrace.ko, ktrace(1) and kdump(1) end to end.  Runs inside
# the VM (regress/vm/run loads the module and puts the tools on PATH).

load common

setup_file() {
	load_module
}

setup() {
	guest_setup ktr
}

teardown() {
	stop_spin
	kill_bg
	rm -rf "$T"
}

@test "the module makes /dev/ktrace, open to every user" {
	run stat -c %A /dev/ktrace
	[ "$status" -eq 0 ]
	[ "$output" = crw-rw-rw- ]
}

@test "ktrace CMD then kdump: execve, write and its return, exit_group" {
	ktrace -f "$T/k.out" /bin/echo hi >/dev/null
	run kdump -f "$T/k.out"
	[ "$status" -eq 0 ]
	echo "$output"
	[[ $output =~ (^|$'\n')\ *[0-9]+\ ktrace\ +CALL\ \ execve\( ]]
	[[ $output =~ (^|$'\n')\ *[0-9]+\ echo\ +CALL\ \ write\(1, ]]
	[[ $output =~ (^|$'\n')\ *[0-9]+\ echo\ +RET\ \ \ write\ 3($'\n'|$) ]]
	[[ $output =~ (^|$'\n')\ *[0-9]+\ echo\ +CALL\ \ exit_group\(0\) ]]
	# The CALL of write comes before its RET.
	call=$(grep -n 'CALL  write(1,' <<<"$output" | head -1 | cut -d: -f1)
	ret=$(grep -n 'RET   write 3$' <<<"$output" | head -1 | cut -d: -f1)
	[ "$call" -lt "$ret" ]
}

@test "ktrace.out is the default file, created mode 0600" {
	cd "$T"
	ktrace /bin/true
	run stat -c %a ktrace.out
	[ "$output" = 600 ]
	run kdump
	[[ $output == *"CALL  exit_group(0)"* ]]
}

@test "ktrace -p PID records a running process's calls" {
	mkfifo "$T/fifo"
	sh -c 'read line; echo "$line" >/dev/null' <"$T/fifo" &
	pid=$!
	exec 7>"$T/fifo"	# the reader is now blocked in read(0); bats owns fd 3
	: >"$T/p.out"
	ktrace -f "$T/p.out" -p "$pid"
	echo hello >&7
	exec 7>&-
	wait "$pid"
	run kdump -f "$T/p.out"
	echo "$output"
	# dash reads a byte per call; the first read was blocked when traced.
	[[ $output =~ \ +$pid\ sh\ +RET\ \ \ read\ 1($'\n'|$) ]]
	[[ $output =~ \ +$pid\ sh\ +CALL\ \ write\(1, ]]
	[[ $output == *"CALL  exit_group(0)"* ]]
}

@test "a multi-threaded program: one pid, distinct thread ids" {
	ktrace -f "$T/t.out" "$PROGS/threads"
	run kdump -H -f "$T/t.out"
	[ "$status" -eq 0 ]
	calls=$(awk '$4 == "CALL" && $5 ~ /^getppid/' <<<"$output")
	[ "$(wc -l <<<"$calls")" -eq 30 ]
	[ "$(awk '{print $1}' <<<"$calls" | sort -u | wc -l)" -eq 1 ]
	[ "$(awk '{print $2}' <<<"$calls" | sort -u | wc -l)" -eq 3 ]
	# The threads are not the main thread: tid differs from pid.
	[ "$(awk '$1 == $2' <<<"$calls" | wc -l)" -eq 0 ]
}

@test "-i: children inherit the trace; without it they do not" {
	ktrace -i -f "$T/i.out" sh -c '/bin/true; exit 0'
	run kdump -f "$T/i.out"
	[[ $output =~ \ true\ +CALL\ \ exit_group\(0\) ]]
	[ "$(awk '{print $1}' <<<"$output" | sort -u | wc -l)" -ge 2 ]

	ktrace -f "$T/n.out" sh -c '/bin/true; exit 0'
	run kdump -f "$T/n.out"
	[[ $output == *" sh "*"CALL  exit_group(0)"* ]]
	[[ $output != *" true "* ]]
}

@test "ktrace -c -p stops the trace and leaves the file complete" {
	ktrace -f "$T/c.out" "$PROGS/spin" "$T/stop" &
	spin_pid=$!
	wait_for_bytes "$T/c.out"
	ktrace -c -p "$spin_pid"
	size=$(stat -c %s "$T/c.out")
	touch "$T/stop"
	wait "$spin_pid"
	spin_pid=
	# Nothing after the clear: not the access() that saw the stop file,
	# not the exit.
	[ "$(stat -c %s "$T/c.out")" -eq "$size" ]
	run kdump -f "$T/c.out"
	[ "$status" -eq 0 ]
	[[ $output == *"CALL  getppid"* ]]
	[[ $output != *exit_group* ]]
}

@test "SET and CLEAR again and again while the target makes path calls" {
	# Probes come and go under a process that is always inside a syscall
	# (spin calls access() in a loop); the kernel log must stay clean.
	"$PROGS/spin" "$T/stop" &
	spin_pid=$!
	for ((i = 0; i < 20; i++)); do
		: >"$T/s$i.out"
		ktrace -f "$T/s$i.out" -p "$spin_pid"
		ktrace -c -p "$spin_pid"
	done
	kill -0 "$spin_pid"
	run kdump -f "$T/s19.out"
	[ "$status" -eq 0 ]
}

@test "ktrace -p of a process that does not exist fails with ESRCH" {
	run ktrace -f "$T/e.out" -p 999999
	[ "$status" -eq 1 ]
	[[ $output == *"No such process"* ]]
}

@test "rmmod while a traced process runs: the process lives, the file is whole" {
	ktrace -f "$T/r.out" "$PROGS/spin" "$T/stop" &
	spin_pid=$!
	wait_for_bytes "$T/r.out"
	rmmod ktrace
	kill -0 "$spin_pid"
	run kdump -f "$T/r.out"
	[ "$status" -eq 0 ]
	[[ $output == *"CALL  getppid"* ]]
	touch "$T/stop"
	wait "$spin_pid"
	spin_pid=
	# Unloaded: nothing more was written.
	run kdump -f "$T/r.out"
	[[ $output != *exit_group* ]]
}

@test "the probes are registered only while something is traced" {
	param=/sys/module/ktrace/parameters/probes_registered
	[ "$(cat $param)" = N ]
	ktrace -f "$T/h.out" "$PROGS/spin" "$T/stop" &
	spin_pid=$!
	wait_for_bytes "$T/h.out"
	[ "$(cat $param)" = Y ]
	touch "$T/stop"
	wait "$spin_pid"
	spin_pid=
	# The writer unregisters them once nothing has been traced for
	# linger_ms (2 s by default).
	wait_until 200 '[ "$(cat $param)" = N ]'
}

# writer_rests: the writer thread is asleep in its wait (S; a pass's
# own waits are D), and does not wake for a second.
writer_rests() {
	local w n
	w=$(pgrep -x ktrace_writer)
	wait_until 200 '[ "$(cut -d" " -f3 /proc/$w/stat)" = S ]'
	n=$(awk '$1 == "voluntary_ctxt_switches:" { print $2 }' /proc/$w/status)
	sleep 1
	[ "$(awk '$1 == "voluntary_ctxt_switches:" { print $2 }' /proc/$w/status)" -eq "$n" ] ||
		{ echo "the writer woke while nothing was traced"; false; }
}

@test "the writer rests while nothing is traced, and a trace wakes it" {
	param=/sys/module/ktrace/parameters/probes_registered
	wait_until 200 '[ "$(cat $param)" = N ]'
	writer_rests
	# A few records, then a wait: no ring gets a quarter full and the
	# process does not exit, so only the writer's period writes them.
	ktrace -f "$T/w.out" sleep 1000 &
	bg=$!
	wait_for_bytes "$T/w.out"
	run -0 kdump -f "$T/w.out"
	[[ $output == *"CALL  execve("* ]]
	kill_bg
	bg=
	wait_until 200 '[ "$(cat $param)" = N ]'
	writer_rests
}

@test "with the module absent ktrace says so and exits 1" {
	rmmod ktrace
	run ktrace -f "$T/a.out" /bin/true
	[ "$status" -eq 1 ]
	[[ $output == *"not loaded"* ]]
}

@test "the module loads and unloads cleanly many times" {
	for i in 1 2 3; do
		rmmod ktrace
		insmod "$KTRACE_KO"
		ktrace -f "$T/l.out" /bin/true
	done
	run kdump -f "$T/l.out"
	[[ $output == *"CALL  exit_group(0)"* ]]
}

@test "a traced process's small file size limit does not cut its trace" {
	# The writer thread writes every record: the limit of whoever
	# happens to flush (here the traced process, as it exits) is not
	# the trace file's, and no one gets SIGXFSZ.
	run bash -c "ulimit -f 1; ktrace -f '$T/f.out' '$PROGS/threads'; echo status \$?"
	[ "$output" = "status 0" ]
	[ "$(stat -c %s "$T/f.out")" -gt 4096 ]
	run -0 kdump -f "$T/f.out"
	[ "$(grep -c 'CALL  getppid' <<<"$output")" -eq 30 ]
	[[ $output == *"CALL  exit_group(0)"* ]]
}

@test "-t a alone records execve's arguments" {
	ktrace -t a -f "$T/a.out" /bin/echo only args >/dev/null
	run -0 kdump -f "$T/a.out"
	echo "$output"
	[[ $output == *'ARGS  "/bin/echo", "only", "args"'* ]]
	[[ $output != *CALL* ]]
}

@test "-C ends a trace whatever its points, even t's STRUCT_ARRAY" {
	ktrace -t cnt -f "$T/C.out" "$PROGS/spin" "$T/stop" &
	spin_pid=$!
	wait_for_bytes "$T/C.out"
	ktrace -C
	size=$(stat -c %s "$T/C.out")
	# Nothing is traced any more: the probes go after linger_ms.
	param=/sys/module/ktrace/parameters/probes_registered
	wait_until 200 '[ "$(cat $param)" = N ]'
	[ "$(stat -c %s "$T/C.out")" -eq "$size" ]
}

@test "rmmod while several processes, of two files, are traced" {
	pids=()
	for f in a b a; do
		: >>"$T/$f.out"
		"$PROGS/spin" "$T/stop" &
		pids+=($!)
		ktrace -a -f "$T/$f.out" -p "$!"
	done
	wait_for_bytes "$T/a.out"
	wait_for_bytes "$T/b.out"
	rmmod ktrace
	for p in "${pids[@]}"; do kill -0 "$p"; done
	touch "$T/stop"
	for p in "${pids[@]}"; do wait "$p"; done
	# Both files are whole, with the calls of their processes.
	run -0 kdump -f "$T/a.out"
	[ "$(awk '$3 == "CALL" { print $1 }' <<<"$output" | sort -u | wc -l)" -eq 2 ]
	run -0 kdump -f "$T/b.out"
	[ "$(awk '$3 == "CALL" { print $1 }' <<<"$output" | sort -u | wc -l)" -eq 1 ]
	[[ $output != *exit_group* ]]
}
