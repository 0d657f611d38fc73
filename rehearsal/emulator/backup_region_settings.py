"""AWS Backup Region settings for the emulator: DescribeRegionSettings and UpdateRegionSettings.

moto 5.2 has neither. State lives in its own moto ``BackendDict`` (one backend per account and
Region, wiped by moto's reset); ``install()`` routes ``/account-settings`` to this module's
response class. Install after ``rehearsal.emulator.backup``, whose ``install()`` re-routes every
backup path it finds to its own handler.
"""

from __future__ import annotations

from typing import Any

from moto.backup import urls as backup_urls
from moto.core.base_backend import BackendDict, BaseBackend
from moto.core.exceptions import JsonRESTError
from moto.core.responses import ActionResult, BaseResponse, EmptyResult

__all__ = [
    "DEFAULT_MANAGEMENT",
    "DEFAULT_OPT_IN",
    "ROUTE",
    "InvalidParameterValueException",
    "RegionSettingsBackend",
    "RegionSettingsResponse",
    "install",
    "region_settings_backends",
]

ROUTE = "{0}/account-settings$"

# What a new account answers in us-east-1 (AWS documentation, "Service opt-in"): the types
# supported since launch are opted in, newer ones are not. DynamoDB advanced backup is off
# until enabled; EFS is always fully managed.
DEFAULT_OPT_IN: dict[str, bool] = {
    "Aurora": True,
    "CloudFormation": False,
    "DocumentDB": True,
    "DynamoDB": True,
    "EBS": True,
    "EC2": True,
    "EFS": True,
    "FSx": True,
    "Neptune": True,
    "RDS": True,
    "Redshift": False,
    "S3": False,
    "SAP HANA on Amazon EC2": False,
    "Storage Gateway": True,
    "Timestream": False,
    "VirtualMachine": True,
}
DEFAULT_MANAGEMENT: dict[str, bool] = {"DynamoDB": False, "EFS": True}


class InvalidParameterValueException(JsonRESTError):
    """A resource type the Region does not support, or a value that is not a boolean."""

    code = 400

    def __init__(self, message: str) -> None:
        super().__init__("InvalidParameterValueException", message)


class RegionSettingsBackend(BaseBackend):
    """The two preference maps of one account and Region."""

    def __init__(self, region_name: str, account_id: str) -> None:
        super().__init__(region_name, account_id)
        self.opt_in: dict[str, bool] = dict(DEFAULT_OPT_IN)
        self.management: dict[str, bool] = dict(DEFAULT_MANAGEMENT)

    @property
    def _url_module(self) -> Any:
        # BaseBackend looks for the URL table next to the class's module; ours is moto's.
        return backup_urls

    def describe_region_settings(self) -> dict[str, dict[str, bool]]:
        return {
            "ResourceTypeOptInPreference": dict(self.opt_in),
            "ResourceTypeManagementPreference": dict(self.management),
        }

    def update_region_settings(
        self, opt_in: dict[str, Any] | None, management: dict[str, Any] | None
    ) -> None:
        """Apply both maps, or neither: every key and value is checked before anything changes."""
        _check("ResourceTypeOptInPreference", opt_in or {}, self.opt_in)
        _check("ResourceTypeManagementPreference", management or {}, self.management)
        self.opt_in.update(opt_in or {})
        self.management.update(management or {})


def _check(field: str, wanted: dict[str, Any], known: dict[str, bool]) -> None:
    for resource_type, value in wanted.items():
        if resource_type not in known:
            raise InvalidParameterValueException(
                f"{field}: unsupported resource type {resource_type!r}"
            )
        if not isinstance(value, bool):
            raise InvalidParameterValueException(
                f"{field}.{resource_type}: expected a boolean, got {value!r}"
            )


region_settings_backends = BackendDict(RegionSettingsBackend, "backup")


class RegionSettingsResponse(BaseResponse):
    """Parse, call, serialize for the two operations, through the botocore model."""

    def __init__(self) -> None:
        super().__init__(service_name="backup")

    @property
    def backend(self) -> RegionSettingsBackend:
        return region_settings_backends[self.current_account][self.region]

    def describe_region_settings(self) -> ActionResult:
        return ActionResult(self.backend.describe_region_settings())

    def update_region_settings(self) -> EmptyResult:
        self.parse_parameters(self.normalized_request)
        self.backend.update_region_settings(
            self.params.get("ResourceTypeOptInPreference"),
            self.params.get("ResourceTypeManagementPreference"),
        )
        return EmptyResult()


def install() -> None:
    """Route ``/account-settings`` to ``RegionSettingsResponse`` (idempotent)."""
    backup_urls.url_paths[ROUTE] = RegionSettingsResponse.dispatch
