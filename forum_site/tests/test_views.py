"""Password reset requests are limited per address and per e-mail address."""

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db

URL = "/accounts/password_reset/"


def ask(client, email, address="10.0.0.1"):
    return client.post(URL, {"email": email}, REMOTE_ADDR=address)


def test_reset_requests_per_email_are_limited(client, make_user):
    make_user("target")
    codes = [ask(client, "target@example.org", f"10.0.0.{i}").status_code for i in range(6)]
    assert codes == [302] * 3 + [429] * 3
    assert len(mail.outbox) == 3
    response = ask(client, "Target@Example.org", "10.0.1.1")  # same address, other case
    assert response.status_code == 429
    assert b"Too many password reset requests" in response.content
    assert b"Target@Example.org" in response.content  # what was typed is kept


def test_reset_requests_per_address_are_limited(client, make_user):
    codes = [ask(client, f"nobody{i}@example.org").status_code for i in range(7)]
    assert codes == [302] * 5 + [429] * 2
    assert ask(client, "other@example.org", "10.0.0.2").status_code == 302  # another address


def test_the_limit_does_not_reveal_accounts(client, make_user):
    """An unknown e-mail is counted (and refused) exactly like a known one."""
    make_user("target")
    known = [ask(client, "target@example.org", f"10.1.0.{i}").status_code for i in range(4)]
    unknown = [ask(client, "ghost@example.org", f"10.2.0.{i}").status_code for i in range(4)]
    assert known == unknown == [302] * 3 + [429]
