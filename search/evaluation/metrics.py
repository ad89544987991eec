"""Ranking metrics over graded judgements (grade 0 = not relevant, 1..3 = more useful).

MRR@10, P@5 and Recall@20 count a person as relevant from grade 1; nDCG@10 uses the grades
as gains (2^grade - 1) against the ideal ordering of all judged people.
"""

import math


def reciprocal_rank(ranking: list[str], grades: dict[str, int], k: int = 10) -> float:
    for position, key in enumerate(ranking[:k], start=1):
        if grades.get(key, 0) > 0:
            return 1.0 / position
    return 0.0


def _dcg(gains: list[int]) -> float:
    return sum((2**gain - 1) / math.log2(position + 1) for position, gain in enumerate(gains, start=1))


def ndcg(ranking: list[str], grades: dict[str, int], k: int = 10) -> float:
    ideal = _dcg(sorted(grades.values(), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return _dcg([grades.get(key, 0) for key in ranking[:k]]) / ideal


def precision(ranking: list[str], grades: dict[str, int], k: int = 5) -> float:
    return sum(1 for key in ranking[:k] if grades.get(key, 0) > 0) / k


def recall(ranking: list[str], grades: dict[str, int], k: int = 20) -> float:
    relevant = {key for key, grade in grades.items() if grade > 0}
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranking[:k])) / len(relevant)


METRICS = {
    "MRR@10": reciprocal_rank,
    "nDCG@10": ndcg,
    "P@5": precision,
    "Recall@20": recall,
}
