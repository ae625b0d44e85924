"""Prose the overlay relies on: when the publisher rewords it, the overlay rule may be stale.

An overlay action that turns published prose into a schema rule quotes that prose in its
``description`` (``The published description says "length not exceeding 64 characters"``).
Every double-quoted sentence of an action's description that the vendored spec says in some
``description`` is a sentence the action relies on; when the published spec no longer says it
at that place, drift warns (``overlay-relied-prose-changed``), naming the action, the sentence
and the word-level change, since the rule the overlay adds may no longer be what the publisher
means.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from seedance.drift.model import Change
from seedance.drift.pointer import MISSING, join
from seedance.drift.prose import contains_sentence, word_diff
from seedance.spec import lookup
from seedance.spec.levels import Level

CHECK_ID = "overlay-relied-prose-changed"
#: Quotes shorter than this are values ("4", "-1"), not sentences.
MIN_QUOTE = 12
_QUOTE = re.compile(r"[\"\u201c]([^\"\u201c\u201d]+)[\"\u201d]")


@dataclass(frozen=True)
class ReliedSentence:
    """A sentence of the published prose one overlay action relies on."""

    action: int  # 1-based
    target: str
    sentence: str


def relied_sentences(overlay: Any) -> list[ReliedSentence]:
    """Every quoted sentence of every overlay action's description."""
    found = []
    actions = overlay.get("actions") if isinstance(overlay, dict) else None
    for index, action in enumerate(actions if isinstance(actions, list) else [], start=1):
        if not isinstance(action, dict):
            continue
        for match in _QUOTE.finditer(" ".join(str(action.get("description", "")).split())):
            sentence = match.group(1).strip()
            if len(sentence) >= MIN_QUOTE:
                found.append(ReliedSentence(index, str(action.get("target")), sentence))
    return found


def _descriptions(node: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    stack = [(node, pointer)]
    while stack:
        item, here = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                name = str(key)
                if name in ("description", "summary") and isinstance(value, str):
                    yield join(here, name), value
                elif isinstance(value, dict | list) and name not in ("example", "examples"):
                    stack.append((value, join(here, name)))
        elif isinstance(item, list):
            stack.extend((value, join(here, i)) for i, value in enumerate(item))


def relied_prose_changes(
    vendored: dict[str, Any], published: dict[str, Any], overlay: Any
) -> list[Change]:
    """A warning for each relied-on sentence the published spec no longer says where it was."""
    sentences = relied_sentences(overlay)
    if not sentences:
        return []
    changes = []
    for pointer, text in _descriptions(vendored):
        for relied in sentences:
            if not contains_sentence(text, relied.sentence):
                continue
            now = lookup(published, "#" + pointer, MISSING)
            if contains_sentence(now, relied.sentence):
                continue
            shown = word_diff(text, now) if isinstance(now, str) else "the text was removed"
            changes.append(
                Change(
                    id=CHECK_ID,
                    level=Level.WARNING,
                    location=pointer,
                    message=(
                        f"overlay action #{relied.action} (target {relied.target}) relies on "
                        f'the published sentence "{relied.sentence}", which changed: {shown}; '
                        "check that the rule it adds is still what the publisher means"
                    ),
                    old=text,
                    new=None if now is MISSING else now,
                )
            )
    return changes
