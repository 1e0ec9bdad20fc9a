"""Sign-in throttling (django-axes, forum_site.auth_backends): after too many
wrong passwords, one account from one address is refused for the cool-off,
even with the right password; other accounts and other addresses are not."""

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-1"
LOGINS = {
    "site": "/accounts/login/",
    "wagtail admin": "/admin/login/",
    "django admin": "/django-admin/login/",
}


def sign_in(client, url, username, password, address="10.0.0.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.parametrize("where", LOGINS)
def test_forty_wrong_passwords_then_the_right_one_is_still_refused(client, make_user, where):
    make_user("target", is_staff=True, is_superuser=True)
    url = LOGINS[where]
    for _ in range(40):
        response = sign_in(client, url, "target", "wrong")
        assert SESSION_KEY not in client.session
    assert response.status_code == 429
    response = sign_in(client, url, "target", PASSWORD)
    assert response.status_code == 429
    assert SESSION_KEY not in client.session
    assert b"Too many sign-in attempts" in response.content
    assert b"try again in 15 minutes" in response.content


def test_lockout_is_per_account_and_address(client, make_user):
    make_user("target")
    make_user("neighbour")
    url = LOGINS["site"]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, url, "target", "wrong")
    assert sign_in(client, url, "target", PASSWORD).status_code == 429
    # Another person behind the same (NAT) address signs in.
    response = sign_in(client, url, "neighbour", PASSWORD)
    assert response.status_code == 302 and client.session[SESSION_KEY]
    client.logout()
    # The account's owner from another address too: no lock-out from afar.
    response = sign_in(client, url, "target", PASSWORD, address="10.0.0.2")
    assert response.status_code == 302 and client.session[SESSION_KEY]


def test_below_the_limit_a_success_resets_the_count(client, make_user):
    make_user("target")
    url = LOGINS["site"]
    for _ in range(2):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            assert sign_in(client, url, "target", "wrong").status_code == 200
        assert sign_in(client, url, "target", PASSWORD).status_code == 302
        client.logout()


def test_the_cool_off_ends(client, make_user, settings):
    from datetime import timedelta

    from axes.models import AccessAttempt
    from django.utils import timezone

    make_user("target")
    url = LOGINS["site"]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, url, "target", "wrong")
    assert sign_in(client, url, "target", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert sign_in(client, url, "target", PASSWORD).status_code == 302


def test_sign_in_without_a_request_is_not_throttled(client, make_user):
    """The test client's login() (and the benchmarks) authenticate without a request."""
    make_user("target")
    assert client.login(username="target", password=PASSWORD)
