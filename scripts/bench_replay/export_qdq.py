#!/usr/bin/env python3
"""Writes the ONNX QDQ graph of an edge-agent int8 model file, for the Python peer of
scripts/bench-replay. Reuses scripts/reference/export_onnx_qdq.py (same int8 weights,
scales and zero points, no re-quantization).

Usage: export_qdq.py MODEL.int8.safetensors OUT.qdq.onnx
"""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "reference"))

import onnx  # noqa: E402

from export_onnx_qdq import build_graph  # noqa: E402
from quant_common import load_int8_model  # noqa: E402


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[-1])
    spec, standardization, tensors = load_int8_model(sys.argv[1])
    onnx.save(build_graph(spec, standardization, tensors), sys.argv[2])


if __name__ == "__main__":
    main()
