#!/usr/bin/env bats
# Guest suite: a trace made on many CPUs at once, in a guest of 8.
# vm-run: --smp 8

load common

setup() {
	guest_setup cpus
}

teardown() {
	teardown_params
	rm -rf "$T"
}

PARAMS=/sys/module/ktrace/parameters

teardown_params() {
	[ -z "${flush_ms:-}" ] || echo "$flush_ms" >$PARAMS/flush_ms
	echo 0 >$PARAMS/fault_snapshot_ms
}

# token_ring ROUNDS: trace tokenring, a byte passed ROUNDS times round 8
# processes, one on each CPU, and check that the reads that returned it
# are in the file in the order it went.  Each read ends only after the
# write before it, by another process on another CPU: its RET record was
# made after that process's read's RET had been published.
token_ring() {
	local rounds=$1
	[ "$(nproc)" -eq 8 ] ||
		{ echo "needs a guest of 8 vCPUs (regress/vm/run --smp 8)"; false; }
	run -0 ktrace -i -t c -f "$T/t.out" "$PROGS/tokenring" 8 "$rounds"
	read -ra pids <<<"$output"
	[ "${#pids[@]}" -eq 8 ]
	# "READS OUT_OF_ORDER": the reads that returned the byte, and how
	# many were by another process than the one the byte had reached.
	(set -o pipefail
	kdump -H -f "$T/t.out" | awk -v pids="${pids[*]}" '
	    BEGIN { k = split(pids, p, " "); for (i = 1; i <= k; i++) at[p[i]] = i - 1 }
	    $4 == "RET" && $5 == "read" && $6 == "1" && ($1 in at) {
		n++
		if (at[$1] != (n % k)) bad++
	    }
	    END { print n + 0, bad + 0 }' >"$T/counts")
	echo "reads, out of order: $(cat "$T/counts")"
	[ "$(cat "$T/counts")" = "$((8 * rounds)) 0" ]
}

# The writer merges the CPUs' rings by the time of their records (the
# heap of ktr_buf.c), though they were made on 8 rings, a few records
# apart on each.
@test "a byte passed round 8 CPUs: its reads are in the file in the order it went" {
	token_ring 2000
}

# A drain reads the rings' heads one CPU after another.  A record
# published on a CPU already read, followed by one on a CPU read later,
# must not be written after it: here the writer pauses between CPUs, as
# if preempted there, and drains every millisecond.
@test "a byte passed round 8 CPUs while the writer looks at the rings slowly: still in order" {
	flush_ms=$(cat $PARAMS/flush_ms)
	echo 1 >$PARAMS/flush_ms
	echo 1 >$PARAMS/fault_snapshot_ms
	token_ring 500
}
