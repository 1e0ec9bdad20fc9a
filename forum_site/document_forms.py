"""The Wagtail admin's document upload checks a file by its content too.

Wagtail checks the extension (``WAGTAILDOCS_EXTENSIONS``); a web page, SVG or
script renamed ``report.pdf`` would pass it. This form (``WAGTAILDOCS_DOCUMENT_FORM_BASE``)
refuses such a file with the same check as every other upload on the site
(``forum_site.private_files.check_upload``): documents are PDF, office files,
images or plain text, recognised by their content.
"""

from django.core.files.uploadedfile import UploadedFile
from wagtail.documents.forms import BaseDocumentForm

from forum_site.private_files import check_upload


class CheckedDocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            check_upload(upload)
        return upload
