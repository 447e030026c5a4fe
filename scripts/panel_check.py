#!/usr/bin/env python3
"""Issue 9's acceptance, measured on a dataset: for the region of every work
report, the panel's annual cells of the headline indicators — this year's
target and last year's actual (the year is the report's date's) — with the
value, qualifier, unit, how many records support the cell, whether they
conflict, and the sentence of the chosen record.

A cell is `ok` when the panel has exactly one annual row of the code, kind,
status and year for the region (the key makes it at most one) and it comes
from the region's own report; `missing` when there is none; `other-doc` when
the row comes from another document. Rows of the same code, status and year
in another kind are listed as `also` (a mislabelled kind shows there).

usage: python3 scripts/panel_check.py OUTPUT_DIR [--sentences] [--codes gdp,cpi]
"""
import csv
import sys
from collections import defaultdict

# code -> the kind its headline figure takes in a work report
CODES = {
    "gdp": "change",
    "cpi": "change",
    "unemployment_surveyed_urban": "ratio",
    "fixed_asset_investment": "change",
    "retail_sales": "change",
    "general_budget_revenue": "change",
    "new_urban_jobs": "level",
}
QUALIFIER_SIGN = {"approx": "~", "gte": ">=", "gt": ">", "lte": "<=", "lt": "<", "exact": "", "range": ""}


def read(out, table):
    with open(f"{out}/{table}.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def value_text(row):
    v = row["value"] + (f"-{row['value_max']}" if row["value_max"] else "")
    return f"{QUALIFIER_SIGN.get(row['qualifier'], row['qualifier'])}{v}{row['unit']}"


def main():
    args = sys.argv[1:]
    if not args or args[0].startswith("-"):
        sys.exit(__doc__.strip().splitlines()[-1])
    out = args[0]
    codes = list(CODES)
    if "--codes" in args:
        codes = args[args.index("--codes") + 1].split(",")
    show_sentences = "--sentences" in args
    docs = [d for d in read(out, "documents") if d["doc_type"] == "work_report" and d["region"] and d["date"]]
    records = {r["record_id"]: r for r in read(out, "indicators")}
    cells = defaultdict(list)
    for p in read(out, "panel"):
        if not p["period"]:
            cells[(p["region"], p["period_year"], p["indicator_code"], p["status"])].append(p)
    tally = defaultdict(lambda: defaultdict(int))
    conflicts = []
    for doc in sorted(docs, key=lambda d: d["region"]):
        year = int(doc["date"][:4])
        print(f"== {doc['region']} ({doc['doc_id']}, {doc['date']})")
        for code in codes:
            kind = CODES.get(code, "change")
            for status, y in (("target", year), ("actual", year - 1)):
                rows = cells.get((doc["region"], str(y), code, status), [])
                chosen = [r for r in rows if r["kind"] == kind]
                others = [r for r in rows if r["kind"] != kind]
                label = f"{code}/{kind}/{status}/{y}"
                if len(chosen) != 1:
                    verdict = "missing" if not chosen else f"{len(chosen)} rows"
                elif chosen[0]["doc_id"] != doc["doc_id"]:
                    verdict = "other-doc"
                else:
                    verdict = "ok"
                tally[(code, status)][verdict] += 1
                line = f"  {label:<48} {verdict:<9}"
                for r in chosen:
                    flags = (" estimate" if r["estimate"] == "true" else "") + (
                        " CONFLICT" if r["conflict"] == "true" else "")
                    line += f" {value_text(r)} [{r['qualifier']}] n={r['n_records']}{flags} {r['record_id']}"
                    if r["conflict"] == "true":
                        tally[(code, status)]["conflict"] += 1
                        conflicts.append((doc["region"], label, r))
                if others:
                    line += "  also: " + ", ".join(f"{r['kind']} {value_text(r)}" for r in others)
                print(line)
                if show_sentences:
                    for r in chosen:
                        rec = records.get(r["record_id"], {})
                        print(f"      {rec.get('sentence', '')[:160]}")
    print("\n== per code: ok / missing / other-doc / conflict")
    for code in codes:
        for status, label in (("target", "this year's target"), ("actual", "last year's actual")):
            t = tally[(code, status)]
            print(f"  {code:<30} {label:<20} ok {t['ok']:>2}  missing {t['missing']:>2}  "
                  f"other-doc {t['other-doc']:>2}  conflict {t['conflict']:>2}")
    if conflicts:
        print("\n== conflict cells (chosen; the others)")
        for region, label, r in conflicts:
            others = [records.get(i, {}) for i in r["conflict_record_ids"].split(";") if i]
            print(f"  {region} {label}: {value_text(r)} {r['record_id']}; others: "
                  + ", ".join(f"{value_text(o)} {o.get('record_id', '?')}" for o in others))


if __name__ == "__main__":
    main()
