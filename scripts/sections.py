#!/usr/bin/env python3
"""Per document and top-level section of a dataset: how many records, and
their status and period_year. Shows at a glance whether every review section
came out actual for the year it reviews and every plan section target.

usage: python3 scripts/sections.py OUTPUT_DIR [--min N]
"""
import csv
import sys
from collections import Counter, defaultdict


def main():
    out = sys.argv[1]
    min_n = int(sys.argv[sys.argv.index("--min") + 1]) if "--min" in sys.argv else 1
    docs = {d["doc_id"]: d for d in csv.DictReader(open(f"{out}/documents.csv", encoding="utf-8"))}
    groups = defaultdict(list)
    for r in csv.DictReader(open(f"{out}/indicators.csv", encoding="utf-8")):
        top = (r["section"] or "").split(" > ")[0]
        groups[(r["doc_id"], top)].append(r)
    for (doc, top), rows in sorted(groups.items()):
        if len(rows) < min_n:
            continue
        status = Counter(r["status"] for r in rows)
        years = Counter(r["period_year"] or "null" for r in rows)
        print(f"{doc} [{docs.get(doc, {}).get('date', '')}] {top[:30] or '(no section)'}: {len(rows)} records; "
              + ", ".join(f"{k} {v}" for k, v in status.most_common()) + "; years "
              + ", ".join(f"{k} {v}" for k, v in years.most_common(4)))


if __name__ == "__main__":
    main()
