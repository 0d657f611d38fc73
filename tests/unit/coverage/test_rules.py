"""Rule summaries from an effective plan of the repository's data-classification policy."""

from __future__ import annotations

from pathlib import Path

from backup_org_policy_manager.policy import effective_policy, render
from orgbackup.coverage.model import CopyAction, RuleSummary
from orgbackup.coverage.rules import summarize_rules

ROOT = Path(__file__).resolve().parents[3]
CENTRAL = "arn:aws:backup:eu-central-1:222222222222:backup-vault:central"


def test_critical_tier_rules() -> None:
    text = (ROOT / "policies" / "data-classification.json").read_text()
    variables = {
        "${MemberVaultName}": "vault",
        "${MemberBackupRoleName}": "role",
        "${CentralVaultArn}": CENTRAL,
    }
    document = effective_policy([[render(text, variables=variables)]]).document
    plan = document["plans"]["org-backup-tier-critical"]  # type: ignore[index]

    assert summarize_rules(plan["rules"]) == (
        RuleSummary(
            "continuous-35-days", "cron(0 * ? * * *)", "every day, every hour", True, "vault",
            delete_after_days=35, continuous=True,
        ),
        RuleSummary(
            "daily-366-days-central-copy", "cron(0 4 ? * * *)", "every day, at 04:00 UTC", True,
            "vault", delete_after_days=366, copy_actions=(CopyAction(CENTRAL, 366),),
        ),
    )  # fmt: skip


def test_not_a_mapping_has_no_rules() -> None:
    assert summarize_rules(["daily"]) == ()
