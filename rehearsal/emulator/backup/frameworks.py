"""AWS Backup Audit Manager frameworks for the emulator: Create, Describe, List, Update and
Delete Framework, with AWS's validation and error codes (moto 5.2 has none of them).

State lives in its own moto ``BackendDict`` (one backend per account and Region). The emulator
has no AWS Config, so it cannot tell whether recording is on: ``FrameworkStatus`` is
``UNAVAILABLE`` ("unable to validate recording status"), never an invented ``ACTIVE``.
https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateFramework.html
https://docs.aws.amazon.com/aws-backup/latest/devguide/choosing-controls.html
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from moto.backup import urls as backup_urls
from moto.core.base_backend import BackendDict, BaseBackend
from moto.core.utils import utcnow
from moto.moto_api._internal import mock_random

from rehearsal.emulator.backup.frameworks_controls import (
    CONTROLS,
    MAX_CONTROLS,
    AlreadyExistsException,
    InvalidParameterValueException,
    LimitExceededException,
    ResourceNotFoundException,
    check_controls,
)

__all__ = [
    "CONTROLS",
    "ROUTES",
    "AlreadyExistsException",
    "Framework",
    "FrameworkBackend",
    "InvalidParameterValueException",
    "ResourceNotFoundException",
    "framework_backends",
]

_NAME = re.compile(r"^[a-zA-Z][_a-zA-Z0-9]{0,255}$")
ROUTES = ("{0}/audit/frameworks$", "{0}/audit/frameworks/(?P<frameworkName>[^/]+)$")


@dataclass(slots=True)
class Framework:
    """One framework as DescribeFramework returns it."""

    name: str
    arn: str
    description: str
    controls: list[dict[str, Any]]
    creation_time: datetime
    idempotency_token: str | None

    def describe(self) -> dict[str, Any]:
        return {
            "FrameworkName": self.name,
            "FrameworkArn": self.arn,
            "FrameworkDescription": self.description,
            "FrameworkControls": self.controls,
            "CreationTime": self.creation_time,
            "DeploymentStatus": "COMPLETED",
            "FrameworkStatus": "UNAVAILABLE",
            "IdempotencyToken": self.idempotency_token,
        }

    def summary(self) -> dict[str, Any]:
        return {
            "FrameworkName": self.name,
            "FrameworkArn": self.arn,
            "FrameworkDescription": self.description,
            "NumberOfControls": len(self.controls),
            "CreationTime": self.creation_time,
            "DeploymentStatus": "COMPLETED",
        }


class FrameworkBackend(BaseBackend):
    """The frameworks of one account and Region."""

    def __init__(self, region_name: str, account_id: str) -> None:
        super().__init__(region_name, account_id)
        self.frameworks: dict[str, Framework] = {}

    @property
    def _url_module(self) -> Any:
        return backup_urls

    def _get(self, name: str) -> Framework:
        if name not in self.frameworks:
            raise ResourceNotFoundException(f"Framework {name} not found")
        return self.frameworks[name]

    def _check_limit(self, controls: list[dict[str, Any]], replacing: str = "") -> None:
        used = sum(len(f.controls) for n, f in self.frameworks.items() if n != replacing)
        if used + len(controls) > MAX_CONTROLS:
            raise LimitExceededException(
                f"{used + len(controls)} controls exceed the limit of {MAX_CONTROLS} per "
                "account and Region"
            )

    def create_framework(
        self,
        name: str,
        description: str | None,
        controls: list[dict[str, Any]] | None,
        idempotency_token: str | None = None,
    ) -> Framework:
        if not _NAME.match(name or ""):
            raise InvalidParameterValueException(
                f"FrameworkName: {name!r} must start with a letter and hold only letters, "
                "digits and underscores (1-256)"
            )
        if name in self.frameworks:
            raise AlreadyExistsException(f"Framework {name} already exists")
        self._check_limit(check_controls(controls))
        arn = (
            f"arn:aws:backup:{self.region_name}:{self.account_id}:framework:"
            f"{name}-{mock_random.uuid4()}"
        )
        framework = Framework(
            name, arn, description or "", list(controls or []), utcnow(), idempotency_token
        )
        self.frameworks[name] = framework
        return framework

    def describe_framework(self, name: str) -> Framework:
        return self._get(name)

    def list_frameworks(self) -> list[Framework]:
        return sorted(self.frameworks.values(), key=lambda f: f.name)

    def update_framework(
        self, name: str, description: str | None, controls: list[dict[str, Any]] | None
    ) -> Framework:
        framework = self._get(name)
        if controls is not None:
            self._check_limit(check_controls(controls), replacing=name)
            framework.controls = list(controls)
        if description is not None:
            framework.description = description
        return framework

    def delete_framework(self, name: str) -> None:
        self._get(name)
        del self.frameworks[name]


framework_backends = BackendDict(FrameworkBackend, "backup")
