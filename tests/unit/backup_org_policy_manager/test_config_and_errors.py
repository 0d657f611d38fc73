"""Settings from the environment, and the Reason length/shape rules of the errors."""

from __future__ import annotations

import pytest

from backup_org_policy_manager.config import Settings
from backup_org_policy_manager.errors import (
    ConfigurationError,
    NotOwnedError,
    PolicyContentError,
    TargetError,
    shorten,
)
from backup_org_policy_manager.policy import Issue


def test_defaults_and_overrides() -> None:
    assert Settings.from_env({}) == Settings()
    env = {
        "RETRY_BASE_DELAY_SECONDS": "0.5",
        "RETRY_MAX_DELAY_SECONDS": "4",
        "RESPONSE_MARGIN_SECONDS": " 6 ",
    }
    assert Settings.from_env(env) == Settings(0.5, 4.0, 6.0)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"RETRY_BASE_DELAY_SECONDS": "soon"}, "RETRY_BASE_DELAY_SECONDS: 'soon' is not a number"),
        ({"RESPONSE_MARGIN_SECONDS": "-1"}, "RESPONSE_MARGIN_SECONDS: must be a finite number"),
        ({"RETRY_MAX_DELAY_SECONDS": "inf"}, "RETRY_MAX_DELAY_SECONDS: must be a finite"),
        ({"RETRY_BASE_DELAY_SECONDS": "5", "RETRY_MAX_DELAY_SECONDS": "1"},
         "RETRY_MAX_DELAY_SECONDS must be at least"),
    ],
)  # fmt: skip
def test_bad_settings_name_the_variable(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigurationError) as raised:
        Settings.from_env(env)
    assert str(raised.value).startswith(message)


def test_shorten_keeps_the_start_and_fits() -> None:
    assert shorten("a  b\nc") == "a b c"
    long = "PolicyTargets ou-x: " + "y" * 400
    assert len(shorten(long)) == 255
    assert shorten(long).startswith("PolicyTargets ou-x: ")


def test_content_error_reason_is_short_and_counts_the_rest() -> None:
    issues = [Issue("P304", ("plans", "p" * 300, "rules"), "too short")] + [
        Issue("P100", (), "x")
    ] * 3
    reason = str(PolicyContentError(issues))
    assert reason.startswith("PolicyContent $.plans")
    assert reason.endswith("(+3 more)")
    assert len(reason) <= 255


def test_target_and_ownership_errors_name_what_is_at_fault() -> None:
    error = TargetError("AttachPolicy", "ConstraintViolationException", "MAX: too many", "ou-a-b")
    assert (
        str(error)
        == "PolicyTargets ou-a-b: AttachPolicy failed: ConstraintViolationException (MAX: too many)"
    )
    assert error.target_id == "ou-a-b"
    assert str(NotOwnedError("p-12345678")).startswith(
        "PhysicalResourceId: policy p-12345678 is not"
    )
