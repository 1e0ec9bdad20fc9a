"""The owner's draft-text form (pasted text or a .docx) and the proposal form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from consultations import drafts
from forum_site.sanitise import paragraphs_html


class DraftTextForm(forms.Form):
    title = forms.CharField(
        label=_("Title of the draft text"),
        max_length=255,
        required=False,
        help_text=_("For example: National strategy for local integration (draft)."),
    )
    text = forms.CharField(
        label=_("Paste the text"),
        required=False,
        max_length=drafts.MAX_PASTED_CHARS,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Paste formatted text (HTML) or plain text; in plain text, a blank line starts "
            "a new paragraph. Each paragraph, heading, list item and table is numbered."
        ),
    )
    document = forms.FileField(
        label=_("Or upload a Word document (.docx)"),
        required=False,
        help_text=_("At most 5 MB. Documents with macros (.docm) are refused."),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx"}),
    )
    confirm_replace = forms.BooleanField(
        label=_("Replace the text although it has comments"),
        required=False,
        help_text=_(
            "Comments stay attached to their paragraphs; reworded paragraphs show that they "
            "changed, removed ones stay readable with their comments, listed below the text."
        ),
    )

    def __init__(self, *args, has_comments=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_comments = has_comments
        if not has_comments:
            del self.fields["confirm_replace"]

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document and document.size > drafts.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(drafts._too_big())
        if document and not document.name.lower().endswith(".docx"):
            raise forms.ValidationError(_("Upload a Word document ending in .docx."))
        return document

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        text, document = (data.get("text") or "").strip(), data.get("document")
        if text and document:
            raise forms.ValidationError(_("Paste a text or upload a document, not both."))
        if not text and not document:
            raise forms.ValidationError(_("Paste a text or upload a Word document."))
        try:
            if document:
                html = drafts.docx_to_html(document)
            elif "<" in text and ">" in text:
                html = text
            else:
                html = paragraphs_html(text)
            blocks = drafts.split_html(html)
        except drafts.DraftTextError as error:
            self.add_error("document" if document else "text", str(error))
            return data
        if not blocks:
            self.add_error(
                "document" if document else "text", _("There is no text in it to comment on.")
            )
            return data
        if self.has_comments and not data.get("confirm_replace"):
            self.add_error(
                "confirm_replace",
                _(
                    "The paragraphs have comments: tick this box to replace the text. "
                    "Comments stay with their paragraphs."
                ),
            )
        data["blocks"] = blocks
        data["source_name"] = document.name if document else ""
        return data


class ProposalForm(forms.Form):
    proposed = forms.CharField(
        label=_("Your proposed wording"),
        max_length=drafts.MAX_PROPOSAL_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Start from the current wording; the changes are shown word by word."),
    )
    explanation = forms.CharField(
        label=_("Why (optional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
