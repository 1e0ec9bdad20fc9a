from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from events.models import EventPage
from events.tests.conftest import berlin

pytestmark = pytest.mark.django_db


def test_lists_stored_rules_that_fail_validation(make_event, hang_guard):
    good = make_event(
        "Good",
        start=berlin(2027, 1, 5, 10),
        end=berlin(2027, 1, 5, 11),
        recurrence="FREQ=MONTHLY;COUNT=3",
    )
    out = StringIO()
    call_command("check_recurrence", stdout=out)
    assert "All recurrence rules are valid." in out.getvalue()
    bad = make_event("Bad", start=berlin(2027, 1, 5, 10), end=berlin(2027, 1, 5, 11))
    EventPage.objects.filter(pk=bad.pk).update(recurrence="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30")
    out = StringIO()
    with pytest.raises(CommandError, match="1 event"):
        call_command("check_recurrence", stdout=out)
    assert f"event {bad.pk} “Bad”" in out.getvalue()
    assert f"event {good.pk}" not in out.getvalue()
