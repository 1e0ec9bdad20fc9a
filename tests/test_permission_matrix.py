"""The permission matrix (issue #13): every role × every surface × every state
that hides something, generated from one table (``tests/permission_matrix/table.py``).

Roles (12): anonymous; member, editor and administrator of the owning
organisation (a ministry), of an invited city and of an uninvited NGO; a
practice moderator; a superuser. Items: a public, an invited-only, a draft and a
login-restricted consultation, a submitted response and a paragraph of a draft
text; a public, a login-restricted, a groups-restricted and an unmoderated
practice with its private document and image; a login-restricted and a draft
call for practices; a draft of the step-by-step practice form; a public, a
login-, a groups- and a password-restricted event and a draft one; French
translations of a hidden consultation, practice and event; a hidden comment;
a delegation workspace (its document, a task); calendar imports; a
notification (``world.py``). Everyone signed in is @mentioned in every
discussion, so the notifications list is asked too.

One test per (item, surface) row; it asks the surface as each of the 12 roles
and fails listing every role that saw what it must not or missed what it must
see. A new surface is added to the table, nowhere else; docs/permission-matrix.md
lists every surface with its rows, and what is left out and why.

Size (``MATRIX_SIZE``, December 2026): 491 rows × 12 roles = 5,892 cells, none a
known departure (strict xfails in ``table.KNOWN``, empty). About 115 s of CPU
on SQLite, the world and the test database's migration included (the 250-row
table took 70 s on the same loaded 2-core machine; about 4 minutes wall there).
"""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tests.permission_matrix import probes
from tests.permission_matrix.table import TABLE
from tests.permission_matrix.world import ROLES, build

MATRIX_SIZE = (len(TABLE), len(ROLES))
assert MATRIX_SIZE == (491, 12), f"update the size in the docstring and docs: {MATRIX_SIZE}"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, committed once for the module and flushed away at its end."""
    from django.test import override_settings

    media = tmp_path_factory.mktemp("matrix-media")
    with (
        override_settings(
            MEDIA_ROOT=str(media / "public"), PRIVATE_MEDIA_ROOT=str(media / "private")
        ),
        django_db_blocker.unblock(),
    ):
        probes.reset_cache()
        try:
            yield build()
        finally:
            probes.reset_cache()
            call_command("flush", verbosity=0, interactive=False)


# Each test in a transaction of its own (rolled back), on top of the committed world.
pytestmark = pytest.mark.django_db


def _params():
    return [
        pytest.param(
            row,
            id=row.id,
            marks=[pytest.mark.xfail(strict=True, reason=row.xfail)] if row.xfail else [],
        )
        for row in TABLE
    ]


@pytest.mark.parametrize("row", _params())
def test_permission_matrix(world, row):
    leaks, misses = [], []
    for role in ROLES:
        saw = row.probe(world, role, row.item)
        if saw and role not in row.sees:
            leaks.append(role)
        elif not saw and role in row.sees:
            misses.append(role)
    problems = []
    if leaks:
        problems.append(f"saw it but must not: {', '.join(leaks)}")
    if misses:
        problems.append(f"must see it but did not: {', '.join(misses)}")
    assert not problems, f"{row.id}: " + "; ".join(problems)
