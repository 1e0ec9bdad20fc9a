"""Small helpers around the channel layer shared by every app.

Sending is best effort: the database is the source of truth, so a channel
layer that is down (Redis restarting, say) is logged and never turns a
request that already saved its data into an error.
"""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def user_group(user_id: int) -> str:
    """The group every socket of one user joins (notifications, toasts)."""
    return f"user.{user_id}"


def group_send(group: str, message: dict) -> bool:
    """Send ``message`` to ``group`` now; return False (and log) on failure."""
    layer = get_channel_layer()
    if layer is None:
        return False
    try:
        async_to_sync(layer.group_send)(group, message)
    except Exception:  # the layer is optional infrastructure: log, don't crash
        logger.warning("Channel layer unavailable; could not send to %s", group, exc_info=True)
        return False
    return True


def group_send_on_commit(group: str, message: dict) -> None:
    """Send after the current transaction commits (persist before broadcast)."""
    transaction.on_commit(lambda: group_send(group, message))
