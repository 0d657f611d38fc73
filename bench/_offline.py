"""Make a benchmark process safe to run anywhere: fake credentials, one Region, no profile or
endpoint inherited from the shell. Call first in ``main()``, before any client is made."""

from __future__ import annotations

import os


def offline_aws_environment(**extra: str) -> None:
    """Set the emulator-only AWS environment, plus ``extra`` variables."""
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
        os.environ.pop(name, None)
    os.environ.update(
        AWS_ACCESS_KEY_ID="bench",
        AWS_SECRET_ACCESS_KEY="bench",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_REGION="us-east-1",
        MOTO_EC2_LOAD_DEFAULT_AMIS="false",
        **extra,
    )
