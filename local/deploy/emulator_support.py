"""Which stacks the local emulator's CloudFormation can really hold.

moto's CloudFormation skips a resource type it does not model with only a warning, so a
stack would "succeed" without its vault or pipeline. The bootstrap asks here first and only
creates a stack in the emulator when every resource is modelled, or is one of the few
access-policy types listed below whose absence changes nothing the emulator enforces.
"""

from __future__ import annotations

from local.deploy.templates import TemplateInfo

__all__ = ["POLICY_ONLY_TYPES", "emulator_gaps"]

# moto does not model these; they only restrict access, which the emulator does not check.
POLICY_ONLY_TYPES = frozenset({"AWS::S3::BucketPolicy"})


def _modelled_types() -> frozenset[str]:
    from moto.cloudformation.parsing import get_model_map  # the emulator's own table

    return frozenset(get_model_map())


def emulator_gaps(template: TemplateInfo) -> tuple[list[str], list[str]]:
    """(types that block creating the stack in the emulator, policy-only types it will skip).

    Custom resources are blocking: moto invokes them through Docker, which is not used here.
    """
    modelled = _modelled_types()
    blocking: set[str] = set()
    skipped: set[str] = set()
    for resource_type in template.resource_types.values():
        if resource_type in POLICY_ONLY_TYPES:
            skipped.add(resource_type)
        elif resource_type.startswith("Custom::") or resource_type not in modelled - {
            "AWS::CloudFormation::CustomResource"
        }:
            blocking.add(resource_type)
    return sorted(blocking), sorted(skipped)
