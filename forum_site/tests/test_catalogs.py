"""The catalog checker (forum_site.catalogs) on small catalogs of its own;
tests/test_catalogs.py runs it on the real ones."""

import os
import subprocess
import textwrap

import pytest

from forum_site import catalogs

HEADER = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

"""


def po(tmp_path, body, name="django.po", header=HEADER):
    path = tmp_path / name
    path.write_text(header + textwrap.dedent(body), encoding="utf-8")
    return path


def test_complete_catalog_has_no_problem(tmp_path):
    path = po(
        tmp_path,
        """\
        #, python-format
        msgid "Hello %(name)s"
        msgstr "Bonjour %(name)s"

        msgctxt "month"
        msgid "May"
        msgstr "Mai"

        msgid "One comment"
        msgid_plural "%(count)s comments"
        msgstr[0] "Un commentaire"
        msgstr[1] "%(count)s commentaires"
        """,
    )
    assert catalogs.untranslated(path) == []
    assert catalogs.fuzzy(path) == []
    assert catalogs.msgfmt_errors(path) == []
    assert catalogs.placeholder_errors(path) == []


def test_untranslated_and_fuzzy_entries_are_listed(tmp_path):
    path = po(
        tmp_path,
        """\
        msgid "Done"
        msgstr "Fait"

        msgid "Empty"
        msgstr ""

        msgid ""
        "Long text "
        "on two lines"
        msgstr ""

        msgid "One"
        msgid_plural "Many"
        msgstr[0] "Un"
        msgstr[1] ""

        #, fuzzy
        msgid "Guess"
        msgstr "Devinette"

        #~ msgid "Obsolete"
        #~ msgstr ""
        """,
    )
    assert catalogs.untranslated(path) == [
        "line 9: 'Empty'",
        "line 12: 'Long text on two lines'",
        "line 17: 'One' (plural forms [1])",
    ]
    assert catalogs.fuzzy(path) == ["line 23: 'Guess'"]


def test_a_fuzzy_header_is_reported(tmp_path):
    path = po(tmp_path, 'msgid "A"\nmsgstr "B"\n', header="#, fuzzy\n" + HEADER)
    assert catalogs.fuzzy(path) == ["line 2: the header is fuzzy"]


def test_placeholder_mistakes(tmp_path):
    path = po(
        tmp_path,
        """\
        #, python-format
        msgid "Hello %(name)s"
        msgstr "Bonjour %(nom)s"

        msgid "Here now: %(names)s"
        msgstr "Présents"

        msgid "{count} files"
        msgstr "{count} fichiers"

        msgid "%(count)s comment"
        msgid_plural "%(count)s comments"
        msgstr[0] "un commentaire"
        msgstr[1] "%(count)s commentaires %(extra)s"
        """,
    )
    assert catalogs.placeholder_errors(path) == [
        "line 7: 'Hello %(name)s': placeholders ['name', 'nom']",
        "line 10: 'Here now: %(names)s': placeholders ['names']",
        "line 16: '%(count)s comment': placeholders ['extra']",
    ]
    # msgfmt --check catches the python-format one too.
    assert any("nom" in line or "name" in line for line in catalogs.msgfmt_errors(path))


def test_missing_messages(tmp_path):
    template = po(tmp_path, 'msgid "Kept"\nmsgstr ""\n\nmsgid "New"\nmsgstr ""\n', "django.pot")
    catalog = po(tmp_path, 'msgid "Kept"\nmsgstr "Gardé"\n\n#~ msgid "New"\n#~ msgstr "Neuf"\n')
    assert catalogs.missing(template, catalog) == ["'New'"]


def test_inconsistent_translations_across_domains(tmp_path):
    django_po = po(
        tmp_path, 'msgid "Close"\nmsgstr "Fermer"\n\nmsgid "Save"\nmsgstr "Enregistrer"\n'
    )
    js_po = po(
        tmp_path,
        'msgid "Close"\nmsgstr "Fermer"\n\nmsgid "Save"\nmsgstr "Sauver"\n\n'
        'msgid "New"\nmsgstr ""\n',
        "djangojs.po",
    )
    assert catalogs.inconsistent(django_po, js_po) == ["'Save': 'Enregistrer' / 'Sauver'"]


def test_extract_runs_makemessages_without_touching_the_project(tmp_path):
    project = tmp_path / "project"
    (project / "app" / "templates").mkdir(parents=True)
    (project / "app" / "tests").mkdir()
    (project / "app" / "static").mkdir()
    (project / "locale" / "fr" / "LC_MESSAGES").mkdir(parents=True)
    committed = project / "locale" / "fr" / "LC_MESSAGES" / "django.po"
    committed.write_text(HEADER + 'msgid "Kept"\nmsgstr "Gardé"\n', encoding="utf-8")
    (project / "app" / "views.py").write_text(
        'from django.utils.translation import gettext as _\n_("Kept")\n_("Added")\n'
    )
    (project / "app" / "templates" / "page.html").write_text(
        "{% load i18n %}{% translate 'In a template' %}"
    )
    (project / "app" / "tests" / "test_x.py").write_text('_("Only in a test")\n')
    (project / "app" / "static" / "x.js").write_text('gettext("In a script");\n')
    before = committed.read_text(encoding="utf-8")

    templates = catalogs.extract(tmp_path / "out", source=project)

    assert committed.read_text(encoding="utf-8") == before
    assert sorted(os.listdir(project / "locale")) == ["fr"]
    assert sorted(catalogs.missing(templates["django"], committed)) == [
        "'Added'",
        "'In a template'",
    ]
    assert [e.msgid for e in catalogs.messages(catalogs.parse_po(templates["djangojs"]))] == [
        "In a script"
    ]


def test_compile_stale_compiles_missing_and_outdated_catalogs_only(tmp_path):
    base = tmp_path / "locale"
    (base / "fr" / "LC_MESSAGES").mkdir(parents=True)
    source = po(base / "fr" / "LC_MESSAGES", 'msgid "Yes"\nmsgstr "Oui"\n')
    compiled = source.with_suffix(".mo")

    assert catalogs.compile_stale(base) == [compiled]
    assert catalogs.compile_stale(base) == []  # up to date
    assert not [p for p in (base / "fr" / "LC_MESSAGES").iterdir() if p.name.endswith(".tmp")]

    source.write_text(HEADER + 'msgid "Yes"\nmsgstr "Oui !"\n', encoding="utf-8")
    os.utime(source, (compiled.stat().st_mtime + 10,) * 2)
    assert catalogs.compile_stale(base) == [compiled]
    import gettext

    with open(compiled, "rb") as handle:
        assert gettext.GNUTranslations(handle).gettext("Yes") == "Oui !"


def test_a_broken_catalog_is_not_compiled_over_the_last_good_one(tmp_path):
    base = tmp_path / "locale"
    (base / "fr" / "LC_MESSAGES").mkdir(parents=True)
    source = po(base / "fr" / "LC_MESSAGES", 'msgid "Yes"\nmsgstr "Oui"\n')
    (compiled,) = catalogs.compile_stale(base)
    good = compiled.read_bytes()
    source.write_text(HEADER + 'msgid "Yes"\nmsgstr "Oui\n', encoding="utf-8")  # unterminated
    os.utime(source, (compiled.stat().st_mtime + 10,) * 2)
    with pytest.raises(subprocess.CalledProcessError):
        catalogs.compile_stale(base)
    assert compiled.read_bytes() == good


def test_the_site_runs_on_the_compiled_catalogs():
    """The test run compiled them (root conftest): none is missing or stale,
    and Django reads the French JavaScript strings from them."""
    from django.utils.translation.trans_real import DjangoTranslation

    assert catalogs.catalogs() and not [p for p in catalogs.catalogs() if catalogs._stale(p)]
    assert DjangoTranslation("fr", domain="djangojs").gettext("Dismiss") == "Fermer"
