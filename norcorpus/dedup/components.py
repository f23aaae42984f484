"""Connected components of an undirected graph given as edge lists.

The MinHash cluster stage needs the components of its verified pairs. scipy.sparse.csgraph finds them, but
importing scipy.sparse costs ~0.25 s in the one process of that stage, which no other work overlaps: more
than the clustering itself for a build of a few hundred MB. So small graphs (up to SMALL_GRAPH_EDGES
edges, ~0.1 s here) are done with numpy alone: every edge pulls both its ends, and the labels they hold,
down to the smaller label, then labels jump to their label's label, until nothing changes (the rounds grow
with the logarithm of a component's diameter). Larger graphs go to scipy, ~6x faster per edge.
"""

from __future__ import annotations

import numpy as np

SMALL_GRAPH_EDGES = 100_000


def connected_components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Component number (0, 1, ...) of each of the nodes 0..n-1 joined by the edges a[i]-b[i].

    Components are numbered in the order of their smallest node, as scipy.sparse.csgraph's
    connected_components numbers them for an undirected graph (tests/test_dedup_components.py)."""
    if len(a) > SMALL_GRAPH_EDGES:
        from scipy.sparse import coo_matrix
        from scipy.sparse.csgraph import connected_components as scipy_components

        graph = coo_matrix((np.ones(len(a), np.int8), (a, b)), shape=(n, n))
        return scipy_components(graph, directed=False)[1].astype(np.int32)
    return _small_components(n, a, b)


def _small_components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = np.asarray(a, dtype=np.int64)
    b = np.asarray(b, dtype=np.int64)
    label = np.arange(n, dtype=np.int64)  # always a node of the same component, never above the node
    while True:
        la, lb = label[a], label[b]
        low = np.minimum(la, lb)
        new = label.copy()
        for ends in (a, b, la, lb):
            np.minimum.at(new, ends, low)
        while True:  # pointer jumping: a label's label is in the component too, and not above it
            jumped = new[new]
            if np.array_equal(jumped, new):
                break
            new = jumped
        if np.array_equal(new, label):
            break
        label = new
    # every node now holds its component's smallest node; number the components in that order
    return np.unique(label, return_inverse=True)[1].astype(np.int32)
