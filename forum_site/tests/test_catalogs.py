"""The catalog checker (forum_site.catalogs) on small catalogs of its own;
tests/test_catalogs.py runs it on the real ones."""

import os
import subprocess
import textwrap

import pytest

from forum_site import catalogs

# Writing and checking catalogs uses GNU gettext (xgettext, msgfmt); compiling
# them does not (catalogs.write_mo). Without gettext these tests are skipped.
needs_gettext = pytest.mark.skipif(
    not catalogs.has_gettext(),
    reason="needs GNU gettext (xgettext, msgfmt): apt-get install gettext",
)

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


@needs_gettext
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


@needs_gettext
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


@needs_gettext
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


@needs_gettext
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


@needs_gettext
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


@pytest.mark.parametrize("language", catalogs.CATALOG_LOCALES)
def test_python_mo_writer_agrees_with_msgfmt(tmp_path, language):
    """Without gettext installed (a machine with Python and make only), the
    catalogs are compiled in Python: every message reads the same as from
    msgfmt's file, plurals and contexts included."""
    import gettext
    import shutil

    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt is not installed: nothing to compare with")
    source = catalogs.locale_dir() / language / "LC_MESSAGES" / "django.po"
    ours, theirs = tmp_path / "ours.mo", tmp_path / "theirs.mo"
    entries = catalogs.parse_po(source)
    catalogs.write_mo(entries, ours)
    subprocess.run(["msgfmt", "-o", str(theirs), str(source)], check=True)
    with ours.open("rb") as a, theirs.open("rb") as b:
        mine, reference = gettext.GNUTranslations(a), gettext.GNUTranslations(b)
    # msgfmt drops POT-Creation-Date from the header; every message is the same.
    mine._catalog.pop(""), reference._catalog.pop("")
    assert mine._catalog == reference._catalog
    assert mine.plural(2) == reference.plural(2) and mine.plural(5) == reference.plural(5)
    assert len(mine._catalog) > 1000


def test_compile_stale_works_without_msgfmt(tmp_path, monkeypatch):
    import gettext

    path = po(
        tmp_path,
        """\
        msgid "Save"
        msgstr "Enregistrer"

        msgctxt "button"
        msgid "Open"
        msgstr "Ouvrir"

        msgid "%(n)s comment"
        msgid_plural "%(n)s comments"
        msgstr[0] "%(n)s commentaire"
        msgstr[1] "%(n)s commentaires"
        """,
    )
    monkeypatch.setattr(catalogs.shutil, "which", lambda name: None)
    monkeypatch.setattr(catalogs, "catalogs", lambda base: [path])
    assert catalogs.compile_stale(tmp_path) == [path.with_suffix(".mo")]
    with path.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    assert compiled.gettext("Save") == "Enregistrer"
    assert compiled.pgettext("button", "Open") == "Ouvrir"
    assert compiled.ngettext("%(n)s comment", "%(n)s comments", 3) == "%(n)s commentaires"
    assert compiled.ngettext("%(n)s comment", "%(n)s comments", 1) == "%(n)s commentaire"
