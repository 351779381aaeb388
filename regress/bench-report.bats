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

@test "bystander: each run over the untraced run of its own round" {
	# Round 1 untraced 1 µs a call, round 2 2 µs: ktrace's 1.5 and 3 µs
	# are 1.5x in both; the unpaired medians would say otherwise.
	raw 'info kernel test' \
	    'run bystander none 1 1000 1000000 - - -' \
	    'run bystander none 2 1000 2000000 - - -' \
	    'run bystander ktrace-c 1 1000 1500000 - - -' \
	    'run bystander ktrace-c 2 1000 3000000 - - -' \
	    'run bystander lttng 1 1000 4000000 - - -' \
	    'na bystander.sysdig no-scap-here'
	run -0 "$REPORT" r.tsv r.json
	[[ $output == *"| ktrace -t c -p | "*" | 1.50x |"* ]]
	[[ $output == *"| LTTng, track --pid | "*" | 4.00x |"* ]]
	[[ $output == *"| sysdig, filter proc.pid | "*" | n/a[^b"*"] | n/a |"* ]]
	[[ $output == *"]: sysdig, filter proc.pid: no-scap-here"* ]]
	run -0 python3 -c 'import json, sys
d = json.load(open("r.json"))["bystander"]
print("%.2f %.2f" % (d["ktrace-c"]["ratio_paired_median"],
    d["lttng"]["ratio_paired_median"]))'
	[ "$output" = "1.50 4.00" ]
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
