"""Front-end forms: submit or update a practice, record an adoption, open a call.

Everything a form sends is validated here (required fields, lengths, years,
uploads checked by content) and rich text is sanitised with nh3 before it
reaches a page; ``views.py`` then saves inside a transaction.
"""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, URLValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from forum_site import private_files
from forum_site.content_language import ContentSelect
from forum_site.hygiene import (
    BoundedDateField,
    BoundedModelChoiceField,
    BoundedModelMultipleChoiceField,
    SingleLineCharField,
)
from forum_site.organisations.models import Organisation
from forum_site.taxonomy.models import SDG, Theme
from forum_site.widgets import SearchableSelectMultiple
from practices.classification import TAXONOMY_FIELDS, TAXONOMY_RELATIONS
from practices.models import (
    LANGUAGE_CHOICES,
    MIN_YEAR,
    SUMMARY_MAX_LENGTH,
    Adoption,
    AdoptionStatus,
    BudgetBand,
    CallForPracticesPage,
    Status,
    max_year,
)
from practices.rules import visible_calls

# "Language of the original": the six UN languages first, then the languages
# practices are most often written in, instead of Django's hundred-odd locales.
UN_LANGUAGES = ("en", "fr", "es", "ar", "zh-hans", "ru")
OTHER_ORIGINAL_LANGUAGES = (
    "pt", "de", "it", "tr", "nl", "el", "pl", "uk", "ro", "sq", "sr", "bs", "hr", "mk",
    "bg", "hu", "cs", "sk", "sv", "fi", "da", "nb", "fa", "ur", "hi", "bn", "ne", "my",
    "th", "vi", "id", "ms", "ja", "ko", "sw", "he", "ka", "hy", "az", "kk", "ky", "uz",
)  # fmt: skip


def original_language_choices(current=None):
    """Grouped choices for the language a practice was written in; a stored
    language outside the short list (from an import, say) stays selectable."""
    # Django's language names are untranslated markers (gettext_noop): translate
    # them here, in the page's language (Django's own catalog has them all).
    names = {code: gettext(name) for code, name in LANGUAGE_CHOICES}
    others = [code for code in OTHER_ORIGINAL_LANGUAGES if code in names]
    if current and current in names and current not in UN_LANGUAGES + tuple(others):
        others.append(current)
    others.sort(key=lambda code: str(names[code]))
    return [
        (_("UN languages"), [(code, names[code]) for code in UN_LANGUAGES]),
        (_("Other languages"), [(code, names[code]) for code in others]),
    ]


MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UPLOADS = 5
TEXT_MAX_LENGTH = 10_000
DOCUMENT_TYPES = {
    "application/pdf": "PDF",
    "application/vnd.oasis.opendocument.text": "ODT",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
}
IMAGE_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/gif": "GIF", "image/webp": "WebP"}
# MIME type -> stored extension, for ``private_files.check_upload``.
ALLOWED_TYPES = {
    mime: private_files.OFFICE_AND_PDF_AND_IMAGES[mime] for mime in (*DOCUMENT_TYPES, *IMAGE_TYPES)
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one control; each checked by ``validate_upload``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.odt,.docx,image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def validate_upload(upload) -> tuple[str, str]:
    """``("image" | "document", extension)``, or raise: the type is found by content
    (``forum_site.private_files.check_upload``), not by name; HTML, SVG and
    scripts are refused whatever they are called."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("“%(name)s” is %(size)s; files may be at most 10 MB."),
            params={"name": upload.name, "size": filesizeformat(upload.size)},
        )
    try:
        extension = private_files.check_upload(upload, allowed=ALLOWED_TYPES, allow_text=False)
    except ValidationError as error:
        if error.code == "markup":
            raise
        raise ValidationError(
            _("“%(name)s” is not a PDF, ODT, DOCX or image file (checked by its content)."),
            params={"name": upload.name},
        ) from error
    if extension in private_files.IMAGE_TYPES.values():
        from PIL import Image

        try:
            with Image.open(upload) as image:
                image.verify()
        except Exception as exc:  # Pillow raises many types for broken files
            raise ValidationError(
                _("“%(name)s” looks like an image but cannot be read."),
                params={"name": upload.name},
            ) from exc
        finally:
            upload.seek(0)
        return "image", extension
    return "document", extension


def _checkboxes(queryset, label, required=False, help_text=""):
    return BoundedModelMultipleChoiceField(
        queryset=queryset,
        label=label,
        required=required,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


def _text(label, required, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=help_text,
    )


class PracticeForm(forms.Form):
    """The whole practice in one form, grouped in fieldsets by ``FIELDSETS``."""

    organisation = BoundedModelChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Organisation"),
        empty_label=None,
        help_text=_("The local authority that owns the practice."),
    )
    title = SingleLineCharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=SUMMARY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What it does and for whom, in at most 300 characters."),
    )
    cities = SingleLineCharField(
        label=_("Cities"),
        max_length=300,
        required=False,
        help_text=_("Where it runs, separated by commas."),
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries"),
        # A callable: the names are read in the request's language, in its order
        # (``list(countries)`` here would fix them in the language of the import).
        choices=lambda: list(countries),
        widget=SearchableSelectMultiple,
    )
    partners = BoundedModelMultipleChoiceField(
        queryset=Organisation.objects.order_by("name"),
        label=_("Partner organisations"),
        required=False,
        widget=SearchableSelectMultiple,
    )
    start_year = forms.IntegerField(label=_("Start year"), min_value=MIN_YEAR)
    end_year = forms.IntegerField(
        label=_("End year"),
        min_value=MIN_YEAR,
        required=False,
        help_text=_("Leave empty while it is ongoing."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    people_reached = forms.IntegerField(
        label=_("People reached"), min_value=0, max_value=2_000_000_000, required=False
    )
    budget_band = forms.ChoiceField(label=_("Budget"), choices=BudgetBand.choices, required=False)
    funding_sources = SingleLineCharField(
        label=_("Funding sources"), max_length=500, required=False
    )
    original_language = forms.ChoiceField(
        label=_("Language of the original"), choices=original_language_choices, initial="en"
    )

    # The classification's checkboxes are added in __init__, one per TAXONOMY_RELATIONS.

    challenge = _text(_("Challenge"), True, _("The problem the practice answers."))
    approach = _text(_("Approach"), True, _("What was done, by whom, with what resources."))
    results = _text(_("Results and evidence"), True)
    figures = forms.CharField(
        label=_("Key figures"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: figure | what it measures. For example: 1,200 | people trained"),
    )
    lessons = _text(_("Lessons learned"), False)
    transfer = _text(
        _("Conditions for transfer"), False, _("What another city needs to replicate it.")
    )
    links = forms.CharField(
        label=_("Links"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: address, then a space and a title."),
    )
    attachments = MultipleFileField(
        label=_("Documents and images"),
        required=False,
        help_text=_("Up to 5 files: PDF, ODT, DOCX or images, 10 MB each at most."),
    )

    contact_name = SingleLineCharField(label=_("Contact person"), max_length=200, required=False)
    contact_role = SingleLineCharField(label=_("Contact's role"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Contact email"), required=False)
    call = BoundedModelChoiceField(
        queryset=CallForPracticesPage.objects.none(),
        label=_("In answer to a call for practices"),
        required=False,
        widget=ContentSelect,
    )

    FIELDSETS = [
        (_("The practice"), ["organisation", "title", "summary"]),
        (
            _("Facts"),
            [
                "cities",
                "countries",
                "partners",
                "start_year",
                "end_year",
                "status",
                "people_reached",
                "budget_band",
                "funding_sources",
                "original_language",
                "call",
            ],
        ),
        (_("Classification"), list(TAXONOMY_FIELDS)),
        (
            _("What makes it transferable"),
            ["challenge", "approach", "results", "figures", "lessons", "transfer"],
        ),
        (_("Documents, images and links"), ["attachments", "links"]),
        (
            _("Contact (shown to signed-in users only)"),
            ["contact_name", "contact_role", "contact_email"],
        ),
    ]

    def __init__(self, *args, organisations=None, fixed_organisation=None, user=None, **kwargs):
        """``user``: whose calls for practices the form offers (``rules.visible_calls``;
        without one, none)."""
        super().__init__(*args, **kwargs)
        current = self.initial.get("original_language")
        if current:
            self.fields["original_language"].choices = original_language_choices(current)
        for relation in TAXONOMY_RELATIONS:
            self.fields[relation.field] = _checkboxes(
                relation.term.objects.all(),
                relation.form_label or relation.label,
                required=relation.required,
            )
        if fixed_organisation is not None:
            self.fields["organisation"].queryset = Organisation.objects.filter(
                pk=fixed_organisation.pk
            )
            self.fields["organisation"].initial = fixed_organisation.pk
            self.fields["organisation"].disabled = True
        elif organisations is not None:
            self.fields["organisation"].queryset = organisations
        self.fields["call"].queryset = (
            visible_calls(user).filter(deadline__gte=date.today())
            if user is not None
            else CallForPracticesPage.objects.none()
        )
        for name in ("start_year", "end_year"):
            self.fields[name].max_value = max_year()
            self.fields[name].validators.append(MaxValueValidator(max_year()))
            self.fields[name].widget.attrs["max"] = max_year()

    def fieldsets(self):
        """The legends and their fields (on a step's form, those the step has)."""
        for legend, names in self.FIELDSETS:
            fields = [self[name] for name in names if name in self.fields]
            if fields:
                yield legend, fields

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if len(title) < 5:
            raise ValidationError(_("Give the practice a title of at least 5 characters."))
        return title

    def clean_figures(self):
        figures = []
        for number, line in enumerate(self.cleaned_data["figures"].splitlines(), start=1):
            if not line.strip():
                continue
            value, sep, label = line.partition("|")
            if not sep or not value.strip() or not label.strip():
                raise ValidationError(
                    _("Line %(n)s: write the figure, a vertical bar, then what it measures."),
                    params={"n": number},
                )
            if len(value.strip()) > 40 or len(label.strip()) > 200:
                raise ValidationError(_("Line %(n)s is too long."), params={"n": number})
            figures.append({"value": value.strip(), "label": label.strip()})
        return figures

    def clean_links(self):
        links, validate = [], URLValidator(schemes=["http", "https"])
        for number, line in enumerate(self.cleaned_data["links"].splitlines(), start=1):
            if not line.strip():
                continue
            url, _sep, title = line.strip().partition(" ")
            try:
                validate(url)
            except ValidationError:
                raise ValidationError(
                    _("Line %(n)s: “%(url)s” is not a web address (http or https)."),
                    params={"n": number, "url": url[:100]},
                ) from None
            links.append({"url": url, "title": (title.strip() or url)[:200]})
        return links

    def clean_attachments(self):
        files = self.cleaned_data["attachments"]
        if len(files) > MAX_UPLOADS:
            raise ValidationError(_("Attach at most %(n)s files."), params={"n": MAX_UPLOADS})
        errors, checked = [], []
        for upload in files:
            try:
                kind, extension = validate_upload(upload)
                checked.append((kind, upload, extension))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return checked

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("The end year cannot be before the start year."))
        status = data.get("status")
        if status == Status.ONGOING and end and end < date.today().year:
            self.add_error("status", _("A practice that ended in the past is not ongoing."))
        if status == Status.PLANNED and start and start < date.today().year - 1:
            self.add_error("status", _("A practice that started years ago is no longer planned."))
        targets, sdgs = data.get("sdg_targets"), data.get("sdgs")
        if targets and sdgs is not None:
            # A target implies its goal: add the goals rather than reject the form.
            data["sdgs"] = list({*sdgs, *SDG.objects.filter(targets__in=targets)})
        return data


class Step:
    """One page of the step-by-step submission form: its slug (in the URL), title and fields."""

    def __init__(self, slug, title, fields):
        self.slug, self.title, self.fields = slug, title, list(fields)


# The submission form in steps (``views/drafts.py``); a review step follows them.
STEPS = [
    Step(
        "about",
        _("About the practice"),
        ["organisation", "title", "summary", "original_language", "call"],
    ),
    Step(
        "where",
        _("Where and who"),
        [
            "cities", "countries", "partners", "start_year", "end_year", "status",
            "people_reached", "budget_band", "funding_sources",
            "contact_name", "contact_role", "contact_email",
        ],
    ),
    Step("classification", _("Classification"), list(TAXONOMY_FIELDS)),
    Step(
        "results",
        _("Results and evidence"),
        ["challenge", "approach", "results", "figures", "lessons", "transfer"],
    ),
    Step("files", _("Pictures, documents and links"), ["attachments", "links"]),
]  # fmt: skip
REVIEW = "review"
STEP_SLUGS = [step.slug for step in STEPS]
assert sorted(name for step in STEPS for name in step.fields) == sorted(
    {name for _legend, names in PracticeForm.FIELDSETS for name in names}
), "every field of the practice form is on exactly one step"


def step_of(field_name: str) -> Step | None:
    return next((step for step in STEPS if field_name in step.fields), None)


def step_form(step: Step, *args, **kwargs) -> PracticeForm:
    """The practice form narrowed to ``step``'s fields (same validation, same
    widgets; the checks across fields only run on fields that are there)."""
    form = PracticeForm(*args, **kwargs)
    for name in list(form.fields):
        if name not in step.fields:
            del form.fields[name]
    form.step = step
    return form


def is_multiple(field) -> bool:
    return isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)


class AdoptionForm(forms.ModelForm):
    class Meta:
        model = Adoption
        fields = ["organisation", "status", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3, "maxlength": 500})}
        labels = {"organisation": _("Your authority"), "status": _("Where you are")}
        help_texts = {"note": _("What you take from it, in at most 500 characters.")}

    def __init__(self, *args, organisations=None, practice=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.practice = practice
        self.fields["organisation"].queryset = organisations or Organisation.objects.none()
        self.fields["organisation"].empty_label = None
        self.fields["status"].choices = AdoptionStatus.choices

    def clean(self):
        data = super().clean()
        org = data.get("organisation")
        if org and self.practice and org.pk == self.practice.organisation_id:
            raise ValidationError(_("An authority cannot adopt its own practice."))
        return data


class CallForm(forms.Form):
    organisation = BoundedModelChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Opened by"),
        required=False,
        help_text=_("The organisation in whose name the call is opened."),
    )
    title = SingleLineCharField(label=_("Title"), max_length=200)
    intro = forms.CharField(
        label=_("What the call is about"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    theme = BoundedModelChoiceField(queryset=Theme.objects.all(), label=_("Theme"), required=False)
    deadline = BoundedDateField(
        label=_("Deadline"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("YYYY-MM-DD"),
    )

    def __init__(self, *args, organisations=None, organisation_required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations or Organisation.objects.none()
        self.fields["organisation"].required = organisation_required

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < date.today():
            raise ValidationError(_("The deadline cannot be in the past."))
        if (deadline - date.today()).days > 730:
            raise ValidationError(_("Choose a deadline within two years."))
        return deadline
