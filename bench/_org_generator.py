"""A seeded, deterministic organization for scale tests and benchmarks of ``backup-policy
preview``: 1,000-10,000 accounts, OUs five levels deep, 20 backup policies of 3-8 KB attached at
the root, OU and account levels, using ``@@append``, ``@@remove`` and
``@@operators_allowed_for_child_policies`` (so some operations are ignored and some plans are
incomplete, as in a real organization). ``write`` puts it on disk as ORG + ATTACH files.

Usage: ``python -m bench._org_generator --accounts 5000 --out DIR``. The module is long because
the 20 policies are spelled out as data, one builder each, so a reader sees what is attached.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["GeneratedOrg", "generate", "write"]

ROLE = "arn:aws:iam::$account:role/AWSBackupSolutionRole"
VAULT = "AWSBackupSolutionVault"
CENTRAL = "${CentralVaultArn}"
CENTRAL_ARN = "arn:aws:backup:us-east-1:222222222222:backup-vault:CentralVault"
DR_ARN = "arn:aws:backup:eu-west-1:222222222222:backup-vault:CentralVault-DR"
ROOT_ID = "r-g3n0"
ENVIRONMENTS = ("Prod", "Staging", "Dev")
TEAM_KINDS = ("data", "windows", "web", "batch")
TIERS = ("Critical", "Standard")
Json = dict[str, Any]


@dataclass(frozen=True, slots=True)
class GeneratedOrg:
    """The ORG file's content, the ATTACH entries (``file`` names a key of ``policies``) and
    the policies' JSON text; ``accounts`` is the number of accounts in ``org``."""

    org: Json
    attachments: list[Json]
    policies: dict[str, str]
    accounts: int


def _a(value: object) -> Json:
    return {"@@assign": value}


def _lifecycle(days: int, cold: int | None = None) -> Json:
    found = {"delete_after_days": _a(str(days))}
    if cold is not None:
        found = {"move_to_cold_storage_after_days": _a(str(cold)), **found}
    return found


def _rule(cron: str, days: int, *, cold: int | None = None, copies: tuple[str, ...] = ()) -> Json:
    rule: Json = {
        "schedule_expression": _a(cron),
        "start_backup_window_minutes": _a("60"),
        "complete_backup_window_minutes": _a("720"),
        "target_backup_vault_name": _a(VAULT),
        "lifecycle": _lifecycle(days, cold),
    }
    if copies:
        rule["copy_actions"] = {
            arn: {"target_backup_vault_arn": _a(arn), "lifecycle": _lifecycle(days, cold)}
            for arn in copies
        }
    rule["recovery_point_tags"] = {
        name: {"tag_key": _a(name), "tag_value": _a(value)}
        for name, value in (
            ("backup-rule", cron.split()[1]),
            ("retention", f"{days}d"),
            ("managed-by", "aws-organizations-backup-policy"),
        )
    }
    return rule


def _plan(name: str, rules: dict[str, Json], tag_values: list[str], *, regions: Json) -> Json:
    selections: Json = {
        "tags": {
            f"{name.lower()}-{value}": {
                "iam_role_arn": _a(ROLE),
                "tag_key": _a("backup-plan"),
                "tag_value": _a([value, f"{value}-{name.lower()}"]),
            }
            for value in tag_values
        }
    }
    return {
        "regions": regions,
        "rules": rules,
        "selections": selections,
        "backup_plan_tags": {
            key: {"tag_key": _a(key), "tag_value": _a(value)}
            for key, value in (
                ("owner", "platform-backup"),
                ("plan", name),
                ("cost-center", "cc-4711-shared-services"),
                ("data-classification", "confidential"),
                ("compliance-scope", "iso27001-soc2"),
            )
        },
    }


def _standard_plan(name: str, cron_hours: list[int], days: int, **extra: Any) -> Json:
    rules = {
        f"{name}-{hour:02d}h": _rule(
            f"cron(0 {hour} ? * * *)", days, cold=extra.get("cold"), copies=extra.get("copies", ())
        )
        for hour in cron_hours
    }
    regions = extra.get("regions", _a(["us-east-1", "eu-west-1"]))
    return _plan(name, rules, extra.get("tags", ["standard", "gold"]), regions=regions)


def _policies() -> dict[str, Json]:
    """The 20 policies, by name; each a document with inheritance operators."""
    locked_regions = {
        "@@assign": ["us-east-1"],
        "@@operators_allowed_for_child_policies": ["@@append"],
    }
    daily = _standard_plan("Daily-35", [1, 5, 9], 35, copies=(CENTRAL,), regions=locked_regions)
    for rule in daily["rules"].values():
        rule["lifecycle"]["delete_after_days"]["@@operators_allowed_for_child_policies"] = [
            "@@none"
        ]
    weekly = _standard_plan("Weekly-90", [2, 6], 90, cold=None, copies=(CENTRAL,))
    docs: dict[str, Json] = {
        "org-baseline": {"plans": {"Daily-35": daily, "Weekly-90": weekly}},
        "org-monthly-archive": {
            "plans": {
                "Monthly-365": _standard_plan(
                    "Monthly-365", [3, 4, 7], 365, cold=30, copies=(CENTRAL, DR_ARN)
                )
            }
        },
        "workloads-standard": {
            "plans": {
                "Hourly-7": _standard_plan("Hourly-7", [0, 6, 12, 18], 7, tags=["hourly"]),
                "Daily-35": {"regions": {"@@append": ["eu-west-1"]}},
            }
        },
        "infrastructure-core": {
            "plans": {"Infra-30": _resources_plan("Infra-30", 30)},
        },
        "security-logs": {
            "plans": {
                "SecurityLogs-400": _standard_plan(
                    "SecurityLogs-400", [2, 14], 400, cold=90, copies=(CENTRAL, DR_ARN)
                )
            }
        },
        "sandbox-weekly": _sandbox(),
        "suspended-retain": {
            "plans": {
                "Retain-3650": _standard_plan("Retain-3650", [4, 10, 16, 22], 3650, cold=180),
            }
        },
        "bu-finance-pii": {
            "plans": {
                "PII-Hourly": _standard_plan(
                    "PII-Hourly", [0, 4, 8, 12], 35, copies=(CENTRAL,), tags=["pii", "sox"]
                )
            }
        },
        "bu-retail-catalog": {
            "plans": {
                "Catalog-14": _standard_plan("Catalog-14", [1, 7, 13, 19], 14, tags=["catalog"])
            }
        },
        "env-prod": {
            "plans": {
                "Prod-Daily-60": _standard_plan(
                    "Prod-Daily-60", [0, 8, 16], 60, copies=(CENTRAL, DR_ARN)
                ),
                "Daily-35": {"regions": {"@@append": ["eu-central-1"]}},
            }
        },
        "env-staging": {
            "plans": {"Staging-14": _standard_plan("Staging-14", [3, 9, 15, 21], 14)},
        },
        "env-dev": _dev(),
        "team-data": {
            "plans": {"DataLake-S3": _s3_plan()},
        },
        "team-windows": {
            "plans": {"Windows-VSS": _windows_plan()},
        },
        "tier-critical": {
            "plans": {
                "Critical-4h": _standard_plan(
                    "Critical-4h", [0, 4, 8, 12, 16, 20], 14, copies=(CENTRAL, DR_ARN)
                )
            }
        },
        "tier-standard": {
            "plans": {
                "Standard-12h": _standard_plan("Standard-12h", [6, 12, 18], 21, copies=(CENTRAL,))
            }
        },
        "prod-dr-region": {
            "plans": {"DR-Copy": _standard_plan("DR-Copy", [5, 11, 17], 90, copies=(DR_ARN,))},
        },
        "account-legal-hold": {
            "plans": {"LegalHold": _standard_plan("LegalHold", [2, 8, 14, 20], 2555, cold=365)},
        },
        "account-extra-selection": _extra_selection(),
        "account-remove-tag": _remove_tag(),
    }
    return docs


def _resources_plan(name: str, days: int) -> Json:
    plan = _standard_plan(name, [2, 8, 14], days, copies=(CENTRAL,))
    plan["selections"] = {
        "resources": {
            f"infra-{kind}": {
                "iam_role_arn": _a(ROLE),
                "resource_types": _a([f"arn:aws:{kind}:*:*:*"]),
            }
            for kind in ("ec2", "rds", "dynamodb", "elasticfilesystem")
        }
    }
    return plan


def _sandbox() -> Json:
    plan = _standard_plan("Sandbox-Weekly-14", [3, 9, 15, 21], 14, regions=_a(["us-east-1"]))
    del plan["selections"]  # each account was meant to add its own: incomplete elsewhere
    plan["backup_plan_tags"]["sandbox"] = {"tag_key": _a("sandbox"), "tag_value": _a("true")}
    # Daily-35's regions allow only @@append: this @@remove is ignored.
    return {
        "plans": {"Sandbox-Weekly-14": plan, "Daily-35": {"regions": {"@@remove": ["us-east-1"]}}}
    }


def _dev() -> Json:
    shorter = {"lifecycle": {"delete_after_days": _a("7")}}
    plan = _standard_plan("Dev-Daily-7", [2, 7, 12, 21], 7, tags=["dev", "test"])
    # The baseline locks Daily-35's retention: these assignments are ignored.
    daily = {"rules": {f"Daily-35-{h:02d}h": shorter for h in (1, 5, 9)}}
    return {"plans": {"Dev-Daily-7": plan, "Daily-35": daily}}


def _s3_plan() -> Json:
    plan = _standard_plan("DataLake-S3", [1, 7, 13], 35, copies=(CENTRAL,), tags=["s3", "lake"])
    plan["advanced_backup_settings"] = {
        "s3": {"backup_acls": _a("enabled"), "backup_object_tags": _a("enabled")}
    }
    return plan


def _windows_plan() -> Json:
    plan = _standard_plan("Windows-VSS", [0, 6, 18], 30, copies=(CENTRAL,), tags=["windows"])
    plan["advanced_backup_settings"] = {"ec2": {"windows_vss": _a("enabled")}}
    return plan


def _extra_selection() -> Json:
    plan = _standard_plan("Account-Extra", [5, 11, 17], 30, tags=["extra", "ops"])
    selections = {
        "tags": {
            f"sandbox-{value}": {
                "iam_role_arn": _a(ROLE),
                "tag_key": _a("backup-plan"),
                "tag_value": _a([value]),
            }
            for value in ("weekly", "sandbox")
        }
    }
    return {"plans": {"Account-Extra": plan, "Sandbox-Weekly-14": {"selections": selections}}}


def _remove_tag() -> Json:
    plan = _standard_plan("Account-Batch", [4, 10, 16, 22], 21, tags=["batch"])
    removal = {
        "tag_value": {"@@remove": ["gold-daily-35"]},
    }
    selections = {"tags": {"daily-35-gold": removal}}
    return {"plans": {"Account-Batch": plan, "Daily-35": {"selections": selections}}}


class _Builder:
    """Builds the tree, numbering OUs and drawing account ids from one seeded generator."""

    def __init__(self, accounts: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.ids = iter(self.rng.sample(range(100_000_000_000, 999_999_999_999), accounts + 1))
        self.accounts = 0
        self.ous = 0
        self.targets: dict[str, list[str]] = {}

    def ou(self, name: str, *policies: str, ous: Sequence[Json] = (), accounts: int = 0) -> Json:
        self.ous += 1
        ou_id = f"ou-g3n0-{self.ous:08d}"
        for policy in policies:
            self.targets.setdefault(policy, []).append(ou_id)
        return {
            "name": name,
            "id": ou_id,
            "ous": list(ous),
            "accounts": self.account_list(accounts),
        }

    def account_list(self, count: int) -> list[Json]:
        found = []
        for _ in range(count):
            self.accounts += 1
            account_id = f"{next(self.ids):012d}"
            found.append({"name": f"acct-{self.accounts:05d}", "id": account_id})
        return found


def _spread(total: int, parts: int, rng: random.Random) -> list[int]:
    """``total`` split into ``parts`` non-negative counts, roughly even, seeded."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    counts = [int(total * w / sum(weights)) for w in weights]
    for index in range(total - sum(counts)):
        counts[index % parts] += 1
    return counts


def generate(accounts: int, *, seed: int = 7) -> GeneratedOrg:
    """An organization of exactly ``accounts`` accounts (at least 10); same seed, same output."""
    if accounts < 10:
        raise ValueError("accounts: at least 10")
    b = _Builder(accounts, seed)
    units = max(2, min(20, accounts // 700))
    workload_accounts, sandbox, infra, suspended = (
        accounts - 4 - accounts // 10 - accounts // 25 - accounts // 50,
        accounts // 10,
        accounts // 25,
        accounts // 50,
    )
    per_team = _spread(workload_accounts, units * len(ENVIRONMENTS) * 2, b.rng)
    units_json = []
    for unit in range(units):
        unit_policy = (
            ("bu-finance-pii",) if unit == 0 else ("bu-retail-catalog",) if unit == 1 else ()
        )
        envs = []
        for env in ENVIRONMENTS:
            extra = ("prod-dr-region",) if env == "Prod" and unit == 0 else ()
            teams = []
            for team in range(2):
                kind = TEAM_KINDS[(unit + team) % len(TEAM_KINDS)]
                count = per_team.pop()
                direct, below = count // 10, count - count // 10
                team_policy = {"data": ("team-data",), "windows": ("team-windows",)}.get(kind, ())
                tiers = [
                    b.ou(tier, f"tier-{tier.lower()}", accounts=n)
                    for tier, n in zip(TIERS, _spread(below, 2, b.rng), strict=True)
                ]
                teams.append(b.ou(f"{kind}-{team + 1}", *team_policy, ous=tiers, accounts=direct))
            envs.append(b.ou(env, f"env-{env.lower()}", *extra, ous=teams))
        units_json.append(b.ou(f"BU-{unit + 1:02d}", *unit_policy, ous=envs))
    top = [
        b.ou("Workloads", "workloads-standard", ous=units_json),
        b.ou(
            "Infrastructure",
            "infrastructure-core",
            ous=[b.ou("Network", accounts=infra // 2), b.ou("Shared", accounts=infra - infra // 2)],
        ),
        b.ou("Security", "security-logs", accounts=3),
        b.ou("Sandbox", "sandbox-weekly", accounts=sandbox),
        b.ou("Suspended", "suspended-retain", accounts=suspended),
    ]
    org = {"root": {"name": "Root", "id": ROOT_ID, "ous": top, "accounts": b.account_list(1)}}
    _account_targets(org, b)
    documents = _policies()
    variables = {"CentralVaultArn": CENTRAL_ARN}
    attachments = [
        {
            "name": name,
            "description": f"generated policy {name}",
            "file": f"policies/{name}.json",
            "variables": variables,
            "targets": [ROOT_ID] if name.startswith("org-") else b.targets.get(name, []),
        }
        for name in documents
    ]
    texts = {f"policies/{name}.json": json.dumps(doc, indent=2) for name, doc in documents.items()}
    return GeneratedOrg(org, attachments, texts, b.accounts)


def _account_targets(org: Json, b: _Builder) -> None:
    """About 2 % of the accounts get one of the account-level policies."""
    ids: list[str] = []
    stack = [org["root"]]
    while stack:
        node = stack.pop()
        ids += [a["id"] for a in node["accounts"]]
        stack += node["ous"]
    chosen = b.rng.sample(sorted(ids), max(3, len(ids) // 50))
    for index, account_id in enumerate(chosen):
        name = ("account-legal-hold", "account-extra-selection", "account-remove-tag")[index % 3]
        b.targets.setdefault(name, []).append(account_id)


def write(generated: GeneratedOrg, folder: Path) -> tuple[Path, Path]:
    """Write ``org.json``, ``attach.json`` and ``policies/*.json`` into ``folder``; return the
    ORG and ATTACH paths (JSON, which the CLI's YAML reader also reads)."""
    (folder / "policies").mkdir(parents=True, exist_ok=True)
    for name, text in generated.policies.items():
        (folder / name).write_text(text, encoding="utf-8")
    org, attach = folder / "org.json", folder / "attach.json"
    org.write_text(json.dumps(generated.org), encoding="utf-8")
    attach.write_text(json.dumps({"policies": generated.attachments}), encoding="utf-8")
    return org, attach


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    org, attach = write(generate(args.accounts, seed=args.seed), args.out)
    print(f"{org}\n{attach}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
