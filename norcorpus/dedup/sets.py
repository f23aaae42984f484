"""Vectorized operations on many sorted shingle sets, and on candidate pairs, for the global MinHash stages.

A batch of sets is `(values, offsets)`: set i is values[offsets[i]:offsets[i+1]], sorted and unique (as
MinhashSignature writes them). Comparing pairs one Python call at a time (np.intersect1d, a file open per
set) costs ~150 µs a pair, far more than the comparison itself, so a whole batch of pairs is compared in a
few numpy passes: every set's values are tagged with the set's index in the high 32 bits, which makes the
batch one sorted uint64 array, and each pair's smaller set is looked up in it with one searchsorted.

Jaccard values are computed as `inter / (|A| + |B| - inter)` in float64, the same correctly rounded
division as Python's `int / int`, so a pair is kept or dropped exactly as the per-pair code did.
"""

from __future__ import annotations

import numpy as np

_U64 = np.uint64
_32 = _U64(32)
# shingles (both sides of the pairs) compared per batch: bounds a worker's temporaries (~40 bytes per
# value: ~10 MB), large enough that numpy's per-call cost stays small (1 << 16 to 1 << 20 measured alike)
CHUNK_VALUES = 1 << 18


def chunk_bounds(cost: np.ndarray, budget: int) -> list[tuple[int, int]]:
    """Consecutive [start, end) chunks whose summed cost stays within budget (at least one item each)."""
    cum = np.cumsum(cost)
    bounds, start = [], 0
    while start < len(cost):
        base = int(cum[start - 1]) if start else 0
        end = max(start + 1, int(np.searchsorted(cum, base + budget, side="right")))
        bounds.append((start, end))
        start = end
    return bounds


def sorted_unique(x: np.ndarray) -> np.ndarray:
    """np.unique of a 1-D array by sort + neighbour mask (np.unique of numpy 2.4 is far slower on uint64)."""
    x = np.sort(x)
    if len(x) > 1:
        x = x[np.concatenate(([True], x[1:] != x[:-1]))]
    return x


def unique_pairs(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (a, b) pairs, sorted by a then b. np.unique on a structured (a, b) array takes ~20x
    longer (322 ms for 200k pairs on numpy 2.4); input that is already sorted and distinct (one bucket
    task's file) is only checked."""
    if len(a) > 1:
        step = (a[1:] > a[:-1]) | ((a[1:] == a[:-1]) & (b[1:] > b[:-1]))
        if not step.all():
            order = np.lexsort((b, a))
            a, b = a[order], b[order]
            keep = np.concatenate(([True], (a[1:] != a[:-1]) | (b[1:] != b[:-1])))
            a, b = a[keep], b[keep]
    return a, b


def ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Flat int64 indices of the ranges [starts[i], starts[i] + lengths[i]), one range after another."""
    lengths = np.asarray(lengths, dtype=np.int64)
    starts = np.asarray(starts, dtype=np.int64)
    nonzero = lengths > 0
    starts, lengths = starts[nonzero], lengths[nonzero]
    if not len(lengths):
        return np.empty(0, np.int64)
    # a running sum of steps: +1 inside a range, a jump to the next range's start where one ends
    step = np.ones(int(lengths.sum()), dtype=np.int64)
    step[0] = starts[0]
    ends = np.cumsum(lengths)[:-1]
    step[ends] = starts[1:] - (starts[:-1] + lengths[:-1]) + 1
    return np.cumsum(step)


def intersections(values: np.ndarray, offsets: np.ndarray, ia: np.ndarray, ib: np.ndarray) -> np.ndarray:
    """|set ia[p] ∩ set ib[p]| for every pair p of a batch of sets (int64)."""
    lens = np.diff(offsets).astype(np.int64)
    if len(ia) == 0:
        return np.zeros(0, np.int64)
    small_first = lens[ia] <= lens[ib]
    small = np.where(small_first, ia, ib)  # the smaller set is looked up in the larger: fewer lookups
    big = np.where(small_first, ib, ia)
    tagged = (np.repeat(np.arange(len(lens), dtype=_U64), lens) << _32) | values.astype(_U64)  # sorted
    qlen = lens[small]
    query = (np.repeat(big.astype(_U64), qlen) << _32) | values[ranges(offsets[small], qlen)].astype(_U64)
    pos = np.searchsorted(tagged, query)
    np.minimum(pos, len(tagged) - 1, out=pos)
    hit = tagged[pos] == query
    return np.bincount(np.repeat(np.arange(len(ia)), qlen)[hit], minlength=len(ia)).astype(np.int64)


def jaccard_of(inter: np.ndarray, len_a: np.ndarray, len_b: np.ndarray) -> np.ndarray:
    """inter / |A ∪ B| in float64; two empty sets are equal (1.0)."""
    union = len_a + len_b - inter
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(union == 0, 1.0, inter / np.maximum(union, 1))


def jaccards(values: np.ndarray, offsets: np.ndarray, ia: np.ndarray, ib: np.ndarray) -> np.ndarray:
    """Exact Jaccard of the set pairs (ia[p], ib[p]) of a batch of sets (float64)."""
    lens = np.diff(offsets).astype(np.int64)
    return jaccard_of(intersections(values, offsets, ia, ib), lens[ia], lens[ib])


def can_reach(len_a: np.ndarray, len_b: np.ndarray, threshold: float) -> np.ndarray:
    """False where the set sizes alone rule the threshold out: J(A, B) <= min/max of the sizes, and a
    correctly rounded division is monotonic, so a pair dropped here also fails the exact check."""
    lo, hi = np.minimum(len_a, len_b), np.maximum(len_a, len_b)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (hi == 0) | (lo / np.maximum(hi, 1) >= threshold)


def group_intersections(
    values: np.ndarray, offsets: np.ndarray, group: np.ndarray, slot: np.ndarray, groups: int
) -> list[np.ndarray]:
    """For groups of at most 64 sets each (set i is member `slot[i]` of group `group[i]`, groups numbered
    0..groups-1): the (members × members) matrix of intersection sizes of every group.

    Every distinct value of a group gets the bit mask of the members that hold it; a group's matrix is then
    Σ count(mask) · bits(mask) ⊗ bits(mask) over its distinct masks. Near-duplicates share most values, so
    a group has few distinct masks and all its pairs cost about one sort of its values.
    """
    lens = np.diff(offsets).astype(np.int64)
    tagged = (np.repeat(group.astype(_U64), lens) << _32) | values.astype(_U64)
    bits = np.repeat(_U64(1) << slot.astype(_U64), lens)
    order = np.argsort(tagged)
    tagged, bits = tagged[order], bits[order]
    if len(tagged):
        first = np.flatnonzero(np.concatenate(([True], tagged[1:] != tagged[:-1])))
        masks = np.bitwise_or.reduceat(bits, first)  # a set's values are unique: OR is the sum
        owner = (tagged[first] >> _32).astype(np.int64)
    else:
        masks, owner = np.empty(0, _U64), np.empty(0, np.int64)
    # distinct (group, mask) rows with their counts, grouped by group
    order = np.lexsort((masks, owner))
    masks, owner = masks[order], owner[order]
    starts = np.flatnonzero(np.concatenate(([True], (masks[1:] != masks[:-1]) | (owner[1:] != owner[:-1]))))
    starts = starts[: len(masks)]  # no row when there are no values
    counts = np.diff(np.append(starts, len(masks)))
    masks, owner = masks[starts], owner[starts]
    bounds = np.searchsorted(owner, np.arange(groups + 1))
    members = np.bincount(group, minlength=groups)
    out = []
    for g in range(groups):
        m, c = masks[bounds[g] : bounds[g + 1]], counts[bounds[g] : bounds[g + 1]]
        b = ((m[:, None] >> np.arange(members[g], dtype=_U64)) & _U64(1)).astype(np.int64)
        out.append((b * c[:, None]).T @ b)
    return out
