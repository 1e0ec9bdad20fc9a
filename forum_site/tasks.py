"""Side effects that must survive an outage: run them from the task queue and
retry them later when the outside service (the mail server) is down.

django-tasks has no automatic retry, so a failed attempt re-enqueues itself
with a growing delay (``run_after``), a bounded number of times. The worker
(``manage.py db_worker``) picks the retry up once its time has come.
"""

import logging
import smtplib
from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone

logger = logging.getLogger(__name__)

# Seconds to wait before attempt 2, 3, ...: about a day in all, long enough
# to outlast an ordinary mail server outage.
RETRY_DELAYS = (60, 5 * 60, 15 * 60, 60 * 60, 4 * 60 * 60, 12 * 60 * 60)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1

# What a mail server that is down or refusing us raises.
MAIL_ERRORS = (smtplib.SMTPException, OSError)


def send_or_retry(task, send: Callable[[], object], *args, attempt: int) -> bool:
    """Call ``send``; on a mail error enqueue ``task(*args, attempt=attempt + 1)``
    to run later. True when sent. The last attempt re-raises, so the worker
    records the task as failed."""
    try:
        send()
    except MAIL_ERRORS:
        if attempt >= MAX_ATTEMPTS:
            logger.exception("%s%r failed %d times; giving up", task.name, args, attempt)
            raise
        if not task.get_backend().supports_defer:
            logger.exception("%s%r failed and its backend cannot retry later", task.name, args)
            return False
        run_after = timezone.now() + timedelta(seconds=RETRY_DELAYS[attempt - 1])
        task.using(run_after=run_after).enqueue(*args, attempt=attempt + 1)
        logger.warning(
            "%s%r failed (attempt %d of %d); retrying after %s",
            task.name,
            args,
            attempt,
            MAX_ATTEMPTS,
            run_after.isoformat(),
            exc_info=True,
        )
        return False
    return True
