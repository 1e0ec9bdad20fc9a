"""The committed message catalogs are complete (issue 15; docs/i18n.md).

- every message of the sources (``makemessages``, both domains, the options
  of ``make messages``) is in every catalog: otherwise run ``make messages``
  and translate what it adds;
- no catalog has an untranslated (any plural form) or fuzzy entry, a fuzzy
  header, an error of ``msgfmt --check`` or a wrong placeholder;
- a message in both domains (django.po and djangojs.po) has one translation.

Each failure lists the catalog and its entries (the first ones; ``msgattrib
--untranslated locale/<l>/LC_MESSAGES/django.po`` lists them all).
"""

import pytest

from forum_site import catalogs

SHOWN = 25
needs_gettext = pytest.mark.skipif(
    not catalogs.has_gettext(),
    reason="needs GNU gettext (xgettext, msgfmt): apt-get install gettext",
)


def report(problems: dict) -> str:
    lines = []
    for path, found in problems.items():
        lines.append(f"{path}: {len(found)}")
        lines += [f"    {item}" for item in found[:SHOWN]]
        if len(found) > SHOWN:
            lines.append(f"    ... and {len(found) - SHOWN} more")
    return "\n".join(lines)


def committed(domain):
    return [
        catalogs.locale_dir() / locale / "LC_MESSAGES" / f"{domain}.po"
        for locale in catalogs.CATALOG_LOCALES
    ]


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    return catalogs.extract(tmp_path_factory.mktemp("makemessages"))


def relative(path):
    return path.relative_to(catalogs.project_dir())


@pytest.mark.parametrize("domain", catalogs.DOMAINS)
def test_every_catalog_exists(domain):
    absent = [str(relative(path)) for path in committed(domain) if not path.exists()]
    if absent:
        pytest.fail(f"missing catalogs (run `make messages`): {absent}", pytrace=False)


@needs_gettext
@pytest.mark.parametrize("domain", catalogs.DOMAINS)
def test_every_message_of_the_sources_is_in_every_catalog(templates, domain):
    problems = {
        relative(path): found
        for path in committed(domain)
        if path.exists() and (found := catalogs.missing(templates[domain], path))
    }
    if problems:
        pytest.fail(
            "messages in the sources but not in the catalogs (run `make messages`, then "
            "translate them):\n" + report(problems),
            pytrace=False,
        )


@pytest.mark.parametrize("check", ["untranslated", "fuzzy", "msgfmt_errors", "placeholder_errors"])
@pytest.mark.parametrize("domain", catalogs.DOMAINS)
def test_every_catalog_is_translated_and_valid(domain, check):
    if check == "msgfmt_errors" and not catalogs.has_gettext():
        pytest.skip("needs GNU gettext's msgfmt: apt-get install gettext")
    problems = {
        relative(path): found
        for path in committed(domain)
        if path.exists() and (found := getattr(catalogs, check)(path))
    }
    if problems:
        pytest.fail(f"{check.replace('_', ' ')}:\n" + report(problems), pytrace=False)


def test_a_message_in_both_domains_is_translated_the_same_way():
    problems = {}
    for django_po, js_po in zip(committed("django"), committed("djangojs"), strict=True):
        both = django_po.exists() and js_po.exists()
        if both and (found := catalogs.inconsistent(django_po, js_po)):
            problems[relative(js_po)] = found
    if problems:
        pytest.fail(
            "the same message translated differently in django.po and djangojs.po:\n"
            + report(problems),
            pytrace=False,
        )
