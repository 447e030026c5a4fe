#!/usr/bin/env python3
"""Inclusive profile of a `perf record --call-graph dwarf` of zhibiao.

`perf report` on the project machine cannot read the release binary's
symbols, but `perf script` still unwinds each sample's stack (the binary's
.eh_frame is enough) and prints its addresses, which this names with `nm`
as `perf_top.py` does. Prints, for each function, the share of samples it is
on the stack of (inclusive) and at the top of (self); with --callees NAME,
which functions called right under NAME took its time.

Usage: perf record -F 299 --call-graph dwarf,16384 -o perf.data BINARY run -q --input DIR --output OUT
       python3 scripts/perf_callgraph.py perf.data BINARY [N] [--callees NAME]...
"""
import bisect
import collections
import os
import re
import sys

from perf_top import load_segments, run, symbols, virtual_address


def namer(binary):
    """A function naming an address of the binary (a file offset)."""
    segs, syms = load_segments(binary), symbols(binary)
    addrs = [a for a, _ in syms]

    def name(off):
        va = virtual_address(segs, off)
        i = bisect.bisect_right(addrs, va) - 1
        return re.sub(r"::h[0-9a-f]{16}$", "", syms[i][1] if i >= 0 else hex(va))

    return name


def raw_stacks(data, binary):
    """Each sample's stack, innermost frame first: (the file offset of a
    frame in the binary, None) or (None, the name perf gives a frame elsewhere)."""
    base = os.path.basename(binary)
    stack = []
    # --no-inline: perf would otherwise run addr2line on every frame (minutes
    # for a few thousand samples); the binary's own frames are named here.
    for line in run("perf", "script", "--no-inline", "-i", data, "-F", "ip,sym,dso").splitlines():
        if not line.strip():
            if stack:
                yield stack
            stack = []
            continue
        p = line.split()
        stack.append((int(p[0], 16), None) if base in p[-1] else (None, " ".join(p[1:-1]) or p[-1]))
    if stack:
        yield stack


def stacks(data, binary):
    """Each sample's stack, innermost frame first, each frame named."""
    name = namer(binary)
    for stack in raw_stacks(data, binary):
        yield [name(off) if off is not None else other for off, other in stack]


def main():
    args = sys.argv[1:]
    callees = [args[i + 1] for i, a in enumerate(args) if a == "--callees"]
    rest = [a for i, a in enumerate(args) if a != "--callees" and (i == 0 or args[i - 1] != "--callees")]
    data, binary = rest[0], rest[1]
    top = int(rest[2]) if len(rest) > 2 else 40
    incl, own, under = collections.Counter(), collections.Counter(), {c: collections.Counter() for c in callees}
    total = 0
    for st in stacks(data, binary):
        total += 1
        own[st[0]] += 1
        for s in set(st):
            incl[s] += 1
        for c in callees:
            at = [k for k, s in enumerate(st) if s.endswith(c)]
            if at:
                # The outermost call of NAME, and what it called.
                under[c][st[at[-1] - 1] if at[-1] > 0 else "<self>"] += 1
    print(f"{total} samples; inclusive %, self %")
    for s, n in incl.most_common(top):
        print(f"{100 * n / total:5.1f} {100 * own[s] / total:5.1f}  {s[:140]}")
    for c in callees:
        print(f"\nunder {c}: {100 * sum(under[c].values()) / total:.1f}%")
        for s, n in under[c].most_common(20):
            print(f"{100 * n / total:5.1f}  {s[:140]}")


if __name__ == "__main__":
    main()
