"""Environment variables to ``Config``; a bad value names its variable."""

from __future__ import annotations

import pytest

from restore_validation.config import DEFAULT_ITEM_COUNT_TAG, Config
from restore_validation.errors import ConfigurationError


def test_defaults() -> None:
    assert Config.from_env({}) == Config(DEFAULT_ITEM_COUNT_TAG, 100)


def test_values_are_read() -> None:
    config = Config.from_env({"ITEM_COUNT_TAG": "qa:rows", "MAX_SCAN_PAGES": "7"})

    assert config == Config("qa:rows", 7)


@pytest.mark.parametrize(
    ("environ", "variable"),
    [
        ({"ITEM_COUNT_TAG": "aws:rows"}, "ITEM_COUNT_TAG"),
        ({"ITEM_COUNT_TAG": "rows#"}, "ITEM_COUNT_TAG"),
        ({"MAX_SCAN_PAGES": "0"}, "MAX_SCAN_PAGES"),
        ({"MAX_SCAN_PAGES": "ten"}, "MAX_SCAN_PAGES"),
        ({"MAX_SCAN_PAGES": "10001"}, "MAX_SCAN_PAGES"),
    ],
)
def test_bad_values_name_the_variable(environ: dict[str, str], variable: str) -> None:
    with pytest.raises(ConfigurationError) as raised:
        Config.from_env(environ)

    assert raised.value.variable == variable
    assert str(raised.value).startswith(f"{variable}: ")
