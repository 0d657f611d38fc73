"""A list of organization objects (accounts, OUs, policies) that also finds them by id and by
parent id, so a call costs the same at 50 accounts as at 5,000.

moto keeps plain lists and scans them on every call; the backend swaps these in for its lists,
so moto's own code (``append``, ``remove``, iteration) keeps working and keeps the index right.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Generic, Protocol, SupportsIndex, TypeVar

__all__ = ["IdIndex", "Listing"]


class _Identified(Protocol):
    id: str


T = TypeVar("T", bound=_Identified)


def _parent(item: Any) -> str | None:
    parent = getattr(item, "parent_id", None)
    return str(parent) if parent else None


class IdIndex(list[T], Generic[T]):
    """The items in insertion order, plus ``get(id)`` and ``children(parent_id)`` in O(1).

    ``on_change`` runs after every mutation. An item's ``id`` must be set before it is added;
    its parent changes only through ``reparent`` (moto's MoveAccount is overridden to use it).
    """

    def __init__(self, items: Iterable[T] = (), on_change: Callable[[], None] | None = None):
        super().__init__(items)
        self._on_change = on_change
        self._rebuild()

    def get(self, item_id: str) -> T | None:
        """The item with this id, if any."""
        return self._by_id.get(item_id)

    def children(self, parent_id: str) -> list[T]:
        """The items whose parent is ``parent_id``, in list order (as moto's scans give)."""
        found = self._sorted.get(parent_id)
        if found is None:
            found = sorted(self._by_parent.get(parent_id, {}).values(), key=self._position)
            self._sorted[parent_id] = found
        return list(found)

    def reparent(self, item: T, parent_id: str) -> None:
        """Move ``item`` under ``parent_id``."""
        self._unlink(item)
        item.parent_id = parent_id  # type: ignore[attr-defined]
        self._link(item)
        self._changed()

    def _position(self, item: T) -> int:
        return self._order[item.id]

    def _link(self, item: T) -> None:
        parent = _parent(item)
        if parent is not None:
            self._by_parent.setdefault(parent, {})[item.id] = item
            self._sorted.pop(parent, None)

    def _unlink(self, item: T) -> None:
        parent = _parent(item)
        if parent is not None and parent in self._by_parent:
            self._by_parent[parent].pop(item.id, None)
            self._sorted.pop(parent, None)

    def _changed(self) -> None:
        if self._on_change is not None:
            self._on_change()

    def _rebuild(self) -> None:
        self._by_id: dict[str, T] = {}
        self._by_parent: dict[str, dict[str, T]] = {}
        self._sorted: dict[str, list[T]] = {}
        self._order: dict[str, int] = {}
        self._next = 0
        for item in self:
            self._add(item)

    def _add(self, item: T) -> None:
        self._by_id[item.id] = item
        self._order[item.id] = self._next
        self._next += 1
        self._link(item)

    def append(self, item: T) -> None:
        super().append(item)
        self._add(item)
        self._changed()

    def remove(self, item: T) -> None:
        super().remove(item)
        self._by_id.pop(item.id, None)
        self._order.pop(item.id, None)
        self._unlink(item)
        self._changed()

    # Operations moto does not use: keep the index right by rebuilding it.
    def insert(self, index: SupportsIndex, item: T) -> None:
        super().insert(index, item)
        self._rebuild()
        self._changed()

    def extend(self, items: Iterable[T]) -> None:
        super().extend(items)
        self._rebuild()
        self._changed()

    def pop(self, index: SupportsIndex = -1) -> T:
        item = super().pop(index)
        self._rebuild()
        self._changed()
        return item

    def clear(self) -> None:
        super().clear()
        self._rebuild()
        self._changed()

    def __setitem__(self, index: Any, value: Any) -> None:
        super().__setitem__(index, value)
        self._rebuild()
        self._changed()

    def __delitem__(self, index: SupportsIndex | slice) -> None:
        super().__delitem__(index)
        self._rebuild()
        self._changed()

    def __iadd__(self, items: Iterable[T]) -> IdIndex[T]:  # type: ignore[override,misc]
        self.extend(items)
        return self


class Listing(list[dict[str, Any]]):
    """A computed answer kept between calls, with each item's position by ``key`` so a page
    starts where its NextToken points without a scan."""

    def __init__(self, items: Iterable[dict[str, Any]], key: str) -> None:
        super().__init__(items)
        self.key = key
        self.positions = {str(item[key]): index for index, item in enumerate(self)}
