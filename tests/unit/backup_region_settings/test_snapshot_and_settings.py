"""``snapshot`` (the physical id that records the settings before Create) and ``Settings``."""

from __future__ import annotations

import pytest

from backup_region_settings.errors import RegionSettingsError
from backup_region_settings.settings import Settings
from backup_region_settings.snapshot import MAX_ID_BYTES, decode, encode

BEFORE = Settings(
    {"S3": False, "Storage Gateway": True, "SAP HANA on Amazon EC2": False},
    {"DynamoDB": False, "EFS": True},
)


def test_round_trip_keeps_region_and_every_value() -> None:
    physical_id = encode("eu-west-1", BEFORE)
    assert physical_id == (
        "backup-region-settings:eu-west-1:"
        "S3=0,SAP%20HANA%20on%20Amazon%20EC2=0,Storage%20Gateway=1;DynamoDB=0,EFS=1"
    )
    assert decode(physical_id) == ("eu-west-1", BEFORE)


def test_empty_settings_round_trip() -> None:
    assert decode(encode("us-east-1", Settings())) == ("us-east-1", Settings())


@pytest.mark.parametrize(
    "physical_id",
    [
        "org-backup-rehearsal-BackupRegionSettings-AbCdEf123456",  # crhelper's invented id
        "backup-region-settings:eu-west-1:S3=1",  # no management part
        "backup-region-settings::S3=1;",
        "backup-region-settings:eu-west-1:S3=yes;",
        "backup-region-settings:eu-west-1:S3;EFS=1",
        "other:eu-west-1:S3=1;EFS=1",
    ],
)
def test_foreign_ids_decode_to_none(physical_id: str) -> None:
    assert decode(physical_id) is None


def test_an_id_over_the_limit_is_refused() -> None:
    many = Settings({f"Type{n:03}-with-a-long-name": True for n in range(60)})
    with pytest.raises(RegionSettingsError, match=f"{MAX_ID_BYTES}-byte PhysicalResourceId"):
        encode("us-east-1", many)


def test_settings_arithmetic() -> None:
    current = Settings({"S3": False, "EC2": True}, {"DynamoDB": False})
    wanted = Settings({"S3": True, "EC2": True}, {"DynamoDB": False})
    assert wanted.differing_from(current) == Settings({"S3": True}, {})
    assert not wanted.differing_from(wanted)
    assert current.only(["S3", "RDS"], ["DynamoDB"]) == Settings({"S3": False}, {"DynamoDB": False})
    assert current.overlaid(Settings({"S3": True})) == Settings(
        {"S3": True, "EC2": True}, {"DynamoDB": False}
    )
    assert wanted.keys() == (frozenset({"S3", "EC2"}), frozenset({"DynamoDB"}))
