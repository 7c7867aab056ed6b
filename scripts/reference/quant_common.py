"""Shared helpers of the int8 reference scripts: the fedsense-cnn-v1 twin in torch,
the fixture file formats, and reading the Swift quantizer's int8 safetensors file.

Fixture formats (all little-endian, in Tests/Fixtures/model/onnx/):
  *.f16  raw float16 windows, [N][4][250] (NCW), N = size / (2 * 1000)
  *.u8   raw uint8 labels, [N]
  *.f32  raw float32 values, [N]
"""
import json
import pathlib

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[2]
ONNX_DIR = ROOT / "Tests" / "Fixtures" / "model" / "onnx"
LITERT_DIR = ROOT / "Tests" / "Fixtures" / "model" / "litert"
CHANNELS, LENGTH = 4, 250


def read_windows(path):
    data = np.fromfile(path, dtype="<f2").astype(np.float32)
    return data.reshape(-1, CHANNELS, LENGTH)


def load_int8_model(path):
    """Returns (metadata dict, tensors dict of numpy arrays) of an edge-agent-int8 file."""
    from safetensors import safe_open

    with safe_open(str(path), framework="numpy") as handle:
        metadata = handle.metadata()
        tensors = {name: handle.get_tensor(name) for name in handle.keys()}
    assert metadata["format"] == "edge-agent-int8", metadata
    spec = json.loads(metadata["model_spec"])
    standardization = json.loads(metadata["standardization"])
    return spec, standardization, tensors


def layer_names(spec):
    return [f"conv{i + 1}" for i in range(len(spec["convChannels"]))] + [
        f"fc{i + 1}" for i in range(len(spec["hiddenSizes"]))
    ] + ["out"]
