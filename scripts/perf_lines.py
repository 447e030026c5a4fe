#!/usr/bin/env python3
"""Line-level profile of a `perf record --call-graph dwarf` of zhibiao.

Like `perf_callgraph.py`, but for a binary built with line tables
(`CARGO_PROFILE_RELEASE_DEBUG=line-tables-only`, in a target folder of its
own): each sample's frames are named by `addr2line -i`, which tells inlined
functions apart, and the sample is counted at the innermost line of
zhibiao's own source on its stack (what that line does itself or calls
outside zhibiao). With --callers FILE:LINE, which zhibiao lines led there;
with --leaves FILE:LINE, which functions the samples under it were in.

Usage:
  CARGO_TARGET_DIR=~/.cache/zb-lines CARGO_PROFILE_RELEASE_DEBUG=line-tables-only cargo build --release
  RAYON_NUM_THREADS=1 POLARS_MAX_THREADS=1 perf record -F 2999 --call-graph dwarf,16384 \\
      -o perf.data ~/.cache/zb-lines/release/zhibiao run -q --input DIR --output OUT
  python3 scripts/perf_lines.py perf.data ~/.cache/zb-lines/release/zhibiao [N] \\
      [--callers FILE:LINE]... [--leaves FILE:LINE]...
(`perf record -e page-faults -c 50 ...` counts page faults the same way.)
"""
import collections
import os
import re
import subprocess
import sys

from perf_callgraph import raw_stacks
from perf_top import load_segments, virtual_address

SOURCE = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src")) + os.sep


def samples(data, binary):
    """Each sample's stack, innermost first: the binary's virtual addresses, None elsewhere."""
    segs = load_segments(binary)
    for stack in raw_stacks(data, binary):
        yield [virtual_address(segs, off) if off is not None else None for off, _ in stack]


def inline_chains(binary, addresses):
    """For each address, its (function, file:line) frames, innermost first."""
    out = subprocess.run(["addr2line", "-i", "-f", "-C", "-a", "-e", binary],
                         input="\n".join(hex(a) for a in addresses),
                         capture_output=True, text=True, check=True).stdout.splitlines()
    chains, current, i = {}, None, 0
    while i < len(out):
        if out[i].startswith("0x"):
            current = int(out[i], 16)
            chains[current] = []
            i += 1
            continue
        function = re.sub(r"::h[0-9a-f]{16}$", "", out[i])
        place = re.sub(r" \(discriminator \d+\)", "", out[i + 1])
        chains[current].append((function, place))
        i += 2
    return chains


def main():
    args = sys.argv[1:]
    wanted = {"--callers": [], "--leaves": []}
    rest, i = [], 0
    while i < len(args):
        if args[i] in wanted:
            wanted[args[i]].append(args[i + 1])
            i += 2
        else:
            rest.append(args[i])
            i += 1
    data, binary = rest[0], rest[1]
    top = int(rest[2]) if len(rest) > 2 else 40
    stacks = list(samples(data, binary))
    # A caller's frame holds its return address: the call is the byte before.
    addresses = sorted({a if k == 0 else a - 1 for s in stacks for k, a in enumerate(s) if a is not None})
    chains = inline_chains(binary, addresses)

    def ours(stack):
        """(function, file:line) of the stack's frames in zhibiao's source, innermost first; and the leaf function."""
        frames, leaf = [], None
        for k, a in enumerate(stack):
            if a is None:
                continue
            chain = chains.get(a if k == 0 else a - 1, [])
            if leaf is None and chain:
                leaf = chain[0][0]
            frames += [(f, p.split(SOURCE, 1)[1]) for f, p in chain if p.startswith(SOURCE)]
        return frames, leaf

    lines, callers, leaves = collections.Counter(), collections.defaultdict(collections.Counter), collections.defaultdict(collections.Counter)
    for stack in stacks:
        frames, leaf = ours(stack)
        function, place = frames[0] if frames else (None, "<outside zhibiao>")
        lines[place] += 1
        if place in wanted["--callers"]:
            outer = [p for f, p in frames[1:] if f != function]
            callers[place][" < ".join(outer[:2]) or "?"] += 1
        if place in wanted["--leaves"]:
            leaves[place][(leaf or "?")[:120]] += 1
    n = len(stacks)
    print(f"{n} samples; innermost line of zhibiao's source")
    for place, k in lines.most_common(top):
        print(f"{100 * k / n:5.1f}  {place}")
    for place, counts in callers.items():
        print(f"\ncallers of {place}")
        for c, k in counts.most_common(12):
            print(f"{100 * k / n:5.1f}  {c}")
    for place, counts in leaves.items():
        print(f"\nleaves under {place}")
        for c, k in counts.most_common(12):
            print(f"{100 * k / n:5.1f}  {c}")


if __name__ == "__main__":
    main()
