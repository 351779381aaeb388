#!/usr/bin/env bats
# The Debian packages end to end, as an administrator gets them: build
# them (dpkg-buildpackage, from a copy of the tree), install them here
# with dpkg -i, check that DKMS built ktrace.ko for the test VM's kernel
# from its installed headers, boot the VM with that module and trace with
# the installed /usr/bin/ktrace and /usr/bin/kdump, find the pages with
# man, build a program with pkg-config, then purge the packages and check
# that nothing of them is left.  A minute or two (DKMS builds the module
# for every kernel with headers).  Needs root, and skips without it; it
# installs the packaging tools that are missing, as mk/deps does the
# rest.  make check-package runs it alone.  One run at a time on a machine.
# The tests run in order, each on what the one before left; teardown_file
# purges whatever is still installed, so the machine ends as it began.

bats_require_minimum_version 1.5.0

TOP=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
# The work area, in the tree: the guest sees it (its /tmp is its own).
W=$TOP/obj/package
PKGS="ktrace-dkms ktrace libktrace-dev"
V=$(cat "$TOP/VERSION")
ARCH=$(dpkg --print-architecture)

# The commands this needs, and the packages that have them.
TOOLS="dpkg-buildpackage dh dh_dkms dkms lintian man pkg-config cc"
TOOL_PKGS="dpkg-dev debhelper dh-dkms dkms lintian man-db pkg-config gcc"

setup_file() {
	local p st t missing=

	# A skip here would fail the file (bats 1.8): each test skips instead.
	if [ "$(id -u)" != 0 ]; then
		export PACKAGE_SKIP="needs root: it installs and purges packages"
		return 0
	fi
	# One run at a time on a machine, held until the file ends.
	exec {lock}>/run/lock/ktrace-package-suite
	flock "$lock"
	for t in $TOOLS; do
		command -v "$t" >/dev/null || missing="$missing $t"
	done
	if [ -n "$missing" ]; then
		echo "# installing the packaging tools (no$missing): $TOOL_PKGS" >&3
		# shellcheck disable=SC2086
		DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=600 update >/dev/null &&
			DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
			-o DPkg::Lock::Timeout=600 $TOOL_PKGS >/dev/null ||
			{ echo "apt-get install $TOOL_PKGS failed" >&2; return 1; }
	fi
	for p in $PKGS; do
		st=$(dpkg-query -W -f '${db:Status-Abbrev}' "$p" 2>/dev/null || true)
		case $st in
		''|un*) ;;
		*) echo "$p is installed already ($st): not this suite's to purge (dpkg --purge $PKGS)" >&2
		   return 1 ;;
		esac
	done
	# From here on what is installed is this run's, for teardown_file.
	export PACKAGE_OURS=1
	KVER=$("$TOP/regress/vm/kver") || return 1
	export KVER
	rm -rf "$W"
	mkdir -p "$W/src" "$W/before"
	# What must be the same after the purge.  DKMS's signing key is
	# DKMS's (it makes one to sign the first module it builds): removed
	# at the end only if this run made it.
	(cd "/lib/modules/$KVER" && md5sum modules.* && ls -A) >"$W/before/modules"
	[ -e /var/lib/dkms/mok.key ] || touch "$W/before/no-mok-key"
}

setup() {
	[ -z "${PACKAGE_SKIP:-}" ] || skip "$PACKAGE_SKIP"
}

teardown_file() {
	local p installed=

	[ -n "${PACKAGE_OURS:-}" ] || return 0
	for p in $PKGS; do
		case $(dpkg-query -W -f '${db:Status-Abbrev}' "$p" 2>/dev/null) in
		''|un*) ;;
		*) installed="$installed $p" ;;
		esac
	done
	# shellcheck disable=SC2086
	[ -z "$installed" ] || dpkg_wait --purge $installed >"$W/teardown.log" 2>&1 || true
	if [ -n "$(dkms status -m ktrace 2>/dev/null)" ]; then
		dkms remove -m ktrace -v "$V" --all >>"$W/teardown.log" 2>&1 || true
	fi
	if [ -e "$W/before/no-mok-key" ]; then
		rm -f /var/lib/dkms/mok.key /var/lib/dkms/mok.pub
	fi
}

# The names under the directories the packages, DKMS and maintainer
# scripts write in; but DKMS's signing key, which is DKMS's (teardown_file
# removes the one it made for this run).
tree() {
	find /etc /usr/bin /usr/include /usr/lib/*/pkgconfig /usr/share/doc \
	    /usr/share/man /usr/src /var/lib/dkms /lib/modules/*/updates \
	    /lib/modules/*/extra 2>/dev/null |
		grep -vx '/var/lib/dkms/mok\.\(key\|pub\)' | LC_ALL=C sort
}

# dpkg ARGS, waiting (up to 10 minutes) while another dpkg or apt-get
# holds its lock: other work on a shared machine installs packages too.
dpkg_wait() {
	local i out rc
	for i in $(seq 120); do
		out=$(dpkg "$@" 2>&1)
		rc=$?
		[ "$rc" -ne 0 ] && grep -q 'frontend lock\|database is locked\|locked by another process' <<<"$out" ||
			break
		sleep 5
	done
	printf '%s\n' "$out"
	return "$rc"
}

deb() {		# deb PACKAGE: its file
	case $1 in
	ktrace-dkms) echo "$W/${1}_${V}_all.deb" ;;
	*) echo "$W/${1}_${V}_$ARCH.deb" ;;
	esac
}

# has DEB PATH [MODE]: dpkg -c lists PATH (./PATH), with MODE if given.
has() {
	local line
	line=$(dpkg-deb -c "$1" | awk -v p="./$2" '$6 == p')
	[ -n "$line" ] || { echo "$(basename "$1") lacks $2"; return 1; }
	[ -z "${3:-}" ] || [ "${line%% *}" = "$3" ] ||
		{ echo "$(basename "$1"): $2 is ${line%% *}, not $3"; return 1; }
}

@test "dpkg-buildpackage -us -uc -b builds the three packages" {
	# The committed tree and what is new in it, none of the build's files;
	# outside a git checkout, all but obj/ (debian/rules cleans the rest).
	if [ "$(git -C "$TOP" rev-parse --show-toplevel 2>/dev/null)" = "$TOP" ]; then
		(cd "$TOP" && git ls-files -co --exclude-standard -z) |
			(cd "$TOP" && xargs -0 cp -p --parents -t "$W/src")
	else
		tar -C "$TOP" --exclude=./obj -cf - . | tar -C "$W/src" -xf -
	fi
	(cd "$W/src" && dpkg-buildpackage -us -uc -b) >"$W/build.log" 2>&1 ||
		{ tail -n 40 "$W/build.log"; return 1; }
	for p in $PKGS; do
		[ -f "$(deb "$p")" ] || { echo "no $(deb "$p")"; ls "$W"; return 1; }
	done
}

@test "the packages hold the module's source, the commands, the library" {
	local dkms=usr/src/ktrace-$V d m

	d=$(deb ktrace-dkms)
	for f in dkms.conf VERSION kern/Kbuild kern/ktr_main.c sys/sys/ktrace.h \
	    lib/libktrace/syscalls_x86.args lib/libktrace/syscalls_x86.kern \
	    lib/libktrace/cheader.py lib/libktrace/mksyscalls.mk; do
		has "$d" "$dkms/$f" -rw-r--r-- || return 1
	done
	# The generator and the build run from the DKMS tree.
	has "$d" "$dkms/kern/Makefile" -rwxr-xr-x
	has "$d" "$dkms/lib/libktrace/mksyscalls" -rwxr-xr-x
	# Nothing generated: DKMS makes the syscall table for each kernel.
	[ -z "$(dpkg-deb -c "$d" | grep -E 'ktr_systab|\.o$|\.ko$|\.mod|\.cmd$')" ]
	dpkg-deb --fsys-tarfile "$d" | tar -xO "./$dkms/dkms.conf" |
		grep -qx "PACKAGE_VERSION=\"$V\""
	has "$d" etc/modules-load.d/ktrace.conf
	dpkg-deb -I "$d" conffiles | grep -qx /etc/modules-load.d/ktrace.conf
	dpkg-deb -f "$d" Depends | grep -q dkms

	d=$(deb ktrace)
	has "$d" usr/bin/ktrace -rwxr-xr-x
	has "$d" usr/bin/kdump -rwxr-xr-x
	has "$d" usr/share/man/man1/ktrace.1.gz
	has "$d" usr/share/man/man1/kdump.1.gz
	has "$d" usr/share/doc/ktrace/README.md.gz
	has "$d" usr/share/doc/ktrace/porting.md.gz

	d=$(deb libktrace-dev)
	m=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
	has "$d" "usr/lib/$m/libktrace.a"
	has "$d" "usr/lib/$m/pkgconfig/libktrace.pc"
	has "$d" usr/include/libktrace.h
	has "$d" usr/include/sys/ktrace.h
	has "$d" usr/share/man/man2/ktrace.2.gz
	has "$d" usr/share/man/man2/utrace.2.gz

	# Each file in one package only (dh_dkms once put dkms.conf in all).
	for p in ktrace libktrace-dev; do
		! dpkg-deb -c "$(deb "$p")" | grep -q ' \./usr/src/' ||
			{ echo "$p ships files under /usr/src"; return 1; }
	done
}

@test "debian/copyright names each file pattern and each licence once" {
	local dups

	# A paragraph's first line: "Files: ..." or a stand-alone "License: X".
	dups=$(awk 'prev == "" && /^(Files|License):/ { print } { prev = $0 }' \
	    "$TOP/debian/copyright" | sort | uniq -d)
	[ -z "$dups" ] || { echo "more than once: $dups"; return 1; }
}

@test "lintian finds no error or warning" {
	local changes=$W/ktrace_${V}_$ARCH.changes

	[ -f "$changes" ] || { echo "no $changes"; return 1; }
	run lintian --pedantic "$changes"
	printf '%s\n' "$output"
	[ "$status" -eq 0 ]
	! printf '%s\n' "$output" | grep -E '^[EW]: '
}

@test "dpkg -i installs them, and DKMS builds ktrace.ko for the VM's kernel from its headers" {
	local p ko log

	# Their paths the machine does not have yet, for the purge to check.
	for p in $PKGS; do
		dpkg-deb -c "$(deb "$p")" | awk '{ print substr($6, 2) }'
	done | sed 's|/$||' | sort -u | while read -r f; do
		[ -z "$f" ] || [ -e "$f" ] || [ -L "$f" ] || echo "$f"
	done >"$W/before/absent"
	# And every name where packages, DKMS and maintainer scripts write.
	tree >"$W/before/tree"
	# DKMS builds for every kernel whose headers are installed (here, as
	# the running kernel has no /lib/modules, for every kernel there): the
	# install fails if one of them cannot have the module, naming why.
	# shellcheck disable=SC2046
	if ! dpkg_wait -i $(for p in $PKGS; do deb "$p"; done) >"$W/install.log" 2>&1; then
		cat "$W/install.log"
		grep -h '^ktrace: ' /var/lib/dkms/ktrace/"$V"/build/make.log 2>/dev/null
		return 1
	fi
	run -0 dkms status -m ktrace -v "$V" -k "$KVER"
	[[ $output == *": installed"* ]] || { echo "dkms status: $output"; return 1; }
	# And for each other kernel of the matrix whose headers are here
	# (make kernels, or regress/kernels.bats, installs them).
	local k
	for k in $("$TOP/regress/vm/kernels" | awk '{ print $1 }'); do
		[ -d "/lib/modules/$k/build" ] || continue
		run -0 dkms status -m ktrace -v "$V" -k "$k"
		echo "$output"
		[[ $output == *": installed"* ]]
	done
	# Installed where modprobe finds it (depmod ran), for that kernel.
	ko=$(modinfo -k "$KVER" -F filename ktrace)
	[[ $ko =~ ^/lib/modules/"$KVER"/updates/dkms/ktrace\.ko(\.xz|\.zst|\.gz)?$ ]] ||
		{ echo "ktrace is $ko"; return 1; }
	[ "$(modinfo -F version "$ko")" = "$V" ]
	[[ $(modinfo -F vermagic "$ko") == "$KVER "* ]]
	# The syscall table was made in the DKMS build, from this kernel's
	# installed headers.
	log=/var/lib/dkms/ktrace/$V/$KVER/$(uname -m)/log/make.log
	grep -q 'mksyscalls --kernel' "$log" || { cat "$log"; return 1; }
	grep -q -- "--abi x86_64=.*:/lib/modules/$KVER/build/arch/x86/include/generated/asm/syscalls_64.h" "$log"
	grep -q "/lib/modules/$KVER/build/arch/x86/include/generated/uapi/asm/unistd_64.h" "$log"
}

@test "man -w finds ktrace(1), kdump(1), ktrace(2) and utrace(2)" {
	run -0 man -w ktrace kdump
	[ "$output" = "/usr/share/man/man1/ktrace.1.gz
/usr/share/man/man1/kdump.1.gz" ]
	run -0 man -w 2 ktrace utrace
	[ "$output" = "/usr/share/man/man2/ktrace.2.gz
/usr/share/man/man2/utrace.2.gz" ]
}

@test "pkg-config --cflags --libs libktrace builds a program that calls ktrace()" {
	cat >"$W/call.c" <<-'EOF'
	#include <sys/ktrace.h>
	#include <libktrace.h>
	#include <errno.h>
	#include <stdio.h>
	#include <unistd.h>

	int main(void) {
		if (ktrace("call.out", KTROP_SET, KTRFAC_SYSCALL | KTRFAC_SYSRET, getpid()) == -1)
			return (perror("ktrace"), 1);
		return (getppid() > 0 ? 0 : 1);
	}
	EOF
	run -0 pkg-config --modversion libktrace
	[ "$output" = "$V" ]
	# shellcheck disable=SC2046
	cc $(pkg-config --cflags libktrace) -o "$W/call" "$W/call.c" \
		$(pkg-config --libs libktrace)
	nm "$W/call" | grep -q ' T ktrace$'
}

@test "the VM loads the installed module; the installed ktrace and kdump trace a command and read it back" {
	local ko

	ko=$(modinfo -k "$KVER" -F filename ktrace)
	cat >"$W/guest" <<-'EOF'
	#!/bin/bash
	# In the guest: report on the module, trace with the installed
	# commands, and with the program pkg-config built.
	set -u
	echo "version $(cat /sys/module/ktrace/version)"
	echo "srcversion $(cat /sys/module/ktrace/srcversion)"
	echo "abi $(cat /sys/module/ktrace/parameters/abi_version)"
	echo "mode $(stat -c %a /dev/ktrace)"
	/usr/bin/ktrace -V | sed 's/^/V: /'
	/usr/bin/kdump --version | sed 's/^/V: /'
	cd /tmp || exit 1
	/usr/bin/ktrace -f echo.out /bin/echo from-the-package || echo "ktrace failed: $?"
	/usr/bin/kdump -f echo.out | sed 's/^/echo: /'
	: >call.out
	"$1" || echo "call failed: $?"
	/usr/bin/kdump -f call.out | sed 's/^/call: /'
	# A module of another ABI: ktrace warns, and goes on.
	echo 999 >abi && mount --bind abi /sys/module/ktrace/parameters/abi_version
	/usr/bin/ktrace -C 2>&1 | sed 's/^/abi: /'
	EOF
	chmod +x "$W/guest"
	run -0 "$TOP/regress/vm/run" --module "$ko" -- "$W/guest" "$W/call"
	printf '%s\n' "$output" >"$W/guest.out"
	grep -qx "version $V" "$W/guest.out"
	grep -qx "srcversion $(modinfo -F srcversion "$ko")" "$W/guest.out"
	grep -qx "mode 666" "$W/guest.out"
	grep -qx "V: ktrace $V (ABI [0-9]*)" "$W/guest.out"
	grep -qx "V: module $V (ABI [0-9]*)" "$W/guest.out"
	grep -qx "V: kdump $V" "$W/guest.out"
	if grep 'failed' "$W/guest.out"; then return 1; fi
	grep -q '^echo: *[0-9]* echo *CALL  write(1,' "$W/guest.out"
	grep -q '^echo: .*"from-the-package' "$W/guest.out"
	grep -q '^echo: *[0-9]* echo *RET   write 17' "$W/guest.out"
	grep -q '^call: *[0-9]* call *CALL  getppid' "$W/guest.out"
	grep -q '^call: *[0-9]* call *RET   getppid' "$W/guest.out"
	grep -q '^abi: ktrace: warning: the ktrace module loaded has ABI 999, this ktrace is built for ABI' "$W/guest.out"
}

@test "dpkg --purge leaves nothing of them: files, the DKMS tree, the module, depmod's files" {
	local f p st left=

	# shellcheck disable=SC2086
	dpkg_wait --purge $PKGS >"$W/purge.log" 2>&1 || { cat "$W/purge.log"; return 1; }
	for p in $PKGS; do
		st=$(dpkg-query -W -f '${db:Status-Status}' "$p" 2>/dev/null || true)
		[ -z "$st" ] || [ "$st" = not-installed ] || { echo "$p is $st"; return 1; }
	done
	while read -r f; do
		if [ -e "$f" ] || [ -L "$f" ]; then left="$left $f"; fi
	done <"$W/before/absent"
	[ -z "$left" ] || { echo "left behind:$left"; return 1; }
	[ ! -e "/usr/src/ktrace-$V" ]
	[ ! -e /var/lib/dkms/ktrace ] || { find /var/lib/dkms/ktrace; return 1; }
	[ -z "$(dkms status -m ktrace)" ]
	[ -z "$(find /lib/modules -name 'ktrace.ko*')" ]
	[ ! -e /etc/modules-load.d/ktrace.conf ]
	# depmod's files are as they were, and nothing new beside them.
	diff "$W/before/modules" <(cd "/lib/modules/$KVER" && md5sum modules.* && ls -A)
	# Nothing new elsewhere, but what other packages own (others may
	# install packages on this machine meanwhile).
	left=
	while read -r f; do
		dpkg -S "$f" >/dev/null 2>&1 || left="$left $f"
	done < <(comm -13 "$W/before/tree" <(tree))
	[ -z "$left" ] || { echo "left behind:$left"; return 1; }
}
