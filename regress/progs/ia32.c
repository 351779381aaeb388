/*
 * A 32-bit (i386) program for the guest suites, built freestanding so
 * that no 32-bit C library is needed: int $0x80 system calls only.  It
 * writes, fails to open a path, reads standard input, writes a vector,
 * makes a call no kernel knows with six known arguments, then execs
 * /bin/true (a 64-bit program) with known arguments.
 */
#define NR_exit		1
#define NR_read		3
#define NR_write	4
#define NR_open		5
#define NR_execve	11
#define NR_writev	146

struct iovec32 {
	const void *base;
	unsigned long len;
};

static long
sys3(long nr, long a, long b, long c)
{
	long r;

	__asm__ volatile("int $0x80" : "=a"(r)
	    : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
	return r;
}

/* Six arguments: the sixth goes in ebp, saved around the call. */
static long
sys6(long nr, const long *a)
{
	long r;

	__asm__ volatile("push %%ebp\n\t"
	    "mov 20(%%edi), %%ebp\n\t"
	    "mov 16(%%edi), %%edi\n\t"
	    "int $0x80\n\t"
	    "pop %%ebp"
	    : "=a"(r), "+D"(a)
	    : "a"(nr), "b"(a[0]), "c"(a[1]), "d"(a[2]), "S"(a[3])
	    : "memory");
	return r;
}

void _start(void) __attribute__((__noreturn__));

void
_start(void)
{
	static char buf[64];
	static const struct iovec32 iov[] = {
		{ "iov one ", 8 }, { "two\n", 4 },
	};
	static const char *const argv[] = { "true", "ia32-arg", 0 };
	static const char *const envp[] = { 0 };
	static const long six[] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66 };

	sys3(NR_write, 1, (long)"hello ia32\n", 11);
	sys3(NR_open, (long)"/nonexistent/ia32", 0, 0);
	sys3(NR_read, 0, (long)buf, sizeof(buf));
	sys3(NR_writev, 1, (long)iov, 2);
	sys6(1000, six);
	sys3(NR_execve, (long)"/bin/true", (long)argv, (long)envp);
	for (;;)
		sys3(NR_exit, 3, 0, 0);
}
