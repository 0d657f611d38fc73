"""Effective policies of many accounts at once: each distinct policy text is parsed once and
each distinct chain of attachments (root to account) is merged once.

An organization has far fewer distinct chains than accounts (accounts of one OU share theirs),
and an effective policy depends only on its chain, apart from ``$account``, which AWS replaces
per account and ``EffectivePolicy.for_account`` replaces where a document is shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeGuard

from backup_org_policy_manager.policy.effective import EffectivePolicy, merge_parsed, parse_policy
from backup_org_policy_manager.policy.issues import Issue
from backup_org_policy_manager.policy.parse import parse_document

__all__ = ["ChainKey", "EffectivePolicies"]

# The policies' JSON texts per node, root first: what an effective policy depends on.
ChainKey = tuple[tuple[str, ...], ...]


class EffectivePolicies:
    """A memo of merged chains for one organization snapshot.

    ``merge(levels)`` gives what ``effective_policy(levels)`` gives (without an account id),
    computing it once per distinct ``levels``. The returned ``EffectivePolicy`` is shared by
    every caller with the same chain: treat its document as read-only.

    Example
    -------
    >>> cache = EffectivePolicies()
    >>> cache.merge([['{"plans": {}}'], []]) is cache.merge([['{"plans": {}}'], []])
    True
    """

    def __init__(self) -> None:
        self._parsed: dict[str, tuple[dict[str, object] | None, list[Issue]]] = {}
        self._merged: dict[ChainKey, EffectivePolicy] = {}

    def __len__(self) -> int:
        """How many distinct chains were merged."""
        return len(self._merged)

    @property
    def parsed(self) -> int:
        """How many distinct policy texts were parsed."""
        return len(self._parsed)

    def merge(self, levels: Sequence[Sequence[str]]) -> EffectivePolicy:
        """The effective policy of one chain (``$account`` left as written).

        Raises
        ------
        PolicyValidationError
            A policy on the chain is not a JSON object or repeats a key (as
            ``effective_policy`` raises it, naming the policy's level and index).
        """
        key = levels if _is_key(levels) else tuple(tuple(level) for level in levels)
        found = self._merged.get(key)
        if found is None:
            parsed = [
                [parse_policy(text, level, index, self._parse) for index, text in enumerate(texts)]
                for level, texts in enumerate(key)
            ]
            found = self._merged[key] = merge_parsed(parsed)
        return found

    def _parse(self, text: str) -> tuple[dict[str, object] | None, list[Issue]]:
        found = self._parsed.get(text)
        if found is None:
            found = self._parsed[text] = parse_document(text)
        return found


def _is_key(levels: Sequence[Sequence[str]]) -> TypeGuard[ChainKey]:
    return isinstance(levels, tuple) and all(isinstance(level, tuple) for level in levels)
