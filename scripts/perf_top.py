#!/usr/bin/env python3
"""Flat profile of a `perf record` of zhibiao, symbols resolved with `nm`.

`perf report` on the project machine cannot read the release binary's symbol
table ("continuing without symbols"), so this reads the samples with
`perf script`, maps each address of the binary back through its mapping and
the ELF load segments, and names it with the nearest `nm` symbol.

Usage: perf record -F 199 -o perf.data BINARY run -q --input DIR --output OUT
       python3 scripts/perf_top.py perf.data BINARY [N]
"""
import bisect
import collections
import os
import re
import subprocess
import sys


def run(*cmd):
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def load_segments(binary):
    """(file offset, virtual address, size) of each LOAD segment."""
    segs = []
    for line in run("readelf", "-l", "-W", binary).splitlines():
        p = line.split()
        if p and p[0] == "LOAD":
            segs.append((int(p[1], 16), int(p[2], 16), int(p[4], 16)))
    return segs


def virtual_address(segs, off):
    """The virtual address of file offset `off` of the binary (`load_segments`)."""
    return next((off - o + v for o, v, n in segs if o <= off < o + n), off)


def symbols(binary):
    syms = []
    for line in run("nm", "-C", "--defined-only", binary).splitlines():
        p = line.split(" ", 2)
        if len(p) == 3 and p[1] in "tTwW":
            syms.append((int(p[0], 16), p[2]))
    syms.sort()
    return syms


def main():
    data, binary = sys.argv[1], sys.argv[2]
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 30
    name = os.path.basename(binary)
    segs, syms = load_segments(binary), symbols(binary)
    addrs = [a for a, _ in syms]
    out = run("perf", "script", "-i", data, "--show-mmap-events", "-G", "-F", "ip,sym,dso")
    mmap = re.compile(r"MMAP2? .*\[(0x[0-9a-f]+)\((0x[0-9a-f]+)\) @ (0x[0-9a-f]+|0) .*r-xp (\S+)")
    base, counts, total = None, collections.Counter(), 0
    for line in out.splitlines():
        m = mmap.search(line)
        if m and m.group(4).endswith(name):
            base = (int(m.group(1), 16), int(m.group(3), 16))
            continue
        p = line.split()
        if not p or "PERF_RECORD" in line:
            continue
        total += 1
        if name in p[-1] and base:
            off = int(p[0], 16) - base[0] + base[1]
            va = virtual_address(segs, off)
            i = bisect.bisect_right(addrs, va) - 1
            sym = syms[i][1] if i >= 0 else hex(va)
        else:
            sym = " ".join(p[1:-1]) or p[-1]
        counts[re.sub(r"::h[0-9a-f]{16}$", "", sym)] += 1
    for sym, n in counts.most_common(top):
        print(f"{100 * n / total:5.1f}  {sym[:150]}")


if __name__ == "__main__":
    main()
