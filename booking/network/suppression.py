"""Small-number suppression: a count of fewer than 10 pupils' responses is shown as "fewer
than 10" everywhere, so that no pupil can be singled out."""

SUPPRESS_BELOW = 10


def shown_count(n: int) -> str:
    """How a count of responses is shown: "none yet" for 0, "fewer than 10" for 1 to 9, the
    number itself (with thousands separated) from 10."""
    if n <= 0:
        return "none yet"
    if n < SUPPRESS_BELOW:
        return f"fewer than {SUPPRESS_BELOW}"
    return f"{n:,}"
