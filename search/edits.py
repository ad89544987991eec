"""Edit distance for fuzzy name matching in the database backend, counted like
Elasticsearch's fuzzy query (a swap of two neighbouring letters is one edit)."""


def within_edits(a: str, b: str, limit: int) -> int | None:
    """The edit distance between a and b if it is at most `limit`, else None."""
    if abs(len(a) - len(b)) > limit:
        return None
    if a == b:
        return 0
    before_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], before_previous[j - 2] + 1)
        if min(current) > limit:
            return None
        before_previous, previous = previous, current
    return previous[-1] if previous[-1] <= limit else None
