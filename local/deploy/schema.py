"""JSON Schema of the deployment configuration (``deploy/config.example.yaml`` fills it in)."""

from __future__ import annotations

from backup_org_policy_manager.policy.checks.regions import AWS_REGIONS

ACCOUNT = {"type": "string", "pattern": "^[0-9]{12}$"}
# The Regions the policy engine knows (one list for the whole solution; test_regions.py checks
# that cfn-lint knows each of them, so the Region check of regions.py can judge every one).
REGION = {"type": "string", "enum": sorted(AWS_REGIONS)}
# Root (r-) or OU (ou-) ids, as AWS Organizations spells them.
TARGET = {"type": "string", "pattern": "^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$"}
CONNECTION_ARN = {
    "type": "string",
    "pattern": (
        "^arn:aws[a-z-]*:(codeconnections|codestar-connections):[a-z0-9-]+:[0-9]{12}:"
        "connection/[0-9a-f-]{36}$"
    ),
}
BUCKET = {"type": "string", "pattern": "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$"}

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
        "name": {"type": "string", "pattern": "^[a-z][a-z0-9-]{2,29}$"},
        "organization": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "management_account", "target_ous"],
            "properties": {
                "id": {"type": "string", "pattern": "^o-[a-z0-9]{10,32}$"},
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
                "vault_name": {"type": "string", "pattern": "^[a-zA-Z0-9_-]{2,50}$"},
                "air_gapped_vault": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["name", "regions"],
                    "properties": {
                        "name": {"type": "string", "pattern": "^[a-zA-Z0-9_-]{2,50}$"},
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
        "artifact_bucket_prefix": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{2,29}$"},
        "source": {
            "type": "object",
            "additionalProperties": False,
            "required": ["provider"],
            "properties": {
                "provider": {"enum": sorted(SOURCE_REQUIRES)},
                "connection_arn": CONNECTION_ARN,
                "repository": {"type": "string", "pattern": "^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+$"},
                "branch": {"type": "string", "pattern": "^[^\\s~^:?*\\[\\\\]{1,255}$"},
                "codecommit_repository": {"type": "string", "pattern": "^[A-Za-z0-9_.-]{1,100}$"},
                "bucket": BUCKET,
                "object_key": {"type": "string", "pattern": "^[^\\s].{0,1023}\\.zip$"},
            },
        },
        "pipeline": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"manual_approval": {"type": "boolean"}},
        },
        "bootstrap": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "cross_account_role": {"type": "string", "pattern": "^[A-Za-z0-9+=,.@_-]{1,64}$"}
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
