#!/usr/bin/env bats
# regress/run-suites, make check's runner, on a scratch tree of small
# suites, with a vm/run that runs the guest suite's bats here: the
# totals, the exit status, the order of the output, the rules for
# missing tests and skips, and that the guests run beside the host
# suites.

bats_require_minimum_version 1.5.0

setup() {
	unset CI KTRACE_VM_JOBS KTRACE_VM_KERNEL	# this run's, not the suite's
	top=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
	cd "$BATS_TEST_TMPDIR" || return 1
	mkdir -p t/regress/vm
	cp "$top/regress/run-suites" t/regress/
	# vm/run OPTIONS -- COMMAND: COMMAND, here.  A suite with a line
	# "# fake: partial" stops after its first test, exit status 0; one
	# with "# fake: exit125" runs whole, then fails as vm/run does.
	# "# fake: early125" fails its first boot as vm/run does when the
	# kernel erred before the module was loaded (with a failed test
	# first), then runs whole; "# fake: early125always" fails each boot
	# so.  Each boot adds a line to SUITE.boots.
	cat >t/regress/vm/run <<-'EOF'
	#!/bin/bash
	while [ "$1" != -- ]; do shift; done
	shift
	echo boot >>"${!#}.boots"
	early() {
		printf '1..1\nnot ok 1 t1\n'
		echo "vm: guest kernel error (BUG: KASAN: x in y, before ktrace.ko was loaded), log: /c" >&2
		exit 125
	}
	case $(grep -o 'fake: [a-z0-9]*' "${!#}") in
	"fake: partial") printf '1..2\nok 1 t1\n'; exit 0 ;;
	"fake: exit125") "$@"; echo "vm: guest kernel error" >&2; exit 125 ;;
	"fake: early125") [ "$(wc -l <"${!#}.boots")" -gt 1 ] || early ;;
	"fake: early125always") early ;;
	esac
	exec "$@"
	EOF
	printf '#!/bin/bash\n' >t/regress/vm/suite-args
	chmod +x t/regress/vm/run t/regress/vm/suite-args
}

# suite FILE BODY...: a bats file of one test a BODY, named tN.
suite() {
	local f=t/$1 n=0 body
	shift
	printf '#!/usr/bin/env bats\n' >"$f"
	for body in "$@"; do
		n=$((n + 1))
		printf '@test "t%d" {\n\t%s\n}\n' "$n" "$body" >>"$f"
	done
}

@test "the totals, host suites' output before the guests', each timed" {
	suite regress/a.bats true true
	suite regress/b.bats true
	suite regress/vm/g.bats true true true
	run --separate-stderr t/regress/run-suites
	[ "$status" -eq 0 ]
	[ "${lines[-1]}" = "6 passed, 0 failed" ]
	[ "$(grep '^# suite' <<<"$output" | grep -v took | cut -d' ' -f3 | xargs)" = \
	    "regress/a.bats regress/b.bats regress/vm/g.bats" ]
	[ "$(grep -c '^# suite .* took [0-9]* s$' <<<"$output")" -eq 3 ]
	# On stderr as each ends: each suite and the host job.
	[ "$(grep -c 'done in [0-9]* s$' <<<"$stderr")" -eq 4 ]
}

@test "a failing test, a test not run, a non-zero exit: each counts as failed" {
	suite regress/a.bats true false
	suite regress/vm/g.bats true true
	echo "# fake: partial" >>t/regress/vm/g.bats
	suite regress/vm/h.bats true
	echo "# fake: exit125" >>t/regress/vm/h.bats
	run t/regress/run-suites
	[ "$status" -eq 1 ]
	[ "${lines[-1]}" = "3 passed, 3 failed" ]
	grep -q '^not ok 2 t2' <<<"$output"
	grep -q '^# suite regress/vm/g.bats: ran 1 of 2 tests$' <<<"$output"
	grep -q '^# suite regress/vm/h.bats: exit status 125 with no failing test$' <<<"$output"
	grep -q '^vm: guest kernel error$' <<<"$output"
}

@test "a boot whose kernel erred before the module was loaded: booted once more, said" {
	suite regress/vm/g.bats true true
	echo "# fake: early125" >>t/regress/vm/g.bats
	suite regress/vm/h.bats true
	echo "# fake: early125always" >>t/regress/vm/h.bats
	suite regress/vm/k.bats true
	echo "# fake: exit125" >>t/regress/vm/k.bats
	run --separate-stderr t/regress/run-suites
	[ "$status" -eq 1 ]
	# g's second boot counts, not its first; h fails twice; k's error
	# came after the module was loaded: one boot.
	[ "${lines[-1]}" = "3 passed, 2 failed" ]
	[ "$(wc -l <t/regress/vm/g.bats.boots)" -eq 2 ]
	[ "$(wc -l <t/regress/vm/h.bats.boots)" -eq 2 ]
	[ "$(wc -l <t/regress/vm/k.bats.boots)" -eq 1 ]
	grep -q '^# run-suites: regress/vm/g.bats: booted again, the first boot failed before the module was loaded: vm: guest kernel error (BUG: KASAN: x in y, before ktrace.ko was loaded), log: /c$' <<<"$output"
	[ "$(grep -c 'booted again' <<<"$stderr")" -eq 2 ]
	grep -q '^not ok 1 t1$' <<<"$(sed -n '/^# suite regress\/vm\/h.bats$/,/took/p' <<<"$output")"
	! grep -q '^not ok' <<<"$(sed -n '/^# suite regress\/vm\/g.bats$/,/took/p' <<<"$output")"
}

@test "skips: counted apart, and as failed under CI=true" {
	suite regress/a.bats true skip
	run t/regress/run-suites
	[ "$status" -eq 0 ]
	[ "${lines[-1]}" = "1 passed, 0 failed, 1 skipped" ]
	CI=true run t/regress/run-suites
	[ "$status" -eq 1 ]
	[ "${lines[-1]}" = "1 passed, 1 failed" ]
}

@test "--host and --guest run only their own; the guests start beside the host suites" {
	# The guest waits for the host suite's mark and the host suite for
	# the guest's: run one after the other, both would hang until
	# their 5 s ran out and fail.
	suite regress/a.bats 'touch ../h; for i in $(seq 50); do [ -e ../g ] && return 0; sleep 0.1; done; false'
	suite regress/vm/g.bats 'touch ../g; for i in $(seq 50); do [ -e ../h ] && return 0; sleep 0.1; done; false'
	sed -i "s|\.\./h|$BATS_TEST_TMPDIR/h|; s|\.\./g|$BATS_TEST_TMPDIR/g|" \
	    t/regress/a.bats t/regress/vm/g.bats
	KTRACE_VM_JOBS=2 run t/regress/run-suites
	[ "$status" -eq 0 ]
	[ "${lines[-1]}" = "2 passed, 0 failed" ]
	rm -f h g
	run t/regress/run-suites --host
	[ "$status" -eq 1 ]
	[ "${lines[-1]}" = "0 passed, 1 failed" ]
	! grep -q vm/g.bats <<<"$output"
	[ ! -e g ]
	rm -f h g
	run t/regress/run-suites --guest
	[ "${lines[-1]}" = "0 passed, 1 failed" ]
	! grep -q regress/a.bats <<<"$output"
	[ ! -e h ]
}
