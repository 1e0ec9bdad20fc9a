"""Find the modules that feature apps contribute, through INSTALLED_APPS.

The site shell (WebSocket routing, ``seed_demo``) collects ``<app>.routing``
and ``<app>.demo`` from every installed app that has one, so it names no
feature app and imports none by a hard-coded name: installing an app is
what plugs it in.
"""

import sysconfig
from collections.abc import Iterator
from importlib import import_module
from pathlib import Path
from types import ModuleType

from django.apps import apps
from django.conf import settings
from django.utils.module_loading import module_has_submodule
from wagtail import hooks


def project_app_configs():
    """The installed apps that are this project's own: in the project's folder and
    not installed packages (Django's, Wagtail's, … even when the virtualenv lies
    inside the project's folder)."""
    root = Path(settings.BASE_DIR).resolve()
    installed = {Path(p).resolve() for p in sysconfig.get_paths().values()}
    return [
        config
        for config in apps.get_app_configs()
        if (path := Path(config.path).resolve()).is_relative_to(root)
        and not any(path.is_relative_to(location) for location in installed)
    ]


def app_submodules(name: str, *, exclude: tuple[str, ...] = ()) -> Iterator[ModuleType]:
    """``<app>.<name>`` for each of the project's apps that has it, in INSTALLED_APPS order."""
    for config in project_app_configs():
        if config.name in exclude or not module_has_submodule(config.module, name):
            continue
        yield import_module(f"{config.name}.{name}")


def viewer_context(hook_name: str, page, request) -> dict:
    """What a page shows this viewer: the dicts of every function registered under
    the Wagtail hook ``hook_name``, merged.

    Page models call it from ``get_context`` because they cannot import their app's
    ``context`` module (it asks the rules and builds forms, which import the models);
    each app registers its context functions in its ``wagtail_hooks.py``.
    """
    context = {}
    for build in hooks.get_hooks(hook_name):
        context.update(build(page, request))
    return context
