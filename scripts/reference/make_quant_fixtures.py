#!/usr/bin/env python3
"""Makes the float model and windows the int8 equivalence tests start from.

Generates labelled synthetic wearable windows (heart rate + 3-axis acceleration,
50 Hz, 250 samples; about 10 % anomalous: tachycardia episodes, fall-like impacts,
tremor), trains the fedsense-cnn-v1 twin in torch (BatchNorm, Adam, class-weighted
BCE, seeded) and writes, under Tests/Fixtures/model/onnx/:
  float_model.safetensors   float32 state dict (PyTorch names) + model_spec/standardization metadata
  calibration.f16           256 raw windows for min/max calibration
  windows.f16, labels.u8    1,000 held-out raw windows and their labels

The Swift quantizer then produces model.int8.safetensors from these (see
scripts/reference/make_quant_fixtures.sh), which export_onnx_qdq.py and
convert_litert.py turn into the peer models. Deterministic given the seed.
"""
import json

import numpy as np
import torch
from torch import nn

from quant_common import CHANNELS, LENGTH, ONNX_DIR

SPEC = {
    "name": "fedsense-cnn-v1", "inputChannels": 4, "windowLength": 250, "convChannels": [16, 32, 64],
    "convKernels": [7, 5, 3], "hiddenSizes": [32, 16], "dropout": 0.2,
}


def synthetic_windows(count, rng, anomaly_rate=0.1, label_noise=0.02):
    """Raw windows [count, 4, 250] and labels. Anomalies are deliberately subtle and
    2 % of labels are flipped, so a good model stays below a perfect ROC AUC."""
    t = np.arange(LENGTH) / 50.0
    windows = np.zeros((count, CHANNELS, LENGTH), dtype=np.float32)
    labels = (rng.random(count) < anomaly_rate).astype(np.uint8)
    for n in range(count):
        activity = rng.uniform(0, 0.5)
        hr = rng.normal(68 + 60 * activity, 8) + rng.normal(0, 1.5, LENGTH).cumsum() * 0.08
        cadence = rng.uniform(0.5, 2.5)
        gravity = rng.normal(0, 0.25, 3) + np.array([0, 0, 1.0])
        accel = np.stack([
            gravity[axis] + activity * np.sin(2 * np.pi * cadence * t + rng.uniform(0, 6.3))
            + rng.normal(0, 0.06, LENGTH) for axis in range(3)
        ])
        if labels[n]:
            kind = rng.integers(3)
            start = rng.integers(20, 230)
            if kind == 0:  # sudden heart-rate jump at rest
                hr[start:] += rng.uniform(6, 22)
            elif kind == 1:  # fall-like impact then stillness
                width = 5
                accel[:, start:start + width] += rng.normal(0, rng.uniform(0.4, 1.8), (3, len(accel[0, start:start + width])))
                accel[:, start + width:] = accel[:, start + width:] * 0.3 + np.array([[0.7], [0], [0]])
            else:  # tremor
                accel += rng.uniform(0.04, 0.15) * np.sin(2 * np.pi * rng.uniform(4, 8) * t)
        windows[n, 0] = hr
        windows[n, 1:] = accel
    flip = rng.random(count) < label_noise
    labels[flip] = 1 - labels[flip]
    return windows, labels


class FedsenseCNN(nn.Module):
    def __init__(self, spec):
        super().__init__()
        channels, kernels = spec["convChannels"], spec["convKernels"]
        previous = spec["inputChannels"]
        for i, (c, k) in enumerate(zip(channels, kernels)):
            setattr(self, f"conv{i + 1}", nn.Conv1d(previous, c, k, padding=k // 2))
            setattr(self, f"bn{i + 1}", nn.BatchNorm1d(c))
            previous = c
        sizes = [previous] + spec["hiddenSizes"]
        for i in range(len(spec["hiddenSizes"])):
            setattr(self, f"fc{i + 1}", nn.Linear(sizes[i], sizes[i + 1]))
        self.out = nn.Linear(sizes[-1], 1)
        self.drop = nn.Dropout(spec["dropout"])
        self.spec = spec

    def forward(self, x):
        count = len(self.spec["convChannels"])
        for i in range(count):
            x = torch.relu(getattr(self, f"bn{i + 1}")(getattr(self, f"conv{i + 1}")(x)))
            x = nn.functional.max_pool1d(x, 2) if i < count - 1 else x.mean(dim=2)
        for i in range(len(self.spec["hiddenSizes"])):
            x = torch.relu(getattr(self, f"fc{i + 1}")(x))
            if i == 0:
                x = self.drop(x)
        return self.out(x).squeeze(1)


def main():
    torch.manual_seed(0)
    torch.set_num_threads(1)
    rng = np.random.default_rng(20261203)
    train_x, train_y = synthetic_windows(4000, rng)
    calibration, _ = synthetic_windows(256, rng)
    test_x, test_y = synthetic_windows(1000, rng)
    # Store windows as float16 and train on the same rounded values the tests read.
    train_x = train_x.astype(np.float16).astype(np.float32)

    mean = train_x.mean(axis=(0, 2)).astype(np.float32)
    std = train_x.std(axis=(0, 2)).astype(np.float32)
    model = FedsenseCNN(SPEC)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    positive_weight = torch.tensor((1 - train_y.mean()) / train_y.mean())
    loss_function = nn.BCEWithLogitsLoss(pos_weight=positive_weight)
    inputs = torch.from_numpy((train_x - mean[None, :, None]) / std[None, :, None])
    targets = torch.from_numpy(train_y.astype(np.float32))
    for epoch in range(10):
        model.train()
        order = torch.randperm(len(inputs))
        for start in range(0, len(inputs), 64):
            batch = order[start:start + 64]
            optimizer.zero_grad()
            loss = loss_function(model(inputs[batch]), targets[batch])
            loss.backward()
            optimizer.step()
        print(f"epoch {epoch + 1} loss {loss.item():.4f}")

    from safetensors.numpy import save_file

    state = {name: value.detach().numpy().astype(np.float32) for name, value in model.state_dict().items()
             if not name.endswith("num_batches_tracked")}
    # The metadata keys of ModelParameters' safetensors I/O (Sources/Model/IO).
    metadata = {
        "format": "pt",
        "model_spec": json.dumps(SPEC),
        "standardization": json.dumps({"mean": mean.tolist(), "std": std.tolist()}),
    }
    ONNX_DIR.mkdir(parents=True, exist_ok=True)
    save_file(state, str(ONNX_DIR / "float_model.safetensors"), metadata=metadata)
    calibration.astype("<f2").tofile(ONNX_DIR / "calibration.f16")
    test_x.astype("<f2").tofile(ONNX_DIR / "windows.f16")
    test_y.astype(np.uint8).tofile(ONNX_DIR / "labels.u8")
    model.eval()
    with torch.no_grad():
        logits = model(torch.from_numpy((test_x.astype(np.float16).astype(np.float32) - mean[None, :, None])
                                        / std[None, :, None])).numpy()
    positive, negative = logits[test_y == 1], logits[test_y == 0]
    auc = ((positive[:, None] > negative[None, :]).sum() + 0.5 * (positive[:, None] == negative[None, :]).sum()) / (
        len(positive) * len(negative))
    print(f"wrote fixtures; test anomalies {int(test_y.sum())} of {len(test_y)}; float ROC AUC {auc:.4f}")


if __name__ == "__main__":
    main()
