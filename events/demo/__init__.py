"""Demo events, delegations and registrations; ``seed_demo`` calls ``seed``."""

from events.demo.pages import seed

__all__ = ["seed"]
