#!/usr/bin/env python3
"""Checks edge-agent's safetensors and .npy files against the reference Python libraries.

Used by the Swift test suite (ModelTests/WeightFileInteropTests):

  safetensors_interop.py write-safetensors OUT   write a small model-shaped file with
                                                 the `safetensors` package (numpy API)
  safetensors_interop.py read-safetensors IN     load a Swift-written file, print JSON
                                                 with names, dtypes, shapes, sums, metadata
  safetensors_interop.py write-npy OUT           write a float32 array with numpy.save
  safetensors_interop.py read-npy IN             load a Swift-written .npy, print JSON
"""
import json
import sys

import numpy as np
from safetensors import safe_open
from safetensors.numpy import save_file


def known_arrays():
    """Deterministic arrays whose values the Swift test recomputes: value = index * 0.25 - 3."""
    def ramp(shape):
        count = int(np.prod(shape)) if shape else 1
        return (np.arange(count, dtype=np.float32) * np.float32(0.25) - np.float32(3)).reshape(shape)

    return {
        "conv1.weight": ramp((2, 3, 3)),
        "conv1.bias": ramp((2,)),
        "bn1.running_var": ramp((2,)) ** 2,
        "bn1.num_batches_tracked": np.array(7, dtype=np.int64),
    }


def main():
    command, path = sys.argv[1], sys.argv[2]
    if command == "write-safetensors":
        save_file(known_arrays(), path, metadata={"format": "pt", "note": "written by \"safetensors\" \u00e9"})
    elif command == "read-safetensors":
        report = {"tensors": {}, "metadata": None}
        with safe_open(path, framework="numpy") as handle:
            report["metadata"] = handle.metadata()
            for name in handle.keys():
                array = handle.get_tensor(name)
                report["tensors"][name] = {
                    "dtype": str(array.dtype),
                    "shape": list(array.shape),
                    "values": array.reshape(-1).astype(np.float64).tolist(),
                }
        print(json.dumps(report))
    elif command == "write-npy":
        np.save(path, (np.arange(24, dtype=np.float32) * np.float32(0.5) - np.float32(1)).reshape(2, 3, 4))
    elif command == "read-npy":
        array = np.load(path, allow_pickle=False)
        print(json.dumps({"dtype": str(array.dtype), "shape": list(array.shape),
                          "fortran": bool(np.isfortran(array)) if array.ndim > 1 else False,
                          "values": array.reshape(-1).astype(np.float64).tolist()}))
    else:
        sys.exit(f"unknown command {command}")


if __name__ == "__main__":
    main()
