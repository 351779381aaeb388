#!/usr/bin/env bats
# Guest suite: a trace made on many CPUs at once, in a guest of 8.
# vm-run: --smp 8

load common

setup() {
	guest_setup cpus
}

teardown() {
	rm -rf "$T"
}

# The writer merges the CPUs' rings by the time of their records (the
# heap of ktr_buf.c).  A byte passed round 8 processes, one on each CPU,
# is read by each only after the one before it wrote it: the reads' RET
# records must come in the file in the order the byte went round, though
# they were made on 8 rings, a few records apart on each.
@test "a byte passed round 8 CPUs: its reads are in the file in the order it went" {
	[ "$(nproc)" -eq 8 ] ||
		{ echo "needs a guest of 8 vCPUs (regress/vm/run --smp 8)"; false; }
	rounds=2000
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
