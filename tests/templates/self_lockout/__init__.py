"""Check 2g, no self-lockout: no SCP or resource policy denies the principals that deploy a
template (StackSets execution role, the pipeline's roles, the bootstrap, custom resource
functions) what CloudFormation's handlers and the stack calls need (docs/templates.md)."""

from tests.templates.self_lockout.calls import HANDLERS, calls_of, repository_calls
from tests.templates.self_lockout.check import Lockout, lockouts
from tests.templates.self_lockout.deployers import (
    BOOTSTRAP_ROLE_NAME,
    BOOTSTRAP_STACK_OPERATIONS,
    EXECUTION_ROLE_NAME,
    PIPELINE_STACK_OPERATIONS,
    NoDeployerError,
    PipelineAction,
    Principal,
    bootstrap_role_name,
    pipeline_actions,
)
from tests.templates.self_lockout.function_calls import function_calls
from tests.templates.self_lockout.guards import (
    SCP_ROLES,
    Guard,
    guards_of,
    repository_guards,
    sar_prefix,
    scp_accounts,
)
from tests.templates.self_lockout.naming import deployments, example_name, repository_templates
from tests.templates.self_lockout.requests import Call

__all__ = [
    "BOOTSTRAP_ROLE_NAME",
    "BOOTSTRAP_STACK_OPERATIONS",
    "EXECUTION_ROLE_NAME",
    "HANDLERS",
    "PIPELINE_STACK_OPERATIONS",
    "SCP_ROLES",
    "Call",
    "Guard",
    "Lockout",
    "NoDeployerError",
    "PipelineAction",
    "Principal",
    "bootstrap_role_name",
    "calls_of",
    "deployments",
    "example_name",
    "function_calls",
    "guards_of",
    "lockouts",
    "pipeline_actions",
    "repository_calls",
    "repository_guards",
    "repository_templates",
    "sar_prefix",
    "scp_accounts",
]
