#!/usr/bin/env bash
# Regenerates the int8 equivalence fixtures end to end (Tests/Fixtures/model/onnx and
# litert): float model and windows (torch), the Swift int8 quantization, the ONNX QDQ
# export with ONNX Runtime outputs, and the LiteRT model with its outputs.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
python="${EDGE_AGENT_PYTHON:-$root/.venv/bin/python}"
fixtures="$root/Tests/Fixtures/model/onnx"

cd "$root/scripts/reference"
"$python" make_quant_fixtures.py
swift build -c release --product InferenceBench --package-path "$root"
"$root/.build/release/InferenceBench" quantize "$fixtures/float_model.safetensors" "$fixtures/calibration.f16" \
    "$fixtures/model.int8.safetensors"
"$python" export_onnx_qdq.py
"$python" convert_litert.py
