from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from . import importers
from .models import Language

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
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES, initial="auto")
    source_url = forms.URLField(label=_("Source URL"), required=False, assume_scheme="https")

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        pasted = data.get("pasted") or ""
        if upload and pasted.strip():
            raise forms.ValidationError(_("Upload a file or paste text, not both."))
        if not upload and not pasted.strip():
            raise forms.ValidationError(_("The article has no text."), code="empty")
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
        except importers.ImportFailed as exc:
            raise forms.ValidationError(str(exc), code=exc.code) from None
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
        data["text"] = text
        return data
