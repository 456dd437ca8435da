"""The one-line messages a failed fetch or parse leaves on its Source (Source.last_error)."""

# How long a message may get: Source.last_error holds 500 characters, and the
# pipeline may add what it did about the failure.
MAX_MESSAGE = 300


def one_line(text: str) -> str:
    """`text` on one line, its white space collapsed, cut to MAX_MESSAGE characters."""
    text = " ".join(text.split())
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"
