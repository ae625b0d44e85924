"""Prose changes shown word by word: what was removed and added, with a little context.

A description that grew one sentence reads ``… "15". [--] -> {+Now with more words.+}``, not
as two 80-character cuts of the whole text that hide where the change is.
"""

from __future__ import annotations

import difflib

#: Words of unchanged text shown on each side of a change.
CONTEXT_WORDS = 4
#: Changed words shown per side of one hunk before the rest is elided.
HUNK_WORDS = 40
#: Hunks shown per prose change (the full texts are in the report's ``old``/``new``).
MAX_HUNKS = 5


def _words(text: object) -> list[str]:
    return text.split() if isinstance(text, str) else []


def _clip(words: list[str]) -> str:
    if len(words) <= HUNK_WORDS:
        return " ".join(words)
    return " ".join(words[:HUNK_WORDS]) + " …"


def word_diff(old: object, new: object) -> str:
    """The word-level differences of two texts, ``[-removed-] -> {+added+}`` with context."""
    a, b = _words(old), _words(new)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    hunks = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        before = a[max(0, i1 - CONTEXT_WORDS) : i1]
        after = a[i2 : i2 + CONTEXT_WORDS]
        lead = ("… " if i1 > CONTEXT_WORDS else "") + " ".join(before)
        tail = " ".join(after) + (" …" if i2 + CONTEXT_WORDS < len(a) else "")
        hunk = f"[-{_clip(a[i1:i2])}-] -> {{+{_clip(b[j1:j2])}+}}"
        hunks.append(" ".join(part for part in (lead, hunk, tail) if part))
    if not hunks:
        return "whitespace only"
    shown = hunks[:MAX_HUNKS]
    more = f"; and {len(hunks) - MAX_HUNKS} more" if len(hunks) > MAX_HUNKS else ""
    return "; ".join(shown) + more


def contains_sentence(text: object, sentence: str) -> bool:
    """True when ``text`` says ``sentence`` (whitespace and case never count)."""
    if not isinstance(text, str):
        return False
    return " ".join(sentence.split()).casefold() in " ".join(text.split()).casefold()
