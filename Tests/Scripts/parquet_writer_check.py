#!/usr/bin/env python3
"""Checks a Parquet file written by edge-agent's Swift writer against the values
the Swift test meant to write.

Usage: parquet_writer_check.py FILE.parquet EXPECTED.json

EXPECTED.json: {"columns": [{"name": ..., "type": "int32|int64|float|double|boolean|string|timestamp_us",
"values": [...]}]}; floats are given as their IEEE bit patterns (unsigned integers) so NaN and
-0.0 compare exactly, nulls as null.

The file is read with pyarrow, polars and duckdb (and fastparquet when no column is nullable); every
reader must give exactly the expected values. pyarrow's metadata must carry, per row group and column, a null count and (where the
chunk has an ordered value) min/max equal to those of the expected values. Prints a JSON report
(column chunk encodings and codecs, created_by, arrow schema) and exits 1 on any mismatch.
"""
import json
import math
import struct
import sys

import duckdb
import fastparquet
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

FAILURES = []
READERS_USED = set()


def fail(message):
    FAILURES.append(message)


def decode_expected(column):
    kind = column["type"]
    out = []
    for value in column["values"]:
        if value is None:
            out.append(None)
        elif kind == "double":
            out.append(struct.unpack("<d", struct.pack("<Q", value))[0])
        elif kind == "float":
            out.append(struct.unpack("<f", struct.pack("<I", value))[0])
        else:
            out.append(value)
    return out


def same(a, b, kind):
    if a is None or b is None:
        return a is None and b is None
    if kind in ("double", "float"):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    return a == b


def normalize(table):
    columns = {}
    for name in table.column_names:
        array = table.column(name)
        if pa.types.is_timestamp(array.type):
            array = array.cast(pa.int64())
        if pa.types.is_large_string(array.type) or pa.types.is_string_view(array.type):
            array = array.cast(pa.string())
        columns[name] = array.to_pylist()
    return columns


def read_all(path):
    readers = {}
    readers["pyarrow"] = normalize(pq.read_table(path))
    readers["polars"] = normalize(pl.read_parquet(path).to_arrow())
    result = duckdb.sql(f"SELECT * FROM read_parquet('{path}')").arrow()
    if hasattr(result, "read_all"):
        result = result.read_all()
    readers["duckdb"] = normalize(result)
    # fastparquet goes through pandas, where a null float is NaN; it joins only for tables without nulls.
    if all(not field.nullable for field in pq.read_schema(path)):
        frame = fastparquet.ParquetFile(path).to_pandas()
        readers["fastparquet"] = normalize(pa.Table.from_pandas(frame, preserve_index=False))
    return readers


def ordered_min_max(values, kind):
    present = [v for v in values if v is not None and not (kind in ("double", "float") and math.isnan(v))]
    if not present:
        return None
    if kind == "string":
        keyed = sorted(present, key=lambda s: s.encode("utf-8"))
        return keyed[0], keyed[-1]
    return min(present), max(present)


def check_statistics(path, expected):
    metadata = pq.ParquetFile(path).metadata
    start = 0
    for group_index in range(metadata.num_row_groups):
        group = metadata.row_group(group_index)
        rows = group.num_rows
        for column_index, column in enumerate(expected):
            chunk = group.column(column_index)
            values = column["decoded"][start:start + rows]
            stats = chunk.statistics
            where = f"row group {group_index} column {column['name']}"
            if stats is None:
                fail(f"{where}: no statistics")
                continue
            nulls = sum(1 for v in values if v is None)
            if stats.null_count != nulls:
                fail(f"{where}: null_count {stats.null_count}, expected {nulls}")
            bounds = ordered_min_max(values, column["type"])
            if bounds is None:
                if stats.has_min_max:
                    fail(f"{where}: min/max present for a chunk without ordered values")
                continue
            if not stats.has_min_max:
                fail(f"{where}: min/max missing")
                continue
            low, high = stats.min_raw, stats.max_raw
            if column["type"] == "string":
                low = low.decode() if isinstance(low, bytes) else low
                high = high.decode() if isinstance(high, bytes) else high
            if column["type"] == "boolean":
                low, high = bool(low), bool(high)
            if not (same(low, bounds[0], column["type"]) or (bounds[0] == 0 and low == 0)):
                fail(f"{where}: min {low!r}, expected {bounds[0]!r}")
            if not (same(high, bounds[1], column["type"]) or (bounds[1] == 0 and high == 0)):
                fail(f"{where}: max {high!r}, expected {bounds[1]!r}")
        start += rows
    return metadata


def main():
    path, expected_path = sys.argv[1], sys.argv[2]
    with open(expected_path) as handle:
        expected = json.load(handle)["columns"]
    for column in expected:
        column["decoded"] = decode_expected(column)

    readers = read_all(path)
    READERS_USED.update(readers)
    for reader, columns in readers.items():
        if list(columns) != [c["name"] for c in expected]:
            fail(f"{reader}: columns {list(columns)}, expected {[c['name'] for c in expected]}")
            continue
        for column in expected:
            got = columns[column["name"]]
            want = column["decoded"]
            if len(got) != len(want):
                fail(f"{reader}: column {column['name']}: {len(got)} rows, expected {len(want)}")
                continue
            for row, (a, b) in enumerate(zip(got, want)):
                if not same(a, b, column["type"]):
                    fail(f"{reader}: column {column['name']} row {row}: {a!r}, expected {b!r}")
                    break

    metadata = check_statistics(path, expected)
    chunks = []
    for group_index in range(metadata.num_row_groups):
        group = metadata.row_group(group_index)
        for column_index in range(group.num_columns):
            chunk = group.column(column_index)
            chunks.append({
                "row_group": group_index,
                "column": chunk.path_in_schema,
                "encodings": sorted(chunk.encodings),
                "compression": chunk.compression,
                "has_dictionary_page": chunk.has_dictionary_page,
            })
    report = {
        "ok": not FAILURES,
        "failures": FAILURES[:20],
        "created_by": metadata.created_by,
        "num_rows": metadata.num_rows,
        "num_row_groups": metadata.num_row_groups,
        "arrow_schema": {field.name: str(field.type) for field in pq.read_schema(path)},
        "nullable": {field.name: field.nullable for field in pq.read_schema(path)},
        "chunks": chunks,
        "readers": sorted(READERS_USED),
    }
    print(json.dumps(report))
    sys.exit(0 if not FAILURES else 1)


if __name__ == "__main__":
    main()
