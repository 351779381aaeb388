#!/usr/bin/env bats
# The fuzz target of libktrace's reader and kdump(1)'s printers
# (regress/fuzz): it builds, its seed corpus is what regress/fuzz/mkcorpus
# writes and reads as kdump says it should, every seed runs clean, and a
# short run from the seeds finds nothing.  "make fuzz" runs it longer.

load tools/common

FUZZDIR=$TOP/regress/fuzz
FUZZER=$TOP/obj/fuzz/kdump_fuzz

setup_file() {
	common_setup_file
	command -v clang >/dev/null ||
		{ echo "clang is not installed: run make deps" >&2; return 1; }
	make -s -C "$FUZZDIR" >/dev/null
}
setup() { common_setup; }

@test "the fuzz target is built with libFuzzer, ASan and UBSan" {
	[ -x "$FUZZER" ]
	run -0 "$FUZZER" -help=1
	[[ "$output" == *"Usage:"* ]]
	nm "$FUZZER" | grep -q ' __asan_init$'
	nm "$FUZZER" | grep -q ' __ubsan_handle_'
}

@test "the corpus is what mkcorpus writes, and real traces" {
	"$FUZZDIR/mkcorpus" seeds
	local f n=0
	for f in seeds/*; do
		cmp "$f" "$FUZZDIR/corpus/${f##*/}"
		n=$((n + 1))
	done
	[ "$n" -ge 15 ]
	ls "$FUZZDIR"/corpus/real-*.out >/dev/null
	# Nothing in the corpus that neither made.
	for f in "$FUZZDIR"/corpus/*; do
		case ${f##*/} in real-*) continue ;; esac
		[ -e "seeds/${f##*/}" ]
	done
}

@test "kdump reads every good seed to its end and refuses every bad one" {
	local f
	for f in "$FUZZDIR"/corpus/*; do
		case ${f##*/} in
		bad-*)
			run -1 "$KDUMP" -f "$f"
			[[ "${lines[-1]}" == "kdump: $f: record at offset "* ]] ;;
		*)
			run -0 "$KDUMP" -f "$f"
			run -0 "$KDUMP" --json -f "$f" ;;
		esac
	done
}

@test "every seed runs clean through the fuzz target" {
	run -0 "$FUZZER" -runs=1 "$FUZZDIR"/corpus/*
}

@test "20 seconds of fuzzing from the seeds find nothing" {
	mkdir corpus
	run -0 "$FUZZER" -max_total_time=20 -timeout=10 -rss_limit_mb=2048 \
	    -max_len=65536 -artifact_prefix="$BATS_TEST_TMPDIR/" \
	    corpus "$FUZZDIR/corpus"
	[[ "$output" == *"Done "*" runs in "* ]]
	! ls "$BATS_TEST_TMPDIR"/crash-* "$BATS_TEST_TMPDIR"/leak-* \
	    "$BATS_TEST_TMPDIR"/timeout-* "$BATS_TEST_TMPDIR"/oom-* 2>/dev/null
}
