# The gdb side of regress/bench/stepcount: attach to QEMU's gdb server,
# single-step the guest from one user-mode instruction of the loop to the
# same instruction an iteration later, STEP_ITERS times, and write each
# iteration's count and the functions its instructions were in to
# STEP_DIR/result.  QEMU masks interrupts and timers while it steps.
# With STEP_MODE=drain, step one call of ktrace's ktr_buf_drain instead.
import bisect
import collections
import os

import gdb

DIR = os.environ['STEP_DIR']
PORT = os.environ['STEP_PORT']
ITERS = int(os.environ['STEP_ITERS'])
TOP = int(os.environ['STEP_TOP'])
USER_END = 0x800000000000       # x86_64: user addresses are below
MAX_STEPS = 200000              # an iteration longer than this is a bug
DRAIN_MIN = 100                 # records in the drain counted
DRAIN_TRIES = 50                # drains looked at for one that big
DRAIN_MAX_STEPS = 2000000       # a drain of 128 KiB rings is far shorter


def loop_text():
    """The loop process's executable mappings: (start, end) pairs."""
    ranges = []
    with open(os.path.join(DIR, 'maps')) as f:
        for line in f:
            fields = line.split()
            if len(fields) >= 2 and 'x' in fields[1]:
                lo, hi = fields[0].split('-')
                ranges.append((int(lo, 16), int(hi, 16)))
    if not ranges:
        raise gdb.GdbError('no executable mapping in maps')
    return ranges


def symbols():
    """Sorted (address, name, module) of the guest's kallsyms."""
    syms = []
    with open(os.path.join(DIR, 'kallsyms')) as f:
        for line in f:
            fields = line.split()
            addr = int(fields[0], 16)
            if addr and fields[1] in 'tTwW':
                mod = fields[3].strip('[]') if len(fields) > 3 else ''
                syms.append((addr, fields[2], mod))
    if not syms:
        raise gdb.GdbError('no addresses in kallsyms')
    syms.sort()
    return syms


def pc():
    return int(gdb.parse_and_eval('$pc')) & 0xffffffffffffffff


def sp():
    return int(gdb.parse_and_eval('$sp')) & 0xffffffffffffffff


def step():
    gdb.execute('stepi', to_string=True)
    return pc()


def in_loop(addr, text):
    return any(lo <= addr < hi for lo, hi in text)


def drain_entry(syms):
    """The address of ktrace's ktr_buf_drain."""
    entry = [a for a, name, mod in syms
             if name == 'ktr_buf_drain' and mod == 'ktrace']
    if not entry:
        raise gdb.GdbError('no ktr_buf_drain in kallsyms')
    return entry[0]


def return_address():
    """Where the function just entered returns to: the word at $sp."""
    return int(gdb.parse_and_eval('*(unsigned long *)$sp')) & \
        0xffffffffffffffff


def run_to(addr):
    """Let the guest run until it executes addr; its stack pointer then."""
    gdb.execute('break *%#x' % addr, to_string=True)
    gdb.execute('continue', to_string=True)
    gdb.execute('delete', to_string=True)
    return sp()


def after_drain(syms):
    """Let the guest run until ktrace's writer has finished a drain.  The
    count then starts with the file ring nearly empty, far from a quarter
    full: past it every record adds the writer's kick, and the first one
    raises its interrupt, which stepping holds back, so iterations that
    began near a quarter would count another state than the others."""
    entry_sp = run_to(drain_entry(syms))
    ret = return_address()
    while run_to(ret) <= entry_sp:
        pass


def find_start(text, syms, drained):
    """Stop the guest in the loop's user code, after a drain of ktrace's
    writer if drained; its pc then.  Stepping until the guest returns to
    user mode could take minutes if it were stopped in the writer: break
    where syscalls return instead."""
    exits = [a for a, name, mod in syms
             if name in ('entry_SYSRETQ_unsafe_stack',
                         'syscall_return_via_sysret') and not mod]
    if not exits:
        raise gdb.GdbError('no syscall return path in kallsyms')
    gdb.execute('target remote 127.0.0.1:' + PORT, to_string=True)
    if drained:
        after_drain(syms)
    gdb.execute('break *%#x' % max(exits), to_string=True)
    for _ in range(100):
        gdb.execute('continue', to_string=True)
        for _ in range(100):
            addr = step()
            if addr < USER_END:
                break
        if in_loop(addr, text):
            gdb.execute('delete', to_string=True)
            return addr
    raise gdb.GdbError('never stopped in the loop')


def where_fn(syms):
    """A function mapping an address to its (function, module)."""
    addrs = [s[0] for s in syms]

    def where(addr):
        if addr < USER_END:
            return ('(user space)', '')
        i = bisect.bisect_right(addrs, addr) - 1
        return (syms[i][1], syms[i][2]) if i >= 0 else ('?', '')
    return where


def write_functions(out, pcs, where):
    funcs = collections.Counter(where(a) for a in pcs)
    for (name, mod), n in funcs.most_common(TOP):
        out.write('%6d %5.1f%%  %s%s\n' % (n, 100.0 * n / len(pcs), name,
                                       ' [%s]' % mod if mod else ''))


def write_pcs(pcs):
    """The instructions' addresses, one a line, for a profile by line."""
    with open(os.path.join(DIR, 'pcs'), 'w') as raw:
        for a in pcs:
            raw.write('%x\n' % a)


def drain():
    """Step whole calls of ktr_buf_drain until one moves DRAIN_MIN
    records or more; a record is a call of memcpy from the drain (the
    small records' copy into the file's stage)."""
    gdb.execute('set pagination off')
    syms = symbols()
    where = where_fn(syms)
    entry = drain_entry(syms)
    copy = {a for a, name, mod in syms
            if name in ('memcpy', '__memcpy') and not mod}
    if not copy:
        raise gdb.GdbError('no memcpy in kallsyms')
    gdb.execute('target remote 127.0.0.1:' + PORT, to_string=True)
    gdb.execute('break *%#x' % entry, to_string=True)
    for _ in range(DRAIN_TRIES):
        gdb.execute('continue', to_string=True)
        entry_sp = sp()
        ret = return_address()
        pcs, records, prev = [], 0, 0
        while True:
            addr = step()
            pcs.append(addr)
            if addr in copy and where(prev)[0] == 'ktr_buf_drain':
                records += 1
            prev = addr
            if addr == ret and sp() > entry_sp:
                break
            if len(pcs) > DRAIN_MAX_STEPS:
                raise gdb.GdbError('no return within %d steps' %
                                   DRAIN_MAX_STEPS)
        if records >= DRAIN_MIN:
            break
    else:
        raise gdb.GdbError('no drain of %d records in %d' %
                           (DRAIN_MIN, DRAIN_TRIES))
    gdb.execute('delete', to_string=True)
    gdb.execute('detach', to_string=True)
    with open(os.path.join(DIR, 'result'), 'w') as out:
        out.write('%d records: %d instructions, %.1f a record\n\n' %
                  (records, len(pcs), len(pcs) / records))
        out.write('its functions:\n')
        write_functions(out, pcs, where)
    write_pcs(pcs)


def iteration(start, text):
    """Step from start to start again; the instructions' addresses."""
    pcs = []
    while True:
        addr = step()
        pcs.append(addr)
        if addr == start:
            return pcs
        if len(pcs) > MAX_STEPS:
            raise gdb.GdbError('no iteration within %d steps' % MAX_STEPS)
        if addr < USER_END and not in_loop(addr, text):
            raise gdb.GdbError('left the loop for pc %#x' % addr)


def main():
    gdb.execute('set pagination off')
    text = loop_text()
    syms = symbols()
    drained = os.environ.get('STEP_DRAINED') == '1'
    start = find_start(text, syms, drained)
    # After a drain, the first exit may still find the flag of a ring
    # that was past half before it, and clear it: not counted.
    if drained:
        iteration(start, text)
    iterations = [iteration(start, text) for _ in range(ITERS)]
    gdb.execute('detach', to_string=True)
    where = where_fn(syms)

    # The last iteration is the one listed: the first may start cold.
    pcs = iterations[-1]
    funcs = collections.Counter(where(a) for a in pcs)
    groups = collections.Counter()
    for (name, mod), n in funcs.items():
        if name == '(user space)':
            groups['user space'] += n
        elif mod:
            groups['module ' + mod] += n
        else:
            groups['kernel'] += n
    with open(os.path.join(DIR, 'result'), 'w') as out:
        for i, p in enumerate(iterations):
            out.write('iteration %d: %d instructions\n' % (i + 1, len(p)))
        out.write('\nthe last iteration by where it ran:\n')
        for g, n in groups.most_common():
            out.write('%6d %5.1f%%  %s\n' % (n, 100.0 * n / len(pcs), g))
        out.write('\nits functions:\n')
        write_functions(out, pcs, where)
    write_pcs(pcs)


if os.environ.get('STEP_MODE') == 'drain':
    drain()
else:
    main()
