"""How AWS Organizations merges management policies from the root down to an account.

The rules, and the AWS documentation each comes from, are in the ``Merger`` docstring.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from backup_org_policy_manager.policy.identifiers import fold, folds_children
from backup_org_policy_manager.policy.issues import Path, format_path
from backup_org_policy_manager.policy.operators import (
    ALL_VALUE_OPERATORS,
    ALLOWED,
    APPEND,
    ASSIGN,
    OPERATORS,
    REMOVE,
    VALUE_OPERATORS,
    is_operator,
    is_setting,
)

__all__ = ["IgnoredOperation", "Merger"]


@dataclass(frozen=True, slots=True)
class IgnoredOperation:
    """An operation of one policy that the merge skipped, and why.

    ``level`` counts from the root (0); ``policy`` is the index within that level.
    """

    level: int
    policy: int
    path: Path
    operator: str
    reason: str

    @property
    def json_path(self) -> str:
        """The path of the setting, as in ``Issue.json_path``."""
        return format_path(self.path)


class Merger:
    """Merges levels of policies, root first, into one effective document (operators stripped).

    ``document`` is the merged result so far; ``ignored`` lists every skipped operation.

    Semantics, from https://docs.aws.amazon.com/organizations/latest/userguide/policy-operators.html
    and https://docs.aws.amazon.com/organizations/latest/userguide/inheritance-examples.html:

    - ``@@assign`` overwrites, ``@@append`` adds to a list, ``@@remove`` takes values out of
      one; a plain value means ``@@assign``.
    - ``@@operators_allowed_for_child_policies`` on a node limits what policies attached
      *below* may do to that node. Each node carries its own limit, which is why AWS's locking
      examples repeat it on every node. Limits only narrow: a child's limit is intersected
      with the inherited one. Adding a new key to an object (e.g. a new plan) needs
      ``@@append`` or ``@@assign`` on that object (backup policy example 4 uses ``@@append``
      to let children add plans).
    - Policies attached to the same node merge in attachment order: their limits intersect
      and apply only below (example 5); the first value set at a level wins over a later
      ``@@assign`` at that level (example 6), while appends and removals accumulate.
    - A list that ``@@remove`` empties is dropped from the effective policy (example 3).
    - A blocked operation is skipped and recorded; the merge never fails because of it.
    - Plan, rule and selection names, copy action keys and tag identifiers match without
      regard to case (``identifiers.CASE_INSENSITIVE``): a child's ``datatype`` is the root's
      ``DataType``. The merged document keeps the first spelling seen from the root down, so
      the names an operator sees are the ones the governing (highest) policy's author wrote and
      they do not change when a lower policy is attached; ``identifiers.aws_case`` gives AWS's
      lower-case display. Setting names match exactly.
    """

    def __init__(self) -> None:
        self.document: dict[str, object] = {}
        self.ignored: list[IgnoredOperation] = []
        self._allowed: dict[Path, frozenset[str]] = {}  # limits set by levels already merged
        self._staged: dict[Path, frozenset[str]] = {}  # limits set at the current level
        self._set_here: set[Path] = set()  # settings already changed at the current level
        self._where = (0, 0)  # (level, policy) being merged, for IgnoredOperation

    def merge_level(self, level: int, policies: Sequence[Mapping[str, object]]) -> None:
        """Merge the policies attached directly to one node, in attachment order."""
        self._staged, self._set_here = {}, set()
        for index, policy in enumerate(policies):
            self._where = (level, index)
            self._merge_object(policy, self.document, ())
        for path, operators in self._staged.items():
            self._allowed[path] = self.allowed(path) & operators

    def allowed(self, path: Path) -> frozenset[str]:
        """The value-setting operators policies at the current level may use at ``path``."""
        return self._allowed.get(path, ALL_VALUE_OPERATORS)

    def _merge_object(
        self, source: Mapping[str, object], target: dict[str, object], path: Path
    ) -> None:
        for written, value in source.items():
            key = _existing_key(target, written, path)
            here = (*path, key)
            if key == ALLOWED:
                self._stage(path, value)
            elif is_operator(key):
                self._ignore(here, key, f"{key} cannot be used on an object of settings")
            elif isinstance(value, dict) and not is_setting(value):
                self._merge_container(target, key, value, here)
            else:
                self._merge_setting(target, key, value, here)

    def _merge_container(
        self, target: dict[str, object], key: str, source: Mapping[str, object], here: Path
    ) -> None:
        child = target.get(key)
        if child is None:
            if not self._may_add(here[:-1], key, APPEND):
                return
            child = target[key] = {}
        if isinstance(child, dict):
            self._merge_object(source, child, here)
        else:
            self._ignore(here, ASSIGN, "an inherited value cannot become an object")

    def _merge_setting(self, target: dict[str, object], key: str, node: object, here: Path) -> None:
        operators = node if isinstance(node, dict) else {ASSIGN: node}
        for operator in operators:
            if operator not in OPERATORS:
                self._ignore(here, operator, f"{operator} is not an inheritance operator")
        if ALLOWED in operators:
            self._stage(here, operators[ALLOWED])
        for operator in VALUE_OPERATORS:
            if operator in operators:
                self._apply(target, key, operator, operators[operator], here)

    def _apply(
        self, target: dict[str, object], key: str, operator: str, value: object, here: Path
    ) -> None:
        allowed = self.allowed(here)
        if operator not in allowed:
            self._ignore(here, operator, f"a parent policy allows {_describe(allowed)} here")
            return
        if key not in target and operator != REMOVE and not self._may_add(here[:-1], key, operator):
            return
        current = target.get(key)
        if operator == ASSIGN:
            if here in self._set_here:
                self._ignore(here, operator, "a policy attached earlier to the same node set it")
                return
            target[key] = _copied(value)
        elif not isinstance(value, list) or not isinstance(current, list | None):
            self._ignore(here, operator, f"{operator} works only on lists")
            return
        elif operator == APPEND:
            merged = list(current or [])
            for item in (_copied(v) for v in value):
                if item not in merged:
                    merged.append(item)
            target[key] = merged
        elif current is not None:
            remaining = [v for v in current if v not in value]
            # A list emptied by @@remove leaves the effective policy (AWS's example 3 shows
            # enforced_for gone once every value was removed).
            if remaining:
                target[key] = remaining
            else:
                del target[key]
        self._set_here.add(here)

    def _may_add(self, parent: Path, key: str, operator: str) -> bool:
        allowed = self.allowed(parent)
        if allowed & {ASSIGN, APPEND}:
            return True
        reason = f"a parent policy allows {_describe(allowed)} here, so {key!r} cannot be added"
        self._ignore((*parent, key), operator, reason)
        return False

    def _stage(self, path: Path, value: object) -> None:
        names = (
            set(value)
            if isinstance(value, list) and all(isinstance(v, str) for v in value)
            else None
        )
        if names is None:
            self._ignore((*path, ALLOWED), ALLOWED, f"{ALLOWED} must be a list of operators")
            return
        operators = ALL_VALUE_OPERATORS if "@@all" in names else ALL_VALUE_OPERATORS & names
        self._staged[path] = self._staged.get(path, ALL_VALUE_OPERATORS) & operators

    def _ignore(self, path: Path, operator: str, reason: str) -> None:
        self.ignored.append(IgnoredOperation(*self._where, path, operator, reason))


def _existing_key(target: Mapping[str, object], key: str, path: Path) -> str:
    """The key already merged that ``key`` names: itself, or a differently cased spelling
    where AWS compares names without regard to case."""
    if key in target or is_operator(key) or not _folds_children(path):
        return key
    folded = fold(key)
    return next((k for k in target if fold(k) == folded), key)


# The paths a merge meets are few and repeat for every key and every chain; remembering the
# answer keeps the pattern matching out of the merge's inner loop.
_folds_children = lru_cache(maxsize=4096)(folds_children)


def _copied(value: object) -> object:
    """A copy of a JSON value that shares nothing mutable with it (``copy.deepcopy`` for the
    only types a parsed policy holds, several times faster)."""
    if isinstance(value, dict):
        return {key: _copied(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copied(item) for item in value]
    return value


def _describe(allowed: frozenset[str]) -> str:
    return f"only {', '.join(sorted(allowed))}" if allowed else "no operators"
