#!/usr/bin/env bats
# Guest suite: hostile requests on /dev/ktrace (regress/progs/ioctlfuzz),
# as root and as an unprivileged user.  The harness fails the run if the
# kernel logs any splat; ioctlfuzz itself fails if an unprivileged request
# on another user's process succeeded.  KTRACE_FUZZ_COUNT sets the number
# of requests per run (make check's default is short; make stress's not).

load common

setup_file() {
	export COUNT=${KTRACE_FUZZ_COUNT:-3000}
}

setup() {
	guest_setup fuzz 755
	# A root process for the unprivileged run to aim at.
	"$PROGS/pace" "$T/stop" 10 &
	rootpid=$!
}

teardown() {
	touch "$T/stop"
	wait "$rootpid" || true
	rm -rf "$T" /tmp/ioctlfuzz.*
}

@test "root: $COUNT hostile requests, then the module still works" {
	run "$TOP/regress/progs/ioctlfuzz" "$COUNT" 1
	echo "$output"
	[ "$status" -eq 0 ]
	[[ $output == *"$COUNT requests, ok"* ]]
	ktrace -f "$T/after.out" /bin/true
	run -0 kdump -f "$T/after.out"
	[[ $output == *"CALL  exit_group(0)"* ]]
	rmmod ktrace
}

@test "unprivileged: $COUNT hostile requests, never one on another user's process" {
	run setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$TOP/regress/progs/ioctlfuzz" "$COUNT" 2 1 "$rootpid"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ $output == *"$COUNT requests, ok"* ]]
	# Neither root's process nor init was traced by it: no record of
	# theirs in its trace file.
	local f n=0
	for f in /tmp/ioctlfuzz.*/trace; do
		[ -e "$f" ] || continue
		run -0 kdump -f "$f"
		! awk -v p="$rootpid" '$1 == p || $1 == 1' <<<"$output" | grep -q .
		n=$((n + 1))
	done
	[ "$n" -ge 1 ]
	rmmod ktrace
}
