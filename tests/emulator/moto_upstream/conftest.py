"""Run moto's own tests with this project's extensions installed, and mark where we differ.

``DIFFERENCES`` lists every upstream test whose expectation the emulator breaks on purpose;
each becomes ``xfail(strict=True)``, so the list cannot go stale in either direction.
Keep it in step with the table in ``README.md``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from moto.core.config import default_user_config

from rehearsal.emulator import register

_HERE = Path(__file__).parent

# (file relative to this directory, test name) -> why the emulator answers differently.
DIFFERENCES: dict[tuple[str, str], str] = {}


@pytest.fixture(autouse=True)
def _extensions_registered() -> Iterator[None]:
    """Install the extensions before the test's own ``mock_aws`` starts.

    As moto's own suite does (its ``tests/__init__.py``), keep boto3's default session across
    ``mock_aws`` starts: recreating it is most of the time a test takes. Only for these tests.
    """
    register()
    core = default_user_config["core"]
    previous = core.get("reset_boto3_session", True)
    core["reset_boto3_session"] = False
    yield
    core["reset_boto3_session"] = previous


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the listed differences ``xfail(strict=True)``; refuse a listed test that is gone."""
    seen: set[tuple[str, str]] = set()
    for item in items:
        path = Path(str(item.path))
        if _HERE not in path.parents:
            continue
        key = (path.relative_to(_HERE).as_posix(), item.name.split("[")[0])
        reason = DIFFERENCES.get(key)
        if reason is not None:
            seen.add(key)
            item.add_marker(pytest.mark.xfail(strict=True, reason=reason))
    selected_files = {
        Path(str(item.path)).relative_to(_HERE).as_posix()
        for item in items
        if _HERE in Path(str(item.path)).parents
    }
    missing = {key for key in DIFFERENCES if key[0] in selected_files} - seen
    if missing and not config.getoption("keyword") and not config.getoption("markexpr"):
        raise pytest.UsageError(f"DIFFERENCES names tests that do not exist: {sorted(missing)}")
