"""The ORG file: the organization's tree, written by hand (format in docs/cli.md).

``root`` holds ``accounts`` and ``ous``; each OU has a ``name``, an optional ``id`` and its
own ``accounts`` and ``ous``; each account has a ``name`` and a quoted 12-digit ``id``.
"""

from __future__ import annotations

from pathlib import Path

from orgbackup.cli.fields import Field, load
from orgbackup.cli.orgtree import ACCOUNT_ID, OU_ID, ROOT_ID, Node, walk

__all__ = ["MAX_OU_DEPTH", "load_org"]

# https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
MAX_OU_DEPTH = 5
_ROOT_KEYS = ("name", "id", "ous", "accounts")
_OU_KEYS = ("name", "id", "ous", "accounts")
_ACCOUNT_KEYS = ("name", "id")


def load_org(path: Path) -> Node:
    """The tree in an ORG file.

    Raises
    ------
    InputFileError
        A field is missing or malformed, OUs nest deeper than AWS allows, two sibling OUs
        share a name, or two nodes share an id.
    """
    top = load(path).mapping(("root",))
    if "root" not in top:
        Field(str(path), "", None).fail("needs a 'root' key")
    root = _container(top["root"], "root", parent="", depth=0)
    seen: dict[str, str] = {}
    for chain in walk(root):
        node = chain[-1]
        if node.id and seen.setdefault(node.id, node.path) != node.path:
            Field(str(path), node.path, node.id).fail(f"id {node.id} is also {seen[node.id]}")
    return root


def _container(field: Field, kind: str, *, parent: str, depth: int) -> Node:
    fields = field.mapping(_ROOT_KEYS if kind == "root" else _OU_KEYS)
    if kind == "ou" and "name" not in fields:
        field.fail("an OU needs a 'name'")
    name = fields["name"].string() if "name" in fields else "Root"
    if "/" in name:
        fields["name"].fail("a name cannot contain '/' (it separates path parts)")
    path = f"{parent}/{name}" if parent else name
    pattern, meaning = (ROOT_ID, "a root id (r-...)") if kind == "root" else (OU_ID, "an OU id")
    node_id = fields["id"].string(pattern, meaning) if "id" in fields else None
    ous = fields["ous"].items() if "ous" in fields else []
    if ous and depth >= MAX_OU_DEPTH:
        fields["ous"].fail(f"OUs nest at most {MAX_OU_DEPTH} levels below the root")
    children = [_container(ou, "ou", parent=path, depth=depth + 1) for ou in ous]
    names = [child.name for child in children]
    for index, duplicate in enumerate(names):
        if duplicate in names[:index]:
            ous[index].fail(f"another OU under {path} is also named {duplicate!r}")
    accounts = fields["accounts"].items() if "accounts" in fields else []
    children += [_account(account, path) for account in accounts]
    return Node("root" if kind == "root" else "ou", name, path, node_id, tuple(children))


def _account(field: Field, parent: str) -> Node:
    fields = field.mapping(_ACCOUNT_KEYS)
    for key in _ACCOUNT_KEYS:
        if key not in fields:
            field.fail(f"an account needs '{key}'")
    name = fields["name"].string()
    account_id = fields["id"].string(ACCOUNT_ID, "a 12-digit account id")
    return Node("account", name, f"{parent}/{name}", account_id)
