#!/usr/bin/env bats
# The fuzz targets (regress/fuzz): libktrace's reader and kdump(1)'s
# printers, and libktrace's memory dump reader and snapshot writer.  They
# build, their seed corpora are what regress/fuzz/mkcorpus and
# mkcorecorpus write and read as kdump and ktrlib say they should, every
# seed runs clean, and a short run from the seeds finds nothing.  "make
# fuzz" runs them longer.

load tools/common

FUZZDIR=$TOP/regress/fuzz
FUZZER=$TOP/obj/fuzz/kdump_fuzz
CORE_FUZZER=$TOP/obj/fuzz/core_fuzz

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

@test "the dump reader's fuzz target is built with libFuzzer, ASan and UBSan" {
	[ -x "$CORE_FUZZER" ]
	run -0 "$CORE_FUZZER" -help=1
	[[ "$output" == *"Usage:"* ]]
	nm "$CORE_FUZZER" | grep -q ' __asan_init$'
	nm "$CORE_FUZZER" | grep -q ' __ubsan_handle_'
	nm "$CORE_FUZZER" | grep -q ' ktr_core_rings$'
}

@test "the dump corpus is what mkcorecorpus writes, and reads as it should" {
	local f n=0
	"$FUZZDIR/mkcorecorpus" seeds
	for f in seeds/*; do
		cmp "$f" "$FUZZDIR/corpus-core/${f##*/}"
		n=$((n + 1))
	done
	[ "$n" -ge 15 ]
	for f in "$FUZZDIR"/corpus-core/*; do
		[ -e "seeds/${f##*/}" ]
		case ${f##*/} in
		stale.core)
			run -1 "$KTRLIB" core-rings "$f" out ;;
		*)
			run -0 "$KTRLIB" core-rings "$f" out
			run -0 "$KDUMP" -f out ;;
		esac
	done
}

@test "every dump seed runs clean through its fuzz target" {
	run -0 "$CORE_FUZZER" -runs=1 "$FUZZDIR"/corpus-core/*
}

@test "15 seconds of fuzzing the dump reader from its seeds find nothing" {
	mkdir corpus
	run -0 "$CORE_FUZZER" -max_total_time=15 -timeout=10 \
	    -rss_limit_mb=2048 -max_len=65536 \
	    -artifact_prefix="$BATS_TEST_TMPDIR/" corpus "$FUZZDIR/corpus-core"
	[[ "$output" == *"Done "*" runs in "* ]]
	! ls "$BATS_TEST_TMPDIR"/crash-* "$BATS_TEST_TMPDIR"/leak-* \
	    "$BATS_TEST_TMPDIR"/timeout-* "$BATS_TEST_TMPDIR"/oom-* 2>/dev/null
}
