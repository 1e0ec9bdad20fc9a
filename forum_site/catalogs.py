"""The message catalogs (locale/<lang>/LC_MESSAGES/{django,djangojs}.po):
compiled, extracted and checked the same way by ``make``, the test run and the
completeness test (tests/test_catalogs.py). docs/i18n.md.

- ``compile_stale()`` compiles each ``.po`` whose ``.mo`` is missing or older,
  atomically (a temporary file renamed over the old one) and under a file lock,
  so parallel test workers never read a half-written catalog.
- ``extract()`` runs ``makemessages`` (``MAKEMESSAGES_OPTIONS``, the options
  of ``make messages``) into a temporary directory, never touching the
  committed catalogs, and returns the template of each domain.
- ``missing()``, ``untranslated()``, ``fuzzy()`` and ``msgfmt_errors()``
  compare and check catalogs; each returns a list of readable problems.
"""

from __future__ import annotations

import ast
import contextlib
import fcntl
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

DOMAINS = ("django", "djangojs")
# The languages with a catalog (English is the source language).
CATALOG_LOCALES = ("fr", "es", "ar", "ru", "zh_Hans")
MAKEMESSAGES_OPTIONS = {
    "django": ["--ignore=.venv", "--ignore=node_modules", "--ignore=tests/*",
               "--ignore=*/tests/*", "--ignore=static_collected", "--add-location=file"],
    "djangojs": ["-d", "djangojs", "--ignore=.venv", "--ignore=node_modules",
                 "--ignore=tests/*", "--ignore=*/tests/*", "--ignore=static_collected",
                 "--ignore=*/vendor/*", "--add-location=file"],
}  # fmt: skip
# Top-level entries of the project that makemessages must not see (beside IGNORE).
_NOT_SOURCES = {".git", ".venv", "locale", "media", "private_media", "static_collected",
                "reports", ".pytest_cache", ".ruff_cache", ".hypothesis"}  # fmt: skip


def has_gettext() -> bool:
    """GNU gettext's tools, which extracting and checking catalogs need
    (compiling them does not: ``write_mo``)."""
    return shutil.which("xgettext") is not None and shutil.which("msgfmt") is not None


def locale_dir() -> Path:
    return Path(settings.LOCALE_PATHS[0])


def project_dir() -> Path:
    return Path(settings.BASE_DIR)


# -- Reading .po files ------------------------------------------------------------------


@dataclass
class Entry:
    msgid: str
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    def label(self) -> str:
        context = f" (context {self.msgctxt!r})" if self.msgctxt is not None else ""
        return f"{self.msgid!r}{context}"


def _unquote(text: str) -> str:
    return ast.literal_eval(text) if text.startswith('"') else ""


def parse_po(path: Path | str) -> list[Entry]:
    """The entries of a .po file, header (msgid "") included, obsolete ones
    (``#~``) marked. Enough of the format for catalogs written by gettext."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int | None] | None = None
    flags: set[str] = set()

    def finish():
        nonlocal current
        if current is not None:
            entries.append(current)
        current = None

    for number, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        is_obsolete = line.startswith("#~")
        if is_obsolete:
            line = line[2:].strip()
        if not line:
            finish()
            target = None
            continue
        if line.startswith("#,") and not is_obsolete:
            finish()
            flags = {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if current is None or target is None:
                continue
            name, index = target
            value = _unquote(line)
            if name == "msgstr":
                current.msgstr[index] = current.msgstr.get(index, "") + value
            else:
                setattr(current, name, (getattr(current, name) or "") + value)
            continue
        value = _unquote(rest.strip())
        new_entry = keyword == "msgctxt" or (keyword == "msgid" and current and current.msgstr)
        if new_entry and current is not None:
            finish()  # a new entry without a blank line before it
        if keyword == "msgctxt":
            current = Entry(msgid="", msgctxt=value, flags=flags, obsolete=is_obsolete, line=number)
            flags, target = set(), ("msgctxt", None)
        elif keyword == "msgid":
            if current is None:
                current = Entry(msgid="", flags=flags, obsolete=is_obsolete, line=number)
                flags = set()
            current.msgid = value
            target = ("msgid", None)
        elif keyword == "msgid_plural" and current is not None:
            current.msgid_plural = value
            target = ("msgid_plural", None)
        elif keyword.startswith("msgstr") and current is not None:
            index = int(keyword[7:-1]) if keyword.startswith("msgstr[") else 0
            current.msgstr[index] = value
            target = ("msgstr", index)
    finish()
    return entries


def messages(entries: list[Entry]) -> list[Entry]:
    """The real messages: neither the header nor obsolete entries."""
    return [e for e in entries if e.msgid and not e.obsolete]


# -- Checks -----------------------------------------------------------------------------


def missing(template: Path | str, catalog: Path | str) -> list[str]:
    """Messages of ``template`` (the sources, as extracted) absent from ``catalog``."""
    have = {e.key for e in messages(parse_po(catalog)) if e}
    return [e.label() for e in messages(parse_po(template)) if e.key not in have]


def untranslated(catalog: Path | str) -> list[str]:
    """Messages with an empty translation (any plural form)."""
    problems = []
    for e in messages(parse_po(catalog)):
        forms = e.msgstr or {0: ""}
        empty = [i for i, text in sorted(forms.items()) if not text]
        if empty:
            where = f" (plural forms {empty})" if e.msgid_plural else ""
            problems.append(f"line {e.line}: {e.label()}{where}")
    return problems


def fuzzy(catalog: Path | str) -> list[str]:
    """Fuzzy messages, and a fuzzy header (its Plural-Forms would be ignored)."""
    problems = []
    for e in parse_po(catalog):
        if e.obsolete or "fuzzy" not in e.flags:
            continue
        problems.append(f"line {e.line}: " + (e.label() if e.msgid else "the header is fuzzy"))
    return problems


def msgfmt_errors(catalog: Path | str) -> list[str]:
    """What ``msgfmt --check`` says (format placeholders, plural forms, header)."""
    with tempfile.TemporaryDirectory() as tmp:
        result = subprocess.run(
            ["msgfmt", "--check", "-o", os.path.join(tmp, "out.mo"), str(catalog)],
            capture_output=True,
            text=True,
        )
    if result.returncode == 0:
        return []
    return [line for line in result.stderr.splitlines() if line.strip()] or ["msgfmt failed"]


_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{(\w*)\}")


def _placeholders(text: str) -> set[str]:
    return {named or braced for named, braced in _PLACEHOLDER.findall(text)}


def placeholder_errors(catalog: Path | str) -> list[str]:
    """Translations whose named placeholders (``%(name)s``, ``{name}``) differ
    from the source's. msgfmt checks python-format entries only; this also
    covers JavaScript (``interpolate``) and brace-format strings. A plural form
    may leave out a placeholder (Russian "один" for 1) but never add one."""
    problems = []
    for e in messages(parse_po(catalog)):
        source = _placeholders(e.msgid) | _placeholders(e.msgid_plural or "")
        for text in e.msgstr.values():
            if not text:
                continue
            have = _placeholders(text)
            wrong = have - source if e.msgid_plural else have ^ source
            if wrong:
                problems.append(f"line {e.line}: {e.label()}: placeholders {sorted(wrong)}")
    return problems


def inconsistent(catalog: Path | str, other: Path | str) -> list[str]:
    """Messages translated in both catalogs of a language (django.po and
    djangojs.po), differently: one interface, one wording."""
    theirs = {e.key: e.msgstr for e in messages(parse_po(other))}
    problems = []
    for e in messages(parse_po(catalog)):
        there = theirs.get(e.key)
        if there and all(e.msgstr.values()) and all(there.values()) and there != e.msgstr:
            problems.append(f"{e.label()}: {e.msgstr[0]!r} / {there[0]!r}")
    return problems


def catalogs(base: Path | None = None) -> list[Path]:
    base = base or locale_dir()
    return sorted(base.glob("*/LC_MESSAGES/*.po"))


# -- Extraction -------------------------------------------------------------------------


def extract(destination: Path | str, domains=DOMAINS, source: Path | None = None) -> dict:
    """Run makemessages on the sources into ``destination`` (a fresh directory)
    and return {domain: path of the template (.pot)}.

    makemessages writes beside the sources' own ``locale`` folder; here it
    runs in a copy of the source tree made of symbolic links (no ``locale``),
    with LOCALE_PATHS pointing into ``destination``, so the committed catalogs
    are never touched and the file locations are the same as ``make messages``.
    """
    from django.core.management import call_command
    from django.test import override_settings

    source = Path(source or project_dir())
    destination = Path(destination)
    tree = destination / "tree"
    tree.mkdir(parents=True)
    for child in source.iterdir():
        if child.name not in _NOT_SOURCES:
            (tree / child.name).symlink_to(child)
    out = tree / "locale"
    out.mkdir()
    templates = {}
    old_cwd = os.getcwd()
    try:
        os.chdir(tree)
        with override_settings(LOCALE_PATHS=[str(out)]):
            for domain in domains:
                options = [o for o in MAKEMESSAGES_OPTIONS[domain] if o not in ("-d", domain)]
                call_command(
                    "makemessages",
                    locale=["fr"],
                    domain=domain,
                    ignore_patterns=[o.split("=", 1)[1] for o in options if "--ignore=" in o],
                    add_location="file",
                    symlinks=True,
                    keep_pot=True,
                    verbosity=0,
                )
                pot = out / f"{domain}.pot"
                if not pot.exists():  # no message at all in this domain
                    pot.write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")
                templates[domain] = pot
    finally:
        os.chdir(old_cwd)
    return templates


# -- Compiling --------------------------------------------------------------------------


def _stale(po: Path) -> bool:
    mo = po.with_suffix(".mo")
    return not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime


@contextlib.contextmanager
def _locked(path: Path):
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def compile_stale(base: Path | None = None) -> list[Path]:
    """Compile every catalog whose .mo is missing or older than its .po, as
    ``compilemessages`` would (``msgfmt --check-format``). Returns the .mo files
    written. Safe to call from several processes at once."""
    base = base or locale_dir()
    pos = catalogs(base)
    if not any(_stale(po) for po in pos):
        return []
    use_msgfmt = shutil.which("msgfmt") is not None
    written = []
    with _locked(base / ".compile.lock"):
        for po in pos:
            if not _stale(po):  # another process did it while we waited
                continue
            mo = po.with_suffix(".mo")
            fd, tmp = tempfile.mkstemp(dir=po.parent, prefix=".", suffix=".mo.tmp")
            os.close(fd)
            try:
                if use_msgfmt:
                    subprocess.run(
                        ["msgfmt", "--check-format", "-o", tmp, str(po)],
                        check=True,
                        capture_output=True,
                    )
                else:  # a machine with Python and make only (no gettext)
                    write_mo(parse_po(po), tmp)
                os.replace(tmp, mo)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
            written.append(mo)
    if written:
        from django.utils.translation import trans_real

        # Catalogs already loaded in this process are read again.
        trans_real._translations = {}
        trans_real._default = None
    return written


def write_mo(entries: list[Entry], path: Path | str) -> None:
    """Write a GNU .mo file from parsed entries, as ``msgfmt`` does for a
    finished catalog (fuzzy, obsolete and untranslated entries left out), so a
    machine without gettext still gets compiled catalogs. The format: a header
    of seven 32-bit words, then the tables of (length, offset) of the sorted
    originals and of their translations, then the strings, each NUL-ended."""
    import struct

    pairs = {}
    for entry in entries:
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        forms = [entry.msgstr.get(i, "") for i in range(max(entry.msgstr, default=0) + 1)]
        if entry.msgid and not all(forms):
            continue
        original = entry.msgid
        if entry.msgid_plural is not None:
            original += "\0" + entry.msgid_plural
        if entry.msgctxt is not None:
            original = entry.msgctxt + "\x04" + original
        pairs[original.encode("utf-8")] = "\0".join(forms).encode("utf-8")
    keys = sorted(pairs)
    header_size = 7 * 4
    originals_at = header_size
    translations_at = originals_at + 8 * len(keys)
    strings_at = translations_at + 8 * len(keys)
    originals, translations, blob = [], [], b""
    for key in keys:
        originals.append((len(key), strings_at + len(blob)))
        blob += key + b"\0"
    for key in keys:
        value = pairs[key]
        translations.append((len(value), strings_at + len(blob)))
        blob += value + b"\0"
    data = struct.pack(
        "<7I", 0x950412DE, 0, len(keys), originals_at, translations_at, 0, strings_at
    )
    for length, offset in originals + translations:
        data += struct.pack("<2I", length, offset)
    Path(path).write_bytes(data + blob)
