#!/usr/bin/env bats
# regress/bench/stepcount, which counts one loop iteration's instructions
# by single-stepping the test VM through QEMU's gdb server (regress/vm/run
# --gdb), or one drain of ktrace's writer (-W): three boots, of about 10,
# 10 and 40 s.

bats_require_minimum_version 1.5.0

setup_file() {
	TOP=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
	make -s -C "$TOP/regress/bench" >/dev/null
}

setup() {
	TOP=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
	STEPCOUNT=$TOP/regress/bench/stepcount
}

# count N: iteration N's count in $output.
count() {
	sed -n "s/^iteration $1: \([0-9]*\) instructions\$/\1/p" <<<"$output"
}

# share WHERE: the instructions $output's "by where it ran" gives WHERE.
share() {
	sed -n '/^the last iteration by where it ran:$/,/^$/p' <<<"$output" |
		awk -v w="$1" '{ n = $1; $1 = $2 = ""; sub(/^ +/, "") } $0 == w { print n }'
}

# The smallest rings, which the loop fills to half between drains: the
# count must still start where the ring's state is the same each time,
# not where a ring past a quarter full adds the writer's kick, or a
# ring drained since it was past half leaves its flag to the next exit.
@test "a traced getppid iteration: the same count each time, the probes' share named" {
	run -0 --separate-stderr "$STEPCOUNT" -b 131072 -i 3 -t 100 </dev/null
	echo "$output"
	[ "${lines[0]}" = "getppid loop, ktrace -i -t c, in a guest of one CPU" ]
	a=$(count 1) b=$(count 2) c=$(count 3)
	[ -n "$a" ] && [ "$a" = "$b" ] && [ "$b" = "$c" ]
	[[ $output != *ktr_writer_kick* ]]
	# The system call itself, the loop around it, and ktrace's probes,
	# which make both records (a CALL at entry, a RET at exit, each
	# with its time) inline.
	grep -Eq '^ +[0-9]+ +[0-9.]+%  __x64_sys_getppid$' <<<"$output"
	grep -Eq '^ +[0-9]+ +[0-9.]+%  ktr_sys_enter_all \[ktrace\]$' <<<"$output"
	grep -Eq '^ +[0-9]+ +[0-9.]+%  ktr_sys_exit_all \[ktrace\]$' <<<"$output"
	grep -Eq '^ +[0-9]+ +[0-9.]+%  ktime_get_real_fast_ns$' <<<"$output"
	user=$(share 'user space') kern=$(share kernel) mod=$(share 'module ktrace')
	[ "$((user + kern + mod))" -eq "$b" ]
	# Two records, each a 64-byte header filled field by field, are
	# not made in fewer than 100 instructions: a smaller share is one
	# the count did not give the module.
	[ "$mod" -ge 100 ]
}

# -W: the writer's side, which the loop's count leaves out.
@test "-W: one drain of the writer, its records and instructions a record" {
	run -0 --separate-stderr "$STEPCOUNT" -W -t 1000 </dev/null
	echo "$output"
	[ "${lines[0]}" = "ktrace's writer, one drain, the getppid loop under ktrace -i -t c, in a guest of one CPU" ]
	[[ ${lines[1]} =~ ^([0-9]+)\ records:\ ([0-9]+)\ instructions,\ ([0-9.]+)\ a\ record$ ]]
	n=${BASH_REMATCH[1]} total=${BASH_REMATCH[2]} each=${BASH_REMATCH[3]}
	[ "$n" -ge 100 ]
	[ "$(awk -v t="$total" -v n="$n" 'BEGIN { printf "%.1f", t / n }')" = "$each" ]
	# The drain, its copies, and the write into the tmpfs file.
	grep -Eq '^ +[0-9]+ +[0-9.]+%  ktr_buf_drain \[ktrace\]$' <<<"$output"
	grep -Eq '^ +[0-9]+ +[0-9.]+%  memcpy$' <<<"$output"
	grep -Eq '^ +[0-9]+ +[0-9.]+%  shmem_write_begin$' <<<"$output"
	# Every instruction is in one function of the list.
	sum=$(awk '/^its functions:$/ { f = 1; next } f && NF { s += $1 } END { print s }' <<<"$output")
	[ "$sum" -eq "$total" ]
}

# -a: a command beside the loop, ended when the count is done, even one
# that keeps the ignored SIGINT of a background job (as sleep does).
@test "-a: an attached command that traces nothing leaves the untraced count" {
	run -0 --separate-stderr "$STEPCOUNT" -a 'exec sleep 1000' -s 1 -i 2 -t 100 </dev/null
	echo "$output"
	[ "${lines[0]}" = "getppid loop, under: exec sleep 1000, in a guest of one CPU" ]
	a=$(count 1) b=$(count 2)
	[ -n "$a" ] && [ "$a" = "$b" ]
	grep -Eq '^ +[0-9]+ +[0-9.]+%  __x64_sys_getppid$' <<<"$output"
	[[ $output != *ktrace* ]]
	user=$(share 'user space') kern=$(share kernel)
	[ "$((user + kern))" -eq "$b" ]
}

@test "usage errors exit 2 without booting" {
	run -2 --separate-stderr "$STEPCOUNT" -w fork
	[ "${stderr_lines[0]}" = "stepcount: no loop 'fork'" ]
	run -2 --separate-stderr "$STEPCOUNT" -i 0
	[ "${stderr_lines[0]}" = "stepcount: -i takes 1 to 99, not '0'" ]
	run -2 --separate-stderr "$STEPCOUNT" extra
	[ "${stderr_lines[0]}" = "stepcount: no operands" ]
	run -2 --separate-stderr "$STEPCOUNT" -a true -s soon
	[ "${stderr_lines[0]}" = "stepcount: -s takes seconds, not 'soon'" ]
	run -2 --separate-stderr "$STEPCOUNT" -b 64k
	[ "${stderr_lines[0]}" = "stepcount: -b takes bytes, not '64k'" ]
	run -2 --separate-stderr "$STEPCOUNT" -W -u
	[ "${stderr_lines[0]}" = "stepcount: -W counts ktrace's writer: not with -u or -a" ]
}
