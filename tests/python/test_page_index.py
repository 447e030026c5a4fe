"""The Parquet page index of zhibiao's tables points at the pages it describes.

polars-parquet's file writer is patched in `vendor/` to serialize each column
chunk's column index and offset index when its row group is written, rather
than keep every page's bookkeeping until the footer. Readers that use the page
index (to skip pages) trust those offsets, so this reads them back: the footer
and the indexes are decoded with a small Thrift compact-protocol reader, and
each column chunk's pages are checked against its metadata, on a run over the
seeds with row groups of 50 rows (several per table) and on the committed
dataset.
"""

import os
import subprocess
import struct
from pathlib import Path

import pytest

from zhibiao_tables import TABLES

ROOT = Path(__file__).resolve().parents[2]
TARGET = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
BIN = TARGET / "release" / "zhibiao"
# The dataset the other Python tests read (ZHIBIAO_OUTPUT, else the committed one).
OUT = Path(os.environ.get("ZHIBIAO_OUTPUT", ROOT / "output"))


class Compact:
    """Reads Thrift compact-protocol structs as {field id: value}."""

    def __init__(self, data, pos=0):
        self.data, self.pos = data, pos

    def byte(self):
        b = self.data[self.pos]
        self.pos += 1
        return b

    def varint(self):
        shift = out = 0
        while True:
            b = self.byte()
            out |= (b & 0x7F) << shift
            shift += 7
            if b < 0x80:
                return out

    def zigzag(self):
        n = self.varint()
        return (n >> 1) ^ -(n & 1)

    def value(self, kind):
        if kind in (1, 2):  # a boolean field: the type is the value
            return kind == 1
        if kind == 3:
            return struct.unpack("b", bytes([self.byte()]))[0]
        if kind in (4, 5, 6):
            return self.zigzag()
        if kind == 7:
            self.pos += 8
            return struct.unpack("<d", self.data[self.pos - 8 : self.pos])[0]
        if kind == 8:
            n = self.varint()
            self.pos += n
            return bytes(self.data[self.pos - n : self.pos])
        if kind in (9, 10):
            head = self.byte()
            size, elem = head >> 4, head & 0x0F
            if size == 15:
                size = self.varint()
            if elem in (1, 2):  # booleans in a list: one byte each
                return [self.byte() == 1 for _ in range(size)]
            return [self.value(elem) for _ in range(size)]
        if kind == 11:
            size = self.varint()
            if size == 0:
                return {}
            types = self.byte()
            return {self.value(types >> 4): self.value(types & 0x0F) for _ in range(size)}
        if kind == 12:
            return self.struct()
        raise ValueError(f"thrift type {kind} at byte {self.pos}")

    def struct(self):
        out, last = {}, 0
        while True:
            head = self.byte()
            if head == 0:
                return out
            delta, kind = head >> 4, head & 0x0F
            last = last + delta if delta else self.zigzag()
            out[last] = self.value(kind)


def footer(data):
    assert data[:4] == b"PAR1" and data[-4:] == b"PAR1"
    (length,) = struct.unpack("<i", data[-8:-4])
    start = len(data) - 8 - length
    return Compact(data, start).struct(), start


def check_page_index(path):
    """Every column chunk's offset and column indexes describe its pages; returns
    how many row groups the file has."""
    data = path.read_bytes()
    meta, footer_start = footer(data)
    groups = meta.get(4, [])
    data_end = 0
    regions = []
    for group in groups:
        num_rows = group[3]
        for chunk in group[1]:
            col = chunk[3]
            total, first_data = col[7], col[9]
            start = col.get(11, first_data)  # the dictionary page, when there is one
            data_end = max(data_end, start + total)
            where = f"{path.name}, column {col[3]}"

            offset, length = chunk[4], chunk[5]
            regions.append((offset, offset + length))
            pages = Compact(data, offset).struct()[1]
            assert pages, where
            assert pages[0][1] == first_data, f"{where}: first page is not the first data page"
            for a, b in zip(pages, pages[1:]):
                assert a[1] + a[2] == b[1], f"{where}: pages not contiguous"
                assert a[3] < b[3], f"{where}: first rows not increasing"
            assert pages[0][3] == 0 and pages[-1][3] < num_rows, where
            assert (first_data - start) + sum(p[2] for p in pages) == total, (
                f"{where}: pages do not add up to the chunk"
            )

            offset, length = chunk[6], chunk[7]
            regions.append((offset, offset + length))
            index = Compact(data, offset).struct()
            assert len(index[1]) == len(pages), f"{where}: column index pages"
            assert len(index[5]) == len(pages), f"{where}: null counts"
    regions.sort()
    assert not regions or regions[0][0] >= data_end, "an index overlaps the pages"
    for (_, end), (start, _) in zip(regions, regions[1:]):
        assert end <= start, "two indexes overlap"
    assert not regions or regions[-1][1] <= footer_start, "an index overlaps the footer"
    return len(groups)


def test_the_committed_dataset_has_a_page_index_that_points_at_its_pages():
    for table in TABLES:
        check_page_index(OUT / f"{table}.parquet")


@pytest.mark.skipif(not BIN.exists(), reason="the release build is missing")
def test_small_row_groups_each_get_their_own_page_index(tmp_path):
    config = tmp_path / "pipeline.toml"
    config.write_text("[export]\nrow_group_size = 50\ncsv = false\n")
    out = tmp_path / "out"
    subprocess.run(
        [str(BIN), "run", "--quiet", "--config", str(config), "--input", "corpus",
         "--output", str(out)],
        cwd=ROOT,
        check=True,
    )
    groups = {t: check_page_index(out / f"{t}.parquet") for t in TABLES}
    assert groups["indicators"] >= 6, groups
    assert groups["skipped"] >= 4, groups
