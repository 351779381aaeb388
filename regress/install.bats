#!/usr/bin/env bats
# Installing without packages, and what the packages rest on: the
# commands' versions; make install and make uninstall in a DESTDIR;
# libktrace.pc; the DKMS source tree (make dkms-source); kern/Makefile's
# refusal, in one line, of a kernel the module cannot support; and
# regress/vm/run --module's checks.  No root, no VM boot; needs the
# userland built and the VM kernel's headers (make deps).  The packages
# themselves: regress/package.bats.

bats_require_minimum_version 1.5.0

setup() {
	TOP=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
	V=$(cat "$TOP/VERSION")
	ABI=$(sed -n 's/^#define KTR_ABI_VERSION[[:space:]]*\([0-9]*\).*/\1/p' "$TOP/sys/sys/ktrace.h")
	D=$BATS_TEST_TMPDIR/dest
}

# The VM kernel's build tree, followed to where it is (cp -s needs that).
kdir() {
	local kver
	kver=$("$TOP/regress/vm/kver") || return 1
	readlink -f "/lib/modules/$kver/build"
}

# fake: a copy of the VM kernel's build tree made of symlinks, in which
# a test replaces files.
fake() {
	local k
	k=$(kdir) || { echo "no kernel headers (make deps)"; return 1; }
	FAKE=$BATS_TEST_TMPDIR/kdir
	cp -as "$k" "$FAKE"
}

# replace FILE: FILE of the fake tree becomes a file of its own (stdin).
replace() {
	rm -f "$FAKE/$1"
	cat >"$FAKE/$1"
}

@test "VERSION holds one version, and <sys/ktrace.h> an ABI number" {
	[[ $V =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]
	[ "$(wc -l <"$TOP/VERSION")" -eq 1 ]
	[[ $ABI =~ ^[1-9][0-9]*$ ]]
}

@test "ktrace -V and --version: its version and ABI, and the module's when loaded" {
	run -0 "$TOP/usr.bin/ktrace/ktrace" -V
	[ "${lines[0]}" = "ktrace $V (ABI $ABI)" ]
	if [ -e /sys/module/ktrace ]; then
		[[ ${lines[1]} == "module "* ]]
	else
		[ "${lines[1]}" = "module not loaded" ]
	fi
	run -0 "$TOP/usr.bin/ktrace/ktrace" --version
	[ "${lines[0]}" = "ktrace $V (ABI $ABI)" ]
}

@test "kdump -V and --version print the version" {
	run -0 "$TOP/usr.bin/kdump/kdump" -V
	[ "$output" = "kdump $V" ]
	run -0 "$TOP/usr.bin/kdump/kdump" --version
	[ "$output" = "kdump $V" ]
}

@test "make install puts the userland under PREFIX in DESTDIR, and make uninstall takes it all away" {
	local p=usr/local got want

	make -s -C "$TOP" install DESTDIR="$D" >"$BATS_TEST_TMPDIR/log" 2>&1 ||
		{ cat "$BATS_TEST_TMPDIR/log"; return 1; }
	got=$(cd "$D" && find . ! -type d | sort)
	want=$(
		for f in bin/kdump bin/ktrace include/libktrace.h include/sys/ktrace.h \
		    lib/libktrace.a lib/pkgconfig/libktrace.pc share/doc/ktrace/README.md \
		    share/doc/ktrace/porting.md; do
			echo "./$p/$f"
		done
		(cd "$TOP/share" && ls man/man1/*.1 man/man2/*.2) | sed "s|^|./$p/share/|"
	)
	[ "$got" = "$(sort <<<"$want")" ] || { diff <(echo "$got") <(sort <<<"$want"); return 1; }
	[ -x "$D/$p/bin/ktrace" ] && [ -x "$D/$p/bin/kdump" ]
	cmp "$TOP/sys/sys/ktrace.h" "$D/$p/include/sys/ktrace.h"

	make -s -C "$TOP" uninstall DESTDIR="$D"
	got=$(cd "$D" && find . ! -type d)
	[ -z "$got" ] || { echo "left behind: $got"; return 1; }
	# Only the standard directories stay, empty.
	got=$(cd "$D/$p" && find . -mindepth 1 -type d | sort | tr '\n' ' ')
	[ "$got" = "./bin ./include ./lib ./share ./share/doc ./share/man ./share/man/man1 ./share/man/man2 " ]
}

# pc ARGS: pkg-config on what make install put in $D, as if it were /.
pc() {
	PKG_CONFIG_SYSROOT_DIR="$D" PKG_CONFIG_LIBDIR="$D/opt/kt/lib64/pkgconfig" \
	    pkg-config "$@"
}

@test "libktrace.pc names the installed paths, and a program builds with it" {
	local pc

	make -s -C "$TOP" install DESTDIR="$D" PREFIX=/opt/kt libdir=/opt/kt/lib64 >/dev/null 2>&1
	pc=$D/opt/kt/lib64/pkgconfig/libktrace.pc
	grep -qx 'libdir=/opt/kt/lib64' "$pc"
	grep -qx 'includedir=/opt/kt/include' "$pc"
	grep -qx "Version: $V" "$pc"
	! grep -q "$D" "$pc"
	cat >"$BATS_TEST_TMPDIR/call.c" <<-'EOF'
	#include <sys/ktrace.h>
	#include <libktrace.h>
	#include <unistd.h>

	int main(void) {
		return (ktrace("/dev/null", KTROP_CLEAR, KTRFAC_SYSCALL, getpid()) == 0);
	}
	EOF
	# shellcheck disable=SC2046
	cc $(pc --cflags libktrace) -o "$BATS_TEST_TMPDIR/call" \
	    "$BATS_TEST_TMPDIR/call.c" $(pc --libs libktrace)
	nm "$BATS_TEST_TMPDIR/call" | grep -q ' T ktrace$'
	make -s -C "$TOP" uninstall DESTDIR="$D" PREFIX=/opt/kt libdir=/opt/kt/lib64
	[ -z "$(cd "$D" && find . ! -type d)" ]
}

@test "make dkms-source: dkms.conf at VERSION, the module's source and generator, nothing generated" {
	local s=$D/usr/src/ktrace-$V got

	make -s -C "$TOP" dkms-source DESTDIR="$D"
	grep -qx "PACKAGE_VERSION=\"$V\"" "$s/dkms.conf"
	grep -qx 'BUILT_MODULE_LOCATION\[0\]="kern/"' "$s/dkms.conf"
	cmp "$TOP/VERSION" "$s/VERSION"
	[ -x "$s/kern/Makefile" ] && [ -x "$s/lib/libktrace/mksyscalls" ]
	[ -f "$s/lib/libktrace/syscalls_x86.args" ] && [ -f "$s/lib/libktrace/cheader.py" ]
	[ -f "$s/lib/libktrace/syscalls_x86.kern" ] && [ -f "$s/lib/libktrace/mksyscalls.mk" ]
	[ -f "$s/sys/sys/ktrace.h" ]
	# Every source Kbuild names, and nothing built or generated.
	for o in $(grep -ow 'ktr_[a-z0-9_]*\.o' "$TOP/kern/Kbuild"); do
		[ -f "$s/kern/${o%.o}.c" ] || { echo "no kern/${o%.o}.c"; return 1; }
	done
	got=$(cd "$s" && find . -mindepth 1 \( -name '*.o' -o -name '*.ko' \
	    -o -name '*.mod*' -o -name 'ktr_systab.h' -o -name '.*' \))
	[ -z "$got" ] || { echo "generated files: $got"; return 1; }
}

@test "kern/Makefile check-kernel passes on the VM's kernel" {
	local k
	k=$(kdir) || { echo "no kernel headers (make deps)"; return 1; }
	run -0 make -s -C "$TOP/kern" check-kernel KDIR="$k"
	[ -z "$output" ]
}

@test "a kernel older than 6.1: one line naming its version" {
	fake
	sed 's/^#define LINUX_VERSION_CODE .*/#define LINUX_VERSION_CODE 330240/' \
	    "$(kdir)/include/generated/uapi/linux/version.h" |
		replace include/generated/uapi/linux/version.h
	run -2 --separate-stderr make -s -C "$TOP/kern" check-kernel KDIR="$FAKE"
	[[ ${stderr_lines[0]} == "ktrace: cannot build for Linux "*": it is 5.10, older than 6.1, the oldest ktrace supports" ]]
}

@test "a kernel without the syscall tracepoints: one line naming the option" {
	fake
	grep -v 'CONFIG_HAVE_SYSCALL_TRACEPOINTS ' "$(kdir)/include/generated/autoconf.h" |
		replace include/generated/autoconf.h
	run -2 --separate-stderr make -s -C "$TOP/kern" check-kernel KDIR="$FAKE"
	[[ ${stderr_lines[0]} == "ktrace: cannot build for Linux "*": the kernel is built without CONFIG_HAVE_SYSCALL_TRACEPOINTS, which ktrace needs" ]]
}

@test "headers without a generated syscall table: one line naming the file" {
	fake
	rm "$FAKE/arch/x86/include/generated/asm/syscalls_64.h"
	run -2 --separate-stderr make -s -C "$TOP/kern" check-kernel KDIR="$FAKE"
	[ "${stderr_lines[0]}" = "ktrace: cannot build for Linux $(sed -n 's/.*UTS_RELEASE "\(.*\)"/\1/p' "$FAKE/include/generated/utsrelease.h"): $FAKE/arch/x86/include/generated/asm/syscalls_64.h is missing: ktrace makes its syscall table from it" ]
}

@test "no kernel headers: one line naming the headers package" {
	run -2 --separate-stderr make -s -C "$TOP/kern" check-kernel \
	    KDIR="$BATS_TEST_TMPDIR/none" KERNELRELEASE=6.9.9-1-amd64
	[ "${stderr_lines[0]}" = "ktrace: cannot build for Linux 6.9.9-1-amd64: no kernel build tree at $BATS_TEST_TMPDIR/none (install linux-headers-6.9.9-1-amd64, or set KDIR)" ]
}

@test "DKMS's PRE_BUILD (kern/Makefile run as a program) prints only that line, and succeeds" {
	fake
	rm "$FAKE/include/generated/autoconf.h"
	cd "$BATS_TEST_TMPDIR"
	run -0 --separate-stderr "$TOP/kern/Makefile" pre-build KDIR="$FAKE"
	[ -z "$output" ]
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ ${stderr_lines[0]} == "ktrace: cannot build for Linux "*"autoconf.h is missing (not a configured kernel build tree)" ]]
}

@test "regress/vm/run --module: refused where the guest cannot see it, or alone with --no-module" {
	run -2 --separate-stderr "$TOP/regress/vm/run" --module /tmp/ktrace.ko -- true
	[[ ${stderr_lines[0]} == "vm/run: --module: the guest cannot see /tmp/ktrace.ko (it mounts its own /tmp; use a file in the project tree)" ]]
	run -2 --separate-stderr "$TOP/regress/vm/run" --no-module --module "$TOP/kern/ktrace.ko" -- true
	[ "${stderr_lines[0]}" = "vm/run: --module and --no-module exclude each other" ]
	run -125 --separate-stderr "$TOP/regress/vm/run" --module "$TOP/obj/no-such.ko" -- true
	[ "${stderr_lines[-1]}" = "vm: ktrace.ko failed to load: $TOP/obj/no-such.ko does not exist or cannot be read" ]
}
