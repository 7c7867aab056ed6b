#!/usr/bin/env python3
"""Reference vectors for the Swift float trainer, computed by PyTorch (CPU, one thread).

Builds fedsense-cnn-v1 with fixed weights and a batch of 4 windows, runs one
training-mode forward pass (batch-norm batch statistics, a fixed dropout mask),
the class-weighted BCE-with-logits loss, the backward pass, two Adam steps and
two SGD steps on that gradient, and an eval-mode forward pass, and writes
everything to Tests/Fixtures/model/torch/:

  fedsense_v1_vectors.safetensors    all tensors, prefixed by what they are (see MANIFEST.md)
  fedsense_v1_state_dict.safetensors the initial model.state_dict() as PyTorch saves it

Run: .venv/bin/python scripts/reference/make_torch_vectors.py   (needs requirements-bench.txt)
"""
import json
import pathlib

import torch
import torch.nn.functional as F
from safetensors.torch import save_file
from torch import nn

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests" / "Fixtures" / "model" / "torch"

SPEC = {
    "name": "fedsense-cnn-v1", "inputChannels": 4, "windowLength": 250, "convChannels": [16, 32, 64],
    "convKernels": [7, 5, 3], "hiddenSizes": [32, 16], "dropout": 0.2,
}
BATCH = 4
POS_WEIGHT = 3.0
ADAM = {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.0}
ADAM_DECAY = {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.01}
SGD = {"lr": 0.05, "momentum": 0.9, "weight_decay": 1e-3}


class FedsenseCNN(nn.Module):
    """The PyTorch twin of fedsense-cnn, built from the same spec fields."""

    def __init__(self, spec):
        super().__init__()
        channels = [spec["inputChannels"]] + spec["convChannels"]
        for index, kernel in enumerate(spec["convKernels"]):
            setattr(self, f"conv{index + 1}", nn.Conv1d(channels[index], channels[index + 1], kernel, padding=kernel // 2))
            setattr(self, f"bn{index + 1}", nn.BatchNorm1d(channels[index + 1]))
        sizes = [channels[-1]] + spec["hiddenSizes"]
        for index in range(len(spec["hiddenSizes"])):
            setattr(self, f"fc{index + 1}", nn.Linear(sizes[index], sizes[index + 1]))
        self.out = nn.Linear(sizes[-1], 1)
        self.blocks = len(spec["convKernels"])
        self.hidden = len(spec["hiddenSizes"])
        self.dropout = spec["dropout"]

    def forward(self, x, dropout_mask=None, trace=None):
        """dropout_mask: multipliers (0 or 1/(1-p)) applied after fc1 in training mode."""
        def record(name, value):
            if trace is not None:
                trace[name] = value.detach().clone()

        record("input", x)
        for index in range(1, self.blocks + 1):
            x = getattr(self, f"conv{index}")(x)
            record(f"conv{index}", x)
            x = F.relu(getattr(self, f"bn{index}")(x))
            record(f"block{index}", x)
            if index < self.blocks:
                x = F.max_pool1d(x, 2)
                record(f"pool{index}", x)
        x = x.mean(dim=2)
        record("gap", x)
        for index in range(1, self.hidden + 1):
            x = F.relu(getattr(self, f"fc{index}")(x))
            if index == 1 and self.training and dropout_mask is not None:
                x = x * dropout_mask
            record(f"fc{index}", x)
        x = self.out(x)
        record("out", x)
        return x.squeeze(1)


def main():
    torch.set_num_threads(1)
    torch.manual_seed(20261203)
    model = FedsenseCNN(SPEC)
    # Non-trivial batch-norm parameters and statistics, so every term is exercised.
    with torch.no_grad():
        for index in range(1, 4):
            bn = getattr(model, f"bn{index}")
            bn.weight.uniform_(0.5, 1.5)
            bn.bias.uniform_(-0.2, 0.2)
            bn.running_mean.uniform_(-0.1, 0.1)
            bn.running_var.uniform_(0.5, 2.0)
            bn.num_batches_tracked.fill_(5)
    initial = {name: tensor.detach().clone() for name, tensor in model.state_dict().items()}

    generator = torch.Generator().manual_seed(7)
    time = torch.arange(SPEC["windowLength"], dtype=torch.float32)
    base = torch.randn(BATCH, SPEC["inputChannels"], SPEC["windowLength"], generator=generator)
    x = (base + torch.sin(time / 9.0)).contiguous()
    labels = torch.tensor([1.0, 0.0, 0.0, 1.0])
    keep = 1.0 - SPEC["dropout"]
    mask = (torch.rand(BATCH, SPEC["hiddenSizes"][0], generator=generator) >= SPEC["dropout"]).float() / keep

    loss_function = nn.BCEWithLogitsLoss(pos_weight=torch.tensor([POS_WEIGHT]))
    out = {"input": x, "labels": labels, "dropout_mask": mask}
    for name, tensor in initial.items():
        if tensor.dtype == torch.float32:
            out[f"param.{name}"] = tensor

    # Eval-mode forward on the initial weights.
    model.eval()
    eval_trace = {}
    with torch.no_grad():
        eval_logits = model(x, trace=eval_trace)
    out["eval.logits"] = eval_logits
    out["eval.loss"] = loss_function(eval_logits, labels).reshape(1)
    for name in ("block1", "gap", "fc1"):
        out[f"eval.{name}"] = eval_trace[name]

    # Training-mode forward and backward.
    model.train()
    trace = {}
    logits = model(x, dropout_mask=mask, trace=trace)
    loss = loss_function(logits, labels)
    model.zero_grad()
    loss.backward()
    out["train.logits"] = logits.detach()
    out["train.loss"] = loss.detach().reshape(1)
    for name in ("block1", "pool2", "block3", "gap", "fc1", "fc2", "out"):
        out[f"train.{name}"] = trace[name]
    for name, parameter in model.named_parameters():
        out[f"grad.{name}"] = parameter.grad.detach().clone()
    for name, tensor in model.state_dict().items():
        if "running" in name:
            out[f"running.{name}"] = tensor.detach().clone()
    gradients = {name: parameter.grad.detach().clone() for name, parameter in model.named_parameters()}

    # Optimizer steps from the initial weights, twice with the same gradient.
    for label, factory, settings in (
        ("adam", torch.optim.Adam, ADAM), ("adamdecay", torch.optim.Adam, ADAM_DECAY), ("sgd", torch.optim.SGD, SGD)
    ):
        model.load_state_dict(initial)
        optimizer = factory(model.parameters(), **settings)
        for _ in range(2):
            for name, parameter in model.named_parameters():
                parameter.grad = gradients[name].clone()
            optimizer.step()
        for name, parameter in model.named_parameters():
            out[f"{label}.{name}"] = parameter.detach().clone()

    settings = {
        "pos_weight": POS_WEIGHT, "adam": ADAM, "adamdecay": ADAM_DECAY, "sgd": SGD, "steps": 2,
        "torch": torch.__version__,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    save_file({k: v.contiguous() for k, v in out.items()}, OUT / "fedsense_v1_vectors.safetensors",
              metadata={"model_spec": json.dumps(SPEC, sort_keys=True), "settings": json.dumps(settings, sort_keys=True)})
    save_file(initial, OUT / "fedsense_v1_state_dict.safetensors", metadata={"format": "pt"})
    print(f"loss {loss.item():.6f}; wrote {len(out)} tensors to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
