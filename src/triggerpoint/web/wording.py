"""Plain words for numbers and lists on the pages: plurals, "a, b and c", how often, how well."""

from __future__ import annotations

from collections.abc import Iterable

MATCH_WORDS = ((0.5, "closely"), (0.2, "well"), (0.05, "partly"), (0.0, "a little"))  # a page's choice of words
TIMES = {1: "once", 2: "twice"}


def plural(count: int, noun: str, many: str | None = None) -> str:
    """'1 day', '2 days' (or the given plural)."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"


def human_list(items: Iterable[str]) -> str:
    """'a', 'a and b', 'a, b and c'; items that hold a comma are kept apart with semicolons."""
    words = [str(item) for item in items]
    if len(words) < 2:
        return "".join(words)
    joiner = "; " if any("," in w for w in words) else ", "
    return f"{joiner.join(words[:-1])} and {words[-1]}"


def times_a_day(count: int) -> str:
    """'once a day', 'twice a day', '3 times a day'."""
    return f"{TIMES.get(count, f'{count} times')} a day"


def match_words(score: float) -> str:
    """How well a point's pattern matches a drawing, in words (never a probability of a diagnosis)."""
    return next(words for floor, words in MATCH_WORDS if score >= floor)
