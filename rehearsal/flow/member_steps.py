"""The StackSets at work: every account and Region of the target OUs has its member instance, and
an account that joins a target OU later gets the same by auto-deployment, and its plans."""

from __future__ import annotations

import ast
from typing import Any

from botocore.exceptions import ClientError

from orgbackup.cli.orgtree import Node, walk
from rehearsal.flow.console import Console
from rehearsal.flow.deploy_steps import DeployContext
from rehearsal.flow.members import (
    INSTANCE_NAME,
    MemberInstance,
    expected_placements,
    read_instance,
    stack_set_instances,
)
from rehearsal.flow.plans import organization_tree, plans_tree
from rehearsal.flow.record import Step

__all__ = ["JOINED_ACCOUNT", "MemberSteps"]

JOINED_ACCOUNT = "joined-later"


def _targeted(root: Node, targets: list[str]) -> list[str]:
    """Accounts in or below the target OUs (the management account never gets an instance)."""
    found = []
    for path in walk(root):
        node = path[-1]
        if node.kind == "account" and any(p.id in targets for p in path[:-1]):
            found.append(str(node.id))
    return found


def _listed(value: str) -> tuple[str, ...]:
    """A list parameter's value: AWS shows the comma string; moto shows the Python list."""
    items = ast.literal_eval(value) if value.startswith("[") else value.split(",")
    return tuple(sorted(str(item).strip() for item in items if str(item).strip()))


class MemberSteps:
    """The member StackSet's instances, read back, before and after an account joins."""

    def __init__(self, console: Console, context: DeployContext) -> None:
        self.console, self.context = console, context
        config = context.config
        self.stack_set = context.stack_set_name("MemberStackSet")
        self.home_cloudformation = context.home_client("cloudformation")
        self.org = context.accounts.client(config.management_account, "organizations", "us-east-1")
        stacksets = self.home_cloudformation.describe_stacks(StackName=f"{config.name}-stacksets")
        parameters = {p["ParameterKey"]: p["ParameterValue"]
                      for p in stacksets["Stacks"][0]["Parameters"]}  # fmt: skip
        self.vault, self.role = parameters["MemberVaultName"], parameters["MemberBackupRoleName"]
        self.opt_in = _listed(parameters["OptInResourceTypes"])
        self.joined = ""

    @staticmethod
    def first_workload(context: DeployContext) -> str:
        """The account the emulated organization made in the first target OU."""
        org = context.accounts.client(
            context.config.management_account, "organizations", "us-east-1"
        )
        return _targeted(organization_tree(org), [context.config.target_ous[0]])[0]

    def _expected(self) -> dict[str, Any]:
        return {"status": "CURRENT", "named as AWS names it": True, "vault": self.vault,
                "vault uses its stack's key": True, "key rotation": True, "role": self.role,
                "TagOnRestore runtime": "python3", "opted in": self.opt_in}  # fmt: skip

    @staticmethod
    def _actual(instance: MemberInstance, stack_set: str) -> dict[str, Any]:
        named = INSTANCE_NAME.match(instance.stack_name)
        return {
            "status": instance.status,
            "named as AWS names it": bool(named and named["set"] == stack_set),
            "vault": instance.vault,
            "vault uses its stack's key": instance.vault_encrypted_with_stack_key,
            "key rotation": instance.key_rotation,
            "role": instance.role,
            "TagOnRestore runtime": instance.function_runtime[:7],
        }

    def _check_instances(self, step: Step, accounts: list[str]) -> None:
        summaries = [s for s in stack_set_instances(self.home_cloudformation, self.stack_set)
                     if s["Account"] in accounts]  # fmt: skip
        placements = expected_placements(accounts, self.context.config.target_regions)
        found = sorted((s["Account"], s["Region"]) for s in summaries)
        self.console.check(step, f"one {self.stack_set} instance per account and Region",
                           placements, found)  # fmt: skip
        instances = [read_instance(self.context.accounts, s) for s in summaries]
        self.console.table(step, "member instances", [i.row() for i in instances])
        for instance in instances:
            actual = self._actual(instance, self.stack_set)
            actual["opted in"] = tuple(t for t in self.opt_in if t in instance.opted_in)
            what = f"{instance.account} {instance.region}: vault, key, role, TagOnRestore, opt-in"
            self.console.check(step, what, self._expected(), actual)

    def every_instance(self) -> None:
        config = self.context.config
        with self.console.step(f"StackSet {self.stack_set}: every account and Region") as step:
            targeted = _targeted(organization_tree(self.org), list(config.target_ous))
            accounts = [a for a in targeted if a != config.management_account]
            self._check_instances(step, accounts)
            rows = []
            for summary in self.home_cloudformation.list_stack_sets(
                CallAs="DELEGATED_ADMIN", Status="ACTIVE"
            )["Summaries"]:
                for instance in stack_set_instances(
                    self.home_cloudformation, summary["StackSetName"]
                ):
                    stack = instance.get("StackId", "").split("/")
                    rows.append(
                        {
                            "StackSet": summary["StackSetName"],
                            "account": instance["Account"],
                            "Region": instance["Region"],
                            "status": instance["Status"],
                            "stack": stack[1] if len(stack) > 1 else "-",
                        }
                    )
            self.console.table(step, "StackSet instances", rows)

    def auto_deployment(self) -> None:
        config = self.context.config
        target = config.target_ous[0]
        with self.console.step(f"A new account joins {target}: auto-deployment") as step:
            status = self.org.create_account(
                Email=f"{JOINED_ACCOUNT}@example.com", AccountName=JOINED_ACCOUNT
            )["CreateAccountStatus"]
            account = self.joined = str(status["AccountId"])
            root = self.org.list_roots()["Roots"][0]["Id"]
            if target != root:
                self.org.move_account(
                    AccountId=account, SourceParentId=root, DestinationParentId=target
                )
            self.console.note(
                step, f"created {JOINED_ACCOUNT} ({account}) and moved it to {target}"
            )
            self._check_instances(step, [account])
            lines, plans = plans_tree(self.org, organization_tree(self.org))
            self.console.lines(lines, step)
            neighbour = self.first_workload(self.context)
            self.console.check(step, f"{JOINED_ACCOUNT} has the plans of {neighbour}",
                               plans.get(neighbour), plans.get(account))  # fmt: skip
            complete = sorted(p for p, missing in plans.get(account, {}).items() if not missing)
            self.console.check(
                step, f"{JOINED_ACCOUNT} has complete backup plans", True, bool(complete)
            )

    def _kept(self, instances: list[dict[str, Any]]) -> dict[str, tuple[str, str]]:
        """Region -> (the instance stack's status, its vault or "-") in the account that left."""
        kept = {}
        for instance in instances:
            account, region = instance["Account"], instance["Region"]
            cloudformation = self.context.accounts.client(account, "cloudformation", region)
            try:
                stack = cloudformation.describe_stacks(StackName=instance["StackId"])["Stacks"][0]
            except ClientError:
                kept[region] = ("DELETE_COMPLETE", "-")
                continue
            status = str(stack["StackStatus"])
            vault = "-"
            if status != "DELETE_COMPLETE":
                backup = self.context.accounts.client(account, "backup", region)
                vault = backup.describe_backup_vault(BackupVaultName=self.vault)["BackupVaultName"]
            kept[region] = (status, str(vault))
        return kept

    def account_leaves(self) -> None:
        """The joined account moves to the root: it leaves the set; RetainStacksOnAccountRemoval
        of the deployed set says whether its stacks (and vaults) stay."""
        target = self.context.config.target_ous[0]
        root = self.org.list_roots()["Roots"][0]["Id"]
        with self.console.step(f"{JOINED_ACCOUNT} leaves {target} for the root") as step:
            if target == root:
                self.console.note(step, "the target is the root: no account can leave it")
                return
            described = self.home_cloudformation.describe_stack_set(
                StackSetName=self.stack_set, CallAs="DELEGATED_ADMIN"
            )["StackSet"]
            retain = bool(described["AutoDeployment"]["RetainStacksOnAccountRemoval"])
            self.console.note(step, f"{self.stack_set}: RetainStacksOnAccountRemoval {retain}")
            before = [i for i in stack_set_instances(self.home_cloudformation, self.stack_set)
                      if i["Account"] == self.joined]  # fmt: skip
            self.org.move_account(
                AccountId=self.joined, SourceParentId=target, DestinationParentId=root
            )
            after = [i for i in stack_set_instances(self.home_cloudformation, self.stack_set)
                     if i["Account"] == self.joined]  # fmt: skip
            self.console.check(step, f"no {self.stack_set} instance left for it", [], after)
            kept = ("CREATE_COMPLETE", self.vault) if retain else ("DELETE_COMPLETE", "-")
            expected = {i["Region"]: kept for i in before}
            actual = self._kept(before)
            rows = [{"Region": r, "stack": v[0], "vault": v[1]} for r, v in sorted(actual.items())]
            self.console.table(step, "its former instance stacks", rows)
            self.console.check(step, "its stacks and vaults, as the set says", expected, actual)
