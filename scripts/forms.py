#!/usr/bin/env python3
"""One text, many forms: the same documents must give the same records
whichever way they are written.

Writes every .txt document of INPUT_DIR in each form below into a temporary
folder (never into the project: devset news texts are copyrighted), runs
BINARY on the plain documents and on each form, and compares every record's
indicator, kind, status, period_year, period and qualifier with the plain
text's, records matched by document, value and unit. Prints one line per form;
with --strict, exits 1 when a form differs.

Forms: a web page (navigation line, <title>, <h1>, <p> paragraphs), figures
in <span>, <br> paragraphs with &nbsp; indents, Markdown with front matter
and # headings, hard-wrapped lines with blank lines between paragraphs,
PDF-wrapped lines by page columns with a full-width indent, OCR's
letter-spaced lines cut anywhere, full-width digits,
Traditional script, GB18030, UTF-16, UTF-8 with a byte-order mark, CRLF,
non-breaking spaces before units, zero-width spaces, top headings numbered
第一部分 and sub-headings 一．

Usage: python3 scripts/forms.py BINARY INPUT_DIR [--strict] [--forms a,b]
"""
import collections
import csv
import html
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FIELDS = ["indicator", "kind", "status", "period_year", "period", "qualifier"]


def paragraphs(text):
    return [p.strip() for p in re.split(r"\r?\n", text) if p.strip()]


def web_page(text):
    ps = paragraphs(text)
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in ps[1:])
    title = html.escape(ps[0])
    return (f'<html><head><meta charset="utf-8"><title>{title}</title></head><body>'
            f'<div class="nav">首页 | 新闻 | 政务公开</div><h1>{title}</h1>\n{body}'
            '<div class="footer">版权所有 主办单位</div></body></html>')


def spans(text):
    ps = paragraphs(text)
    body = "".join(
        "<p>" + re.sub(r"(\d+(?:\.\d+)?)", r'<span class="num">\1</span>', html.escape(p)) + "</p>\n"
        for p in ps[1:])
    title = html.escape(ps[0])
    return f"<html><head><title>{title}</title></head><body><h1>{title}</h1>\n{body}</body></html>"


def line_breaks(text):
    ps = paragraphs(text)
    body = "<br/>\n".join("&nbsp;&nbsp;&nbsp;&nbsp;" + html.escape(p) for p in ps[1:])
    title = html.escape(ps[0])
    return f"<html><head><title>{title}</title></head><body><div>{title}</div><div>{body}</div></body></html>"


def markdown(text):
    ps = paragraphs(text)
    out = ["---", 'title: "' + ps[0].replace('"', "'") + '"', "tags: [经济]", "---", "", "# " + ps[0], ""]
    for p in ps[1:]:
        out += ["## " + p if len(p) < 30 and not p.endswith("。") else p, ""]
    return "\n".join(out)


def wrapped(text, width=36):
    out = []
    for p in paragraphs(text):
        out += [p[i:i + width] for i in range(0, len(p), width)] + [""]
    return "\n".join(out)


def letter_spaced(text, width=36):
    """OCR's spread-out lines: a space after every character, the lines cut
    at `width` characters wherever that falls (inside a figure too). What no
    scan holds stays as written: a front matter, and paragraphs with markup
    or a web address."""
    front = re.match(r"\A\s*---\r?\n.*?\r?\n---\r?\n", text, re.S)
    head = front.group(0) if front else ""
    out = []
    for p in paragraphs(text[len(head):]):
        if re.search(r"<|\]\(|https?:|www\.", p):
            out += [p, ""]
            continue
        out += [" ".join(p[i:i + width]) + " " for i in range(0, len(p), width)] + [""]
    return head + "\n".join(out)


def columns(c):
    return 1 if c.isascii() else 2


def pdf_wrapped(text, width=76):
    """Lines cut where a page of `width` columns is full (a Han character two
    columns, a digit or a Latin letter one); each paragraph opens with 　　."""
    out = []
    for k, p in enumerate(paragraphs(text)):
        # The title stands alone; each paragraph after it opens with 　　.
        line, used = ("", 0) if k == 0 else ("\u3000\u3000", 4)
        for c in p:
            if used + columns(c) > width:
                out.append(line)
                line, used = "", 0
            line += c
            used += columns(c)
        out.append(line)
    return "\n".join(out)


def full_width(text):
    return "".join(chr(ord(c) + 0xFEE0) if "0" <= c <= "9" else c for c in text)


def traditional(text, s2t={}):
    if not s2t:
        for line in open(os.path.join(HERE, "..", "src", "rules", "t2s.tsv"), encoding="utf-8"):
            if line.startswith("#") or "\t" not in line:
                continue
            t, s = line.rstrip("\n").split("\t")[:2]
            if len(t) == 1 and len(s) == 1 and s not in s2t:
                s2t[s] = t
    return "".join(s2t.get(c, c) for c in text)


def zero_width(text):
    return "".join(c + ("\u200b" if i % 7 == 3 and c != "\n" else "") for i, c in enumerate(text))


def part_numbers(text):
    out = []
    for piece in re.split(r"(\r?\n)", text):
        if len(piece) < 60:
            piece = re.sub(r"^(\s*)([一二三四五六七八九十]+)、", r"\1第\2部分 ", piece)
            piece = re.sub(r"^(\s*)（([一二三四五六七八九十]+)）", r"\1\2．", piece)
        out.append(piece)
    return "".join(out)


def same(text):
    return text


FORMS = {
    "html": (web_page, ".html", "utf-8"),
    "spans": (spans, ".html", "utf-8"),
    "br": (line_breaks, ".html", "utf-8"),
    "markdown": (markdown, ".md", "utf-8"),
    "wrapped": (wrapped, ".txt", "utf-8"),
    "pdf": (pdf_wrapped, ".txt", "utf-8"),
    "ocr": (letter_spaced, ".txt", "utf-8"),
    "fullwidth": (full_width, ".txt", "utf-8"),
    "traditional": (traditional, ".txt", "utf-8"),
    "gb18030": (same, ".txt", "gb18030"),
    "utf16": (same, ".txt", "utf-16"),
    "bom": (same, ".txt", "utf-8-sig"),
    "crlf": (lambda t: "\r\n".join(paragraphs(t)), ".txt", "utf-8"),
    "nbsp": (lambda t: re.sub(r"(\d)(%|亿|万|个|家)", "\\1\u00a0\\2", t), ".txt", "utf-8"),
    "zerowidth": (zero_width, ".txt", "utf-8"),
    "partnumbers": (part_numbers, ".txt", "utf-8"),
}


def write_form(name, src, dst):
    fn, ext, enc = FORMS[name]
    os.makedirs(dst)
    for f in sorted(os.listdir(src)):
        if not f.endswith(".txt"):
            continue
        text = open(os.path.join(src, f), encoding="utf-8", newline="").read()
        with open(os.path.join(dst, f[:-4] + ext), "w", encoding=enc, newline="") as out:
            out.write(fn(text))
        meta = os.path.join(src, f + ".meta.toml")
        if os.path.exists(meta):
            with open(os.path.join(dst, f[:-4] + ext + ".meta.toml"), "w") as out:
                out.write(open(meta).read())


def records(path):
    by_key = collections.defaultdict(list)
    for r in csv.DictReader(open(path, encoding="utf-8-sig")):
        stem = os.path.splitext(os.path.basename(r["source_file"]))[0]
        by_key[(stem, r["value"], r["unit_normalized"])].append(r)
    return by_key


def compare(plain, form):
    counts = collections.Counter()
    examples = []
    for key in sorted(set(plain) | set(form)):
        a, b = plain.get(key, []), form.get(key, [])
        for x, y in zip(a, b):
            diff = [f"{f} {x[f]!r}→{y[f]!r}" for f in FIELDS if x[f] != y[f]]
            counts["diff" if diff else "same"] += 1
            if diff:
                examples.append(f"{key[0][:16]} {x['value_text']} {x['indicator']}: " + ", ".join(diff))
        counts["missing"] += max(0, len(a) - len(b))
        counts["extra"] += max(0, len(b) - len(a))
        if len(a) != len(b):
            examples.append(f"{key[0][:16]} {key[1]} {key[2]}: {len(a)} records, {len(b)} in this form")
    return counts, examples


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 2:
        sys.exit(__doc__)
    binary, src = args
    strict = "--strict" in sys.argv
    names = list(FORMS)
    for a in sys.argv[1:]:
        if a.startswith("--forms="):
            names = a.split("=", 1)[1].split(",")
    with tempfile.TemporaryDirectory() as work:
        def run(folder, out):
            subprocess.run([binary, "run", "-q", "--input", folder, "--output", out], check=True)
            return records(os.path.join(out, "indicators.csv"))
        plain = run(src, os.path.join(work, "out-plain"))
        failed = 0
        for name in names:
            write_form(name, src, os.path.join(work, name))
            counts, examples = compare(plain, run(os.path.join(work, name), os.path.join(work, "out-" + name)))
            bad = counts["diff"] + counts["missing"] + counts["extra"]
            failed += bad > 0
            print(f"{name:12} same {counts['same']:5}  differ {counts['diff']:4}  missing {counts['missing']:4}  extra {counts['extra']:4}")
            for e in examples[:5]:
                print("    " + e)
    if strict and failed:
        sys.exit(f"{failed} form(s) read differently from the plain text")


if __name__ == "__main__":
    main()
