import dataclasses

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.errors import RateLimited

from . import cleaning, importers
from .models import Language

# The importer is a pure module and speaks English; users read these, in their language.
IMPORT_ERRORS = {
    "empty": _("The article has no text."),
    "binary": _("This file is not text (it looks binary). Upload a Markdown, HTML or text file."),
    "not_utf8": _("This file is not UTF-8 text. Save it as UTF-8 and try again."),
    "no_text": _(
        "We couldn't find the article's text in this page. Copy the text and paste it instead."
    ),
    "unknown_type": _(
        "This type of file can't be imported. Choose a Markdown (.md), HTML (.html) or "
        "plain text (.txt) file."
    ),
    "too_long": _("The article is too long: the limit is %(limit)s characters."),
}


def paste_too_large_message() -> str:
    """A paste bigger than the server reads: said by the page's script before sending
    (the text stays in the box) and by the view when a request gets through anyway."""
    return str(
        _(
            "The pasted text is too large to send: at most %(mb)s MB, and the article itself "
            "at most %(limit)s characters. Trim it and try again."
        )
    ) % {
        "mb": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024),
        "limit": f"{importers.MAX_CHARS:,}",
    }


def import_error_message(exc: importers.ImportFailed) -> str:
    if exc.code == "bad_front_matter":
        # The YAML parser's own words say where the problem is; keep them.
        return str(_("The front matter is not valid YAML. Details: %(detail)s")) % {
            "detail": exc.message
        }
    message = IMPORT_ERRORS.get(exc.code)
    if message is None:
        return exc.message
    return (
        str(message) % {"limit": f"{importers.MAX_CHARS:,}"}
        if "%(" in str(message)
        else str(message)
    )


# What each kind of cleaning removal is called in the preview (cleaning.KINDS).
REMOVAL_LABELS = {
    "spam": _("Spam keyword lines"),
    "menu": _("Site menus"),
    "breadcrumb": _("Breadcrumbs"),
    "counter": _("Share and like counters"),
    "title": _("The headline (now the title)"),
    "header": _("Lines between the headline and the byline"),
    "byline": _("Bylines (the author is filled in)"),
    "gloss": _("Pinyin glosses after characters (lines as they were)"),
    "markup": _("Markup fragments glued to sentences (lines as they were)"),
    "promo": _("Ad labels and “read more” links inside the story"),
    "duplicate": _("Repeated lines"),
    "image_credit": _("Image credits"),
    "related": _("Related and trending headlines"),
    "footer": _("Footers: copyright, follow us, notices"),
    "source_link": _("The trailing source link (now the source URL)"),
}

# How the preview names a paragraph that is not running text (importers.BLOCK_KINDS).
BLOCK_LABELS = {
    "h2": _("Heading"),
    "h3": _("Subheading"),
    "li": _("List item"),
    "blockquote": _("Quote"),
}

FORMAT_CHOICES = [
    ("auto", _("Detect automatically")),
    ("markdown", _("Markdown (with optional front matter)")),
    ("html", _("HTML page")),
    ("plain", _("Plain text")),
]


class ImportSourceForm(forms.Form):
    """Step one: where the article comes from. Parsing happens here, so a bad file is
    reported before anything else."""

    file = forms.FileField(
        label=_("Upload a file"),
        required=False,
        help_text=_("Markdown (.md), HTML (.html) or plain text (.txt), UTF-8."),
    )
    pasted = forms.CharField(
        label=_("…or paste the text or HTML"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        strip=False,
    )
    url = forms.CharField(
        label=_("…or give the page's web address"),
        required=False,
        max_length=2000,
        help_text=_("We fetch the page and show you the preview before anything is saved."),
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES, initial="auto")
    source_url = forms.URLField(label=_("Source URL"), required=False, assume_scheme="https")

    def __init__(self, *args, fetch=None, **kwargs):
        """`fetch(url)` returns a `fetching.Fetched` (the view passes the service)."""
        super().__init__(*args, **kwargs)
        self.fetch = fetch
        # What the page's script checks before sending (a little under the request
        # limit: the other fields and the multipart framing count too).
        self.fields["pasted"].widget.attrs.update(
            {
                "data-max-bytes": settings.DATA_UPLOAD_MAX_MEMORY_SIZE - 64 * 1024,
                "data-too-large": paste_too_large_message(),
            }
        )

    @classmethod
    def refused_as_too_large(cls) -> "ImportSourceForm":
        """The form to show when the request was too large for Django to read: nothing
        of what was sent can be shown again, only the sentence on the paste box."""
        form = cls(data={})
        form.errors.clear()  # the "no text" of an empty form: nothing was read at all
        form.add_error("pasted", paste_too_large_message())
        return form

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        pasted = data.get("pasted") or ""
        url = (data.get("url") or "").strip()
        given = sum(1 for source in (upload, pasted.strip(), url) if source)
        if given > 1:
            raise forms.ValidationError(
                _("Upload a file, paste text or give a web address: only one of them.")
            )
        if not given:
            raise forms.ValidationError(_("The article has no text."), code="empty")
        if url:
            return self._clean_url(data, url)
        if upload:
            if upload.size > settings.ARTICLE_MAX_UPLOAD_BYTES:
                raise forms.ValidationError(
                    _("The file is too large (the limit is %(mb)s MB).")
                    % {"mb": settings.ARTICLE_MAX_UPLOAD_BYTES // (1024 * 1024)}
                )
            raw, name = upload.read(), upload.name
        else:
            raw, name = pasted, ""
        try:
            data["document"] = importers.parse(raw, filename=name, format=data.get("format"))
            # The source as text, so the preview can clean it again keeping what the
            # member chooses to keep.
            data["original"] = importers.decode(raw) if isinstance(raw, bytes) else raw
        except importers.ImportFailed as exc:
            raise forms.ValidationError(import_error_message(exc), code=exc.code) from None
        return data

    def _clean_url(self, data, url: str):
        if self.fetch is None:
            raise forms.ValidationError(_("Import by web address is not available here."))
        try:
            fetched = self.fetch(url)
        except ValidationError as exc:
            errors = exc.error_dict.get("url", []) if hasattr(exc, "error_dict") else [exc]
            self.add_error("url", errors)
            return data
        except RateLimited as exc:
            self.add_error("url", str(exc))
            return data
        chosen = data.get("format") or "auto"
        try:
            document = importers.parse(
                fetched.text, format=fetched.format if chosen == "auto" else chosen
            )
        except importers.ImportFailed as exc:
            self.add_error("url", forms.ValidationError(import_error_message(exc), code=exc.code))
            return data
        if not document.source_url:
            document = dataclasses.replace(document, source_url=fetched.url)
        data["document"] = document
        data["original"] = fetched.text
        return data


class ArticlePreviewForm(forms.Form):
    """Step two: the parsed article, for the member to check before saving. The text
    travels in a hidden field and is canonicalised and validated again on save."""

    title = forms.CharField(label=_("Title"), max_length=300)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    source_url = forms.URLField(
        label=_("Source URL"), required=False, max_length=2000, assume_scheme="https"
    )
    published = forms.DateField(label=_("Published"), required=False)
    author = forms.CharField(label=_("Author"), required=False, max_length=200)
    publisher = forms.CharField(label=_("Publisher"), required=False, max_length=200)
    text = forms.CharField(widget=forms.HiddenInput, strip=False)
    # Which paragraphs are headings, list items or quotes ([number, kind] pairs).
    blocks = forms.JSONField(widget=forms.HiddenInput, required=False)
    # The source before cleaning and its format, to clean it again with other kinds kept.
    original = forms.CharField(widget=forms.HiddenInput, strip=False, required=False)
    source_format = forms.ChoiceField(
        widget=forms.HiddenInput, choices=[(f, f) for f in importers.FORMATS], required=False
    )
    keep = forms.MultipleChoiceField(
        widget=forms.MultipleHiddenInput,
        choices=[(kind, kind) for kind in cleaning.KINDS],
        required=False,
    )
    first = forms.IntegerField(label=_("Start at paragraph"), min_value=1, initial=1)
    last = forms.IntegerField(label=_("End at paragraph"), min_value=1)

    def clean(self):
        data = super().clean()
        text = data.get("text")
        if text is None:
            return data
        text = importers.canonicalize(text)
        count = len(importers.paragraphs(text)) if text else 0
        first, last = data.get("first"), data.get("last")
        if not count:
            raise forms.ValidationError(_("The article has no text."), code="empty")
        if first is None or last is None:
            return data
        if first > last:
            self.add_error("last", _("The last paragraph must come after the first."))
        elif last > count:
            self.add_error("last", _("There are only %(count)d paragraphs.") % {"count": count})
        else:
            data["trimmed"] = importers.trim(text, first - 1, last - 1)
            try:
                blocks = importers.check_blocks(data.get("blocks") or [], text)
            except importers.ImportFailed:
                raise forms.ValidationError(
                    _("The preview's paragraph kinds don't fit its text; import it again."),
                    code="bad_blocks",
                ) from None
            data["trimmed_blocks"] = importers.trim_blocks(blocks, first - 1, last - 1)
        data["text"] = text
        return data


class HighlightForm(forms.Form):
    """A selection on the reading page: code-point offsets and the words between them."""

    start = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    exact = forms.CharField(strip=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start is not None and end is not None and start >= end:
            raise forms.ValidationError(_("The selection is empty or reversed."))
        return data


class ReviseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(
        label=_("Text"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text=_("Paragraphs are separated by a blank line. Passages follow their words."),
    )
