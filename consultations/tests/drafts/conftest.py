import pytest

from consultations import drafts


def html_of(n: int) -> str:
    parts = ["<h1>Draft strategy</h1>"]
    parts += [
        f"<p>Paragraph number {i} says something about integration.</p>" for i in range(2, n + 1)
    ]
    return "".join(parts)


@pytest.fixture
def with_draft():
    """``with_draft(page, n=5, html=None)``: give ``page`` a draft text."""

    def make(page, n=5, html=None, user=None):
        drafts.replace_text(page, drafts.split_html(html or html_of(n)), user, title="Draft")
        return drafts.current_paragraphs(page)

    return make


@pytest.fixture
def invited_page(make_consultation, ministry, city):
    return make_consultation(ministry, invited=[city])


@pytest.fixture
def cast(people, make_user, ministry, make_org):
    """Every role the draft-text views answer differently."""
    other_ministry = make_org("Ministry of Elsewhere", kind="national", country="GH")
    return {
        "anonymous": None,
        "owner_member": people["owner_member"],
        "owner_editor": people["owner"],
        "owner_admin": make_user("owner_admin", org=ministry, role="admin"),
        "invited_member": people["city_member"],
        "invited_editor": people["city_editor"],
        "uninvited_editor": people["ngo_editor"],
        "other_ministry_editor": make_user("other_editor", org=other_ministry, role="editor"),
        "no_organisation": people["outsider"],
        "superuser": people["root"],
    }
