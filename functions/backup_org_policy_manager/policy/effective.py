"""The effective backup policy of an account, as ``DescribeEffectivePolicy`` shows it, and
which of its plans AWS Backup can actually run."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from backup_org_policy_manager.policy.identifiers import aws_case
from backup_org_policy_manager.policy.issues import Issue, Path, PolicyValidationError, format_path
from backup_org_policy_manager.policy.merge import IgnoredOperation, Merger
from backup_org_policy_manager.policy.parse import minify, parse_document
from backup_org_policy_manager.policy.values import stringify_text_settings

__all__ = [
    "EffectivePolicy",
    "PlanStatus",
    "effective_document",
    "effective_policy",
    "merge_parsed",
    "parse_policy",
    "plan_status",
]

Policy = Mapping[str, object] | str
_SELECTION_NEEDS = {
    "tags": ("iam_role_arn", "tag_key", "tag_value"),
    "resources": ("iam_role_arn", "resource_types"),
}


@dataclass(frozen=True, slots=True)
class PlanStatus:
    """Whether a plan is complete; ``missing`` holds the JSON path of each absent requirement.

    AWS Backup runs only complete plans (regions, rules with a schedule and a vault, selections
    with a role); an incomplete one leaves resources unprotected without any error.
    """

    name: str
    missing: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        """True when nothing AWS Backup needs is missing."""
        return not self.missing


@dataclass(frozen=True, slots=True)
class EffectivePolicy:
    """The merged document (operators stripped), each plan's status, and skipped operations."""

    document: dict[str, object]
    plans: dict[str, PlanStatus]
    ignored: list[IgnoredOperation]

    def to_json(self, *, aws_display: bool = False) -> str:
        """The document as minified JSON; ``aws_display`` lower-cases the names AWS compares
        without case, as ``DescribeEffectivePolicy`` shows them."""
        return minify(self.aws_document() if aws_display else self.document)

    def for_account(self, account_id: str) -> EffectivePolicy:
        """This policy as one account gets it: ``$account`` replaced by ``account_id`` in
        values (keys are left as written), as AWS does per account. Statuses and ignored
        operations do not depend on the account, so they are shared."""
        document = {key: _with_account(value, account_id) for key, value in self.document.items()}
        return EffectivePolicy(document, self.plans, self.ignored)

    def aws_document(self) -> dict[str, object]:
        """The document as AWS shows it: plan, rule and selection names, copy action keys and
        tag identifiers in lower case (see ``identifiers``); ``document`` keeps the author's
        spelling."""
        return aws_case(self.document)


def effective_policy(
    levels: Sequence[Sequence[Policy]], *, account_id: str | None = None
) -> EffectivePolicy:
    """Merge the policies attached along an account's path in the organization.

    Parameters
    ----------
    levels
        One list per node from the root to the account (root first, account last), each
        holding the policies attached directly to that node, in attachment order.
    account_id
        When given, ``$account`` in values is replaced by it, as AWS does per account.

    Raises
    ------
    PolicyValidationError
        A policy is not a JSON object or repeats a key.
    """
    parsed = [
        [parse_policy(p, level, i) for i, p in enumerate(ps)] for level, ps in enumerate(levels)
    ]
    merged = merge_parsed(parsed)
    return merged.for_account(account_id) if account_id else merged


def merge_parsed(levels: Sequence[Sequence[Mapping[str, object]]]) -> EffectivePolicy:
    """Merge parsed documents, one list per node from the root down; ``$account`` is left as
    written (see ``EffectivePolicy.for_account``)."""
    merger = Merger()
    for level, policies in enumerate(levels):
        merger.merge_level(level, policies)
    document = stringify_text_settings(merger.document)
    plans = document.get("plans")
    statuses = {
        name: plan_status(name, plan)
        for name, plan in (plans.items() if isinstance(plans, dict) else [])
    }
    return EffectivePolicy(document, statuses, merger.ignored)


def effective_document(
    levels: Sequence[Sequence[str]], account_id: str | None = None, *, aws_display: bool = False
) -> str | None:
    """The minified effective policy, or ``None`` when no level has a policy.

    This is the hook the emulator's ``DescribeEffectivePolicy`` calls; ``None`` maps to
    ``EffectivePolicyNotFoundException``. ``aws_display`` lower-cases the names AWS compares
    without case, as AWS shows them.
    """
    if not any(levels):
        return None
    return effective_policy(levels, account_id=account_id).to_json(aws_display=aws_display)


def plan_status(name: str, plan: object) -> PlanStatus:
    """The completeness of one effective plan (see ``PlanStatus``)."""
    base: Path = ("plans", name)
    return PlanStatus(name, tuple(format_path((*base, *path)) for path in _missing(plan)))


def _missing(plan: object) -> Iterator[Path]:
    plan = plan if isinstance(plan, dict) else {}
    if not _filled(plan.get("regions")):
        yield ("regions",)
    rules = plan.get("rules")
    if not _filled(rules):
        yield ("rules",)
    for name, rule in rules.items() if isinstance(rules, dict) else []:
        for key in ("schedule_expression", "target_backup_vault_name"):
            if not isinstance(rule, dict) or not _filled(rule.get(key)):
                yield ("rules", name, key)
    selections = plan.get("selections")
    forms = selections if isinstance(selections, dict) else {}
    entries = {form: forms.get(form) for form in _SELECTION_NEEDS}
    if not any(isinstance(named, dict) and named for named in entries.values()):
        yield ("selections",)
    for form, named in entries.items():
        for name, selection in named.items() if isinstance(named, dict) else []:
            for key in _SELECTION_NEEDS[form]:
                if not isinstance(selection, dict) or not _filled(selection.get(key)):
                    yield ("selections", form, name, key)


def _filled(value: object) -> bool:
    return value is not None and value != "" and value != [] and value != {}


def parse_policy(
    policy: Policy,
    level: int,
    index: int,
    parse: Callable[[str], tuple[dict[str, object] | None, list[Issue]]] = parse_document,
) -> Mapping[str, object]:
    """A policy as a document: a mapping as it is, JSON text parsed by ``parse``.

    Raises
    ------
    PolicyValidationError
        The text is not a JSON object or repeats a key; messages say ``policy <index> at
        level <level>``.
    """
    if not isinstance(policy, str):
        return policy
    document, issues = parse(policy)
    if document is None or issues:
        where = f"policy {index} at level {level}"
        raise PolicyValidationError(
            [Issue(i.code, i.path, f"{where}: {i.message}") for i in issues]
        )
    return document


def _with_account(node: object, account_id: str) -> object:
    if isinstance(node, dict):
        return {key: _with_account(value, account_id) for key, value in node.items()}
    if isinstance(node, list):
        return [_with_account(value, account_id) for value in node]
    return node.replace("$account", account_id) if isinstance(node, str) else node
