#!/usr/bin/env bats
# Guest suite: each trace point recorded for regress/progs/points, which
# does the matching thing in a traced child and checks the records itself
# through the libktrace reader: type, pid, tid, comm and payload.  It runs
# once; each test names the checks ("ok NAME" lines) it is about.  The
# top-level make builds points (make progs).

load common

setup_file() {
	load_module
	# The sockets are on 127.0.0.1; the guest's loopback starts down.
	ip link set lo up
	export P=$(mktemp -d /tmp/points.XXXXXX)
	status=0
	"$TOP/regress/progs/points" "$P/p.out" >"$P/log" 2>&1 || status=$?
	echo "$status" >"$P/status"
}

teardown_file() {
	rm -rf "$P"
}

# checks NAME...: each check passed; otherwise show what points said.
checks() {
	local name missing=0
	for name; do
		grep -Fxq "ok $name" "$P/log" && continue
		echo "check $name did not pass:"
		grep -F -e "FAIL $name:" "$P/log" || echo "  (no line for it)"
		missing=1
	done
	if [ "$missing" = 1 ]; then
		echo "--- points said:"
		cat "$P/log"
		return 1
	fi
}

@test "points ran every check and none failed" {
	cat "$P/log"
	[ "$(cat "$P/status")" -eq 0 ]
	[ "$(grep -c '^FAIL' "$P/log")" -eq 0 ]
	# Every check points makes, so none is skipped unseen.
	[ "$(grep -c '^ok ' "$P/log")" -eq 42 ]
}

@test "the child traced itself, exec'ed and exited 7" {
	checks child
}

@test "every record reads back, with the child's pid, its thread ids and comm, nothing lost" {
	checks records-read records-pid records-tid records-comm records-lost
}

@test "PROCCTOR first, for a 64-bit Linux process" {
	checks procctor
}

@test "n: NAMI of an open that succeeds and of one that fails with ENOENT" {
	checks namei-open ret-open namei-enoent ret-enoent
}

@test "i: GIO of read, write, readv, writev, pread, pwrite: fd, direction, bytes" {
	checks genio-write genio-read genio-writev genio-readv \
		genio-pwrite genio-pread
}

@test "i: GIO of sendto, recvfrom, sendmsg, recvmsg" {
	checks genio-sendto genio-recvfrom genio-sendmsg genio-recvmsg
}

@test "s: PSIG of a caught SIGUSR1: handler, code, blocked mask; then rt_sigreturn's RET, JUSTRETURN" {
	checks psig sigreturn
}

@test "t: STRU sockaddr of bind, getsockname, sendto, recvfrom, connect (AF_INET) and bind (AF_UNIX)" {
	checks sockaddr-bind sockaddr-getsockname sockaddr-sendto \
		sockaddr-recvfrom sockaddr-connect sockaddr-unix
}

@test "t: STRU stat of stat() and of the stat syscall, with the file's inode" {
	checks stat-newfstatat stat-stat
}

@test "u: USER of utrace() inside its ioctl" {
	checks user
}

@test "w: CSW stop \"sleep\" and resume inside a nanosleep" {
	checks csw-sleep
}

@test "a thread's records carry its own thread id" {
	checks thread-tid thread-call thread-genio
}

@test "c: execve's NAMI, PROCCTOR, ARGS and RET under the new comm; exit_group and PROCDTOR last" {
	checks exec-namei exec-ret exec-procctor exec-args exit procdtor
}

@test "kdump reads the same trace" {
	run kdump -H -f "$P/p.out"
	[ "$status" -eq 0 ]
	[[ $output == *' points '*'CALL  openat('* ]]
	[[ $output == *' execd '*'ARGS  "execd", "--exec-child", "two words", "", "third"'* ]]
	[[ $output == *'PSIG  SIGUSR1 caught handler='* ]]
	[[ $output == *'RET   rt_sigreturn JUSTRETURN'* ]]
	[[ $output == *'STRU  struct sockaddr { AF_INET, 127.0.0.1:'* ]]
	[[ $output == *'USER  '* ]]
}
