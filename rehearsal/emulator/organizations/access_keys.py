"""Find the account of a request's access key in O(1), as moto's scan does in O(accounts).

moto answers "which account is this access key in?" on every request by scanning every IAM
backend in every partition (``moto.iam.models.get_account_id_from``). Each account Organizations
creates gets an IAM backend (moto creates its ``OrganizationAccountAccessRole``), so at 1,000
accounts that scan took 60 % of each request's time in a profile, for every service. Here the
two IAM methods that create access keys record their owner; a lookup checks the record against
the backend it names, so a deleted key or a reset backend is never served, and an unknown key
(the usual test credentials) gets moto's default account, as before.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from moto.core.models import DEFAULT_ACCOUNT_ID
from moto.iam import models as iam_models

__all__ = ["account_of", "install"]

_owners: dict[str, str] = {}  # access key id -> the account whose IAM backend holds it
_MARK = "__access_key_owner_recorded__"


def account_of(access_key: str) -> str:
    """The account holding ``access_key``, else moto's default account (moto's contract)."""
    account_id = _owners.get(access_key)
    if account_id is None:
        return DEFAULT_ACCOUNT_ID
    # dict.get: never create a backend just to look in it.
    partitions = dict.get(iam_models.iam_backends, account_id)
    if partitions is not None and any(
        access_key in backend.access_keys for backend in list(partitions.values())
    ):
        return account_id
    _owners.pop(access_key, None)
    return DEFAULT_ACCOUNT_ID


def _recording(create: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(create)
    def run(self: iam_models.IAMBackend, *args: Any, **kwargs: Any) -> Any:
        key = create(self, *args, **kwargs)
        _owners[key.physical_resource_id] = self.account_id
        return key

    setattr(run, _MARK, True)
    return run


def install() -> None:
    """Record the owner of every access key from now on (and of those that exist), and answer
    moto's per-request lookup from the record (idempotent)."""
    for name in ("create_access_key", "create_temp_access_key"):
        method = getattr(iam_models.IAMBackend, name)
        if not getattr(method, _MARK, False):
            setattr(iam_models.IAMBackend, name, _recording(method))
    for account_id, partitions in list(iam_models.iam_backends.items()):
        for backend in list(partitions.values()):
            _owners.update(dict.fromkeys(backend.access_keys, account_id))
    iam_models.get_account_id_from = account_of
