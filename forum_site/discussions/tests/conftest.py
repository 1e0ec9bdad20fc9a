import pytest

from forum_site.organisations.models import Organisation


@pytest.fixture
def owner_rules(monkeypatch):
    """Give Organisation (used as a stand-in thread owner) configurable thread rules."""
    rules = {
        "visible": lambda user: True,
        "post": lambda user: True,
        "moderate": lambda user: False,
    }
    monkeypatch.setattr(
        Organisation, "thread_visible_to", lambda self, user: rules["visible"](user), raising=False
    )
    monkeypatch.setattr(
        Organisation, "thread_can_post", lambda self, user: rules["post"](user), raising=False
    )
    monkeypatch.setattr(
        Organisation,
        "thread_can_moderate",
        lambda self, user: rules["moderate"](user),
        raising=False,
    )
    return rules


@pytest.fixture
def thread(city, owner_rules):
    from forum_site.discussions.models import Thread

    return Thread.for_object(city, title="Testville discussion")
