"""Fixtures for the Region settings custom resource: the emulator with its Region settings.

moto lacks DescribeRegionSettings/UpdateRegionSettings;
``rehearsal.emulator.backup_region_settings`` adds them, installed here until it is listed in
``rehearsal.emulator.EXTENSIONS``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config

from backup_region_settings.clients import clear_caches
from rehearsal.emulator import backup_region_settings


@pytest.fixture
def backup(aws: None) -> Iterator[Any]:
    """An AWS Backup client on the in-process emulator, Region settings included.

    It makes one attempt per call, so a test sees raw faults; the function's own client
    (``clients.backup_client``, built fresh for every test) keeps its retries.
    """
    backup_region_settings.install()
    clear_caches()
    yield boto3.client("backup", config=Config(retries={"total_max_attempts": 1}))
    clear_caches()


def region_settings(client: Any) -> dict[str, dict[str, bool]]:
    """Both preference maps, without the response metadata."""
    answer = client.describe_region_settings()
    return {
        "opt_in": answer["ResourceTypeOptInPreference"],
        "management": answer["ResourceTypeManagementPreference"],
    }
