#!/usr/bin/env python3
"""Reads a file written by `edge-agent simulate` with pyarrow and dumps what it holds,
so the Swift tests can compare it with the generator's own output value for value.

Usage: simulate_dump.py FILE.parquet OUTDIR

Writes OUTDIR/<column>.bin (little-endian raw values: int64 micros for timestamp,
float64 for hr and accel_*, int8 for label) and prints a JSON object with the arrow
schema, the Parquet logical types, the nullability, row count and created_by.
"""
import json
import os
import sys

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq


def main():
    path, out = sys.argv[1], sys.argv[2]
    table = pq.read_table(path)
    parquet_schema = pq.ParquetFile(path).schema
    for name in table.column_names:
        column = table.column(name).combine_chunks()
        if pa.types.is_timestamp(column.type):
            column = column.cast(pa.int64())
        values = column.to_numpy(zero_copy_only=False)
        dtype = {"timestamp": "<i8", "label": "<i1"}.get(name, "<f8")
        np.ascontiguousarray(values, dtype=dtype).tofile(os.path.join(out, name + ".bin"))
    report = {
        "arrow": {field.name: str(field.type) for field in table.schema},
        "nullable": {field.name: field.nullable for field in table.schema},
        "logical": {parquet_schema.column(i).name: str(parquet_schema.column(i).logical_type)
                    for i in range(len(parquet_schema))},
        "physical": {parquet_schema.column(i).name: parquet_schema.column(i).physical_type
                     for i in range(len(parquet_schema))},
        "rows": table.num_rows,
        "created_by": pq.ParquetFile(path).metadata.created_by,
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
