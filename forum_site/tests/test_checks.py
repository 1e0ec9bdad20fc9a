"""The system check that production serves private files through nginx."""

from django.core import checks
from django.test import override_settings

from forum_site.checks import private_files_served_by_nginx


def _ids(messages):
    return [m.id for m in messages]


@override_settings(DEBUG=False, PRIVATE_MEDIA_ACCEL_REDIRECT="")
def test_debug_off_without_accel_redirect_warns():
    messages = private_files_served_by_nginx()
    assert _ids(messages) == ["forum_site.W001"]
    assert isinstance(messages[0], checks.Warning)
    # Registered: `manage.py check` runs it.
    assert "forum_site.W001" in _ids(checks.run_checks(tags=[checks.Tags.security]))


@override_settings(DEBUG=False, PRIVATE_MEDIA_ACCEL_REDIRECT="/_private/")
def test_debug_off_with_accel_redirect_is_fine():
    assert private_files_served_by_nginx() == []
    assert "forum_site.W001" not in _ids(checks.run_checks(tags=[checks.Tags.security]))


@override_settings(DEBUG=True, PRIVATE_MEDIA_ACCEL_REDIRECT="")
def test_development_streams_files_without_a_warning():
    assert private_files_served_by_nginx() == []


@override_settings(DEBUG=False, PRIVATE_MEDIA_ACCEL_REDIRECT="_private")
def test_a_malformed_prefix_is_an_error():
    messages = private_files_served_by_nginx()
    assert _ids(messages) == ["forum_site.E001"]
    assert messages[0].is_serious()
