# SPDX-License-Identifier: BSD-2-Clause
"""Reading C headers for the table generators (mksyscalls, mkflags):
the text with comments and continuation lines gone, and the branches of
#if blocks that a caller's evaluator rules out blanked.

Each generator keeps its own policy for what a condition may test
(mksyscalls: the kernel's CONFIG_ options; mkflags: x86's macros), as a
function from an #if expression to True, False, or None for "cannot
tell"; a branch it cannot decide is kept, with all its siblings.
"""

import re

DIRECTIVE_RE = re.compile(r'\s*#\s*(ifdef|ifndef|if|elif|else|endif)\b(.*)')


def read(path):
    """A header's text; a byte no encoding explains does not stop us."""
    with open(path, encoding='utf-8', errors='replace') as f:
        return f.read()


def strip_comments(text):
    """Drop comments and join continued lines: a definition or prototype
    may have either inside it."""
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    text = re.sub(r'//[^\n]*', ' ', text)
    return re.sub(r'\\\n', ' ', text)


def active_text(text, cpp_eval):
    """Blank the directive lines and the lines of the branches that
    cpp_eval(expression) rules out; line numbers stay as they were."""
    out = []
    stack = []          # per #if: [this branch kept, a branch surely taken]
    for line in text.split('\n'):
        m = DIRECTIVE_RE.match(line)
        if not m:
            out.append(line if all(on for on, _ in stack) else '')
            continue
        out.append('')
        kw, rest = m.group(1), m.group(2).strip()
        if kw == 'ifdef':
            cond = cpp_eval(f'defined({rest})')
        elif kw == 'ifndef':
            cond = cpp_eval(f'!defined({rest})')
        elif kw in ('if', 'elif'):
            cond = cpp_eval(rest)
        if kw in ('ifdef', 'ifndef', 'if'):
            stack.append([cond is not False, cond is True])
        elif not stack:
            continue
        elif kw == 'elif':
            taken = stack[-1][1]
            stack[-1] = [not taken and cond is not False,
                         taken or cond is True]
        elif kw == 'else':
            stack[-1] = [not stack[-1][1], True]
        else:
            stack.pop()
    return '\n'.join(out)
