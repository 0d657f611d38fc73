"""The central account's role for copying recovery points back to a member account.

No template of this repository gives the central account a role AWS Backup can assume, so the
rehearsal makes the one the AWS Backup console makes on first use, with its AWS managed policy
(https://docs.aws.amazon.com/aws-backup/latest/devguide/iam-service-roles.html), through a
stack so the policy is attached as CloudFormation attaches it.
"""

from __future__ import annotations

import json
from typing import Any

from botocore.exceptions import ClientError

__all__ = ["COPY_BACK_ROLE", "COPY_BACK_STACK", "CopyBackRoleError", "copy_back_role"]

COPY_BACK_ROLE = "AWSBackupDefaultServiceRole"
COPY_BACK_STACK = "org-backup-rehearsal-copy-back-role"
COPY_BACK_TEMPLATE = {
    "AWSTemplateFormatVersion": "2010-09-09",
    "Resources": {
        "Role": {
            "Type": "AWS::IAM::Role",
            "Properties": {
                "RoleName": COPY_BACK_ROLE,
                "Path": "/service-role/",
                "AssumeRolePolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"Service": "backup.amazonaws.com"},
                            "Action": "sts:AssumeRole",
                        }
                    ],
                },
                "ManagedPolicyArns": [
                    "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup"
                ],
            },
        }
    },
    "Outputs": {"RoleArn": {"Value": {"Fn::GetAtt": ["Role", "Arn"]}}},
}


class CopyBackRoleError(Exception):
    """Raised when the stack that makes the copy-back role did not complete."""


def copy_back_role(session: Any, endpoint: str) -> tuple[str, bool]:
    """The role's ARN in ``session``'s account, and whether it was made now.

    Raises
    ------
    CopyBackRoleError
        The role did not exist and its stack failed (its status reason).
    """
    try:
        iam = session.client("iam", endpoint_url=endpoint)
        return str(iam.get_role(RoleName=COPY_BACK_ROLE)["Role"]["Arn"]), False
    except ClientError as error:
        if error.response["Error"]["Code"] != "NoSuchEntity":
            raise
    cloudformation = session.client("cloudformation", endpoint_url=endpoint)
    cloudformation.create_stack(
        StackName=COPY_BACK_STACK,
        TemplateBody=json.dumps(COPY_BACK_TEMPLATE),
        Capabilities=["CAPABILITY_NAMED_IAM"],
    )
    stack = cloudformation.describe_stacks(StackName=COPY_BACK_STACK)["Stacks"][0]
    if stack["StackStatus"] != "CREATE_COMPLETE":
        raise CopyBackRoleError(f"{COPY_BACK_STACK}: {stack.get('StackStatusReason')}")
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}
    return str(outputs["RoleArn"]), True
