"""nDCG@k and MRR over the relevance judgements in queries.py."""

from __future__ import annotations

import math


def ndcg_at(ranked: list[str], grades: dict[str, int], k: int = 5) -> float:
    dcg = sum((2 ** grades.get(slug, 0) - 1) / math.log2(i + 2) for i, slug in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def reciprocal_rank(ranked: list[str], grades: dict[str, int]) -> float:
    """1/rank of the first article the reader was looking for (grade 2)."""
    for i, slug in enumerate(ranked):
        if grades.get(slug, 0) == max(grades.values()):
            return 1.0 / (i + 1)
    return 0.0
