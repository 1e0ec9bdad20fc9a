"""Demo calls for practices: one open, one closed with the practices it gathered."""

from datetime import date, timedelta

from django.utils.text import slugify

from forum_site.taxonomy.models import Theme
from practices.models import CallForPracticesPage, PracticePage


def seed_calls(index, orgs):
    specs = [
        (
            "Practices on referral mechanisms for unaccompanied children",
            "We are looking for practices that make sure unaccompanied and separated children "
            "are identified, protected and referred quickly. Share what worked in your city.",
            "referral-mechanisms",
            date.today() + timedelta(days=90),
            "accra",
        ),
        (
            "Practices on language training linked to work",
            "A call closed last year: the practices it gathered are listed below.",
            "language-training",
            date(date.today().year - 1, 3, 31),
            "milan",
        ),
    ]
    for title, intro, theme, deadline, org in specs:
        slug = "call-" + slugify(title)[:60]
        if CallForPracticesPage.objects.filter(slug=slug).exists():
            continue
        call = CallForPracticesPage(
            title=title,
            slug=slug,
            intro=intro,
            theme=Theme.objects.get(slug=theme),
            deadline=deadline,
            organisation=orgs[org],
            locale=index.locale,
        )
        index.add_child(instance=call)
        call.save_revision().publish()
    closed = CallForPracticesPage.objects.get(slug__startswith="call-practices-on-language")
    PracticePage.objects.filter(themes__slug="language-training", call__isnull=True).update(
        call=closed
    )
