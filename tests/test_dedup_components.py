"""The numpy connected components of the MinHash cluster stage against scipy's."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components as scipy_components

from norcorpus.dedup import components
from norcorpus.dedup.components import connected_components


def _scipy(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    graph = coo_matrix((np.ones(len(a), np.int8), (a, b)), shape=(n, n))
    return scipy_components(graph, directed=False)[1]


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 60).flatmap(
        lambda n: st.tuples(
            st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=3 * n)
        )
    )
)
def test_components_are_scipys(graph: tuple[int, list[tuple[int, int]]]) -> None:
    n, edges = graph
    a = np.array([e[0] for e in edges], dtype=np.int64)
    b = np.array([e[1] for e in edges], dtype=np.int64)
    assert connected_components(n, a, b).tolist() == _scipy(n, a, b).tolist()


def test_long_chains_and_large_random_graphs(monkeypatch) -> None:
    rng = np.random.default_rng(3)
    n = 20_000
    chain = rng.permutation(n)  # one component whose diameter is n - 1, labelled in random order
    assert connected_components(n, chain[:-1], chain[1:]).tolist() == [0] * n
    a, b = rng.integers(0, n, size=(2, 15_000))
    assert connected_components(n, a, b).tolist() == _scipy(n, a, b).tolist()
    monkeypatch.setattr(components, "SMALL_GRAPH_EDGES", 1000)  # the same graph through scipy
    assert connected_components(n, a, b).tolist() == _scipy(n, a, b).tolist()
