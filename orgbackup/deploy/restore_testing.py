"""The optional ``restore_testing:`` section of the deployment configuration: its schema, its
typed value, and the member template parameters it sets (templates/member-account.yaml).

One member StackSet spans every target OU, so per-OU differences go through tags: each
selection names a resource type and the tag that marks a data tier.
https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing.html
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from orgbackup.deploy.schema_fields import text

__all__ = [
    "RESTORE_TESTING_SCHEMA",
    "RESTORE_TESTING_TYPES",
    "RestoreTesting",
    "RestoreTestingSelection",
    "restore_testing_values",
]

# The types a restore testing selection may name, as AWS Backup spells them (the member
# template's RestoreTestingSelection<n> pattern lists the same).
RESTORE_TESTING_TYPES = (
    "Aurora", "DocumentDB", "DynamoDB", "EBS", "EC2", "EFS", "FSx", "Neptune", "RDS", "S3",
)  # fmt: skip
MAX_SELECTIONS = 3  # the member template's RestoreTestingSelection1..3 slots
_TAG_TEXT = "[\\w .:/=+\\-@]"


def _hours(maximum: int) -> dict[str, object]:
    return {"type": "integer", "minimum": 1, "maximum": maximum}


RESTORE_TESTING_SCHEMA: dict[str, object] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["schedule", "selections"],
    "properties": {
        "schedule": text(
            "^cron\\([\\w*?/,# -]{1,200}\\)$", "a cron expression (UTC)", "cron(0 5 ? * SAT *)"
        ),
        "start_window_hours": _hours(168),
        "selections": {
            "type": "array",
            "minItems": 1,
            "maxItems": MAX_SELECTIONS,
            "uniqueItems": True,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["resource_type", "tag_key", "tag_value"],
                "properties": {
                    "resource_type": {"enum": list(RESTORE_TESTING_TYPES)},
                    "tag_key": text(f"^{_TAG_TEXT}{{1,128}}$", "a tag key", "data-tier"),
                    "tag_value": text(f"^{_TAG_TEXT}{{0,256}}$", "a tag value", "gold"),
                    "validation_window_hours": _hours(168),
                },
            },
        },
    },
}


@dataclass(frozen=True, slots=True)
class RestoreTestingSelection:
    """Restore resources of ``resource_type`` tagged ``tag_key``=``tag_value``."""

    resource_type: str
    tag_key: str
    tag_value: str
    validation_window_hours: int = 4

    @property
    def parameter(self) -> str:
        """The member template's encoding: ``Type|TagKey|TagValue|ValidationWindowHours``."""
        return "|".join(
            (self.resource_type, self.tag_key, self.tag_value, str(self.validation_window_hours))
        )


@dataclass(frozen=True, slots=True)
class RestoreTesting:
    """A validated ``restore_testing:`` section."""

    schedule: str
    selections: tuple[RestoreTestingSelection, ...]
    start_window_hours: int = 24

    @classmethod
    def from_config(cls, raw: Mapping[str, Any] | None) -> RestoreTesting | None:
        """The settings of a schema-valid section; None when it is absent."""
        if not raw:
            return None
        selections = tuple(RestoreTestingSelection(**item) for item in raw["selections"])
        return cls(raw["schedule"], selections, raw.get("start_window_hours", 24))


def restore_testing_values(settings: RestoreTesting | None) -> dict[str, str]:
    """The member parameters (through templates/stacksets.yaml); empty ones keep the default
    (no restore testing)."""
    if settings is None:
        return {}
    values = {
        "RestoreTestingSchedule": settings.schedule,
        "RestoreTestingStartWindowHours": str(settings.start_window_hours),
    }
    for index, selection in enumerate(settings.selections, start=1):
        values[f"RestoreTestingSelection{index}"] = selection.parameter
    return values
