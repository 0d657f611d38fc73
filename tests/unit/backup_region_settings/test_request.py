"""``request``: properties to wanted settings, and the errors that name the property at fault."""

from __future__ import annotations

from typing import Any

import pytest

from backup_region_settings.errors import PropertyError
from backup_region_settings.request import check_known, desired_settings
from backup_region_settings.settings import Settings

REGION = Settings({"S3": False, "EC2": True, "Storage Gateway": True}, {"DynamoDB": False})


@pytest.mark.parametrize(
    ("properties", "expected"),
    [
        ({"OptInResourceTypes": ["S3", "EC2"]}, Settings({"S3": True, "EC2": True}, {})),
        # CloudFormation sends a CommaDelimitedList joined, and an empty one as [""].
        (
            {"OptInResourceTypes": "S3, Storage Gateway"},
            Settings({"S3": True, "Storage Gateway": True}),
        ),
        (
            {"OptInResourceTypes": ["S3"], "OptOutResourceTypes": [""], "ServiceToken": "arn"},
            Settings({"S3": True}),
        ),
        (
            {"OptOutResourceTypes": "EC2", "FullyManagedResourceTypes": ["DynamoDB", "EFS"]},
            Settings({"EC2": False}, {"DynamoDB": True, "EFS": True}),
        ),
        ({"NotFullyManagedResourceTypes": "DynamoDB"}, Settings({}, {"DynamoDB": False})),
    ],
)
def test_desired_settings(properties: dict[str, Any], expected: Settings) -> None:
    assert desired_settings(properties) == expected


@pytest.mark.parametrize(
    ("properties", "field", "fragment"),
    [
        ({}, "OptInResourceTypes", "name at least one type"),
        ({"OptInResourceTypes": ""}, "OptInResourceTypes", "name at least one type"),
        ({"OptInResourceTypes": 3}, "OptInResourceTypes", "expected a list"),
        ({"OptInResourceTypes": ["S3", 1]}, "OptInResourceTypes", "expected a list"),
        ({"OptInResourceType": ["S3"]}, "OptInResourceType", "unknown property"),
        (
            {"OptInResourceTypes": ["S3"], "OptOutResourceTypes": "S3"},
            "OptOutResourceTypes",
            "'S3' is also listed in OptInResourceTypes",
        ),
        (
            {"FullyManagedResourceTypes": "EFS", "NotFullyManagedResourceTypes": "EFS"},
            "NotFullyManagedResourceTypes",
            "also listed in FullyManagedResourceTypes",
        ),
    ],
)
def test_bad_properties_name_the_field(
    properties: dict[str, Any], field: str, fragment: str
) -> None:
    with pytest.raises(PropertyError) as raised:
        desired_settings(properties)
    assert raised.value.field == field
    assert str(raised.value).startswith(f"{field}: ")
    assert fragment in str(raised.value)


@pytest.mark.parametrize(
    ("wanted", "field"),
    [
        (Settings({"Tape": True}), "OptInResourceTypes"),
        (Settings({"S3": True, "Tape": False}), "OptOutResourceTypes"),
        (Settings({}, {"EFS": True}), "FullyManagedResourceTypes"),
        (Settings({}, {"RDS": False}), "NotFullyManagedResourceTypes"),
    ],
)
def test_types_the_region_does_not_list_are_refused(wanted: Settings, field: str) -> None:
    with pytest.raises(PropertyError) as raised:
        check_known(wanted, REGION)
    assert raised.value.field == field
    assert "not supported in this Region" in str(raised.value)
    assert len(str(raised.value)) < 256


def test_known_types_pass() -> None:
    check_known(Settings({"S3": True, "EC2": False}, {"DynamoDB": True}), REGION)
