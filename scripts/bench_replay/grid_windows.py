"""Streaming 50 Hz windows with numpy, following the agent's windower rules
(Sources/SensorIO/Windowing/DeviceWindower.swift) for a file whose readings all carry
heart rate and acceleration, so the Python peer cuts the same windows:

- the grid is epoch-aligned (multiples of 20 ms); a segment starts at the first grid
  point at or after its first reading;
- a step between readings longer than max_gap ends the segment: the window in progress
  is dropped and the next reading starts afresh;
- shorter steps are filled: acceleration linearly interpolated between the bracketing
  readings, heart rate held from the latest reading at or before the grid point, the
  label taken from the nearer reading;
- windows are `length` consecutive grid points (hop = length); an unfinished window at
  the end of the input is dropped.
Heart-rate staleness (5 s) cannot trigger here: every reading carries heart rate and
steps longer than max_gap (1 s) already end the segment.
"""
import numpy as np

INTERVAL_MICROS = 20_000


class GridWindower:
    """Feed row batches with `append`; each call returns the windows completed by it."""

    def __init__(self, length=250, max_gap_micros=1_000_000):
        self.length = length
        self.max_gap = max_gap_micros
        self.anchor = None  # last reading of the previous batch: (t, [hr, x, y, z], label)
        self.pending = None  # unfinished window: (start micros, [4, k] float32, [k] int8)
        self.dropped = 0

    def append(self, timestamps, values, labels):
        """timestamps [n] int64 µs (increasing), values [4, n] float64 (hr, x, y, z), labels [n] int8.
        Returns (starts [w] int64, windows [w, 4, length] float32, labels [w, length] int8)."""
        continuing = self.anchor is not None
        if continuing:
            t0, v0, l0 = self.anchor
            timestamps = np.concatenate([[t0], timestamps])
            values = np.concatenate([v0[:, None], values], axis=1)
            labels = np.concatenate([[l0], labels])
        if len(timestamps) == 0:
            return self._empty()
        self.anchor = (timestamps[-1], values[:, -1].copy(), labels[-1])

        breaks = np.flatnonzero(np.diff(timestamps) > self.max_gap) + 1
        bounds = np.concatenate([[0], breaks, [len(timestamps)]])
        out_starts, out_windows, out_labels = [], [], []
        for index in range(len(bounds) - 1):
            a, b = bounds[index], bounds[index + 1]
            seg_t = timestamps[a:b]
            if index == 0 and continuing:
                first = seg_t[0] + INTERVAL_MICROS  # the anchor's grid points were placed already
            else:
                if self.pending is not None:
                    self.dropped += 1  # a gap ends the window in progress
                self.pending = None
                first = -(-seg_t[0] // INTERVAL_MICROS) * INTERVAL_MICROS
            last = seg_t[-1] // INTERVAL_MICROS * INTERVAL_MICROS
            if last < first:
                continue
            grid = np.arange(first, last + 1, INTERVAL_MICROS, dtype=np.int64)
            dense, dense_labels = self._resample(grid, seg_t, values[:, a:b], labels[a:b])
            start = grid[0]
            if self.pending is not None:
                start = self.pending[0]
                dense = np.concatenate([self.pending[1], dense], axis=1)
                dense_labels = np.concatenate([self.pending[2], dense_labels])
            count = dense.shape[1] // self.length
            used = count * self.length
            if count:
                out_starts.append(start + np.arange(count, dtype=np.int64) * self.length * INTERVAL_MICROS)
                out_windows.append(dense[:, :used].reshape(4, count, self.length).transpose(1, 0, 2))
                out_labels.append(dense_labels[:used].reshape(count, self.length))
            rest = dense.shape[1] - used
            self.pending = (start + used * INTERVAL_MICROS, dense[:, used:], dense_labels[used:]) if rest else None
        if not out_starts:
            return self._empty()
        return (np.concatenate(out_starts), np.ascontiguousarray(np.concatenate(out_windows)),
                np.concatenate(out_labels))

    def finish(self):
        """Ends the input: an unfinished window is dropped."""
        if self.pending is not None:
            self.dropped += 1
        self.pending = None

    def _resample(self, grid, times, values, labels):
        before = np.searchsorted(times, grid, side="right") - 1
        after = np.minimum(before + 1, len(times) - 1)
        dense = np.empty((4, len(grid)), np.float32)
        dense[0] = values[0, before]  # heart rate held
        for channel in (1, 2, 3):
            dense[channel] = np.interp(grid, times, values[channel])
        nearer_before = (grid - times[before]) < (times[after] - grid)
        return dense, np.where(nearer_before, labels[before], labels[after])

    def _empty(self):
        return (np.empty(0, np.int64), np.empty((0, 4, self.length), np.float32),
                np.empty((0, self.length), np.int8))
