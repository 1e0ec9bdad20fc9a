"""The nginx configuration in docs/deployment.md exposes no private file.

The block is parsed from the document itself, and the X-Accel paths that
``forum_site.private_files`` produces are resolved against it as nginx would
(longest matching prefix location).
"""

import re
from pathlib import Path

import pytest

from forum_site import private_files

DOC = Path(__file__).resolve().parents[2] / "docs" / "deployment.md"
PRIVATE_ROOT = "/srv/forum/private_media/"
MEDIA_ROOT = "/srv/forum/media/"


def nginx_block() -> str:
    text = DOC.read_text()
    section = text.split("## Reverse proxy (nginx)", 1)[1]
    return re.search(r"```nginx\n(.*?)```", section, re.S).group(1)


def locations(config: str) -> dict[str, str]:
    """``{prefix: body}`` for each ``location`` of the server block (bodies may nest braces)."""
    found = {}
    for match in re.finditer(r"location\s+(\S+)\s*\{", config):
        depth, i = 1, match.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(config[i], 0)
            i += 1
        found[match.group(1)] = config[match.end() : i - 1]
    return found


def directive(body: str, name: str) -> str | None:
    match = re.search(rf"(?:^|[;{{\s]){name}\s+([^;]+);", body)
    return match.group(1).strip() if match else None


def is_internal(body: str) -> bool:
    return re.search(r"(?:^|[;\s])internal\s*;", body) is not None


def served_path(prefix: str, body: str) -> str | None:
    alias = directive(body, "alias")
    if alias is not None:
        return alias
    root = directive(body, "root")
    return root.rstrip("/") + prefix if root is not None else None


def resolve(config: str, uri: str) -> tuple[str, str]:
    """The location nginx picks for ``uri`` (longest prefix), and its body."""
    candidates = [p for p in locations(config) if p.startswith("/") and uri.startswith(p)]
    prefix = max(candidates, key=len)
    return prefix, locations(config)[prefix]


def test_parser_reads_the_documented_block():
    found = locations(nginx_block())
    assert "/ws/" in found and "proxy_pass" in found["/ws/"]
    assert is_internal(found["/_private/files/"])
    assert not is_internal(found["/static/"])


def test_no_public_location_serves_private_or_document_files():
    for prefix, body in locations(nginx_block()).items():
        path = served_path(prefix, body)
        if path is None or is_internal(body):
            continue
        # Neither the private root, nor a folder above it, nor Wagtail's documents.
        assert not PRIVATE_ROOT.startswith(path) and not path.startswith(PRIVATE_ROOT), prefix
        assert path != MEDIA_ROOT and not (MEDIA_ROOT + "documents/").startswith(path), prefix
        assert not path.startswith(MEDIA_ROOT + "documents"), prefix


def test_old_public_media_location_is_gone():
    assert "/media/" not in locations(nginx_block())


@pytest.mark.parametrize(
    "file_path",
    [
        PRIVATE_ROOT + "delegations/7/Ab-tok_en/brief.pdf",
        MEDIA_ROOT + "documents/report-Ab-tok_en.pdf",
    ],
)
def test_x_accel_paths_land_on_internal_locations_that_hold_the_file(settings, file_path):
    settings.PRIVATE_MEDIA_ROOT = PRIVATE_ROOT.rstrip("/")
    settings.MEDIA_ROOT = MEDIA_ROOT.rstrip("/")
    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = "/_private/"
    uri = private_files._accel_path(file_path)
    prefix, body = resolve(nginx_block(), uri)
    assert is_internal(body), (uri, prefix)
    assert served_path(prefix, body) + uri[len(prefix) :] == file_path


def test_settings_named_in_the_doc_match_the_config():
    text = DOC.read_text()
    assert "PRIVATE_MEDIA_ACCEL_REDIRECT=/_private/" in text
    assert f"PRIVATE_MEDIA_ROOT={PRIVATE_ROOT.rstrip('/')}" in text
