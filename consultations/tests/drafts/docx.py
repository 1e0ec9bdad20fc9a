# ruff: noqa: E501 (the OOXML namespaces and content types are long)
"""Word documents built by hand for the tests: the few OOXML parts a .docx
needs (headings by style, a numbered list, a table), and hostile variants."""

import io
import zipfile
from xml.sax.saxutils import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"


def _content_types(main=MAIN, extra=""):
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{main}"/>'
        '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
        '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
        f"{extra}</Types>"
    )


RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)
DOC_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>'
    "</Relationships>"
)
STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{W}">'
    '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/></w:style>'
    "</w:styles>"
)
NUMBERING = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{W}">'
    '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl>'
    "</w:abstractNum>"
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
)


def _run(text, bold=False):
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def heading(text, level=1):
    return f'<w:p><w:pPr><w:pStyle w:val="Heading{level}"/></w:pPr>{_run(text)}</w:p>'


def para(text, bold_prefix=""):
    return f"<w:p>{_run(bold_prefix, True) if bold_prefix else ''}{_run(text)}</w:p>"


def item(text):
    return (
        '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        f"{_run(text)}</w:p>"
    )


def table(rows):
    cells = "".join(
        "<w:tr>" + "".join(f"<w:tc><w:p>{_run(c)}</w:p></w:tc>" for c in row) + "</w:tr>"
        for row in rows
    )
    return f"<w:tbl>{cells}</w:tbl>"


def document_xml(body):
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{body}</w:body></w:document>'
    )


SAMPLE_BODY = "".join(
    [
        heading("Local integration strategy"),
        para("Cities are where newcomers settle.", bold_prefix="Purpose. "),
        heading("Priorities", 2),
        item("Language courses in every district."),
        item("One-stop welcome desks."),
        item("Recognition of foreign qualifications."),
        table([["Measure", "Budget"], ["Welcome desks", "4 million"]]),
        para("The ministry will report every year <with numbers> & indicators."),
    ]
)


def build_docx(body=SAMPLE_BODY, *, main=MAIN, extra_parts=None, content_extra="") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _content_types(main, content_extra))
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/_rels/document.xml.rels", DOC_RELS)
        archive.writestr("word/styles.xml", STYLES)
        archive.writestr("word/numbering.xml", NUMBERING)
        archive.writestr("word/document.xml", document_xml(body))
        for name, data in (extra_parts or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_bomb(uncompressed_mb=60) -> bytes:
    """A valid .docx whose one extra part inflates to ``uncompressed_mb`` MB
    (a few tens of kilobytes on disk)."""
    return build_docx(extra_parts={"word/media/padding.bin": b"\0" * (uncompressed_mb << 20)})


def many_entries(n=1000) -> bytes:
    return build_docx(extra_parts={f"customXml/item{i}.xml": "<a/>" for i in range(n)})


def with_macros() -> bytes:
    return build_docx(
        main=MACRO_MAIN,
        extra_parts={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"},
        content_extra='<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>',
    )


def lying_sizes() -> bytes:
    """A .docx whose document part inflates to 30 MB while the zip's headers
    (local and central) say 1 KB."""
    body = SAMPLE_BODY + " " * (30 << 20)
    data = build_docx(body)
    archive = zipfile.ZipFile(io.BytesIO(data))
    real = archive.getinfo("word/document.xml").file_size.to_bytes(4, "little")
    assert data.count(real) == 2  # the local header and the central directory record
    return data.replace(real, (1024).to_bytes(4, "little"))
