"""A list parameter's ``Default`` is a list, as CloudFormation resolves it.

moto splits a ``CommaDelimitedList`` or ``List<...>`` parameter into a list only when a value is
passed; its ``Default`` stays one string, so ``!Join [",", !Ref P]`` joins the string's
characters and ``!Select`` picks one. ``install()`` wraps ``ResourceMap.load_parameters`` and
splits those still strings, as it splits passed values.
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from moto.cloudformation.parsing import ResourceMap

__all__ = ["install"]

_original: Callable[[ResourceMap], None] | None = None


def _is_list(value_type: str) -> bool:
    return value_type == "CommaDelimitedList" or value_type.startswith("List<")


def _load_parameters(self: ResourceMap) -> None:
    assert _original is not None
    _original(self)
    slots: dict[str, Any] = self._template.get("Parameters", {})
    for name, slot in slots.items():
        value = self.resolved_parameters.get(name)
        # A passed value is split already; a string here is a default (or one passed as is).
        if not _is_list(slot.get("Type", "")) or not isinstance(value, str):
            continue
        items = value.split(",") if value else []
        listed: list[Any] = items
        if slot["Type"] == "List<Number>":
            listed = [float(v) if "." in v else int(v) for v in items]
        # moto copies the resolved values into what Ref reads; both must change.
        self.resolved_parameters[name] = self._parsed_resources[name] = listed


def install() -> None:
    """Split list parameters' defaults (once)."""
    global _original
    if _original is not None:
        return
    _original = ResourceMap.load_parameters
    ResourceMap.load_parameters = _load_parameters  # type: ignore[method-assign]
