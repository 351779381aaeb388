#!/usr/bin/env bats
# Guest suite: the module under load.  regress/progs/storm forks
# STRESS_PROCS short-lived processes (exec'ing /bin/true), runs threads
# after each and takes a signal every millisecond; tracers race each
# other; the module is unloaded and CPU 1 goes away under it.  make check
# runs it short (STRESS_PROCS=200, STRESS_ROUNDS=40); make stress long.
# The harness fails any run whose kernel log shows a splat.

load common

CPU1=/sys/devices/system/cpu/cpu1/online

setup_file() {
	export NPROCS=${STRESS_PROCS:-200} ROUNDS=${STRESS_ROUNDS:-40}
	make -s -C "$TOP/regress/tools" >/dev/null
}

setup() {
	guest_setup stress
	bg=()
}

teardown() {
	local p
	touch "$T/stop"
	for p in "${bg[@]}"; do wait "$p" || true; done
	[ ! -e $CPU1 ] || [ "$(cat $CPU1)" = 1 ] || echo 1 >$CPU1
	ktrace -C 2>/dev/null || true
	rm -rf "$T"
}

# The records kdump reads in $1, with the number it says were lost:
# "N records, L lost".  kdump must read the whole file.
account() {
	local out
	out=$(kdump --stats -f "$1") || { echo "kdump failed on $1" >&2; return 1; }
	echo "$(kdump -f "$1" | wc -l) records, $(awk '$1 == "records" && $2 == "lost:" { print $3 }' <<<"$out") lost"
}

@test "-di over a storm: every process traced, threads and signals recorded" {
	run -0 ktrace -di -t cnsw -f "$T/s.out" "$PROGS/storm" "$NPROCS"
	echo "$output"
	[ "$(field procs "$output")" -eq "$NPROCS" ]
	signals=$(field signals "$output")
	run -0 kdump --stats -f "$T/s.out"
	lost=$(awk '$1 == "records" && $2 == "lost:" { print $3 }' <<<"$output")
	echo "lost $lost"
	# Each child exec'd /bin/true, and each is in the file unless records
	# were lost (then they are counted).
	execs=$(awk '$2 == "execve" { print $3 }' <<<"$output")
	[ "$lost" -gt 0 ] || [ "$execs" -eq $((NPROCS + 1)) ]
	# Counted as kdump prints them: make stress's text is a million
	# lines, more than a shell variable should hold in the guest's 1 GiB.
	# Threads: storm's records carry more thread ids than its pid.
	(set -o pipefail
	kdump -H -f "$T/s.out" | awk '
	    $3 == "true" && $4 == "CALL" && $5 == "exit_group(0)" && NF == 5 { e++ }
	    $3 == "storm" && $4 == "PSIG" && $5 == "SIGUSR1" && $6 == "caught" { s++ }
	    $3 == "storm" && $1 != $2 && !seen[$2]++ { t++ }
	    END { print e + 0, s + 0, t + 0 }' >"$T/counts")
	read -r exits psigs tids <"$T/counts"
	echo "exit_group(0) of true: $exits, SIGUSR1 caught: $psigs, storm's threads: $tids"
	[ "$lost" -gt 0 ] || [ "$exits" -eq "$NPROCS" ]
	[ "$lost" -gt 0 ] || [ "$psigs" -eq "$signals" ]
	[ "$tids" -ge 4 ]
}

@test "accounting under the storm: droppers tracing themselves lose nothing silently" {
	ktrace -di -f "$T/s.out" "$PROGS/storm" "$NPROCS" >/dev/null &
	bg+=($!)
	for i in 1 2 3 4; do
		"$PROGS/dropper" "$T/d$i.out" 20000 >"$T/d$i.res" &
		bg+=($!)
	done
	# Each dropper exits 0 only if written + lost == its syscalls.
	for p in "${bg[@]}"; do wait "$p"; done
	bg=()
	for i in 1 2 3 4; do
		cat "$T/d$i.res"
		[ "$(field expected "$(cat "$T/d$i.res")")" -eq 20003 ]
		[ "$(field backwards "$(cat "$T/d$i.res")")" -eq 0 ]
	done
	kdump -f "$T/s.out" >/dev/null
}

@test "tracers racing: SET, CLEAR, CLEARFILE and DESCEND on the same processes" {
	for i in 1 2 3; do
		"$PROGS/pace" "$T/stop" 5 &
		bg+=($!)
	done
	targets=("${bg[@]}" $$)
	: >"$T/a.out"
	: >"$T/b.out"
	racer() {
		local n f op pid out
		for ((n = 0; n < ROUNDS; n++)); do
			f=$T/a.out
			((RANDOM % 2)) && f=$T/b.out
			pid=${targets[RANDOM % ${#targets[@]}]}
			case $((RANDOM % 4)) in
			0) out=$("$KTRLIB" ktrace "$f" 0 0x7fe "$pid") ;;
			1) out=$("$KTRLIB" ktrace "$f" 1 0x7fe "$pid") ;;
			2) out=$("$KTRLIB" ktrace "$f" 2 0 0) ;;
			3) out=$("$KTRLIB" ktrace "$f" 4 0x40000006 "$pid") ;;
			esac
			# Success, or what a race may give: the process gone.
			case $out in
			0|"-1 ESRCH") ;;
			*) echo "racer $1: ktrace $f: $out" >&2; return 1 ;;
			esac
		done
	}
	racer 1 & r1=$!
	racer 2 & r2=$!
	racer 3 & r3=$!
	wait $r1
	wait $r2
	wait $r3
	# Still whole: every file reads to its end, and tracing works.
	ktrace -C
	kdump -f "$T/a.out" >/dev/null
	kdump -f "$T/b.out" >/dev/null
	ktrace -f "$T/after.out" /bin/true
	run -0 kdump -f "$T/after.out"
	[[ $output == *"CALL  exit_group(0)"* ]]
}

@test "rmmod during the storm: the storm goes on, the file is whole" {
	ktrace -di -t cns -f "$T/s.out" "$PROGS/storm" "$NPROCS" >"$T/storm.res" &
	bg+=($!)
	wait_for_bytes "$T/s.out" 1 600
	rmmod ktrace
	wait "${bg[0]}"
	bg=()
	[ "$(field procs "$(cat "$T/storm.res")")" -eq "$NPROCS" ]
	run -0 kdump -f "$T/s.out"
	[[ $output == *" storm    CALL  "* ]]
	insmod "$KTRACE_KO"
}

@test "CPU 1 offline and online again and again during the storm" {
	[ -w $CPU1 ] || { echo "needs CPU 1 (regress/vm/run --smp 2)" >&2; return 1; }
	ktrace -di -t cns -f "$T/s.out" "$PROGS/storm" "$NPROCS" >"$T/storm.res" &
	bg+=($!)
	wait_for_bytes "$T/s.out" 1 600
	for ((i = 0; i < 5; i++)); do
		echo 0 >$CPU1
		echo 1 >$CPU1
	done
	wait "${bg[0]}"
	bg=()
	[ "$(field procs "$(cat "$T/storm.res")")" -eq "$NPROCS" ]
	run -0 kdump --stats -f "$T/s.out"
	echo "$output" | tail -n 3
	run -0 kdump -f "$T/s.out"
	lost=$(kdump --stats -f "$T/s.out" | awk '$1 == "records" && $2 == "lost:" { print $3 }')
	[ "$lost" -gt 0 ] || [ "$(grep -c ' true     CALL  exit_group(0)$' <<<"$output")" -eq "$NPROCS" ]
}

@test "the flight recorder of every process under the storm: snapshots whole, restarts, file trace alongside" {
	sysctl -q -w kernel.ktrace.ring_bufsize=262144
	ktrace -b -t cnsw
	ktrace -di -t cns -f "$T/s.out" "$PROGS/storm" "$NPROCS" >"$T/storm.res" &
	bg+=($!)
	wait_for_bytes "$T/s.out" 1 600
	# Snapshots while the small rings wrap under the storm, and restarts.
	for ((i = 0; i < 6; i++)); do
		ktrace -R -f "$T/r$i.out" 2>"$T/r$i.err"
		[ ! -s "$T/r$i.err" ] || { cat "$T/r$i.err"; false; }
		kdump -f "$T/r$i.out" >"$T/r$i.txt"
		grep -q ' WIN ' "$T/r$i.txt"
		ktrace -S >/dev/null
		if ((i % 2)); then
			ktrace -c -b
			ktrace -b -t cnsw
		fi
	done
	wait "${bg[0]}"
	bg=()
	[ "$(field procs "$(cat "$T/storm.res")")" -eq "$NPROCS" ]
	ktrace -R -f "$T/last.out"
	run -0 kdump --stats -f "$T/last.out"
	ktrace -C
	# The file trace is whole and accounts for every process.
	lost=$(kdump --stats -f "$T/s.out" | awk '$1 == "records" && $2 == "lost:" { print $3 }')
	run -0 kdump -f "$T/s.out"
	[ "$lost" -gt 0 ] || [ "$(grep -c ' true     CALL  exit_group(0)$' <<<"$output")" -eq "$NPROCS" ]
	sysctl -q -w kernel.ktrace.ring_bufsize=8388608
}

@test "rmmod while the recorder records every process under the storm" {
	ktrace -b -t cnsw
	"$PROGS/storm" "$NPROCS" >"$T/storm.res" &
	bg+=($!)
	ktrace -R -f "$T/r.out"
	rmmod ktrace
	wait "${bg[0]}"
	bg=()
	[ "$(field procs "$(cat "$T/storm.res")")" -eq "$NPROCS" ]
	run -0 kdump -f "$T/r.out"
	insmod "$KTRACE_KO"
}
