"""Policy documents and properties shared by the handler tests."""

from __future__ import annotations

import copy
from typing import Any

CENTRAL_VAULT = "arn:aws:backup:us-east-1:111122223333:backup-vault:Central"


def daily_policy(days: int = 35, vault: str = "${CentralVaultArn}") -> dict[str, Any]:
    """A complete daily plan with a central copy; numbers as CloudFormation would send them."""
    return {
        "plans": {
            "Daily": {
                "regions": {"@@assign": ["us-east-1"]},
                "rules": {
                    "Daily": {
                        "schedule_expression": {"@@assign": "cron(0 5 ? * * *)"},
                        "start_backup_window_minutes": {"@@assign": 60},
                        "complete_backup_window_minutes": {"@@assign": 1200},
                        "target_backup_vault_name": {"@@assign": "Vault"},
                        "lifecycle": {"delete_after_days": {"@@assign": days}},
                        "copy_actions": {
                            vault: {
                                "target_backup_vault_arn": {"@@assign": vault},
                                "lifecycle": {"delete_after_days": {"@@assign": days}},
                            }
                        },
                    }
                },
                "selections": {
                    "tags": {
                        "daily": {
                            "iam_role_arn": {"@@assign": "arn:aws:iam::$account:role/BackupRole"},
                            "tag_key": {"@@assign": "backup"},
                            "tag_value": {"@@assign": ["daily"]},
                        }
                    }
                },
            }
        }
    }


def properties(targets: list[str], **overrides: Any) -> dict[str, Any]:
    """Valid ``Custom::BackupOrgPolicy`` properties for ``targets``."""
    props: dict[str, Any] = {
        "PolicyName": "org-daily",
        "PolicyDescription": "daily backups",
        "PolicyContent": daily_policy(),
        "PolicyTargets": list(targets),
        "Variables": {"${CentralVaultArn}": CENTRAL_VAULT},
    }
    props.update(copy.deepcopy(overrides))
    return props
