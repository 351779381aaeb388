#!/usr/bin/env bats
# Tests of the VM harness itself (regress/vm/run). Every test boots a QEMU
# guest (~4 s each on an idle 2-core host), always with --no-module: the
# module is tested by its own suites. Runs with stdin closed and CI=true,
# as CI does.

bats_require_minimum_version 1.5.0

setup() {
	TOP=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
	VMRUN=$TOP/regress/vm/run
	tree='' other='' dump=''
}

teardown() {
	# Test 8's copies of the tree (with their own 66 MB kernel image), and
	# the --panic-dump tests' dumps (512 MB each), even if the test failed.
	rm -rf "$tree" "$other" "$dump"
}

# vm ARGS...: the harness as CI runs it.
vm() {
	CI=true "$VMRUN" "$@" <&-
}

# The last line of the harness's stderr.
last_err() {
	printf '%s\n' "${stderr_lines[@]: -1}"
}

# loads FILE: "COUNT BYTES" of an ELF core file's PT_LOAD segments (file
# sizes: with paging=false QEMU writes every byte of guest memory).
loads() {
	local type off vaddr paddr filesz rest n=0 bytes=0
	while read -r type off vaddr paddr filesz rest; do
		[ "$type" = LOAD ] || continue
		n=$((n + 1)) bytes=$((bytes + filesz))
	done < <(readelf -lW "$1")
	echo "$n $bytes"
}

@test "the command's exit status is the harness's exit status" {
	run --separate-stderr vm --no-module -- sh -c 'exit 7'
	[ "$status" -eq 7 ]
}

@test "stdout and stderr arrive separately" {
	run --separate-stderr vm --no-module -- sh -c 'echo out; echo err >&2'
	[ "$status" -eq 0 ]
	[ "$output" = out ]
	[ "$stderr" = err ]
}

@test "a guest kernel panic exits 125 naming the panic and the saved log" {
	run --separate-stderr vm --no-module -- sh -c 'echo c >/proc/sysrq-trigger'
	[ "$status" -eq 125 ]
	line=$(last_err)
	[[ $line == "vm: guest kernel panic (Kernel panic - not syncing: sysrq triggered crash), log: "* ]]
	log=${line##*, log: }
	[ -f "$log" ]
	grep -q 'Kernel panic' "$log"
}

@test "a WARNING in the kernel log fails a command that succeeded" {
	run --separate-stderr vm --no-module -- \
		sh -c 'echo "WARNING: CPU: 0 PID: 1 at fake.c:1 test+0x0/0x0" >/dev/kmsg; echo done'
	[ "$status" -eq 125 ]
	[ "$output" = "done" ]
	[[ $(last_err) == "vm: guest kernel warning (WARNING: CPU: 0 PID: 1 at fake.c:1 test+0x0/0x0), log: "*/console.log ]]
}

@test "a WARNING after ktrace.ko was loaded is not said to come before it" {
	run --separate-stderr vm -- \
		sh -c 'echo "WARNING: CPU: 0 PID: 1 at fake.c:1 test+0x0/0x0" >/dev/kmsg'
	[ "$status" -eq 125 ]
	[[ $(last_err) == "vm: guest kernel warning (WARNING: CPU: 0 PID: 1 at fake.c:1 test+0x0/0x0), log: "*/console.log ]]
}

@test "arguments survive quoting and the command runs in the caller's directory" {
	cd "$TOP/regress/vm"
	run --separate-stderr vm --no-module -- \
		sh -c 'pwd >&2; exec printf "%s|" "$@"' sh 'a b' "c'd" '$HOME' '*' ''
	[ "$status" -eq 0 ]
	[ "$output" = "a b|c'd|\$HOME|*||" ]
	[ "$stderr" = "$TOP/regress/vm" ]
}

@test "--smp, --mem and --append are honoured" {
	run --separate-stderr vm --no-module --smp 1 --mem 512 \
		--append 'ktrace_test=yes slub_debug=FZPU' -- sh -c '
		nproc
		awk "/^MemTotal:/ { print \$2 }" /proc/meminfo
		tr " " "\n" </proc/cmdline | grep -E "^(ktrace_test|slub_debug)="
		ls /sys/module | grep -E "^(pvpanic|qemu_fw_cfg)" || echo "no panic drivers"'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 1 ]
	[ "${lines[1]}" -gt 0 ] && [ "${lines[1]}" -lt $((512 * 1024)) ]
	[ "${lines[2]}" = ktrace_test=yes ]
	[ "${lines[3]}" = slub_debug=FZPU ]
	# Those are for --panic-dump only.
	[ "${lines[4]}" = "no panic drivers" ]
	[ "${#lines[@]}" -eq 5 ]
}

@test "/tmp is a fresh writable tmpfs, the tree is writable, env and /dev are set up" {
	hostfile=$(mktemp /tmp/vm-harness.XXXXXX)
	mark=$TOP/obj/vm/bats-mark.$$
	rm -f "$mark"
	run --separate-stderr vm --no-module -- bash -c '
		stat -f -c %T /tmp
		echo x >/tmp/new && cat /tmp/new
		[ -e "$1" ] && echo "host /tmp visible" || echo "host /tmp hidden"
		echo guest-wrote >"$2"
		echo "$HOME|$CI|$TOP|${PATH%%:*}"
		id -u
		cat <(echo procsub)
		[ -e /dev/stdin ] && [ -e /dev/stdout ] && [ -e /dev/stderr ] && echo devstd
		echo appended >/dev/stdout' \
		bash "$hostfile" "$mark"
	rm -f "$hostfile"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = tmpfs ]
	[ "${lines[1]}" = x ]
	[ "${lines[2]}" = "host /tmp hidden" ]
	[ "$(cat "$mark")" = guest-wrote ]
	rm -f "$mark"
	[ "${lines[3]}" = "/root|true|$TOP|$TOP/usr.bin/ktrace" ]
	[ "${lines[4]}" = 0 ]
	[ "${lines[5]}" = procsub ]
	[ "${lines[6]}" = devstd ]
	# stdout is a pipe, as on the host: that reopen truncated nothing.
	[ "${lines[7]}" = appended ]
	[ "${#lines[@]}" -eq 8 ]
}

@test "--timeout kills the guest and exits 125 naming the timeout" {
	run --separate-stderr vm --no-module --timeout 8 -- sleep 100
	[ "$status" -eq 125 ]
	[[ $(last_err) == "vm: timed out after 8 s, log: "* ]]
}

@test "a tree cloned under /tmp works; concurrent runs; bad module or cwd" {
	# A fresh copy of the harness in a tree under /tmp (which the guest's
	# tmpfs covers), three runs at once racing to build its images.
	tree=$(mktemp -d /tmp/vm-tree.XXXXXX)
	other=$(mktemp -d /tmp/vm-other.XXXXXX)
	mkdir -p "$tree/regress/vm" "$tree/sub"
	cp "$TOP"/regress/vm/{run,init,mkinitramfs,mkkernel,kver} "$tree/regress/vm/"
	echo here >"$tree/sub/marker"
	mkdir "$tree/kern"
	echo 'not an ELF file' >"$tree/kern/ktrace.ko"
	# bg N DIR ARGS...: run the tree's harness from DIR in the background.
	bg() {
		local n=$1 dir=$2 st=0
		shift 2
		(cd "$dir" && "$tree/regress/vm/run" --smp 1 "$@" \
			>"$tree/$n.out" 2>"$tree/$n.err" <&-) || st=$?
		echo "$st" >"$tree/$n.st"
	}
	bg 1 "$tree/sub" --no-module -- sh -c 'pwd; cat marker' &
	bg 2 "$tree/sub" -- true &
	bg 3 "$other" --no-module -- true &
	wait
	st1=$(cat "$tree/1.st") st2=$(cat "$tree/2.st") st3=$(cat "$tree/3.st")
	out1=$(cat "$tree/1.out") err2=$(tail -n 1 "$tree/2.err")
	err3=$(tail -n 1 "$tree/3.err")
	[ "$st1" -eq 0 ]
	[ "$out1" = "$tree/sub
here" ]
	[ "$st2" -eq 125 ]
	[[ $err2 == "vm: ktrace.ko failed to load: "*"Invalid module format"* ]]
	[ "$st3" -eq 125 ]
	[[ $err3 == "vm: working directory $other does not exist in the guest"* ]]
}

# --icount: one instruction a nanosecond, so the TSC runs at 1 GHz
# whatever the host's, and a loop of the shell takes the same time from
# run to run (the first, which warms up, apart).
@test "--icount: the guest's clock counts instructions" {
	run --separate-stderr vm --no-module --smp 1 --icount -- bash -c '
		dmesg | grep -o "Refined TSC clocksource calibration: .*"
		for r in 1 2 3 4; do
			s=${EPOCHREALTIME/./} i=0
			while [ $i -lt 20000 ]; do i=$((i + 1)); done
			echo "loop $((${EPOCHREALTIME/./} - s))"
		done'
	echo "$output"
	[ "$status" -eq 0 ]
	# 1 GHz, to the calibration's last digit or two.
	grep -Eqx "Refined TSC clocksource calibration: (999\.9[0-9]{2}|1000\.0[0-9]{2}) MHz" <<<"$output"
	# Loops 2 to 4 within 0.2% of each other.
	awk '$1 == "loop" && ++n > 1 { t[n] = $2 }
		END { lo = hi = t[2]; for (i = 3; i <= n; i++) {
			if (t[i] < lo) lo = t[i]; if (t[i] > hi) hi = t[i] }
		exit !(n == 4 && lo > 0 && hi <= lo * 1.002) }' <<<"$output"
}

@test "usage errors exit 2 without booting" {
	run --separate-stderr vm --no-module
	[ "$status" -eq 2 ]
	run --separate-stderr vm --frobnicate -- true
	[ "$status" -eq 2 ]
	run --separate-stderr vm --mem lots -- true
	[ "$status" -eq 2 ]
	run --separate-stderr vm --timeout
	[ "$status" -eq 2 ]
	run --separate-stderr vm --no-module --panic-dump /nonexistent/vmcore -- true
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "vm/run: --panic-dump: no directory /nonexistent" ]
	run --separate-stderr vm --no-module --icount -- true
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "vm/run: --icount needs --smp 1" ]
	run --separate-stderr vm --no-module --gdb 70000 -- true
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "vm/run: --gdb takes a TCP port, not '70000'" ]
}

@test "a missing ktrace.ko exits 125 without booting" {
	tree=$(mktemp -d /tmp/vm-tree.XXXXXX)
	mkdir -p "$tree/regress/vm"
	cp "$TOP"/regress/vm/{run,init,mkinitramfs,mkkernel,kver} "$tree/regress/vm/"
	run --separate-stderr "$tree/regress/vm/run" -- true
	[ "$status" -eq 125 ]
	[ "$(last_err)" = "vm: ktrace.ko failed to load: $tree/kern/ktrace.ko does not exist (make module, or --no-module)" ]
	[ ! -e "$tree/obj" ]
}

# --panic-dump: a boot, a panic and a 512 MiB dump, ~12 s each when idle.

@test "--panic-dump: a panic writes an ELF dump of guest memory; markers reach stdout" {
	dump=$BATS_TEST_TMPDIR/vmcore
	# Markers through /dev/kmsg: the kernel prints them on the serial
	# console before the crash, where 9p writes may be lost.
	run --separate-stderr vm --no-module --panic-dump "$dump" -- sh -c '
		echo "vm-mark: hello" >/dev/kmsg
		for m in pvpanic_mmio qemu_fw_cfg; do
			[ ! -d /sys/module/$m ] || echo "vm-mark: loaded $m" >/dev/kmsg
		done
		echo c >/proc/sysrq-trigger'
	[ "$status" -eq 0 ]
	[ "$output" = "vm-mark: hello
vm-mark: loaded pvpanic_mmio
vm-mark: loaded qemu_fw_cfg" ]
	[ "$(head -c 4 "$dump" | od -A n -t x1 | tr -d ' ')" = 7f454c46 ]
	readelf -hW "$dump" | grep -Eq '^ *Type: +CORE'
	# All of the default --mem 512 (and the BIOS's 256 KiB at 4 GiB).
	read -r n bytes < <(loads "$dump")
	[ "$n" -ge 1 ]
	[ "$bytes" -ge $((512 << 20)) ]
	[ "$bytes" -le $((513 << 20)) ]
	# -device vmcoreinfo, filled in by the guest's qemu_fw_cfg.
	readelf -nW "$dump" | grep -q VMCOREINFO
}

@test "--panic-dump: without the pvpanic driver the reset fallback still dumps" {
	dump=$BATS_TEST_TMPDIR/vmcore
	run --separate-stderr vm --no-module --panic-dump "$dump" -- sh -c '
		rmmod pvpanic_mmio pvpanic && echo "vm-mark: no pvpanic" >/dev/kmsg
		echo c >/proc/sysrq-trigger'
	[ "$status" -eq 0 ]
	[ "$output" = "vm-mark: no pvpanic" ]
	read -r n bytes < <(loads "$dump")
	[ "$n" -ge 1 ]
	[ "$bytes" -ge $((512 << 20)) ]
	[ "$bytes" -le $((513 << 20)) ]
}

@test "--panic-dump: a guest that does not panic exits 125 and leaves no dump" {
	dump=$BATS_TEST_TMPDIR/vmcore
	echo stale >"$dump"
	run --separate-stderr vm --no-module --panic-dump "$dump" -- sh -c 'echo out'
	[ "$status" -eq 125 ]
	[ "$output" = out ]
	[[ $(last_err) == "vm: guest did not panic (the guest powered off; the command exited 0), log: "*/console.log ]]
	[ ! -e "$dump" ]
}

@test "--panic-dump: a WARNING before the crash exits 125 naming it" {
	dump=$BATS_TEST_TMPDIR/vmcore
	run --separate-stderr vm --no-module --panic-dump "$dump" -- sh -c '
		echo "WARNING: CPU: 0 PID: 1 at fake.c:1 test+0x0/0x0" >/dev/kmsg
		echo c >/proc/sysrq-trigger'
	[ "$status" -eq 125 ]
	[[ $(last_err) == "vm: guest kernel warning (WARNING: CPU: 0 PID: 1 at fake.c:1 test+0x0/0x0), log: "*/console.log ]]
	[ ! -e "$dump" ]
}
