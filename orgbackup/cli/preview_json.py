"""``preview --json``: the preview for machines (shape in docs/cli.md), written account by
account so memory does not grow with the organization.

The text is exactly what ``json.dumps(whole, indent=2, ensure_ascii=False)`` gives: that
encoder indents a nested value by its depth and nothing else, so each part is encoded alone
and shifted right. A chain's ``plans`` and ``effective`` texts are encoded once and reused by
every account that shares the chain, with ``$account`` replaced in the text (JSON strings
cannot hold a raw newline, and an account id needs no escaping, so this is the same as
encoding the replaced document).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import TextIO

from backup_org_policy_manager.policy import EffectivePolicy
from orgbackup.cli.preview_model import AccountPreview, Preview
from orgbackup.cli.preview_view import PolicyIssue

__all__ = ["account_json", "json_chunks", "write_json"]

_ACCOUNT = "$account"


def _dumps(value: object, depth: int) -> str:
    text = json.dumps(value, indent=2, ensure_ascii=False)
    return text.replace("\n", "\n" + "  " * depth) if depth else text


def account_json(account: AccountPreview, plans: Sequence[str]) -> dict[str, object]:
    """One account's entry of ``accounts``, as a JSON-ready mapping."""
    return {
        **_head(account),
        "plans": _plans(account, plans),
        "effective": account.document,
    }


def _head(account: AccountPreview) -> dict[str, object]:
    return {
        "id": account.account.id,
        "name": account.account.name,
        "path": account.account.path,
        "attached": [
            {"node": node.path, "policies": list(names)}
            for node, names in zip(account.chain, account.levels, strict=True)
            if names
        ],
    }


def _plans(account: AccountPreview, plans: Sequence[str]) -> dict[str, object]:
    return {
        plan: {"status": account.status(plan), "missing": account.missing(plan)} for plan in plans
    }


class _ChainTexts:
    """The encoded ``plans`` and ``effective`` of each distinct chain, at the account's depth."""

    def __init__(self, plans: Sequence[str]) -> None:
        self.plans = plans
        self._texts: dict[int, tuple[str, str, bool]] = {}

    def for_account(self, account: AccountPreview, depth: int) -> tuple[str, str]:
        effective = account.effective
        found = self._texts.get(id(effective))
        if found is None:
            plans = _dumps(_plans(account, self.plans), depth)
            document = _dumps(effective.document, depth)
            found = self._texts[id(effective)] = (plans, document, _text_replaceable(effective))
        plans, document, replaceable = found
        account_id = account.account.id
        if account_id and _ACCOUNT in document:
            if replaceable and json.dumps(account_id)[1:-1] == account_id:
                document = document.replace(_ACCOUNT, account_id)
            else:
                document = _dumps(account.document, depth)
        return plans, document


def _text_replaceable(effective: EffectivePolicy) -> bool:
    """Whether ``$account`` appears only in values (AWS replaces it there, never in keys)."""
    stack: list[object] = [effective.document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if any(_ACCOUNT in key for key in node):
                return False
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return True


def json_chunks(result: Preview, issues: Sequence[PolicyIssue]) -> Iterator[str]:
    """The JSON document in pieces (one per account, plus the frame), ending with a newline."""
    yield '{\n  "plans": ' + _dumps(list(result.plans), 1) + ',\n  "accounts": '
    if not result.accounts:
        yield "[]"
    texts = _ChainTexts(result.plans)
    for index, account in enumerate(result.accounts):
        plans, document = texts.for_account(account, 3)
        head = ",\n".join(
            f"      {json.dumps(key)}: {_dumps(value, 3)}" for key, value in _head(account).items()
        )
        opening = "[\n" if index == 0 else ",\n"
        tail = f'      "plans": {plans},\n      "effective": {document}\n    }}'
        yield f"{opening}    {{\n{head},\n{tail}"
    if result.accounts:
        yield "\n  ]"
    yield ',\n  "ignored": ' + _dumps(_ignored(result), 1)
    yield ',\n  "issues": ' + _dumps([{"policy": n, "file": f, **i} for n, f, i in issues], 1)
    yield "\n}\n"


def _ignored(result: Preview) -> list[dict[str, object]]:
    return [
        {
            "node": o.node.path,
            "node_id": o.node.id,
            "policy": o.policy,
            "path": o.json_path,
            "operator": o.operator,
            "reason": o.reason,
            "accounts": list(o.accounts),
        }
        for o in result.ignored
    ]


def write_json(result: Preview, issues: Sequence[PolicyIssue], out: TextIO) -> None:
    """Write ``json_chunks`` to ``out`` as they come."""
    for chunk in json_chunks(result, issues):
        out.write(chunk)
