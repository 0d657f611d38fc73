"""Configuration from environment variables: defaults, parsing, errors naming the variable."""

from __future__ import annotations

import pytest

from tag_on_restore.config import Config, load_config
from tag_on_restore.errors import ConfigurationError


def test_defaults_when_nothing_is_set() -> None:
    assert Config.from_env({}) == Config(
        excluded_tag_keys=frozenset(),
        overwrite_existing_tags=False,
        provenance_tags=True,
        provenance_tag_prefix="backup:restore:",
        tag_in_place_restores=False,
    )


def test_every_variable_is_read() -> None:
    config = Config.from_env(
        {
            "EXCLUDED_TAG_KEYS": " owner , cost:* ,,",
            "OVERWRITE_EXISTING_TAGS": "TRUE",
            "PROVENANCE_TAGS": "False",
            "PROVENANCE_TAG_PREFIX": "restored:",
            "TAG_IN_PLACE_RESTORES": "true",
        }
    )

    assert config == Config(frozenset({"owner", "cost:*"}), True, False, "restored:", True)


def test_empty_flags_mean_the_default() -> None:
    config = Config.from_env({"OVERWRITE_EXISTING_TAGS": "", "PROVENANCE_TAGS": " "})

    assert (config.overwrite_existing_tags, config.provenance_tags) == (False, True)


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("OVERWRITE_EXISTING_TAGS", "yes", 'must be "true" or "false"'),
        ("PROVENANCE_TAGS", "1", 'must be "true" or "false"'),
        ("TAG_IN_PLACE_RESTORES", "on", 'must be "true" or "false"'),
        ("PROVENANCE_TAG_PREFIX", "", "not a valid tag key prefix"),
        ("PROVENANCE_TAG_PREFIX", "bad|prefix", "not a valid tag key prefix"),
        ("PROVENANCE_TAG_PREFIX", "AWS:restore:", "reserved"),
        ("PROVENANCE_TAG_PREFIX", "p" * 110, "at most 109 characters"),
        ("EXCLUDED_TAG_KEYS", "ok,no#hash", "is not a tag key"),
        ("EXCLUDED_TAG_KEYS", "k" * 129, "is not a tag key"),
    ],
)
def test_bad_values_name_the_variable(variable: str, value: str, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message) as raised:
        Config.from_env({variable: value})

    assert raised.value.variable == variable
    assert str(raised.value).startswith(f"{variable}: ")


def test_load_config_reads_the_environment_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OVERWRITE_EXISTING_TAGS", "true")
    first = load_config()
    monkeypatch.setenv("OVERWRITE_EXISTING_TAGS", "false")

    assert load_config() is first
    load_config.cache_clear()
    assert load_config().overwrite_existing_tags is False
