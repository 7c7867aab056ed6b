#!/usr/bin/env python3
"""PyTorch side of scripts/bench-train: times training epochs of fedsense-cnn-v1 on one thread.

Same model (make_torch_vectors.FedsenseCNN), same batch size, same optimizer (Adam
defaults), class-weighted BCE-with-logits, dropout and batch norm in training mode,
shuffled mini-batches of synthetic windows shaped like the Swift benchmark's
(heart rate around 70 bpm, acceleration around 1 g, 5 % anomalous). Prints one JSON line.
"""
import argparse
import json
import pathlib
import resource
import sys
import time

import torch

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from make_torch_vectors import SPEC, FedsenseCNN  # noqa: E402


def synthetic(count, seed):
    generator = torch.Generator().manual_seed(seed)
    length = SPEC["windowLength"]
    labels = (torch.rand(count, generator=generator) < 0.05).float()
    heart = 60 + 30 * torch.rand(count, 1, generator=generator)
    step = (torch.arange(length) > length // 2).float() * 40 * labels[:, None]
    noise = lambda scale: (torch.rand(count, length, generator=generator) * 2 - 1) * scale  # noqa: E731
    motion = (0.2 + 1.3 * labels)[:, None]
    x = torch.stack([heart + step + noise(2), noise(1) * motion, noise(1) * motion, 1 + noise(1) * motion], dim=1)
    return x.contiguous(), labels


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--windows", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    x, labels = synthetic(args.windows, args.seed)
    mean = x.mean(dim=(0, 2), keepdim=True)
    std = x.std(dim=(0, 2), keepdim=True, unbiased=False)
    x = (x - mean) / std
    positives = labels.sum()
    loss_function = torch.nn.BCEWithLogitsLoss(pos_weight=(len(labels) - positives) / positives)
    model = FedsenseCNN(SPEC)
    dropout = torch.nn.Dropout(SPEC["dropout"])
    optimizer = torch.optim.Adam(model.parameters())
    model.train()

    seconds, cpu_seconds, losses = [], [], []
    for _ in range(args.epochs):
        start = time.perf_counter()
        cpu_start = time.process_time()
        order = torch.randperm(args.windows)
        total = 0.0
        batches = 0
        for begin in range(0, args.windows, args.batch):
            index = order[begin:begin + args.batch]
            mask = dropout(torch.ones(len(index), SPEC["hiddenSizes"][0]))
            optimizer.zero_grad()
            loss = loss_function(model(x[index], dropout_mask=mask), labels[index])
            loss.backward()
            optimizer.step()
            total += loss.item()
            batches += 1
        seconds.append(time.perf_counter() - start)
        cpu_seconds.append(time.process_time() - cpu_start)
        losses.append(total / batches)

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"runtime": "pytorch", "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "windows": args.windows, "batch": args.batch, "epoch_seconds": seconds, "epoch_cpu_seconds": cpu_seconds, "losses": losses,
                      "peak_rss_mib": peak}))


if __name__ == "__main__":
    main()
