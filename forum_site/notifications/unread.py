"""How many notifications a user has not read yet, for the header's badge.

Counted up to ``UNREAD_CAP`` (the badge then says "99+"), so the header's one
query stays bounded however many notifications pile up; a partial index on
unread rows keeps it cheap."""

from django.utils.translation import ngettext

UNREAD_CAP = 99


def unread_count(user) -> int:
    """Unread notifications of ``user``, at most ``UNREAD_CAP + 1``."""
    if not getattr(user, "is_authenticated", False):
        return 0
    ids = user.notifications.filter(read_at__isnull=True).values("pk")[: UNREAD_CAP + 1]
    return len(ids)


def badge(count: int) -> dict:
    """What the header shows: the figure, and the words a screen reader hears."""
    shown = f"{UNREAD_CAP}+" if count > UNREAD_CAP else str(count)
    label = ngettext("%(count)s unread", "%(count)s unread", count) % {"count": shown}
    return {"count": count, "shown": shown, "label": label}
