import pytest

from forum_site.discussions import owners
from forum_site.discussions.models import Thread
from forum_site.organisations.models import Organisation


class StandInThreads(owners.OwnerPolicy):
    """Organisation as a stand-in thread owner, whose answers a test sets."""

    def __init__(self):
        self.rules = {
            "visible": lambda user: True,
            "post": lambda user: True,
            "moderate": lambda user: False,
        }

    def can_view(self, user, owner):
        return self.rules["visible"](user)

    def can_post(self, user, owner):
        return self.rules["post"](user)

    def can_moderate(self, user, owner):
        return self.rules["moderate"](user)


@pytest.fixture
def owner_rules():
    """Register the stand-in policy; the test changes its rules through the dict."""
    policy = StandInThreads()
    owners.register(Organisation, policy)
    yield policy.rules
    owners.unregister(Organisation)


@pytest.fixture
def thread(city, owner_rules):
    return Thread.for_object(city, title="Testville discussion")
