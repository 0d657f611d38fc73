"""JSON Schema of the deployment configuration (``deploy/config.example.yaml`` fills it in)."""

from __future__ import annotations

from backup_org_policy_manager.policy.checks.regions import AWS_REGIONS
from orgbackup.deploy.restore_testing import RESTORE_TESTING_SCHEMA
from orgbackup.deploy.schema_fields import text

ACCOUNT = text("^[0-9]{12}$", "a 12-digit account id", "111122223333")
# The Regions the policy engine knows (one list for the whole solution; test_regions.py checks
# that cfn-lint knows each of them, so the Region check of regions.py can judge every one).
REGION = {"type": "string", "enum": sorted(AWS_REGIONS)}
# Root (r-) or OU (ou-) ids, as AWS Organizations spells them.
TARGET = text(
    "^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$",
    "a root id (r-...) or an OU id (ou-...-...)",
    "ou-ab12-cd34ef56",
)
CONNECTION_ARN = text(
    "^arn:aws[a-z-]*:(codeconnections|codestar-connections):[a-z0-9-]+:[0-9]{12}:"
    "connection/[0-9a-f-]{36}$",
    "a CodeConnections connection ARN",
    "arn:aws:codeconnections:eu-west-1:111122223333:connection/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d",
)
BUCKET = text(
    "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$",
    "an S3 bucket name (3-63 lower-case letters, digits, dots and hyphens)",
    "my-pipeline-source",
)
VAULT_NAME = text(
    "^[a-zA-Z0-9_-]{2,50}$",
    "a backup vault name (2-50 letters, digits, hyphens and underscores)",
    "org-backup-central-vault",
)

# A policy's target: a root, an OU or an account, as AttachPolicy takes them.
POLICY_TARGET = text(
    "^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|[0-9]{12})$",
    "a root id (r-...), an OU id (ou-...-...) or a 12-digit account id",
    "ou-ab12-cd34ef56",
)
# policies/<name>.json: the name becomes the policy name suffix and the resource's logical id.
POLICY_FILE = text(
    "^policies/[A-Za-z0-9][A-Za-z0-9_-]{0,47}\\.json$",
    "a file in policies/ (up to 48 letters, digits, hyphens and underscores, then .json)",
    "policies/daily.json",
)
POLICY_NAME = text(
    "^[A-Za-z0-9][A-Za-z0-9_-]{0,47}$",
    "up to 48 letters, digits, hyphens and underscores",
    "daily",
)
POLICIES = {
    "description": "the policy files to deploy and where each is attached",
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "additionalProperties": False,
        "required": ["file"],
        "properties": {
            "file": POLICY_FILE,
            "name": POLICY_NAME,
            "description": {"type": "string", "minLength": 1, "maxLength": 512},
            "targets": {
                "type": "array",
                "minItems": 1,
                "uniqueItems": True,
                "items": POLICY_TARGET,
            },
        },
    },
}

# Backup Audit Manager (docs/audit.md): frameworks in every member account and Region, report
# plans in the home account. Absent or enabled: false deploys neither.
AUDIT = {
    "description": "Backup Audit Manager frameworks and report plans",
    "type": "object",
    "additionalProperties": False,
    "required": ["enabled"],
    "properties": {
        "enabled": {"type": "boolean"},
        "report_formats": {
            "type": "array",
            "minItems": 1,
            "uniqueItems": True,
            "items": {"enum": ["CSV", "JSON"]},
        },
        "min_retention_days": {"type": "integer", "minimum": 1, "maximum": 36500},
        # AWS Config takes at most 24 for requiredFrequencyValue in hours.
        "min_frequency_hours": {"type": "integer", "minimum": 1, "maximum": 24},
        "require_cross_account_copy": {"type": "boolean"},
        "cross_region_copy_regions": {
            "type": "array",
            "maxItems": 3,
            "uniqueItems": True,
            "items": REGION,
        },
    },
}

# Organization-wide job monitoring (docs/monitoring.md): the home account's event bus, topic
# and daily summary. Absent or enabled: false deploys none of it.
MONITORING = {
    "description": "failed-job notices from every account and Region, and a daily job summary",
    "type": "object",
    "additionalProperties": False,
    "required": ["enabled"],
    "properties": {
        "enabled": {"type": "boolean"},
        "notification_email": text(
            "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$",
            "an e-mail address",
            "backup-alerts@example.com",
        ),
        "summary_schedule": text(
            "^(cron|rate)\\(.+\\)$",
            "an EventBridge schedule expression (UTC)",
            "cron(0 6 * * ? *)",
        ),
    },
}

SOURCE_REQUIRES = {
    "CodeConnections": ["connection_arn", "repository", "branch"],
    "CodeCommit": ["codecommit_repository", "branch"],
    "S3": ["bucket", "object_key"],
}

SCHEMA: dict[str, object] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": [
        "version",
        "name",
        "organization",
        "home",
        "central",
        "target_regions",
        "source",
    ],
    "properties": {
        "version": {"const": 1},
        "name": text(
            "^[a-z][a-z0-9-]{2,29}$",
            "3-30 lower-case letters, digits and hyphens, starting with a letter",
            "org-backup",
        ),
        "organization": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "management_account", "target_ous"],
            "properties": {
                "id": text("^o-[a-z0-9]{10,32}$", "an organization id", "o-a1b2c3d4e5"),
                "management_account": ACCOUNT,
                "target_ous": {
                    "type": "array",
                    "minItems": 1,
                    "uniqueItems": True,
                    "items": TARGET,
                },
            },
        },
        "home": {
            "type": "object",
            "additionalProperties": False,
            "required": ["account", "region"],
            "properties": {"account": ACCOUNT, "region": REGION},
        },
        "central": {
            "type": "object",
            "additionalProperties": False,
            "required": ["account", "region", "ou"],
            "properties": {
                "account": ACCOUNT,
                "region": REGION,
                "ou": TARGET,
                "vault_name": VAULT_NAME,
                "air_gapped_vault": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["name", "regions"],
                    "properties": {
                        "name": VAULT_NAME,
                        "regions": {
                            "type": "array",
                            "minItems": 1,
                            "uniqueItems": True,
                            "items": REGION,
                        },
                    },
                },
            },
        },
        "target_regions": {"type": "array", "minItems": 1, "uniqueItems": True, "items": REGION},
        "policies": POLICIES,
        "artifact_bucket_prefix": text(
            "^[a-z0-9][a-z0-9-]{2,29}$",
            "3-30 lower-case letters, digits and hyphens",
            "org-backup-artifacts",
        ),
        "source": {
            "type": "object",
            "additionalProperties": False,
            "required": ["provider"],
            "properties": {
                "provider": {"enum": sorted(SOURCE_REQUIRES)},
                "connection_arn": CONNECTION_ARN,
                "repository": text(
                    "^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+$",
                    "owner/name of the repository",
                    "my-org/org-backup",
                ),
                "branch": text(
                    "^[^\\s~^:?*\\[\\\\]{1,255}$",
                    "a Git branch name (no spaces or ~^:?*[\\)",
                    "main",
                ),
                "codecommit_repository": text(
                    "^[A-Za-z0-9_.-]{1,100}$",
                    "a CodeCommit repository name (letters, digits, . _ -)",
                    "org-backup",
                ),
                "bucket": BUCKET,
                "object_key": text(
                    "^[^\\s].{0,1023}\\.zip$", "an S3 key of a .zip file", "source/org-backup.zip"
                ),
            },
        },
        "audit": AUDIT,
        "monitoring": MONITORING,
        "restore_testing": RESTORE_TESTING_SCHEMA,
        "pipeline": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"manual_approval": {"type": "boolean"}},
        },
        "bootstrap": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "cross_account_role": text(
                    "^[A-Za-z0-9+=,.@_-]{1,64}$",
                    "an IAM role name",
                    "OrganizationAccountAccessRole",
                )
            },
        },
        "parameters": {
            "description": "extra parameter values per stack, keyed by stack kind",
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": {"type": "string"},
            },
        },
    },
}
