#!/usr/bin/env bats
# Host suite: the flight recorder after a crash.  A guest records, then
# panics from a known syscall (regress/vm/crash-guest); the harness dumps
# its memory (regress/vm/run --panic-dump), and ktrace -R -M rebuilds a
# trace file from the dump here, on the host, with no kernel symbols.
# Each test boots one guest; the dumps (the guest's memory, 512 MB) are
# deleted when the suite ends.

bats_require_minimum_version 1.5.0

setup_file() {
	export TOP=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
	export KTRACE=$TOP/usr.bin/ktrace/ktrace KDUMP=$TOP/usr.bin/kdump/kdump
	export D=$(mktemp -d "$TOP/obj/crash.XXXXXX")
	# The one crash with the module loaded, shared by the tests that
	# look at what it left.
	CI=true "$TOP/regress/vm/run" --panic-dump "$D/core" -- \
		"$TOP/regress/vm/crash-guest" >"$D/marks" 2>"$D/vm.err" <&- ||
		echo $? >"$D/vm.status"
	"$KTRACE" -R -M "$D/core" -f "$D/r.out" 2>"$D/r.err" ||
		echo $? >"$D/r.status"
	"$KDUMP" --json -f "$D/r.out" >"$D/r.json" 2>/dev/null || true
	rm -f "$D/core"
}

teardown_file() {
	rm -rf "$D"
}

# mark NAME KEY: a value from the guest's "vm-mark: NAME KEY=V ..." line.
mark() {
	sed -n "s/^vm-mark: $1 .*\\<$2=\\([0-9]*\\).*/\\1/p" "$D/marks" | head -n 1
}

# json PYTHON: run PYTHON over the records of kdump --json (r: a list of
# dicts, with name, args and retval of a CALL or RET and the time t in
# seconds put at the top).
json() {
	python3 -c "
import json
r = []
for line in open('$D/r.json'):
    x = json.loads(line)
    d = x.get('decoded', {})
    x['name'], x['args'], x['retval'] = d.get('syscall'), d.get('args'), d.get('retval')
    x['t'] = x['time']['sec'] + x['time']['nsec'] / 1e9
    r.append(x)
$1
"
}

@test "the guest panicked from crashme, was dumped, and the dump was read" {
	cat "$D/vm.err" "$D/marks" "$D/r.err"
	[ ! -e "$D/vm.status" ]
	[ ! -e "$D/r.status" ]
	[ -n "$(mark crashme pid)" ]
	[ "$(mark crashme cpu)" -eq 1 ]
	# A window per CPU and set: 2 CPUs, flight and file.
	[ "$(json 'print(sum(1 for x in r if x["type"] == "WIN"))')" -eq 4 ]
	[ "$(json 'print(sum(x["decoded"]["inflight"] for x in r if x["type"] == "WIN"))')" -eq 0 ]
	# Nothing was being written at the crash: the write's CALL was whole.
	! grep -q 'being written' "$D/r.err"
}

@test "CPU 1's last record is crashme's CALL write to sysrq-trigger, no RET after it" {
	pid=$(mark crashme pid) fd=$(mark crashme fd)
	run -0 json '
last = [x for x in r if x["type"] != "WIN" and x["cpu"] == 1][-1]
print(last["type"], last["pid"], last["name"], last["args"][0], last["args"][2])
'
	[ "$output" = "CALL $pid write $fd 1" ]
}

@test "before it on CPU 1, crashme's known calls in order" {
	pid=$(mark crashme pid) fd=$(mark crashme fd)
	# Its last 9 calls and returns: the write of its mark to /dev/kmsg,
	# three getpid returning its pid, the crashing write.
	run -0 json "
# taskset's records, before it exec'ed crashme, may be on CPU 0.
mine = [x for x in r if x['pid'] == $pid and x['comm'] == 'crashme' and x['type'] in ('CALL', 'RET')]
assert all(x['cpu'] == 1 for x in mine), [x for x in mine if x['cpu'] != 1]
for x in mine[-9:]:
    print(x['type'], x['name'], x['retval'] if x['type'] == 'RET' else '')
"
	echo "$output"
	[ "${#lines[@]}" -eq 9 ]
	[ "${lines[0]}" = "CALL write " ]
	[[ ${lines[1]} =~ ^"RET write "[1-9][0-9]*$ ]]
	for i in 2 4 6; do
		[ "${lines[i]}" = "CALL getpid " ]
		[ "${lines[i + 1]}" = "RET getpid $pid" ]
	done
	[ "${lines[8]}" = "CALL write " ]
	# The path of sysrq-trigger, and the descriptor its open returned.
	run -0 "$KDUMP" -f "$D/r.out" -p "$pid"
	[[ $output == *'NAMI  "/proc/sysrq-trigger"'* ]]
	[[ $output == *"RET   openat $fd"* ]]
}

@test "kdump --pairs shows the crashing write with no result: = ??" {
	pid=$(mark crashme pid) fd=$(mark crashme fd)
	run -0 "$KDUMP" --pairs -f "$D/r.out" -p "$pid"
	echo "$output" | tail -n 3
	[[ ${lines[-1]} == *"---:---:---  write($(printf '%#x' "$fd"), "*", 0x1) = ??" ]]
}

@test "CPU 0's last records: the bystander's, just before the crash" {
	pace=$(mark pace pid)
	run -0 json "
c0 = [x for x in r if x['type'] != 'WIN' and x['cpu'] == 0]
crash = [x for x in r if x['type'] != 'WIN' and x['cpu'] == 1][-1]
print(sum(1 for x in c0 if x['pid'] == $pace and x.get('name') == 'access'))
print(crash['t'] - c0[-1]['t'])
"
	echo "$output"
	[ "${lines[0]}" -gt 10 ]
	# Within a second of it, either side: the bystander walks every 2 ms,
	# and CPU 0 runs on until the panic stops it.
	python3 -c "import sys; sys.exit(0 if abs(float(sys.argv[1])) < 1 else 1)" "${lines[1]}"
}

@test "the file ring's records that never reached their trace file are recovered" {
	calls=$(mark calls pid)
	[ -n "$calls" ]
	run -0 "$KDUMP" -f "$D/r.out" -p "$calls"
	[ "$(grep -c 'CALL  getppid' <<<"$output")" -eq 1000 ]
	[ "$(grep -c 'RET   getppid' <<<"$output")" -eq 1000 ]
	[ "$(grep -c 'NAMI  "/nonexistent/calls"' <<<"$output")" -eq 10 ]
	# Its last record: the sleep it was in at the crash.
	[[ ${lines[-1]} == *"CALL  nanosleep("* ]]
}

@test "a dump of a guest that never loaded the module: no anchor, exit 1" {
	CI=true "$TOP/regress/vm/run" --no-module --panic-dump "$D/core0" -- \
		sh -c 'echo c >/proc/sysrq-trigger' >/dev/null <&-
	run -1 "$KTRACE" -R -M "$D/core0" -f "$D/r0.out"
	rm -f "$D/core0"
	[ "$output" = "ktrace: no ktrace anchor in $D/core0 (the module was not loaded, or was unloaded, when the dump was taken)" ]
}
