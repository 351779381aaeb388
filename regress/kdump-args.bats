#!/usr/bin/env bats
# kdump(1)'s decoding of CALL arguments, on records written by ktrgen:
# FreeBSD's "fancy" format with Linux meaning (descriptors and counts in
# decimal, addresses in hex, flags as 0x241<O_WRONLY|O_CREAT|O_TRUNC>,
# values by name), each decoder family, both ABIs, -n and -d.

load tools/common

setup_file() { common_setup_file; }
setup() { common_setup; }

# decode ABI SYSCALL ARGS [KDUMP OPTION...]: the CALL line's payload for
# that call made by a process of that ABI (syscall numbers from libktrace).
decode() {
	local abi=$1 name=$2 args=$3 code
	shift 3
	code=$("$KTRLIB" sysent "$abi" "$name") || return 1
	code=${code%% *}
	if [ "$abi" = i386 ]; then
		gen "ctor flags=0x103" "call code=$code args=$args"
	else
		gen "call code=$code args=$args"
	fi
	"$KDUMP" "$@" -f t.out | sed -n 's/^ *[0-9]* cmd      CALL  //p'
}

# want ABI SYSCALL ARGS EXPECTED [KDUMP OPTION...]
want() {
	local abi=$1 name=$2 args=$3 expected=$4 got
	shift 4
	got=$(decode "$abi" "$name" "$args" "$@")
	if [ "$got" != "$expected" ]; then
		printf 'call: %s %s(%s) %s\nwant: %s\ngot:  %s\n' "$abi" "$name" \
		    "$args" "$*" "$expected" "$got"
		return 1
	fi
}

@test "files: open flags with the access mode, the mode only when creating" {
	want x86_64 openat -100,0x1000,0x241,0o644 \
	    "openat(AT_FDCWD,0x1000,0x241<O_WRONLY|O_CREAT|O_TRUNC>,0644)"
	want x86_64 openat -100,0x1000,0,0o644 "openat(AT_FDCWD,0x1000,0<O_RDONLY>)"
	want x86_64 openat 3,0x1000,0x90800,0 \
	    "openat(3,0x1000,0x90800<O_RDONLY|O_NONBLOCK|O_DIRECTORY|O_CLOEXEC>)"
	want x86_64 open 0x1000,0x80042,0o600 \
	    "open(0x1000,0x80042<O_RDWR|O_CREAT|O_CLOEXEC>,0600)"
	# O_TMPFILE (its own bit and O_DIRECTORY) creates a file: a mode.
	want x86_64 openat -100,0x1000,0x410002,0o600 \
	    "openat(AT_FDCWD,0x1000,0x410002<O_RDWR|O_TMPFILE>,0600)"
	# O_SYNC holds O_DSYNC's bit: named whole, or the part alone.
	want x86_64 open 0x1000,0x101001,0 "open(0x1000,0x101001<O_WRONLY|O_SYNC>)"
	want x86_64 open 0x1000,0x1001,0 "open(0x1000,0x1001<O_WRONLY|O_DSYNC>)"
	want x86_64 creat 0x1000,0o755 "creat(0x1000,0755)"
}

@test "files: bits no name covers, and an access mode none is, are invalid" {
	want x86_64 openat -100,0x1000,0x40000001,0 \
	    "openat(AT_FDCWD,0x1000,0x40000001<O_WRONLY><invalid>1073741824)"
	want x86_64 open 0x1000,3,0 "open(0x1000,0x3<><invalid>3)"
}

@test "files: *at flags, access modes, AT_FDCWD and other directories" {
	want x86_64 unlinkat -100,0x1000,0x200 "unlinkat(AT_FDCWD,0x1000,0x200<AT_REMOVEDIR>)"
	want x86_64 newfstatat 5,0x1000,0x2000,0x1100 \
	    "newfstatat(5,0x1000,0x2000,0x1100<AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH>)"
	want x86_64 newfstatat 5,0x1000,0x2000,0 "newfstatat(5,0x1000,0x2000,0)"
	# faccessat2's 0x200 is AT_EACCESS, not AT_REMOVEDIR.
	want x86_64 faccessat2 -100,0x1000,6,0x200 \
	    "faccessat2(AT_FDCWD,0x1000,0x6<R_OK|W_OK>,0x200<AT_EACCESS>)"
	want x86_64 access 0x1000,0 "access(0x1000,0<F_OK>)"
	want x86_64 access 0x1000,1 "access(0x1000,0x1<X_OK>)"
	want x86_64 renameat2 -100,0x1000,4,0x2000,1 \
	    "renameat2(AT_FDCWD,0x1000,4,0x2000,0x1<RENAME_NOREPLACE>)"
	want x86_64 fchmodat -100,0x1000,0o4755 "fchmodat(AT_FDCWD,0x1000,04755)"
	want x86_64 fchownat 3,0x1000,-1,100,0x100 \
	    "fchownat(3,0x1000,-1,100,0x100<AT_SYMLINK_NOFOLLOW>)"
	want x86_64 mkdir 0x1000,0o777 "mkdir(0x1000,0777)"
	want x86_64 umask 0o22 "umask(022)"
	want x86_64 umask 0 "umask(0)"
}

@test "files: an int argument is its register's low 32 bits" {
	# glibc passes AT_FDCWD in edi: the upper half of rdi is zero.
	want x86_64 openat 0xffffff9c,0x1000,0,0 "openat(AT_FDCWD,0x1000,0<O_RDONLY>)"
	want x86_64 close 0x100000003 "close(3)"
	# But a long is all of it.
	want x86_64 lseek 3,0x100000000,0 "lseek(3,4294967296,SEEK_SET)"
}

@test "descriptors: I/O counts and descriptors in decimal, lseek's whence" {
	want x86_64 read 0,0x7ffd0000,4096 "read(0,0x7ffd0000,4096)"
	want x86_64 write 2,0x55d0c8e3a2a0,17 "write(2,0x55d0c8e3a2a0,17)"
	want x86_64 pread64 3,0x1000,512,8192 "pread64(3,0x1000,512,8192)"
	want x86_64 lseek 3,-10,2 "lseek(3,-10,SEEK_END)"
	want x86_64 lseek 3,0,4 "lseek(3,0,SEEK_HOLE)"
	want x86_64 lseek 3,0,9 "lseek(3,0,<invalid=0x9>)"
	want x86_64 dup2 3,1 "dup2(3,1)"
	want x86_64 dup3 3,1,0x80000 "dup3(3,1,0x80000<O_CLOEXEC>)"
	want x86_64 pipe2 0x1000,0x80800 "pipe2(0x1000,0x80800<O_CLOEXEC|O_NONBLOCK>)"
	want x86_64 close -1 "close(-1)"
	want x86_64 flock 3,6 "flock(3,0x6<LOCK_EX|LOCK_NB>)"
}

@test "descriptors: fcntl's command, and its argument as the command means it" {
	want x86_64 fcntl 3,3,0x7f "fcntl(3,F_GETFL)"
	want x86_64 fcntl 3,1,0 "fcntl(3,F_GETFD)"
	want x86_64 fcntl 3,2,1 "fcntl(3,F_SETFD,0x1<FD_CLOEXEC>)"
	want x86_64 fcntl 3,4,0x802 "fcntl(3,F_SETFL,0x802<O_RDWR|O_NONBLOCK>)"
	want x86_64 fcntl 3,1030,10 "fcntl(3,F_DUPFD_CLOEXEC,10)"
	want x86_64 fcntl 3,6,0x7ffd0000 "fcntl(3,F_SETLK,0x7ffd0000)"
	want x86_64 fcntl 3,10,10 "fcntl(3,F_SETSIG,SIGUSR1)"
	want x86_64 fcntl 3,1033,5 "fcntl(3,F_ADD_SEALS,0x5<F_SEAL_SEAL|F_SEAL_GROW>)"
	want x86_64 fcntl 3,99,0x10 "fcntl(3,<invalid=0x63>,0x10)"
}

@test "descriptors: ioctl requests by name, others in hex" {
	want x86_64 ioctl 1,0x5401,0x7ffd0000 "ioctl(1,TCGETS,0x7ffd0000)"
	want x86_64 ioctl 1,0x5413,0x7ffd0000 "ioctl(1,TIOCGWINSZ,0x7ffd0000)"
	want x86_64 ioctl 3,0x541b,0x7ffd0000 "ioctl(3,FIONREAD,0x7ffd0000)"
	want x86_64 ioctl 3,0x5451,0 "ioctl(3,FIOCLEX,0)"
	want x86_64 ioctl 3,0x5421,0x1000 "ioctl(3,FIONBIO,0x1000)"
	want x86_64 ioctl 3,0x80045430,0x1000 "ioctl(3,TIOCGPTN,0x1000)"
	want x86_64 ioctl 3,0x8912,0x1000 "ioctl(3,SIOCGIFCONF,0x1000)"
	want x86_64 ioctl 3,0xdeadbeef,0x1000 "ioctl(3,0xdeadbeef,0x1000)"
}

@test "poll and epoll: timeouts and counts in decimal, epoll's operations" {
	want x86_64 poll 0x1000,2,-1 "poll(0x1000,2,-1)"
	want x86_64 epoll_create1 0x80000 "epoll_create1(0x80000<EPOLL_CLOEXEC>)"
	want x86_64 epoll_ctl 4,1,5,0x1000 "epoll_ctl(4,EPOLL_CTL_ADD,5,0x1000)"
	want x86_64 epoll_ctl 4,3,5,0x1000 "epoll_ctl(4,EPOLL_CTL_MOD,5,0x1000)"
	want x86_64 epoll_wait 4,0x1000,64,5000 "epoll_wait(4,0x1000,64,5000)"
	want x86_64 pselect6 5,0x1000,0,0,0x2000,0 "pselect6(5,0x1000,0,0,0x2000,0)"
	want x86_64 eventfd2 0,0x80800 "eventfd2(0,0x80800<EFD_CLOEXEC|EFD_NONBLOCK>)"
	want x86_64 timerfd_create 1,0x80000 "timerfd_create(CLOCK_MONOTONIC,0x80000<TFD_CLOEXEC>)"
}

@test "memory: mmap's PROT_ and MAP_ flags, sizes in decimal, fd -1" {
	want x86_64 mmap 0,8192,3,0x22,-1,0 \
	    "mmap(0,8192,0x3<PROT_READ|PROT_WRITE>,0x22<MAP_PRIVATE|MAP_ANONYMOUS>,-1,0)"
	want x86_64 mmap 0x7f0000000000,4096,5,0x812,3,0x2000 \
	    "mmap(0x7f0000000000,4096,0x5<PROT_READ|PROT_EXEC>,0x812<MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE>,3,0x2000)"
	want x86_64 mmap 0,4096,0,0x20022,-1,0 \
	    "mmap(0,4096,0<PROT_NONE>,0x20022<MAP_PRIVATE|MAP_ANONYMOUS|MAP_STACK>,-1,0)"
	want x86_64 mprotect 0x1000,4096,0 "mprotect(0x1000,4096,0<PROT_NONE>)"
	want x86_64 munmap 0x1000,4096 "munmap(0x1000,4096)"
	want x86_64 madvise 0x1000,4096,4 "madvise(0x1000,4096,MADV_DONTNEED)"
	want x86_64 mremap 0x1000,4096,8192,1,0 "mremap(0x1000,4096,8192,0x1<MREMAP_MAYMOVE>,0)"
	want x86_64 brk 0 "brk(0)"
	want x86_64 shmget 0x1234,4096,0x3b6 "shmget(0x1234,4096,0x3b6<IPC_CREAT|0666>)"
}

@test "processes: clone's flags and exit signal, wait options, prctl, limits" {
	want x86_64 clone 0x1200011,0,0,0x7f0000001000,0 \
	    "clone(0x1200011<CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD>,0,0,0x7f0000001000,0)"
	want x86_64 clone 0x3d0f00,0x1000,0x2000,0x3000,0x4000 \
	    "clone(0x3d0f00<CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID>,0x1000,0x2000,0x3000,0x4000)"
	want x86_64 unshare 0x20000000 "unshare(0x20000000<CLONE_NEWPID>)"
	want x86_64 wait4 -1,0x1000,0x40000001,0 "wait4(-1,0x1000,0x40000001<WNOHANG|__WALL>,0)"
	want x86_64 wait4 1234,0,0,0 "wait4(1234,0,0,0)"
	want x86_64 waitid 1,1234,0x1000,4,0 "waitid(P_PID,1234,0x1000,0x4<WEXITED>,0)"
	want x86_64 exit_group 1 "exit_group(1)"
	want x86_64 prctl 15,0x1000,0,0,0 "prctl(PR_SET_NAME,0x1000,0,0,0)"
	want x86_64 arch_prctl 0x1002,0x7f0000001000 "arch_prctl(ARCH_SET_FS,0x7f0000001000)"
	want x86_64 prlimit64 0,7,0,0x1000 "prlimit64(0,RLIMIT_NOFILE,0,0x1000)"
	want x86_64 setresuid -1,1000,-1 "setresuid(-1,1000,-1)"
	want x86_64 getrusage -1,0x1000 "getrusage(RUSAGE_CHILDREN,0x1000)"
	want x86_64 clock_gettime 1,0x1000 "clock_gettime(CLOCK_MONOTONIC,0x1000)"
	want x86_64 clock_nanosleep 0,1,0x1000,0 "clock_nanosleep(CLOCK_REALTIME,0x1<TIMER_ABSTIME>,0x1000,0)"
	want x86_64 getrandom 0x1000,16,1 "getrandom(0x1000,16,0x1<GRND_NONBLOCK>)"
}

@test "signals: names, real-time ones, unknown ones, 0; sigprocmask's how" {
	want x86_64 kill 1234,15 "kill(1234,SIGTERM)"
	want x86_64 kill -1,9 "kill(-1,SIGKILL)"
	want x86_64 kill 1234,0 "kill(1234,0)"
	want x86_64 kill 1234,99 "kill(1234,SIG 99)"
	want x86_64 tgkill 100,101,6 "tgkill(100,101,SIGABRT)"
	want x86_64 rt_sigaction 2,0x1000,0,8 "rt_sigaction(SIGINT,0x1000,0,8)"
	want x86_64 rt_sigaction 34,0x1000,0,8 "rt_sigaction(SIGRT2,0x1000,0,8)"
	want x86_64 rt_sigprocmask 2,0x1000,0x2000,8 "rt_sigprocmask(SIG_SETMASK,0x1000,0x2000,8)"
	want x86_64 rt_sigprocmask 0,0x1000,0,8 "rt_sigprocmask(SIG_BLOCK,0x1000,0,8)"
}

@test "sockets: domains, types with their flags, protocols of the domain" {
	want x86_64 socket 2,0x80001,6 "socket(AF_INET,0x80001<SOCK_STREAM|SOCK_CLOEXEC>,IPPROTO_TCP)"
	want x86_64 socket 10,2,0 "socket(AF_INET6,0x2<SOCK_DGRAM>,IPPROTO_IP)"
	want x86_64 socket 1,0x801,0 "socket(AF_UNIX,0x801<SOCK_STREAM|SOCK_NONBLOCK>,0)"
	want x86_64 socket 16,0x80003,0 "socket(AF_NETLINK,0x80003<SOCK_RAW|SOCK_CLOEXEC>,NETLINK_ROUTE)"
	want x86_64 socket 99,15,7 "socket(<invalid=99>,0xf<><invalid>15,7)"
	want x86_64 socketpair 1,1,0,0x1000 "socketpair(AF_UNIX,0x1<SOCK_STREAM>,0,0x1000)"
	want x86_64 connect 3,0x1000,16 "connect(3,0x1000,16)"
	want x86_64 accept4 3,0,0,0x80000 "accept4(3,0,0,0x80000<SOCK_CLOEXEC>)"
	want x86_64 sendto 3,0x1000,10,0x4040,0,0 "sendto(3,0x1000,10,0x4040<MSG_DONTWAIT|MSG_NOSIGNAL>,0,0)"
	want x86_64 recvmsg 3,0x1000,0 "recvmsg(3,0x1000,0)"
	want x86_64 shutdown 3,1 "shutdown(3,SHUT_WR)"
	want x86_64 listen 3,4096 "listen(3,4096)"
}

@test "sockets: option names at their level; other levels' in decimal" {
	want x86_64 setsockopt 3,1,2,0x1000,4 "setsockopt(3,SOL_SOCKET,SO_REUSEADDR,0x1000,4)"
	want x86_64 setsockopt 3,6,1,0x1000,4 "setsockopt(3,SOL_TCP,TCP_NODELAY,0x1000,4)"
	want x86_64 setsockopt 3,41,26,0x1000,4 "setsockopt(3,SOL_IPV6,IPV6_V6ONLY,0x1000,4)"
	want x86_64 getsockopt 3,0,1,0x1000,0x2000 "getsockopt(3,SOL_IP,IP_TOS,0x1000,0x2000)"
	want x86_64 getsockopt 3,1,4,0x1000,0x2000 "getsockopt(3,SOL_SOCKET,SO_ERROR,0x1000,0x2000)"
	want x86_64 setsockopt 3,270,1,0x1000,4 "setsockopt(3,SOL_NETLINK,1,0x1000,4)"
	want x86_64 setsockopt 3,1,999,0x1000,4 "setsockopt(3,SOL_SOCKET,<invalid=0x3e7>,0x1000,4)"
}

@test "futex: the operation with its flags, a count where it is one" {
	want x86_64 futex 0x1000,128,2,0,0,0 "futex(0x1000,FUTEX_WAIT_PRIVATE,2,0,0,0)"
	want x86_64 futex 0x1000,1,2147483647,0,0,0 "futex(0x1000,FUTEX_WAKE,2147483647,0,0,0)"
	want x86_64 futex 0x1000,0x189,0,0x2000,0,0xffffffff \
	    "futex(0x1000,FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME,0,0x2000,0,0xffffffff)"
	# FUTEX_CMP_REQUEUE's fourth argument is how many to requeue.
	want x86_64 futex 0x1000,0x84,1,2147483647,0x2000,0 \
	    "futex(0x1000,FUTEX_CMP_REQUEUE_PRIVATE,1,2147483647,0x2000,0)"
	want x86_64 futex 0x1000,0x7f,0,0,0,0 "futex(0x1000,<invalid=0x7f>,0,0,0,0)"
}

@test "i386: the same decoders, 32-bit registers, AT_FDCWD as the kernel sees it" {
	want i386 write 1,0xffd01000,3 "write(1,0xffd01000,3)"
	want i386 openat 0xffffff9c,0x8049000,0x8241,0o644 \
	    "openat(AT_FDCWD,0x8049000,0x8241<O_WRONLY|O_CREAT|O_TRUNC|O_LARGEFILE>,0644)"
	want i386 open 0x8049000,0x8000,0 "open(0x8049000,0x8000<O_RDONLY|O_LARGEFILE>)"
	want i386 lseek 3,0xfffffff6,2 "lseek(3,-10,SEEK_END)"
	want i386 kill 0xffffffff,9 "kill(-1,SIGKILL)"
	want i386 fcntl64 3,4,0x800 "fcntl64(3,F_SETFL,0x800<O_RDONLY|O_NONBLOCK>)"
	want i386 mmap2 0,8192,3,0x22,0xffffffff,0 \
	    "mmap2(0,8192,0x3<PROT_READ|PROT_WRITE>,0x22<MAP_PRIVATE|MAP_ANONYMOUS>,-1,0)"
	want i386 clone 0x1200011,0,0,0,0xf7d00000 \
	    "clone(0x1200011<CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD>,0,0,0,0xf7d00000)"
	want i386 futex 0xf7d00000,0x81,1,0,0,0 "futex(0xf7d00000,FUTEX_WAKE_PRIVATE,1,0,0,0)"
	want i386 socket 2,1,17 "socket(AF_INET,0x1<SOCK_STREAM>,IPPROTO_UDP)"
	want i386 poll 0xffd00000,1,0xffffffff "poll(0xffd00000,1,-1)"
	want i386 rt_sigprocmask 1,0xffd00000,0,8 "rt_sigprocmask(SIG_UNBLOCK,0xffd00000,0,8)"
	want i386 ioctl 0,0x5401,0xffd00000 "ioctl(0,TCGETS,0xffd00000)"
}

@test "i386: a register's upper half, whatever it holds, is not the value" {
	want i386 close 0x100000003 "close(3)"
	want i386 openat 0x1ffffff9c,0x108049000,0,0 "openat(AT_FDCWD,0x8049000,0<O_RDONLY>)"
	want i386 munmap 0xf7d00000,0x100001000 "munmap(0xf7d00000,4096)"
}

@test "i386: 64-bit offsets in two registers print as one number" {
	# _llseek: high word first; pread64 and fallocate: low word first.
	want i386 _llseek 3,1,16,0xffd00000,0 "_llseek(3,4294967312,0xffd00000,SEEK_SET)"
	want i386 pread64 3,0xffd00000,100,0x10,0x1 "pread64(3,0xffd00000,100,4294967312)"
	want i386 fallocate 3,1,0,1,4096,0 \
	    "fallocate(3,0x1<FALLOC_FL_KEEP_SIZE>,4294967296,4096)"
	want i386 ftruncate64 3,0,2 "ftruncate64(3,8589934592)"
	want i386 fadvise64_64 3,0,0,0,1,4 "fadvise64_64(3,0,4294967296,POSIX_FADV_DONTNEED)"
	# On x86_64 the same names take one register each.
	want x86_64 pread64 3,0x1000,100,4294967312 "pread64(3,0x1000,100,4294967312)"
	want x86_64 fallocate 3,1,0,4096 "fallocate(3,0x1<FALLOC_FL_KEEP_SIZE>,0,4096)"
}

@test "i386: the multiplexers and the layouts of its own" {
	want i386 socketcall 1,0xffd00000 "socketcall(SYS_SOCKET,0xffd00000)"
	want i386 socketcall 14,0xffd00000 "socketcall(SYS_SETSOCKOPT,0xffd00000)"
	want i386 socketcall 99,0xffd00000 "socketcall(<invalid=0x63>,0xffd00000)"
	want i386 ipc 23,1,4096,0x3a4,0,0 "ipc(SHMGET,1,4096,932,0,0)"
	# The old mmap takes one pointer to its arguments.
	want i386 mmap 0xffd00000 "mmap(0xffd00000)"
	want i386 signal 2,1 "signal(SIGINT,SIG_IGN)"
	want i386 signal 15,0x8049000 "signal(SIGTERM,0x8049000)"
	want i386 waitpid -1,0xffd00000,1 "waitpid(-1,0xffd00000,0x1<WNOHANG>)"
}

@test "-n: no decoding at all, every register in hex; -n -d: in decimal" {
	want x86_64 openat -100,0x1000,0x241,0o644 "openat(0xffffffffffffff9c,0x1000,0x241,0x1a4)" -n
	want x86_64 openat -100,0x1000,0x241,0o644 "openat(-100,4096,577,420)" -n -d
	want x86_64 fcntl 3,3,0x7f "fcntl(0x3,0x3,0x7f)" -n
	want x86_64 kill 1234,15 "kill(0x4d2,0xf)" -n
	want i386 _llseek 3,1,16,0xffd00000,0 "_llseek(0x3,0x1,0x10,0xffd00000,0)" -n
	want i386 socketcall 1,0xffd00000 "socketcall(0x1,0xffd00000)" -n
}

@test "-d: addresses and raw values in decimal; flags and modes unchanged" {
	want x86_64 mmap 0x7f0000000000,4096,3,0x22,-1,0x2000 \
	    "mmap(139637976727552,4096,0x3<PROT_READ|PROT_WRITE>,0x22<MAP_PRIVATE|MAP_ANONYMOUS>,-1,8192)" -d
	want x86_64 openat -100,0x1000,0x241,0o644 \
	    "openat(AT_FDCWD,4096,0x241<O_WRONLY|O_CREAT|O_TRUNC>,0644)" -d
	want x86_64 lseek 3,0,9 "lseek(3,0,<invalid=9>)" -d
	want x86_64 ioctl 3,0xdeadbeef,0x1000 "ioctl(3,3735928559,4096)" -d
	want x86_64 ioctl 3,0x5401,0x1000 "ioctl(3,TCGETS,4096)" -d
	want i386 write 1,0xffd01000,3 "write(1,4291825664,3)" -d
}

@test "syscalls without argument kinds print in hex, as before" {
	want x86_64 io_setup 128,0x1000 "io_setup(0x80,0x1000)"
	want x86_64 getpid 1,2,3 "getpid"
	gen "call code=999 args=1,2"
	run -0 "$KDUMP" -f t.out
	[ "$output" = "   100 cmd      CALL  [999](0x1,0x2)" ]
}

@test "a record with fewer arguments than the syscall takes: those it has" {
	gen "call code=257 args=-100,0x1000"
	run -0 "$KDUMP" -f t.out
	[ "$output" = "   100 cmd      CALL  openat(AT_FDCWD,0x1000)" ]
	# An i386 offset whose high word is missing: the low word alone.
	gen "ctor flags=0x103" "call code=180 args=3,0x1000,100,16"
	run -0 "$KDUMP" -f t.out
	[ "$output" = "   100 cmd      CALL  pread64(3,0x1000,100,16)" ]
}

@test "RET: unchanged, FreeBSD's value/hex; mmap's address too" {
	gen "ret code=9 retval=0x7ffff7fc1000" "ret code=257 retval=3" \
	    "ret code=0 retval=4096"
	run -0 "$KDUMP" -f t.out
	[ "${lines[0]}" = "   100 cmd      RET   mmap 140737353879552/0x7ffff7fc1000" ]
	[ "${lines[1]}" = "   100 cmd      RET   openat 3" ]
	[ "${lines[2]}" = "   100 cmd      RET   read 4096/0x1000" ]
}

@test "errno texts: glibc's strerror() texts, names for the kernel's own" {
	gen "ret code=0 error=9" "ret code=16 error=25" "ret code=0 error=11" \
	    "ret code=0 error=38" "ret code=0 error=110" "ret code=0 error=516" \
	    "ret code=0 error=524" "ret code=0 error=133"
	run -0 "$KDUMP" -f t.out
	[ "${lines[0]}" = "   100 cmd      RET   read -1 errno 9 Bad file descriptor" ]
	[ "${lines[1]}" = "   100 cmd      RET   ioctl -1 errno 25 Inappropriate ioctl for device" ]
	[ "${lines[2]}" = "   100 cmd      RET   read -1 errno 11 Resource temporarily unavailable" ]
	[ "${lines[3]}" = "   100 cmd      RET   read -1 errno 38 Function not implemented" ]
	[ "${lines[4]}" = "   100 cmd      RET   read -1 errno 110 Connection timed out" ]
	[ "${lines[5]}" = "   100 cmd      RET   read ERESTART_RESTARTBLOCK" ]
	[ "${lines[6]}" = "   100 cmd      RET   read -1 errno 524 Operation is not supported" ]
	[ "${lines[7]}" = "   100 cmd      RET   read -1 errno 133 Memory page has hardware error" ]
}

@test "errno texts: committed, generated from glibc once, the same in any locale" {
	run -0 head -n 5 "$TOP/lib/libktrace/errtext.c"
	[[ "$output" == *"Generated by lib/libktrace/mkerrtext"* ]]
	[[ "$output" == *"glibc"* ]]
	# Every errno of the uapi headers below 512 has a text.
	names=$(grep -hoE '^#define\s+E[A-Z0-9]+\s+[0-9]+' \
	    /usr/include/asm-generic/errno-base.h /usr/include/asm-generic/errno.h |
	    awk '{ print $3 }' | sort -un | wc -l)
	texts=$(grep -c '^	\[[0-9]*\] = "' "$TOP/lib/libktrace/errtext.c")
	[ "$names" -eq "$texts" ]
	gen "ret code=0 error=2"
	run -0 env LC_ALL=C.UTF-8 LANG=de_DE.UTF-8 LANGUAGE=de "$KDUMP" -f t.out
	[ "$output" = "   100 cmd      RET   read -1 errno 2 No such file or directory" ]
}

@test "flag tables: generated from the Linux headers at build time" {
	run -0 head -n 1 "$TOP/lib/libktrace/gen_flags.c"
	[[ "$output" == *"Generated by lib/libktrace/mkflags"* ]]
	grep -q "asm-generic/fcntl.h" "$TOP/lib/libktrace/gen_flags.c"
	grep -q "linux/futex.h" "$TOP/lib/libktrace/gen_flags.c"
	# A name missing from the headers is an error, not a smaller table.
	printf 'set x enum linux/fcntl.h\n\tAT_NO_SUCH_FLAG\n' > bad.def
	run -1 "$TOP/lib/libktrace/mkflags" -o bad.c --uapi /usr/include \
	    --kernel /nonexistent bad.def
	[[ "$output" == *"AT_NO_SUCH_FLAG is defined in no header read"* ]]
}

# The host's C headers, compiled: the values glibc's programs pass.
@test "flag tables: the values the host's C headers give, by name" {
	command -v cc >/dev/null || skip "no C compiler"
	cat > consts.c <<'EOF'
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/futex.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#define P(call, fmt, name) printf("%s " fmt " " #name "\n", call, (long long)(name))
int
main(void)
{
	P("openat", "-100,0,%lld,0", O_CREAT); P("openat", "-100,0,%lld,0", O_EXCL);
	P("openat", "-100,0,%lld,0", O_APPEND); P("openat", "-100,0,%lld,0", O_NONBLOCK);
	P("openat", "-100,0,%lld,0", O_DIRECTORY); P("openat", "-100,0,%lld,0", O_NOFOLLOW);
	P("openat", "-100,0,%lld,0", O_CLOEXEC); P("openat", "-100,0,%lld,0", O_PATH);
	P("openat", "-100,0,%lld,0", O_TMPFILE); P("openat", "-100,0,%lld,0", O_SYNC);
	P("openat", "-100,0,%lld,0", O_RDWR); P("openat", "-100,0,%lld,0", O_NOATIME);
	P("unlinkat", "-100,0,%lld", AT_REMOVEDIR);
	P("newfstatat", "-100,0,0,%lld", AT_SYMLINK_NOFOLLOW);
	P("newfstatat", "-100,0,0,%lld", AT_EMPTY_PATH);
	P("faccessat", "-100,0,%lld", R_OK); P("faccessat", "-100,0,%lld", W_OK);
	P("lseek", "0,0,%lld", SEEK_DATA);
	P("fcntl", "0,%lld,0", F_GETFL); P("fcntl", "0,%lld,0", F_DUPFD_CLOEXEC);
	P("fcntl", "0,%lld,0", F_OFD_SETLK); P("fcntl", "0,%lld,0", F_SETPIPE_SZ);
	P("mprotect", "0,0,%lld", PROT_EXEC);
	P("mmap", "0,0,0,%lld,0,0", MAP_SHARED); P("mmap", "0,0,0,%lld,0,0", MAP_ANONYMOUS);
	P("mmap", "0,0,0,%lld,0,0", MAP_FIXED_NOREPLACE); P("mmap", "0,0,0,%lld,0,0", MAP_32BIT);
	P("mmap", "0,0,0,%lld,0,0", MAP_NORESERVE); P("mmap", "0,0,0,%lld,0,0", MAP_POPULATE);
	P("madvise", "0,0,%lld", MADV_FREE); P("madvise", "0,0,%lld", MADV_HUGEPAGE);
	P("unshare", "%lld", CLONE_NEWNS); P("unshare", "%lld", CLONE_NEWUSER);
	P("unshare", "%lld", CLONE_FILES); P("unshare", "%lld", CLONE_SYSVSEM);
	P("wait4", "0,0,%lld,0", WUNTRACED); P("wait4", "0,0,%lld,0", WCONTINUED);
	P("kill", "0,%lld", SIGCHLD); P("kill", "0,%lld", SIGWINCH); P("kill", "0,%lld", SIGSYS);
	P("rt_sigprocmask", "%lld,0,0,8", SIG_UNBLOCK);
	P("socket", "%lld,1,0", AF_PACKET); P("socket", "%lld,1,0", AF_NETLINK);
	P("socket", "1,%lld,0", SOCK_SEQPACKET); P("socket", "1,%lld,0", SOCK_NONBLOCK);
	P("socket", "2,1,%lld", IPPROTO_SCTP); P("socket", "10,1,%lld", IPPROTO_ICMPV6);
	P("sendto", "0,0,0,%lld,0,0", MSG_PEEK); P("sendto", "0,0,0,%lld,0,0", MSG_WAITALL);
	P("sendto", "0,0,0,%lld,0,0", MSG_MORE); P("sendto", "0,0,0,%lld,0,0", MSG_CMSG_CLOEXEC);
	P("setsockopt", "0,1,%lld,0,0", SO_KEEPALIVE); P("setsockopt", "0,1,%lld,0,0", SO_RCVBUF);
	P("setsockopt", "0,6,%lld,0,0", TCP_KEEPIDLE); P("setsockopt", "0,6,%lld,0,0", TCP_CONGESTION);
	P("setsockopt", "0,0,%lld,0,0", IP_MULTICAST_TTL);
	P("ioctl", "0,%lld,0", TCSETSW); P("ioctl", "0,%lld,0", TIOCSWINSZ);
	P("ioctl", "0,%lld,0", TIOCSCTTY); P("ioctl", "0,%lld,0", FIONBIO);
	P("ioctl", "0,%lld,0", TIOCGPGRP); P("ioctl", "0,%lld,0", SIOCGIFINDEX);
	P("futex", "0,%lld,0,0,0,0", FUTEX_WAKE_PRIVATE);
	P("futex", "0,%lld,0,0,0,0", FUTEX_LOCK_PI);
	P("epoll_ctl", "0,%lld,0,0", EPOLL_CTL_DEL);
	P("epoll_create1", "%lld", EPOLL_CLOEXEC);
	P("getrlimit", "%lld,0", RLIMIT_STACK); P("getrlimit", "%lld,0", RLIMIT_AS);
	P("getpriority", "%lld,0", PRIO_PGRP);
	return (0);
}
EOF
	cc -o consts consts.c
	./consts > consts.txt
	[ "$(wc -l < consts.txt)" -eq "$(grep -o 'P("' consts.c | wc -l)" ]
	while read -r call args name; do
		got=$(decode x86_64 "$call" "$args")
		re="[(,<|]${name}[),>|]"
		[[ "$got" =~ $re ]] || {
			echo "$call($args): want $name, got $got"
			return 1
		}
	done < consts.txt
}
