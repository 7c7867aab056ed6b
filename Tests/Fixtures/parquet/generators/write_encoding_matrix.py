"""Writes one small nullable table in every encoding / page version / codec combination the
Swift reader supports, plus expected.json with pyarrow's values (used by EncodingMatrixTests).

Usage: write_encoding_matrix.py OUTPUT_DIR
"""
import json
import sys

import pyarrow as pa
import pyarrow.parquet as pq

N = 137
out = sys.argv[1]
table = pa.table({
    "i32": pa.array([None if i % 7 == 0 else i * 3 - 40 for i in range(N)], pa.int32()),
    "i64": pa.array([None if i % 5 == 0 else i * 1234567891011 - (1 << 40) for i in range(N)], pa.int64()),
    "f32": pa.array([None if i % 6 == 0 else i / 7 for i in range(N)], pa.float32()),
    "f64": pa.array([None if i % 4 == 0 else -i / 3 for i in range(N)], pa.float64()),
    "s": pa.array([None if i % 9 == 0 else "val%03d" % (i // 3) for i in range(N)]),
    "fb": pa.array([None if i % 8 == 0 else bytes([i % 256, (i + 1) % 256, 7]) for i in range(N)], pa.binary(3)),
    "b": pa.array([None if i % 10 == 0 else i % 3 == 0 for i in range(N)]),
    "req": pa.array(list(range(N)), pa.int64()),
}, schema=pa.schema([
    ("i32", pa.int32()), ("i64", pa.int64()), ("f32", pa.float32()), ("f64", pa.float64()),
    ("s", pa.string()), ("fb", pa.binary(3)), ("b", pa.bool_()), pa.field("req", pa.int64(), nullable=False),
]))

encodings = {
    "dict": None,
    "plain": {c: "PLAIN" for c in ["i32", "i64", "f32", "f64", "s", "fb", "b", "req"]},
    "delta": {"i32": "DELTA_BINARY_PACKED", "i64": "DELTA_BINARY_PACKED", "req": "DELTA_BINARY_PACKED",
              "s": "DELTA_LENGTH_BYTE_ARRAY", "fb": "DELTA_BYTE_ARRAY"},
    "bss": {"i32": "BYTE_STREAM_SPLIT", "i64": "BYTE_STREAM_SPLIT", "f32": "BYTE_STREAM_SPLIT",
            "f64": "BYTE_STREAM_SPLIT", "fb": "BYTE_STREAM_SPLIT", "s": "DELTA_BYTE_ARRAY"},
}
codecs = ["none", "snappy", "gzip", "zstd", "lz4"]
files = []
index = 0
for name, column_encoding in encodings.items():
    for version in ["1.0", "2.0"]:
        codec = codecs[index % len(codecs)]
        index += 1
        path = f"{out}/{name}-v{version[0]}-{codec}.parquet"
        options = {"use_dictionary": column_encoding is None}
        if column_encoding:
            options["column_encoding"] = column_encoding
        pq.write_table(table, path, data_page_version=version, compression=codec, data_page_size=128,
                       row_group_size=50, **options)
        files.append(path)
pq.write_table(table, f"{out}/brotli.parquet", compression="brotli")


def encode(value):
    if isinstance(value, bytes):
        return {"hex": value.hex()}
    return value


expected = {c: [encode(v) for v in table.column(c).to_pylist()] for c in table.column_names}
with open(f"{out}/expected.json", "w") as handle:
    json.dump({"files": files, "columns": expected}, handle)
