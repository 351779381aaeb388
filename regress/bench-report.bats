#!/usr/bin/env bats
# Host suite: regress/bench/report, the benchmark's tables and
# results.json, on measurements written here (the guest side,
# regress/bench/run-guest, is make bench's).

load tools/common

REPORT=$TOP/regress/bench/report

setup() {
	common_setup
}

# raw LINE...: the lines, their fields separated by spaces here, as
# run-guest's tab-separated file r.tsv.
raw() {
	printf '%s\n' "$@" | tr ' ' '\t' >r.tsv
}

@test "bystander: each run over the untraced runs of its own block" {
	# ktrace's block ran untraced at 1 µs a call, LTTng's at 2: ktrace's
	# 1.5 µs runs are 1.5x and LTTng's 3 µs runs 1.5x too; set against
	# every untraced run (median 1.5 µs) they would be 1x and 2x.
	# bpftrace's runs have no reference: its × is unknown.
	raw 'info kernel test' 'info by_refs 2' 'info by_runs 3' \
	    'run bystander-ref ktrace-c 1 1000 1000000 - - -' \
	    'run bystander-ref ktrace-c 1 1000 1000000 - - -' \
	    'run bystander ktrace-c 1 1000 1500000 - - -' \
	    'run bystander ktrace-c 1 1000 1600000 - - -' \
	    'run bystander ktrace-c 1 1000 1400000 - - -' \
	    'run bystander-ref ktrace-c 1 1000 1000000 - - -' \
	    'run bystander-ref lttng 1 1000 2000000 - - -' \
	    'run bystander lttng 1 1000 3000000 - - -' \
	    'run bystander-ref lttng 1 1000 2000000 - - -' \
	    'run bystander bpftrace 1 1000 5000000 - - -' \
	    'na bystander.sysdig no-scap-here'
	run -0 "$REPORT" r.tsv r.json
	[[ $output == *"block: 2 untraced runs with nothing traced, 3 runs while it traces, 2 untraced again"* ]]
	[[ $output == *"| ktrace -t c -p | "*" | 1.50x | 1.50, 1.60, 1.40 |"* ]]
	[[ $output == *"| LTTng, track --pid | "*" | 1.50x | 1.50 |"* ]]
	[[ $output == *"| bpftrace, /pid == N/ | "*"(no reference) | ? |"* ]]
	[[ $output == *"| sysdig, filter proc.pid | "*" | n/a[^b"*"] | n/a |"* ]]
	[[ $output == *"]: sysdig, filter proc.pid: no-scap-here"* ]]
	run -0 python3 -c 'import json, sys
d = json.load(open("r.json"))["bystander"]
print("%.2f %.2f %.0f %s" % (d["ktrace-c"]["ratio_paired_median"],
    d["lttng"]["ratio_paired_median"], d["lttng"]["reference"]["median"],
    "ratio_paired_median" in d["bpftrace"]))'
	[ "$output" = "1.50 1.50 2000 False" ]
}

@test "bystander: no runs, a line that says so" {
	raw 'info kernel test' 'run getppid none 1 1000 1000000 0 - -'
	run -0 "$REPORT" r.tsv r.json
	[[ $output == *"n/a (no bystander runs recorded)"* ]]
}

@test "a cell without untraced runs is n/a, not a crash" {
	raw 'info kernel test' 'run getppid ktrace-c 1 100 200 0 - -'
	run -0 "$REPORT" r.tsv r.json
	[[ $output == *"| getppid loop (null syscall) | ? | n/a"* ]]
}

@test "the host's stolen time: measured around the command, then reported" {
	raw 'info kernel test' 'run getppid none 1 1000 1000000 - - -'
	run -3 "$TOP/regress/bench/host-steal" r.tsv sh -c 'sleep 0.3; exit 3'
	[ "$(grep -c '^info	host_\(steal\|busy\)_pct	[0-9.]*$' r.tsv)" = 2 ]
	grep -q "^info	host_cpus	$(nproc)$" r.tsv
	raw 'info kernel test' 'info host_steal_pct 12.5' \
	    'info host_busy_pct 61.0' 'info host_cpus 2'
	run -0 "$REPORT" r.tsv r.json
	[[ $output == *"The host, during the run: 12.5% of its CPU time taken by its own hypervisor for others (stolen), 61.0% busy on its 2 CPUs (the guest's one TCG thread alone is 50%)."* ]]
	raw 'info kernel test'
	run -0 "$REPORT" r.tsv r.json
	[[ $output != *"The host, during the run"* ]]
}
