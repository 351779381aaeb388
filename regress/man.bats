#!/usr/bin/env bats
# The manual pages: mandoc -T lint finds nothing to say about them, and
# ktrace(1) documents every option and -t letter the code accepts, so
# that the page cannot fall behind the code.  Needs mandoc, nothing built.

TOP=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
MAN=$TOP/share/man
KTRACE_1=$MAN/man1/ktrace.1

# Pages the others refer to that are still being written: their names
# resolve in the lint directory until they exist.  Remove a name once
# its page is in share/man.
PENDING=""

setup() {
	command -v mandoc >/dev/null ||
		{ echo "mandoc is not installed: run make deps" >&2; return 1; }
}

# lint PAGE: mandoc -T lint's verdict on PAGE, empty if clean.
#
# mandoc checks each .Xr against the installed manuals and, failing
# that, against the current directory: run it where every page of
# share/man (and of $PENDING) is present, so that the pages' references
# to each other resolve whether or not they are installed.  When they
# are installed, a host without mandoc.db gets one "outdated mandoc.db"
# note per reference: that is about the host, not the page, and dropped.
lint() {
	local dir=$BATS_TEST_TMPDIR/lint f out rc

	mkdir -p "$dir"
	for f in "$MAN"/man*/*.[0-9]; do
		[ -e "$f" ] && ln -sf "$f" "$dir/"
	done
	for f in $PENDING; do
		[ -e "$dir/$f" ] || : >"$dir/$f"
	done
	out=$(cd "$dir" && mandoc -T lint "$1" 2>&1)
	rc=$?
	printf '%s\n' "$out" | grep -v '^mandoc: outdated mandoc.db lacks ' || true
	[ "$rc" -eq 0 ] || echo "mandoc -T lint $1: exit status $rc"
}

assert_clean() {
	local out

	[ -f "$1" ] || { echo "$1 is missing"; return 1; }
	out=$(lint "$1")
	[ -z "$out" ] || { printf '%s\n' "$out"; return 1; }
}

@test "ktrace.1 is mandoc -T lint clean" {
	assert_clean "$MAN/man1/ktrace.1"
}

@test "ktrace.2 is mandoc -T lint clean" {
	assert_clean "$MAN/man2/ktrace.2"
}

@test "utrace.2 is mandoc -T lint clean" {
	assert_clean "$MAN/man2/utrace.2"
}

@test "every page in share/man is mandoc -T lint clean" {
	local f n=0 bad=0

	for f in "$MAN"/man*/*.[0-9]; do
		[ -e "$f" ] || continue
		n=$((n + 1))
		assert_clean "$f" || bad=1
	done
	[ "$n" -ge 3 ] || { echo "only $n pages in $MAN"; return 1; }
	[ "$bad" -eq 0 ]
}

# Lint resolves only what exists: a reference to a manual of the host
# would make the result depend on what the host has installed.
@test "the pages refer with .Xr only to pages of share/man" {
	local f ref bad=

	for f in "$MAN"/man*/*.[0-9]; do
		[ -e "$f" ] || continue
		while read -r ref; do
			[ -e "$MAN/man${ref##*.}/$ref" ] && continue
			case " $PENDING " in *" $ref "*) continue ;; esac
			bad="$bad ${f#"$MAN"/}:$ref"
		done < <(awk '$1 == ".Xr" && NF >= 3 { print $2 "." $3 }' "$f")
	done
	[ -z "$bad" ] || { echo "references to no page of share/man:$bad"; return 1; }
}

@test "ktrace.1 documents every option in ktrace.c's getopt string" {
	local src=$TOP/usr.bin/ktrace/ktrace.c opts c missing=

	opts=$(sed -n 's/.*getopt(argc, argv, "\([^"]*\)").*/\1/p' "$src")
	[ "$(printf '%s\n' "$opts" | wc -l)" -eq 1 ] && [ -n "$opts" ] ||
		{ echo "no single getopt string in $src: '$opts'"; return 1; }
	opts=${opts#[+-]}
	opts=${opts//:/}
	[ -n "$opts" ] || { echo "no option letters in $src"; return 1; }
	while read -r c; do
		awk -v c="$c" '$1 == ".It" && $2 == "Fl" && $3 == c { f = 1 }
		    END { exit !f }' "$KTRACE_1" || missing="$missing -$c"
	done < <(printf '%s\n' "$opts" | fold -w1)
	[ -z "$missing" ] ||
		{ echo "getopt \"$opts\": no .It Fl in ktrace.1 for$missing"; return 1; }
}

@test "ktrace.1 documents every -t letter ktr_getpoints accepts" {
	local src=$TOP/lib/libktrace/points.c letters c missing=

	letters=$(sed -n "s/^[[:space:]]*{ '\(.\)',.*/\1/p" "$src")
	[ "$(printf '%s\n' "$letters" | wc -l)" -ge 10 ] ||
		{ echo "too few letters parsed from $src: $letters"; return 1; }
	for c in $letters; do
		awk -v c="$c" '$1 == ".It" && $2 == "Cm" && $3 == c && NF == 3 { f = 1 }
		    END { exit !f }' "$KTRACE_1" || missing="$missing $c"
	done
	[ -z "$missing" ] || { echo "no .It Cm in ktrace.1 for:$missing"; return 1; }
}

@test "ktrace.1 documents no -t letter ktr_getpoints refuses" {
	local src=$TOP/lib/libktrace/points.c letters c extra=

	letters=$(sed -n "s/^[[:space:]]*{ '\(.\)',.*/\1/p" "$src" | tr -d '\n')
	[ -n "$letters" ] || { echo "no letters parsed from $src"; return 1; }
	for c in $(awk '$1 == ".It" && $2 == "Cm" && NF == 3 &&
	    length($3) == 1 { print $3 }' "$KTRACE_1"); do
		case $letters in *"$c"*) ;; *) extra="$extra $c" ;; esac
	done
	[ -z "$extra" ] || { echo "ktrace.1 documents unknown letters:$extra"; return 1; }
}

@test "kdump.1 documents every option kdump.c accepts, short and long" {
	local src=$TOP/usr.bin/kdump/kdump.c page=$MAN/man1/kdump.1 opts c \
	    longs l missing=

	opts=$(sed -n 's/^#define[[:space:]]*OPTSTRING[[:space:]]*"\([^"]*\)".*/\1/p' "$src")
	[ "$(printf '%s\n' "$opts" | wc -l)" -eq 1 ] && [ -n "$opts" ] ||
		{ echo "no single OPTSTRING in $src: '$opts'"; return 1; }
	opts=${opts#[+-]}
	opts=${opts//:/}
	while read -r c; do
		awk -v c="$c" '$1 == ".It" && $2 == "Fl" && $3 == c { f = 1 }
		    END { exit !f }' "$page" || missing="$missing -$c"
	done < <(printf '%s\n' "$opts" | fold -w1)
	longs=$(sed -n 's/^[[:space:]]*{ "\([a-z-]*\)", .*/\1/p' "$src")
	[ -n "$longs" ] || { echo "no long options parsed from $src"; return 1; }
	for l in $longs; do
		awk -v l="$l" '$1 == ".It" && $2 == "Fl" && $3 == "Fl" && $4 == l { f = 1 }
		    END { exit !f }' "$page" || missing="$missing --$l"
	done
	[ -z "$missing" ] || { echo "kdump.1 lacks .It Fl for:$missing"; return 1; }
}
