#!/usr/bin/env bats
# The kernels beside the default one, briefly: the newest 6.12 of the
# matrix (regress/vm/kernels) and 6.1 PREEMPT_RT, each installed and its
# module built as make kernels does (mk/kernels), then booted once with
# the short guest suite regress/vm/smoke/smoke.bats.  make check-kernels
# runs every guest suite on every kernel of the matrix; this is make
# check's share of it.  Root: it installs the kernels when missing.

bats_require_minimum_version 1.5.0

setup_file() {
	export TOP=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
	export OUT=$TOP/obj/kernels-smoke
	rm -rf "$OUT"
	mkdir -p "$OUT"
	local matrix
	matrix=$("$TOP/regress/vm/kernels")
	export K612=$(awk '$1 ~ /^6\.12\./ && $1 !~ /-rt-/ { print $1 }' <<<"$matrix")
	export K61RT=$(awk '$1 ~ /^6\.1\./ && $1 ~ /-rt-/ { print $1 }' <<<"$matrix")
	[ -n "$K612" ] && [ -n "$K61RT" ] || return 0
	"$TOP/mk/kernels" "$K612" "$K61RT" >"$OUT/kernels.log" 2>&1 ||
		{ echo "failed" >>"$OUT/kernels.log"; return 0; }
	# Both boots at once: a TCG guest keeps one CPU busy.
	local v
	for v in "$K612" "$K61RT"; do
		{
			"$TOP/regress/vm/run" --kver "$v" -- \
			    bats --tap "$TOP/regress/vm/smoke/smoke.bats" \
			    >"$OUT/$v.tap" 2>&1
			echo $? >"$OUT/$v.rc"
		} &
	done
	wait
}

# smoke VERSION: the guest suite's TAP passed whole, and the guest's
# kernel log was clean (regress/vm/run exits 125 otherwise).
smoke() {
	local tap=$OUT/$1.tap plan
	cat "$tap"
	[ "$(cat "$OUT/$1.rc")" = 0 ]
	plan=$(sed -n 's/^1\.\.//p' "$tap")
	[ "$plan" -ge 5 ]
	[ "$(grep -c '^ok ' "$tap")" = "$plan" ]
	! grep -q '^not ok ' "$tap"
}

@test "the matrix names a 6.12 and a 6.1 PREEMPT_RT kernel, both installed and built for" {
	echo "6.12: $K612, 6.1-rt: $K61RT"
	cat "$OUT/kernels.log" 2>/dev/null || true
	[ -n "$K612" ] && [ -n "$K61RT" ]
	[ "$(tail -n 1 "$OUT/kernels.log")" != failed ]
	[ -e "/boot/vmlinuz-$K612" ] && [ -e "/boot/vmlinuz-$K61RT" ]
	grep -qx 'CONFIG_PREEMPT_RT=y' "/boot/config-$K61RT"
}

@test "the module builds without a warning for both" {
	local v
	for v in "$K612" "$K61RT"; do
		[ -e "$TOP/obj/kmod/$v/kern/ktrace.ko" ]
		! grep -i 'warning' "$TOP/obj/kmod/$v.log"
	done
}

@test "6.12: the smoke suite passes, the kernel log clean" {
	smoke "$K612"
}

@test "6.1 PREEMPT_RT: the smoke suite passes, the kernel log clean" {
	smoke "$K61RT"
}
