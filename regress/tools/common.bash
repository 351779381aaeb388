# Shared by the host suites (libktrace.bats, kdump.bats, ktrace.bats):
# where things are, and a fresh directory per test.
# shellcheck shell=bash

TOP=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
KDUMP=$TOP/usr.bin/kdump/kdump
KTRACE=$TOP/usr.bin/ktrace/ktrace
KTRGEN=$TOP/regress/tools/ktrgen
KTRLIB=$TOP/regress/tools/ktrlib

bats_require_minimum_version 1.5.0

# Once per file: the programs under test exist, the helpers are built.
common_setup_file() {
	local f
	for f in "$KDUMP" "$KTRACE" "$TOP/lib/libktrace/libktrace.a"; do
		[ -e "$f" ] || {
			echo "$f is missing: run 'make userland' first" >&2
			return 1
		}
	done
	make -s -C "$TOP/regress/tools" >/dev/null
}

common_setup() {
	cd "$BATS_TEST_TMPDIR" || return 1
}

# ktrgen RECORD...: write the records to t.out.
gen() {
	"$KTRGEN" -o t.out "$@"
}
