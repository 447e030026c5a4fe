#!/usr/bin/env python3
"""Hard-wrapped copies of documents, as text taken out of a PDF looks: each
paragraph cut into lines of one width, measured in characters or in page
columns (a Han character or a full-width mark two, a Latin letter or digit
one), the first line of a paragraph indented or not, CRLF or LF, a page
number line ("- 3 -") every 40 lines or none, with the document's first
line as a running head after it or not, double-spaced or not. The
settings of each file are drawn from a seeded generator, so a run is
repeatable. Used by scripts/wrap-check.sh.

Usage: python3 scripts/wrapped.py SEED OUT_DIR FILE...
"""
import os
import random
import sys
import unicodedata


def columns(c):
    return 2 if unicodedata.east_asian_width(c) in "WF" else 1


def wrap(text, width, by_columns, indent, crlf, page_numbers, running_head, double):
    measure = (lambda s: sum(columns(c) for c in s)) if by_columns else len
    lines = []
    for paragraph in text.split("\n"):
        paragraph = paragraph.strip()
        if not paragraph:
            lines.append("")
            continue
        line = "\u3000\u3000" if indent else ""
        for c in paragraph:
            if measure(line + c) > width:
                lines.append(line)
                line = ""
            line += c
        lines.append(line)
    if page_numbers:
        paged = []
        for n, line in enumerate(lines):
            paged.append(line)
            if n % 40 == 39:
                paged.append(f"- {n // 40 + 1} -")
                if running_head:
                    paged.append(text.split("\n", 1)[0].strip())
        lines = paged
    separator = "\n\n" if double else "\n"
    text = separator.join(lines)
    return text.replace("\n", "\r\n") if crlf else text


def main():
    seed, out, files = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    rng = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    for path in sorted(files):
        by_columns = rng.random() < 2 / 3
        width = rng.choice([40, 46, 52, 58, 64, 70, 76, 84])
        if not by_columns:
            width //= 2
        settings = dict(
            width=width,
            by_columns=by_columns,
            indent=rng.random() < 0.5,
            crlf=rng.random() < 0.5,
            page_numbers=rng.random() < 0.5,
            running_head=rng.random() < 0.5,
            double=rng.random() < 1 / 3,
        )
        with open(path, encoding="utf-8") as f:
            text = f.read()
        with open(os.path.join(out, os.path.basename(path)), "w", encoding="utf-8", newline="") as f:
            f.write(wrap(text, **settings))


if __name__ == "__main__":
    main()
