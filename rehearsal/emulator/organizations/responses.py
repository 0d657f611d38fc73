"""Organizations responses: DescribeEffectivePolicy, plus MaxResults/NextToken on the list calls
moto answers in one page, and AWS's error for a bad NextToken on every paginated list.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from moto.core.exceptions import InvalidToken
from moto.core.utils import unix_time
from moto.organizations import responses as moto_responses
from moto.organizations.models import organizations_backends
from moto.utilities.paginator import Paginator

from rehearsal.emulator.organizations.delegation import backend_for
from rehearsal.emulator.organizations.exceptions import InvalidInputException
from rehearsal.emulator.organizations.indexes import Listing
from rehearsal.emulator.organizations.models import OrganizationsBackend

__all__ = ["OrganizationsResponse"]

DEFAULT_PAGE_SIZE = 20  # the largest MaxResults Organizations accepts
# ListTagsForResource takes no MaxResults; a page this size makes callers' pagination real.
TAGS_PAGE_SIZE = 20

Handler = Callable[["OrganizationsResponse"], str]


def _aws_token_errors(handler: Handler) -> Handler:
    """Answer a bad NextToken the way Organizations does (moto says ``InvalidToken``)."""

    @wraps(handler)
    def wrapper(self: OrganizationsResponse) -> str:
        try:
            return handler(self)
        except InvalidToken:
            raise InvalidInputException(
                "INVALID_NEXT_TOKEN", "You specified an invalid value for nextToken."
            ) from None

    return wrapper


class OrganizationsResponse(moto_responses.OrganizationsResponse):
    """moto's Organizations responses with the extension's operations and pagination."""

    @property
    def organizations_backend(self) -> OrganizationsBackend:
        backend = super().organizations_backend
        assert isinstance(backend, OrganizationsBackend)
        owner = organizations_backends.master_accounts.get(backend.account_id)
        management = organizations_backends[owner[0]][owner[1]] if owner else None
        params = json.loads(self.body) if self.body else {}
        delegated = backend_for(backend, management, self._get_action(), params)
        assert isinstance(delegated, OrganizationsBackend)
        return delegated

    def describe_effective_policy(self) -> str:
        return json.dumps(
            self.organizations_backend.describe_effective_policy(
                policy_type=self._get_param("PolicyType"), target_id=self._get_param("TargetId")
            )
        )

    @_aws_token_errors
    def list_accounts_with_invalid_effective_policy(self) -> str:
        policy_type = self._get_param("PolicyType")
        accounts = self.organizations_backend.list_accounts_with_invalid_effective_policy(
            policy_type
        )
        page = json.loads(self._page("Accounts", accounts, "Id"))
        return json.dumps({**page, "PolicyType": policy_type})

    @_aws_token_errors
    def list_effective_policy_validation_errors(self) -> str:
        policy_type, account_id = self._get_param("PolicyType"), self._get_param("AccountId")
        path, errors = self.organizations_backend.list_effective_policy_validation_errors(
            policy_type, account_id
        )
        page = json.loads(self._page("EffectivePolicyValidationErrors", errors, "PathToError"))
        return json.dumps(
            {
                **page,
                "AccountId": account_id,
                "PolicyType": policy_type,
                "Path": path,
                "EvaluationTimestamp": unix_time(),
            }
        )

    @_aws_token_errors
    def list_roots(self) -> str:
        roots = self.organizations_backend.list_roots()["Roots"]
        return self._page("Roots", roots, "Id")

    @_aws_token_errors
    def list_children(self) -> str:
        children = self.organizations_backend.list_children(**self._unpaged_params())
        return self._page("Children", children["Children"], "Id")

    @_aws_token_errors
    def list_targets_for_policy(self) -> str:
        targets = self.organizations_backend.list_targets_for_policy(**self._unpaged_params())
        return self._page("Targets", targets["Targets"], "TargetId")

    @_aws_token_errors
    def list_tags_for_resource(self) -> str:
        tags = self.organizations_backend.list_tags_for_resource(**self._unpaged_params())
        return self._page("Tags", tags["Tags"], "Key", page_size=TAGS_PAGE_SIZE)

    # moto paginates these already; only their bad-token error changes.
    @_aws_token_errors
    def list_policies(self) -> str:
        return super().list_policies()

    @_aws_token_errors
    def list_policies_for_target(self) -> str:
        return super().list_policies_for_target()

    @_aws_token_errors
    def list_organizational_units_for_parent(self) -> str:
        return super().list_organizational_units_for_parent()

    @_aws_token_errors
    def list_accounts_for_parent(self) -> str:
        return super().list_accounts_for_parent()

    def _unpaged_params(self) -> dict[str, Any]:
        params = dict(self.request_params)
        params.pop("MaxResults", None)
        params.pop("NextToken", None)
        return params

    def _page(
        self, key: str, items: list[dict[str, Any]], unique: str, page_size: int | None = None
    ) -> str:
        paginator = Paginator(
            max_results=page_size or self._get_int_param("MaxResults"),
            max_results_default=DEFAULT_PAGE_SIZE,
            starting_token=self._get_param("NextToken"),
            unique_attribute=unique,
            # A token only continues the listing it came from.
            param_values_to_check=self._unpaged_params(),
        )
        page, next_token = paginator.paginate(_from_token(items, paginator, unique))
        return json.dumps({key: page, "NextToken": next_token})


def _from_token(items: list[dict[str, Any]], paginator: Paginator, unique: str) -> list[Any]:
    """``items`` from where the paginator's token points, if a ``Listing`` knows that place;
    else all of them (the paginator then scans, and answers a bad token as moto does)."""
    token = paginator._parsed_token
    if not isinstance(items, Listing) or items.key != unique or token is None:
        return items
    start = items.positions.get(str(token.get("uniqueAttributes")))
    return items if start is None else items[start:]
