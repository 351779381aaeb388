#!/usr/bin/env bats
# Guest suite: the permission matrix of ktrace(2), written out.  Callers
# {root, the same user, another user} x targets {a plain process of the
# user, the user running a setuid-root program, a plain process traced by
# root} x operations {SET, CLEAR, CLEARFILE, SET|DESCEND}.  Each cell
# gives the call's result and its effect: whether the target is traced
# into the file when it exits.  The user is nobody, the other daemon.

load common

SET=0 CLEAR=1 CLEARFILE=2 DESCEND=4 SYSCALL=2

# caller target op: result, then whether the target is traced at its end.
# CLEAR and CLEARFILE act on a trace set beforehand (by the user on a
# plain process, by root on the others: no one else may trace them).
MATRIX="
root  plain   SET        0      traced
root  plain   CLEAR      0      untraced
root  plain   CLEARFILE  0      untraced
root  plain   DESCEND    0      traced
root  setuid  SET        0      traced
root  setuid  CLEAR      0      untraced
root  setuid  CLEARFILE  0      untraced
root  setuid  DESCEND    0      traced
root  rootset SET        0      traced
root  rootset CLEAR      0      untraced
root  rootset CLEARFILE  0      untraced
root  rootset DESCEND    0      traced
same  plain   SET        0      traced
same  plain   CLEAR      0      untraced
same  plain   CLEARFILE  0      untraced
same  plain   DESCEND    0      traced
same  setuid  SET        EPERM  untraced
same  setuid  CLEAR      EPERM  traced
same  setuid  CLEARFILE  EPERM  traced
same  setuid  DESCEND    EPERM  untraced
same  rootset SET        EPERM  traced
same  rootset CLEAR      EPERM  traced
same  rootset CLEARFILE  EPERM  traced
same  rootset DESCEND    EPERM  traced
other plain   SET        EPERM  untraced
other plain   CLEAR      EPERM  traced
other plain   CLEARFILE  EPERM  traced
other plain   DESCEND    EPERM  untraced
other setuid  SET        EPERM  untraced
other setuid  CLEAR      EPERM  traced
other setuid  CLEARFILE  EPERM  traced
other setuid  DESCEND    EPERM  untraced
other rootset SET        EPERM  traced
other rootset CLEAR      EPERM  traced
other rootset CLEARFILE  EPERM  traced
other rootset DESCEND    EPERM  traced
"

setup_file() {
	make -s -C "$TOP/regress/tools" >/dev/null
	load_module
}

setup() {
	guest_setup matrix 755
	cp "$PROGS/pace" "$T/suid-pace"
	chmod 4755 "$T/suid-pace"
	pid=
}

teardown() {
	[ -z "$pid" ] || { touch "$T/stop"; wait "$pid" || true; }
	rm -rf "$T"
}

# The user's target, running until $T/stop exists; its pid in $pid.
start_target() {
	local prog=$PROGS/pace comm=pace

	[ "$1" = setuid ] && prog=$T/suid-pace comm=suid-pace
	"${as_nobody[@]}" "$prog" "$T/stop" 10 &
	pid=$!
	wait_for_comm "$pid" "$comm"
}

# as CALLER CMD...: run CMD as the caller.
as() {
	case $1 in
	root) shift; "$@" ;;
	same) shift; "${as_nobody[@]}" "$@" ;;
	other) shift; "${as_daemon[@]}" "$@" ;;
	esac
}

@test "every cell of the matrix: the result and the effect written down" {
	local caller target op want effect file pre ops out n=0 bad=
	while read -r caller target op want effect; do
		[ -n "$caller" ] || continue
		rm -f "$T/stop"
		start_target "$target"
		# The file every caller may name: opened for writing by all.
		file=$T/trace.$n
		: >"$file"
		chmod 666 "$file"
		case $op in
		CLEAR|CLEARFILE)
			pre=root
			[ "$target" = plain ] && pre=same
			out=$(as $pre "$KTRLIB" ktrace "$file" $SET $SYSCALL "$pid")
			[ "$out" = 0 ] || { echo "pre-trace of $target by $pre: $out"; return 1; }
			;;
		SET|DESCEND)
			if [ "$target" = rootset ]; then
				out=$("$KTRLIB" ktrace "$file" $SET $SYSCALL "$pid")
				[ "$out" = 0 ] || { echo "root's trace: $out"; return 1; }
			fi
			;;
		esac
		case $op in
		SET) ops=$SET ;;
		DESCEND) ops=$((SET | DESCEND)) ;;
		CLEAR) ops=$CLEAR ;;
		CLEARFILE) ops=$CLEARFILE ;;
		esac
		if [ "$op" = CLEARFILE ]; then
			out=$(as "$caller" "$KTRLIB" ktrace "$file" $ops 0 0)
		else
			out=$(as "$caller" "$KTRLIB" ktrace "$file" $ops $SYSCALL "$pid")
		fi
		[ "$out" = 0 ] || out=${out#-1 }
		# The target exits; its exit_group is in the file if traced.
		touch "$T/stop"
		wait "$pid" || true
		pid=
		if kdump -f "$file" | grep -q "CALL  exit_group"; then
			got=traced
		else
			got=untraced
		fi
		echo "$caller $target $op: $out $got (want $want $effect)"
		[ "$out" = "$want" ] && [ "$got" = "$effect" ] ||
			bad="$bad
$caller $target $op: got $out $got, want $want $effect"
		n=$((n + 1))
	done <<<"$MATRIX"
	[ "$n" -eq 36 ]
	[ -z "$bad" ] || { echo "cells that differ:$bad"; return 1; }
}
