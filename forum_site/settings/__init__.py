"""Settings, moved to ``base.py``; this keeps ``forum_site.settings`` working meanwhile."""

from .base import *  # noqa: F403
