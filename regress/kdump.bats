#!/usr/bin/env bats
# kdump(1) on trace files written byte by byte (regress/tools/ktrgen):
# FreeBSD's line format, the options, and every way a file can be bad.

load tools/common

setup_file() { common_setup_file; }
setup() { common_setup; }

# Syscall numbers (x86_64) used below.
READ=0 WRITE=1 GETPID=39 OPENAT=257 EXIT_GROUP=231

@test "CALL: name and the syscall's own count of arguments, decoded" {
	gen "call pid=123 comm=echo code=$WRITE args=1,0x5581a3c0,3,7,7,7"
	run -0 "$KDUMP" -f t.out
	[ "$output" = "   123 echo     CALL  write(1,0x5581a3c0,3)" ]
	# -n: no decoding, every argument in hex.
	run -0 "$KDUMP" -n -f t.out
	[ "$output" = "   123 echo     CALL  write(0x1,0x5581a3c0,0x3)" ]
}

@test "CALL: zero prints as 0, not 0x0" {
	gen "call pid=123 comm=echo code=$EXIT_GROUP args=0,0,0,0,0,0"
	run -0 "$KDUMP" -f t.out
	[ "$output" = "   123 echo     CALL  exit_group(0)" ]
}

@test "CALL: no parentheses for a syscall without arguments" {
	gen "call code=$GETPID args=1,2,3,4,5,6"
	run -0 "$KDUMP" -f t.out
	[ "$output" = "   100 cmd      CALL  getpid" ]
}

@test "CALL: unknown syscall as [N] with every recorded argument" {
	gen "call code=999 args=1,2"
	run -0 "$KDUMP" -f t.out
	[ "$output" = "   100 cmd      CALL  [999](0x1,0x2)" ]
}

@test "CALL -d: arguments in signed decimal, flags still decoded" {
	gen "call code=$OPENAT args=-100,0x1000,0x241,0x1b6,0,0"
	run -0 "$KDUMP" -n -d -f t.out
	[ "$output" = "   100 cmd      CALL  openat(-100,4096,577,438)" ]
	run -0 "$KDUMP" -d -f t.out
	[ "$output" = "   100 cmd      CALL  openat(AT_FDCWD,4096,0x241<O_WRONLY|O_CREAT|O_TRUNC>,0666)" ]
}

@test "CALL -S: the syscall number after its name" {
	gen "call code=$WRITE args=1,2,3" "ret code=$WRITE retval=3"
	run -0 "$KDUMP" -S -f t.out
	[ "${lines[0]}" = "   100 cmd      CALL  write[1](1,0x2,3)" ]
	[ "${lines[1]}" = "   100 cmd      RET   write[1] 3" ]
}

@test "RET: small values in decimal, others also in hex" {
	gen "ret code=$WRITE retval=3" "ret code=$WRITE retval=9" \
	    "ret code=$WRITE retval=25" "ret code=$WRITE retval=-1"
	run -0 "$KDUMP" -f t.out
	[ "${lines[0]}" = "   100 cmd      RET   write 3" ]
	[ "${lines[1]}" = "   100 cmd      RET   write 9" ]
	[ "${lines[2]}" = "   100 cmd      RET   write 25/0x19" ]
	[ "${lines[3]}" = "   100 cmd      RET   write -1/0xffffffffffffffff" ]
}

@test "RET -n: hex only; -n -d: decimal only" {
	gen "ret code=$WRITE retval=25"
	run -0 "$KDUMP" -n -f t.out
	[ "$output" = "   100 cmd      RET   write 0x19" ]
	run -0 "$KDUMP" -n -d -f t.out
	[ "$output" = "   100 cmd      RET   write 25" ]
}

@test "RET: an error with its Linux errno text" {
	gen "ret code=$OPENAT error=2" "ret code=$READ error=9" \
	    "ret code=$READ error=11"
	run -0 "$KDUMP" -f t.out
	[ "${lines[0]}" = "   100 cmd      RET   openat -1 errno 2 No such file or directory" ]
	[ "${lines[1]}" = "   100 cmd      RET   read -1 errno 9 Bad file descriptor" ]
	[ "${lines[2]}" = "   100 cmd      RET   read -1 errno 11 Resource temporarily unavailable" ]
}

@test "RET -n: the errno without its text" {
	gen "ret code=$OPENAT error=2"
	run -0 "$KDUMP" -n -f t.out
	[ "$output" = "   100 cmd      RET   openat -1 errno 2" ]
}

@test "RET: kernel restart codes by name, unknown errnos said so" {
	gen "ret code=$READ error=512" "ret code=35 error=516" \
	    "ret code=$READ error=600" "ret code=$READ error=524"
	run -0 "$KDUMP" -f t.out
	[ "${lines[0]}" = "   100 cmd      RET   read ERESTARTSYS" ]
	[ "${lines[1]}" = "   100 cmd      RET   nanosleep ERESTART_RESTARTBLOCK" ]
	[ "${lines[2]}" = "   100 cmd      RET   read -1 errno 600 Unknown error 600" ]
	[ "${lines[3]}" = "   100 cmd      RET   read -1 errno 524 Operation is not supported" ]
}

@test "RET with its number erased: the thread's last CALL, JUSTRETURN" {
	# A sigreturn's RET: the kernel wiped the number; each thread's own
	# last CALL names it.
	gen "call tid=7 code=15" "call tid=8 code=$GETPID" \
	    "ret tid=7 code=-1 error=-2" "ret tid=8 code=$GETPID retval=8" \
	    "ret tid=9 code=-1 error=-2"
	run -0 "$KDUMP" -f t.out
	[ "${lines[2]}" = "   100 cmd      RET   rt_sigreturn JUSTRETURN" ]
	[ "${lines[3]}" = "   100 cmd      RET   getpid 8" ]
	# No CALL seen for that thread: the number as it is.
	[ "${lines[4]}" = "   100 cmd      RET   [-1] JUSTRETURN" ]
}

@test "-H: a thread id column; a negative tid shows as 0" {
	gen "call pid=42 tid=4242 code=$GETPID" "call pid=42 tid=-5 code=$GETPID"
	run -0 "$KDUMP" -H -f t.out
	[ "${lines[0]}" = "    42   4242 cmd      CALL  getpid" ]
	[ "${lines[1]}" = "    42      0 cmd      CALL  getpid" ]
}

@test "command names: padded to 8, cut at 19" {
	gen "call comm=abcdefghijklmnopqrstu code=$GETPID" \
	    "call comm=abcdefghij code=$GETPID"
	run -0 "$KDUMP" -f t.out
	[ "${lines[0]}" = "   100 abcdefghijklmnopqrs CALL  getpid" ]
	[ "${lines[1]}" = "   100 abcdefghij CALL  getpid" ]
}

@test "-T: absolute time in ns; microseconds for version 0 records" {
	gen "call code=$GETPID sec=1700000000 nsec=123" \
	    "call v0 code=$GETPID sec=1700000001 nsec=5000"
	run -0 "$KDUMP" -T -f t.out
	[ "${lines[0]}" = "   100 cmd      1700000000.000000123 CALL  getpid" ]
	[ "${lines[1]}" = "   100 cmd      1700000001.000005 CALL  getpid" ]
}

@test "-E and -R: since the first and the previous record, signed" {
	gen "call code=$GETPID sec=10 nsec=500000000" \
	    "call code=$GETPID sec=11 nsec=250000000" \
	    "call code=$GETPID sec=11 nsec=0"
	run -0 "$KDUMP" -E -f t.out
	[ "${lines[0]}" = "   100 cmd      0.000000000 CALL  getpid" ]
	[ "${lines[1]}" = "   100 cmd      0.750000000 CALL  getpid" ]
	[ "${lines[2]}" = "   100 cmd      0.500000000 CALL  getpid" ]
	run -0 "$KDUMP" -R -f t.out
	[ "${lines[1]}" = "   100 cmd      0.750000000 CALL  getpid" ]
	[ "${lines[2]}" = "   100 cmd      -0.250000000 CALL  getpid" ]
}

@test "-T -E -R together print in that order, -c then the cpu" {
	gen "call code=$GETPID sec=5 nsec=1 cpu=3" \
	    "call code=$GETPID sec=6 nsec=2 cpu=12"
	run -0 "$KDUMP" -R -E -T -c -f t.out
	[ "${lines[1]}" = "   100 cmd      6.000000002 1.000000001 1.000000001  12 CALL  getpid" ]
}

@test "-c: no cpu column for version 0 records" {
	gen "call v0 code=$GETPID" "call code=$GETPID cpu=1"
	run -0 "$KDUMP" -c -f t.out
	[ "${lines[0]}" = "   100 cmd      CALL  getpid" ]
	[ "${lines[1]}" = "   100 cmd        1 CALL  getpid" ]
}

@test "-p: records of that process or that thread only" {
	gen "call pid=7 tid=70 code=$GETPID" "call pid=8 tid=80 code=$GETPID" \
	    "call pid=8 tid=81 code=$GETPID"
	run -0 "$KDUMP" -H -p 8 -f t.out
	[ "${#lines[@]}" -eq 2 ]
	[ "${lines[0]}" = "     8     80 cmd      CALL  getpid" ]
	run -0 "$KDUMP" -H -p 70 -f t.out
	[ "$output" = "     7     70 cmd      CALL  getpid" ]
}

@test "-t: only the record types asked for" {
	gen "call code=$GETPID" "namei path=/etc" "ret code=$GETPID retval=1"
	run -0 "$KDUMP" -t n -f t.out
	[ "$output" = '   100 cmd      NAMI  "/etc"' ]
	run -0 "$KDUMP" -t c -f t.out
	[ "${#lines[@]}" -eq 2 ]
}

@test "Events dropped: before the record, once until one is shown" {
	gen "call pid=7 tid=70 code=$GETPID drop" \
	    "ret pid=7 tid=70 code=$GETPID retval=7"
	run -0 "$KDUMP" -f t.out
	[ "${lines[0]}" = "     7 cmd      Events dropped." ]
	[ "${lines[1]}" = "     7 cmd      CALL  getpid" ]
	run -0 "$KDUMP" -H -f t.out
	[ "${lines[0]}" = "     7     70 cmd      Events dropped." ]
	gen "namei path=/a drop" "namei path=/b drop" "call code=$GETPID drop"
	run -0 "$KDUMP" -t c -f t.out
	[ "${#lines[@]}" -eq 2 ]
	[ "${lines[1]}" = "   100 cmd      CALL  getpid" ]
}

@test "version 0 records read like version 1, even with tiny payloads" {
	gen "user v0 pid=5 comm=old data=ab" \
	    "call v0 pid=5 comm=old code=$WRITE args=1,2,3" \
	    "ret pid=5 comm=new code=$WRITE retval=3"
	run -0 "$KDUMP" -f t.out
	[ "${lines[0]}" = "     5 old      USER  2  61 62" ]
	[ "${lines[1]}" = "     5 old      CALL  write(1,0x2,3)" ]
	[ "${lines[2]}" = "     5 new      RET   write 3" ]
}

@test "NAMI and SCTL: the name in quotes; USER: its bytes" {
	gen "namei path=/etc/passwd" "rec type=9 data=kern.ostype" \
	    "user hex=00ff41"
	run -0 "$KDUMP" -f t.out
	[ "${lines[0]}" = '   100 cmd      NAMI  "/etc/passwd"' ]
	[ "${lines[1]}" = '   100 cmd      SCTL  "kern.ostype"' ]
	[ "${lines[2]}" = "   100 cmd      USER  3  00 ff 41" ]
	run -0 "$KDUMP" -d -t u -f t.out
	[ "$output" = "   100 cmd      USER  3  0 255 65" ]
}

@test "other types: UNKNOWN(n); PROCCTOR and PROCDTOR: not shown" {
	gen "rec type=13 hex=0100000000000000" "rec type=20 data=x" \
	    "rec type=10 hex=00000000" "rec type=11"
	run -0 "$KDUMP" -f t.out
	[ "${#lines[@]}" -eq 2 ]
	[ "${lines[0]}" = "   100 cmd      UNKNOWN(13)  " ]
	[ "${lines[1]}" = "   100 cmd      UNKNOWN(20)  " ]
}

@test "GIO text: FreeBSD's sample, a newline kept, the quote closed" {
	gen "gio pid=85045 comm=echo fd=1 data=ktrace\n"
	run -0 "$KDUMP" -f t.out
	[ "${#lines[@]}" -eq 3 ]
	[ "${lines[0]}" = " 85045 echo     GIO   fd 1 wrote 7 bytes" ]
	[ "${lines[1]}" = '       "ktrace' ]
	[ "${lines[2]}" = '       "' ]
}

@test "GIO text: read, 1 byte, C-style escapes, tabs after newlines" {
	gen "gio fd=0 rw=read data=x" 'gio fd=5 data=a\tb\r\0c\\d"e' \
	    "gio fd=5 data=one\ntwo" "gio fd=5 data="
	run -0 "$KDUMP" -f t.out
	[ "${lines[0]}" = "   100 cmd      GIO   fd 0 read 1 byte" ]
	[ "${lines[1]}" = '       "x"' ]
	[ "${lines[2]}" = "   100 cmd      GIO   fd 5 wrote 10 bytes" ]
	[ "${lines[3]}" = $'       "a\tb\\r\\0c\\\\d"e"' ]
	[ "${lines[5]}" = '       "one' ]
	[ "${lines[6]}" = $'\ttwo"' ]
	[ "${lines[7]}" = "   100 cmd      GIO   fd 5 wrote 0 bytes" ]
	[ "${lines[8]}" = '       ""' ]
}

@test "GIO text: long lines wrap at 78 columns with a backslash" {
	x10=xxxxxxxxxx
	x100=$x10$x10$x10$x10$x10$x10$x10$x10$x10$x10
	gen "gio fd=1 data=$x100"
	run -0 "$KDUMP" -f t.out 2>/dev/null
	[ "${#lines[@]}" -eq 3 ]
	[ "${lines[1]}" = "       \"${x100:0:70}\\" ]
	[ "${lines[2]}" = $'\t'"${x100:0:30}\"" ]
	[ "${#lines[1]}" -eq 79 ]
}

@test "GIO binary: a hex dump, 16 bytes a line, then an empty line" {
	gen "gio fd=3 rw=read hex=000102037f8081ff41424344454647484950"
	"$KDUMP" -f t.out > got.txt 2>/dev/null
	printf '%s\n' "   100 cmd      GIO   fd 3 read 18 bytes" \
	    "       0x0000 0001 0203 7f80 81ff 4142 4344 4546 4748  |........ABCDEFGH|" \
	    "       0x0010 4950                                     |IP|" \
	    "" > want.txt
	diff -u want.txt got.txt
	# A last line that is full: no empty line.
	gen "gio fd=3 hex=00010203040506070809101112131415"
	"$KDUMP" -f t.out > got.txt 2>/dev/null
	printf '%s\n' "   100 cmd      GIO   fd 3 wrote 16 bytes" \
	    "       0x0000 0001 0203 0405 0607 0809 1011 1213 1415  |................|" \
	    > want.txt
	diff -u want.txt got.txt
}

@test "GIO -s: no data; -m N: at most N bytes of it" {
	gen "gio fd=1 data=hello,world" "gio fd=1 hex=ff00ff00ff00"
	run -0 "$KDUMP" -s -f t.out
	[ "${#lines[@]}" -eq 2 ]
	[ "${lines[0]}" = "   100 cmd      GIO   fd 1 wrote 11 bytes" ]
	[ "${lines[1]}" = "   100 cmd      GIO   fd 1 wrote 6 bytes" ]
	run -0 "$KDUMP" -m 5 -f t.out 2>/dev/null
	[ "${lines[0]}" = "   100 cmd      GIO   fd 1 wrote 11 bytes" ]
	[ "${lines[1]}" = '       "hello"' ]
	[ "${lines[3]}" = "       0x0000 ff00 ff00 ff                             |.....|" ]
	run -0 "$KDUMP" -m 0 -f t.out 2>/dev/null
	[ "${lines[1]}" = '       "hello,world"' ]
}

@test "PSIG: caught, SIG_DFL, SIG_IGN, with the si_code by name" {
	gen "psig sig=11 action=0x401136 code=1 mask=0x4000" \
	    "psig sig=15 code=0" "psig sig=2 action=ign code=0x80" \
	    "psig sig=17 action=0x1000 code=1" "psig sig=10 code=-6"
	run -0 "$KDUMP" -f t.out
	[ "${lines[0]}" = "   100 cmd      PSIG  SIGSEGV caught handler=0x401136 mask=0x4000 code=SEGV_MAPERR" ]
	[ "${lines[1]}" = "   100 cmd      PSIG  SIGTERM SIG_DFL code=SI_USER" ]
	[ "${lines[2]}" = "   100 cmd      PSIG  SIGINT SIG_IGN code=SI_KERNEL" ]
	[ "${lines[3]}" = "   100 cmd      PSIG  SIGCHLD caught handler=0x1000 mask=0x0 code=CLD_EXITED" ]
	[ "${lines[4]}" = "   100 cmd      PSIG  SIGUSR1 SIG_DFL code=SI_TKILL" ]
}

@test "PSIG: real-time signals, 64-bit masks, unknowns; -n: numbers" {
	gen "psig sig=34 action=0x1000 code=-1 mask=0x1,0x4" \
	    "psig sig=64 code=-2" "psig sig=99 code=12345" \
	    "psig sig=11 action=0x401136 code=1 mask=0x4000"
	run -0 "$KDUMP" -f t.out
	[ "${lines[0]}" = "   100 cmd      PSIG  SIGRT2 caught handler=0x1000 mask=0x400000001 code=SI_QUEUE" ]
	[ "${lines[1]}" = "   100 cmd      PSIG  SIGRT32 SIG_DFL code=SI_TIMER" ]
	[ "${lines[2]}" = "   100 cmd      PSIG  SIG 99 SIG_DFL code=12345" ]
	run -0 "$KDUMP" -n -f t.out
	[ "${lines[0]}" = "   100 cmd      PSIG  34 caught handler=0x1000 mask=0x400000001 code=-1" ]
	[ "${lines[3]}" = "   100 cmd      PSIG  11 caught handler=0x401136 mask=0x4000 code=1" ]
}

@test "CSW: stop and resume, user or kernel, the wait message; old layout" {
	gen "csw out=1 user=1 wmesg=preempt" "csw out=0 user=0 wmesg=futex" \
	    "csw out=1 wmesg=12345678" "csw old out=0 user=1"
	run -0 "$KDUMP" -f t.out
	[ "${lines[0]}" = '   100 cmd      CSW   stop user "preempt"' ]
	[ "${lines[1]}" = '   100 cmd      CSW   resume kernel "futex"' ]
	[ "${lines[2]}" = '   100 cmd      CSW   stop kernel "12345678"' ]
	[ "${lines[3]}" = '   100 cmd      CSW   resume user' ]
}

@test "STRU sockaddr: inet, inet6, unix paths and abstract names" {
	gen "sockaddr family=inet addr=127.0.0.1 port=80" \
	    "sockaddr family=inet6 addr=::1 port=80" \
	    "sockaddr family=inet6 addr=fe80::1 port=22 scope=2" \
	    "sockaddr family=unix path=/tmp/sock" \
	    'sockaddr family=unix path=@name\0x' \
	    "sockaddr family=inet6 addr=2001:db8::5 port=443 salen=24"
	run -0 "$KDUMP" -f t.out
	[ "${lines[0]}" = "   100 cmd      STRU  struct sockaddr { AF_INET, 127.0.0.1:80 }" ]
	[ "${lines[1]}" = "   100 cmd      STRU  struct sockaddr { AF_INET6, [::1]:80 }" ]
	[ "${lines[2]}" = "   100 cmd      STRU  struct sockaddr { AF_INET6, [fe80::1%2]:22 }" ]
	[ "${lines[3]}" = "   100 cmd      STRU  struct sockaddr { AF_UNIX, /tmp/sock }" ]
	[ "${lines[4]}" = '   100 cmd      STRU  struct sockaddr { AF_UNIX, @name\0x }' ]
	[ "${lines[5]}" = "   100 cmd      STRU  struct sockaddr { AF_INET6, [2001:db8::5]:443 }" ]
}

@test "STRU sockaddr: netlink, other families, short or absurd lengths" {
	gen "sockaddr family=16 hex=0000e803000001000000" \
	    "sockaddr family=17 hex=0003" "sockaddr family=99" \
	    "sockaddr family=inet addr=1.2.3.4 salen=8" \
	    "sockaddr family=unix path=/x salen=1" \
	    "sockaddr family=inet addr=1.2.3.4 salen=129"
	run -0 "$KDUMP" -f t.out
	[ "${lines[0]}" = "   100 cmd      STRU  struct sockaddr { AF_NETLINK, netlink[pid=1000, groups=0x1] }" ]
	[ "${lines[1]}" = "   100 cmd      STRU  struct sockaddr { AF_PACKET, unknown address family }" ]
	[ "${lines[2]}" = "   100 cmd      STRU  struct sockaddr { <invalid=99>, unknown address family }" ]
	[ "${lines[3]}" = "   100 cmd      STRU  struct sockaddr { AF_INET, invalid }" ]
	[ "${lines[4]}" = "   100 cmd      STRU  invalid record" ]
	[ "${lines[5]}" = "   100 cmd      STRU  invalid record" ]
}

@test "STRU stat: FreeBSD's fields; -r: mode, owners and dates resolved" {
	gen "stat dev=2049 ino=1234 nlink=1 mode=100644 uid=0 gid=0 rdev=0 size=42 blksize=4096 blocks=8 atime=1700000000.5 mtime=1700000001 ctime=1700000002"
	run -0 "$KDUMP" -f t.out
	[ "$output" = "   100 cmd      STRU  struct stat {dev=2049, ino=1234, mode=0100644, nlink=1, uid=0, gid=0, rdev=0, atime=1700000000.000000005, mtime=1700000001, ctime=1700000002, size=42, blksize=4096, blocks=8, flags=0x0 }" ]
	[ "$(getent passwd 0 | cut -d: -f1)" = root ] || skip "uid 0 is not root here"
	[ "$(getent group 0 | cut -d: -f1)" = root ] || skip "gid 0 is not root here"
	run -0 env TZ=UTC "$KDUMP" -r -f t.out
	[ "$output" = '   100 cmd      STRU  struct stat {dev=2049, ino=1234, mode=-rw-r--r-- , nlink=1, uid="root", gid="root", rdev=0, atime="Nov 14 22:13:20 2023".000000005, mtime="Nov 14 22:13:21 2023", ctime="Nov 14 22:13:22 2023", size=42, blksize=4096, blocks=8, flags=0x0 }' ]
}

@test "STRU: a wrong size or name is invalid, another name unknown" {
	gen "stru name=stat hex=00" "stru name=a-b data=x" "stru name=x" \
	    "stru name=itimerval hex=0000"
	run -0 "$KDUMP" -f t.out
	[ "${lines[0]}" = "   100 cmd      STRU  invalid record" ]
	[ "${lines[1]}" = "   100 cmd      STRU  invalid record" ]
	[ "${lines[2]}" = "   100 cmd      STRU  invalid record" ]
	[ "${lines[3]}" = "   100 cmd      STRU  unknown structure" ]
}

@test "ARGS and ENVS: the strings quoted, comma-separated" {
	gen "args list=ls,-l,/tmp" "envs list=HOME=/root,TERM=xterm" \
	    "args list=" "rec type=16 data=a\0b"
	run -0 "$KDUMP" -f t.out
	[ "${lines[0]}" = '   100 cmd      ARGS  "ls", "-l", "/tmp"' ]
	[ "${lines[1]}" = '   100 cmd      ENVS  "HOME=/root", "TERM=xterm"' ]
	[ "${lines[2]}" = '   100 cmd      ARGS  ""' ]
	[ "${lines[3]}" = '   100 cmd      ARGS  "a", "b"' ]
}

@test "LOST: after Events dropped, the exact count" {
	gen "call code=$GETPID" "lost count=12345 drop" "call code=$GETPID" \
	    "lost count=1 drop" "lost count=0x10000000000 drop"
	run -0 "$KDUMP" -f t.out
	[ "${#lines[@]}" -eq 8 ]
	[ "${lines[1]}" = "   100 cmd      Events dropped." ]
	[ "${lines[2]}" = "   100 cmd      LOST  12345 records" ]
	[ "${lines[3]}" = "   100 cmd      CALL  getpid" ]
	[ "${lines[5]}" = "   100 cmd      LOST  1 record" ]
	[ "${lines[7]}" = "   100 cmd      LOST  1099511627776 records" ]
}

@test "PROCCTOR: a 32-bit process's syscalls are i386's until PROCDTOR" {
	# 4 is write on i386, stat on x86_64.
	gen "ctor pid=5 flags=0x103" "call pid=5 code=4 args=1,2,3" \
	    "ret pid=5 code=4 retval=3" "call pid=6 code=4 args=1,2" \
	    "dtor pid=5" "call pid=5 code=4 args=1,2"
	run -0 "$KDUMP" -f t.out
	[ "${#lines[@]}" -eq 4 ]
	[ "${lines[0]}" = "     5 cmd      CALL  write(1,0x2,3)" ]
	[ "${lines[1]}" = "     5 cmd      RET   write 3" ]
	[ "${lines[2]}" = "     6 cmd      CALL  stat(0x1,0x2)" ]
	[ "${lines[3]}" = "     5 cmd      CALL  stat(0x1,0x2)" ]
	# Read whatever is filtered out.
	run -0 "$KDUMP" -p 5 -t c -f t.out
	[ "${lines[0]}" = "     5 cmd      CALL  write(1,0x2,3)" ]
}

@test "-A: the ABI column, L32 or L64, F and U for other ABIs" {
	gen "ctor pid=5 flags=0x103" "call pid=5 code=4 args=1,2,3" \
	    "ctor pid=6 flags=0x203" "call pid=6 code=$GETPID" \
	    "ctor pid=7 flags=0x209" "call pid=7 code=$GETPID" \
	    "ctor pid=8 flags=0" "call pid=8 code=$GETPID" \
	    "call pid=9 code=$GETPID"
	run -0 "$KDUMP" -A -f t.out
	[ "${lines[0]}" = "     5 cmd      CALL  L32  write(1,0x2,3)" ]
	[ "${lines[1]}" = "     6 cmd      CALL  L64  getpid" ]
	[ "${lines[2]}" = "     7 cmd      CALL  F64  getpid" ]
	[ "${lines[3]}" = "     8 cmd      CALL  U00  getpid" ]
	[ "${lines[4]}" = "     9 cmd      CALL  L64  getpid" ]
}

@test "-t: each type's letter; LOST is always shown" {
	gen "call code=$GETPID" "namei path=/x" "gio fd=1 data=y" \
	    "psig sig=1" "csw out=1" "user data=z" "stru name=x data=1" \
	    "args list=a" "envs list=b" "rec type=9 data=k" "lost count=2"
	for t in c:CALL n:NAMI i:GIO s:PSIG w:CSW u:USER t:STRU a:ARGS \
	    e:ENVS y:SCTL; do
		run -0 "$KDUMP" -s -t "${t%%:*}" -f t.out
		[ "${#lines[@]}" -eq 2 ]
		[[ "${lines[0]}" == "   100 cmd      ${t#*:} "* ]]
		[ "${lines[1]}" = "   100 cmd      LOST  2 records" ]
	done
}

@test "malformed new record types: a clear message, exit 1" {
	for r in "rec type=4 hex=01000000:bogus genio record: length 4" \
	    "rec type=5 hex=00:bogus psig record: length 1" \
	    "psig sig=1 len=36:bogus psig record: length 36" \
	    "rec type=6 hex=010000000100000000:bogus csw record: length 9" \
	    "rec type=6 hex=0100:bogus csw record: length 2" \
	    "rec type=10 hex=0100:bogus procctor record: length 2" \
	    "rec type=11 data=x:bogus procdtor record: length 1" \
	    "rec type=64 hex=01:bogus lost record: length 1" \
	    "rec type=8 data=stat:bogus struct record: no NUL-terminated name in 4 bytes" \
	    "rec type=8:bogus struct record: no NUL-terminated name in 0 bytes"; do
		gen "${r%%:*}"
		run --separate-stderr -1 "$KDUMP" -f t.out
		[ "$output" = "" ]
		[ "$stderr" = "kdump: t.out: record at offset 0: ${r#*:}" ]
	done
}

@test "truncated payload: records before it, then 'data too short', exit 1" {
	gen "call code=$WRITE args=1,2,3" "ret code=$WRITE retval=3"
	head -c 170 t.out > cut.out	# the CALL, the RET's header, 10 bytes
	run --separate-stderr -1 "$KDUMP" -f cut.out
	[ "$output" = "   100 cmd      CALL  write(1,0x2,3)" ]
	[ "$stderr" = "kdump: cut.out: record at offset 96: data too short (10 of 16 bytes)" ]
}

@test "truncated header: unexpected end of file, exit 1" {
	gen "call code=$GETPID"
	head -c 30 t.out > cut.out
	run --separate-stderr -1 "$KDUMP" -f cut.out
	[ "$output" = "" ]
	[ "$stderr" = "kdump: cut.out: record at offset 0: unexpected end of file in the header (30 of 64 bytes)" ]
}

@test "bogus lengths: negative or beyond 1 MiB, exit 1" {
	gen "call code=$GETPID len=-1"
	run -1 "$KDUMP" -f t.out
	[ "$output" = "kdump: t.out: record at offset 0: bogus length 0xffffffff" ]
	gen "call code=$GETPID len=0x100001"
	run -1 "$KDUMP" -f t.out
	[ "$output" = "kdump: t.out: record at offset 0: bogus length 0x100001" ]
}

@test "malformed SYSCALL and SYSRET payloads: exit 1" {
	gen "call code=$GETPID args=1,2,3 narg=9"
	run -1 "$KDUMP" -f t.out
	[[ "$output" == *"bogus syscall record: 9 arguments in 32 bytes" ]]
	gen "call code=$GETPID args=1,2,3 narg=2"
	run -1 "$KDUMP" -f t.out
	[[ "$output" == *"bogus syscall record: 2 arguments in 32 bytes" ]]
	gen "rec type=2 hex=0100000000000000"
	run -1 "$KDUMP" -f t.out
	[[ "$output" == *"bogus sysret record: length 8" ]]
}

@test "bad header version or time: exit 1" {
	gen "call code=$GETPID version=2"
	run -1 "$KDUMP" -f t.out
	[[ "$output" == *"unsupported header version 2" ]]
	gen "call code=$GETPID nsec=1000000000"
	run -1 "$KDUMP" -f t.out
	[[ "$output" == *"bogus time (1000000000 ns)" ]]
	gen "call v0 code=$GETPID nsec=1000000000"
	run -1 "$KDUMP" -f t.out
	[[ "$output" == *"bogus time (1000000 us)" ]]
}

@test "garbage: a clear error, never a crash" {
	head -c 4096 /dev/urandom > junk.out
	run "$KDUMP" -f junk.out
	[ "$status" -le 1 ]
	printf 'hello, this is not a trace\n' > text.out
	run -1 "$KDUMP" -f text.out
	[[ "$output" == "kdump: text.out: record at offset 0: "* ]]
}

@test "an empty file: no output, exit 0" {
	: > empty.out
	run -0 "$KDUMP" -f empty.out
	[ "$output" = "" ]
}

@test "-f -: the trace from standard input" {
	gen "call code=$GETPID" "ret code=$GETPID retval=1"
	run -0 bash -c "cat t.out | '$KDUMP' -f -"
	[ "${lines[1]}" = "   100 cmd      RET   getpid 1" ]
	head -c 70 t.out > cut.out
	run -1 bash -c "'$KDUMP' -f - < cut.out"
	[[ "$output" == "kdump: stdin: record at offset 0: data too short"* ]]
}

@test "default trace file: ktrace.out" {
	"$KTRGEN" -o ktrace.out "call code=$GETPID"
	run -0 "$KDUMP"
	[ "$output" = "   100 cmd      CALL  getpid" ]
}

@test "a missing trace file: named, exit 1" {
	run -1 "$KDUMP" -f nosuch.out
	[ "$output" = "kdump: nosuch.out: No such file or directory" ]
}

@test "bad options: FreeBSD's usage or a clear message, exit 1" {
	usage="usage: kdump [-dEnlHRrSsTAcXx] [--json] [-f trfile] [-m maxdata] [-p pid] [-t trstr]
             [--pairs | --raw | --stats [--sort key] [--by-pid] |
              --graph kind -o file] [--syscall list]
             [--errors | --success] [--files] [--after time] [--before time]"
	run --separate-stderr -1 "$KDUMP" -z
	# FreeBSD's usage line, as scripts may look for it, then ours.
	[ "${stderr_lines[1]}" = "${usage%%$'\n'*}" ]
	[ "$(tail -n 4 <<<"$stderr")" = "$usage" ]
	run -1 "$KDUMP" extra
	[ "$output" = "$usage" ]
	run -1 "$KDUMP" -t cz
	[ "$output" = "kdump: unknown trace point in cz" ]
	run -1 "$KDUMP" -p abc
	[ "$output" = "kdump: pid abc is invalid" ]
	run -1 "$KDUMP" -m -1
	[ "$output" = "kdump: maxdata -1 is too small" ]
}

@test "the other FreeBSD options are accepted" {
	gen "call code=$GETPID"
	run -0 "$KDUMP" -A -r -s -m 64 -f t.out
	[ "$output" = "   100 cmd      CALL  L64  getpid" ]
}

@test "-l: follows a file as it grows, record by record" {
	gen "call code=$WRITE args=1,2,3" "ret code=$WRITE retval=3"
	head -c 100 t.out > grow.out	# the CALL and 4 bytes of the RET
	timeout 10 "$KDUMP" -l -f grow.out > follow.txt 3>&- &
	pid=$!
	for _ in $(seq 50); do [ -s follow.txt ] && break; sleep 0.1; done
	[ "$(cat follow.txt)" = "   100 cmd      CALL  write(1,0x2,3)" ]
	tail -c +101 t.out >> grow.out
	for _ in $(seq 50); do
		[ "$(wc -l < follow.txt)" -eq 2 ] && break
		sleep 0.1
	done
	kill "$pid"
	wait "$pid" || true
	[ "$(sed -n 2p follow.txt)" = "   100 cmd      RET   write 3" ]
}

@test "volume: 100000 records, every one printed" {
	for _ in $(seq 1000); do
		echo "call code=$WRITE args=1,2,3"
		echo "ret code=$WRITE retval=3"
	done > one.txt
	"$KTRGEN" -o one.out < one.txt
	for _ in $(seq 50); do cat one.out; done > big.out
	run -0 bash -c "'$KDUMP' -f big.out | sort | uniq -c"
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[0]}" == "  50000    100 cmd      CALL  write(1,0x2,3)" ]]
	[[ "${lines[1]}" == "  50000    100 cmd      RET   write 3" ]]
}
