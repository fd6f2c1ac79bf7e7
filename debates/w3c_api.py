"""W3C Web Annotation Protocol for an article: its annotation container (an
AnnotationCollection paged by AnnotationPages), each annotation at its own IRI with an
ETag, creation of a passage by POSTing a W3C annotation, and a downloadable export.

A passage is an Annotation (motivation `highlighting`, or `questioning` once it has
answers); every answer is its own Annotation (motivation `replying`) whose target is
the IRI of the annotation it answers. The reads come from the same selectors as the
reading page; the write is `highlight_import_w3c`, the same as any other import."""

import hashlib
import json
import math

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations import services as annotation_services
from annotations import w3c
from annotations.models import Article, Highlight, Visibility
from annotations.serializers import absolute, annotation_path
from core.api.parsers import JSONLDParser, JSONParser
from core.api.schema import NOT_BLANK

from . import selectors
from .models import Counterargument

PAGE_SIZE = 100
ACCEPTABLE = {"application/ld+json", "application/json", "application/*", "*/*"}


class JSONLDRenderer(JSONRenderer):
    media_type = w3c.MEDIA_TYPE
    format = "jsonld"


def counterargument_path(ca: Counterargument) -> str:
    return reverse("api-annotation-counterargument", args=[ca.highlight.article_id, ca.pk])


def container_path(article: Article) -> str:
    return reverse("api-article-annotations", args=[article.pk])


def _iso(moment) -> str:
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def annotation_for(request, entry: selectors.AnnotationEntry, article: Article) -> dict:
    item = entry.item
    if entry.kind == "highlight":
        annotation = w3c.to_annotation(
            item,
            id=absolute(request, annotation_path(item)),
            source=absolute(request, article.get_absolute_url()),
            creator=absolute(request, item.author.get_absolute_url()),
            motivation="questioning" if item.answers else "highlighting",
        )
        annotation["created"] = _iso(item.created)
        return annotation
    if item.parent_id is None:
        target = annotation_path(item.highlight)
    else:
        target = f"{container_path(article)}counterargument-{item.parent_id}"
    return w3c.reply_annotation(
        id=absolute(request, counterargument_path(item)),
        target=absolute(request, target),
        body=item.body,
        stance=item.stance,
        created=_iso(item.created),
        modified=_iso(item.edited) if item.edited else None,
        creator=absolute(request, item.author.get_absolute_url()),
        nickname=item.author.public_name,
        sources=[absolute(request, source) for source in item.sources],
        language=article.language,
    )


def _etag(data) -> str:
    digest = hashlib.sha256(
        json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")
    ).hexdigest()
    return f'W/"{digest[:32]}"'


def _answer(request, data, *, headers: dict, status_code=status.HTTP_200_OK) -> Response:
    """A JSON-LD response with its ETag; 304 when the client already has it."""
    etag = _etag(data)
    headers = {"ETag": etag, "Vary": "Accept", **headers}  # the caller may widen Vary
    if request.method in ("GET", "HEAD") and etag in request.headers.get("If-None-Match", ""):
        return Response(status=status.HTTP_304_NOT_MODIFIED, headers=headers)
    return Response(data, status=status_code, headers=headers)


class W3CView(APIView):
    """Answers JSON-LD with the annotation profile to any JSON-ish Accept; errors keep
    the API's one JSON error shape."""

    renderer_classes = [JSONLDRenderer]
    parser_classes = [JSONLDParser, JSONParser]

    def perform_content_negotiation(self, request, force=False):
        accepted = {
            part.split(";")[0].strip().lower()
            for part in request.headers.get("Accept", "*/*").split(",")
        }
        if not (accepted & ACCEPTABLE) and not force:
            raise exceptions.NotAcceptable(_("Ask for application/ld+json (or application/json)."))
        return JSONLDRenderer(), w3c.MEDIA_TYPE

    def finalize_response(self, request, response, *args, **kwargs):
        if response.status_code >= 400:
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = "application/json"
        return super().finalize_response(request, response, *args, **kwargs)

    def article(self) -> Article:
        return get_object_or_404(Article, pk=self.kwargs["pk"])


def _preferences(request) -> tuple[bool, bool]:
    """The protocol's Prefer header: (minimal container, contained IRIs only)."""
    prefer = request.headers.get("Prefer", "")
    return "PreferMinimalContainer" in prefer, "PreferContainedIRIs" in prefer


def _collection(
    request,
    article: Article,
    entries: list,
    *,
    page_number: int | None,
    minimal: bool = False,
    iris: bool = False,
):
    total = len(entries)
    container = absolute(request, container_path(article))
    pages = max(1, math.ceil(total / PAGE_SIZE))

    def page_url(number: int) -> str:
        return f"{container}?page={number}"

    part_of = {"id": container, "type": "AnnotationCollection", "total": total}

    def build_page(number: int, *, embedded: bool) -> dict:
        chunk = entries[number * PAGE_SIZE : (number + 1) * PAGE_SIZE]
        return w3c.page(
            id=page_url(number),
            part_of=part_of,
            start_index=number * PAGE_SIZE,
            items=[
                absolute(request, _path(entry.kind, entry.item))
                if iris
                else annotation_for(request, entry, article)
                for entry in chunk
            ],
            next=page_url(number + 1) if number + 1 < pages else None,
            prev=page_url(number - 1) if number > 0 else None,
            embedded=embedded,
        )

    if page_number is not None:
        if page_number >= pages:
            raise exceptions.NotFound()
        return build_page(page_number, embedded=False)
    first = (page_url(0) if minimal else build_page(0, embedded=True)) if total else None
    return w3c.collection(
        id=container,
        label=article.title,
        total=total,
        first=first,
        last=page_url(pages - 1) if total else None,
    )


def _path(kind: str, item) -> str:
    return annotation_path(item) if kind == "highlight" else counterargument_path(item)


MAX_PAGE_NUMBER = 999_999_999


def _page_number(request) -> int | None:
    raw = request.query_params.get("page")
    if raw is None:
        return None
    # ASCII digits only: "²" is a digit to str.isdigit() but not to int().
    if not (raw.isascii() and raw.isdigit()) or int(raw) > MAX_PAGE_NUMBER:
        raise ValidationError(
            {"page": ValidationError(_("A page is a whole number from 0."), code="invalid")}
        )
    return int(raw)


# What selectors_from() (annotations/w3c.py) reads, as JSON Schema: an Annotation whose one
# target has a TextQuoteSelector with words in it (also accepted: `target` as a one-item
# list, and `selector` as a list holding a TextQuoteSelector and a TextPositionSelector).
ANNOTATION_REQUEST = {
    "type": "object",
    "required": ["type", "target"],
    "properties": {
        "@context": {"type": "string"},
        "type": {"type": "string", "enum": ["Annotation"]},
        "target": {
            "type": "object",
            "required": ["selector"],
            "properties": {
                "source": {"type": "string"},
                "selector": {
                    "type": "object",
                    "required": ["type", "exact"],
                    "properties": {
                        "type": {"type": "string", "enum": ["TextQuoteSelector"]},
                        "exact": {
                            "type": "string",
                            "minLength": 1,
                            "maxLength": Highlight.MAX_LENGTH,
                            "pattern": NOT_BLANK,
                        },
                        "prefix": {"type": "string"},
                        "suffix": {"type": "string"},
                    },
                },
            },
        },
    },
}

ANNOTATION_JSON = OpenApiResponse(OpenApiTypes.OBJECT, description="W3C Web Annotation JSON-LD.")


class AnnotationContainerApi(W3CView):
    @extend_schema(
        summary="The article's annotations (W3C AnnotationCollection)",
        description="Without `page`, the collection with its first AnnotationPage embedded; "
        "with `page`, that AnnotationPage. Follow `next`. The protocol's `Prefer` header is "
        "honoured: `PreferMinimalContainer` (pages by IRI only) and `PreferContainedIRIs` "
        "(items as IRIs).",
        parameters=[
            OpenApiParameter(
                "page",
                {"type": "integer", "minimum": 0, "maximum": MAX_PAGE_NUMBER},
                description="0, 1, …",
            )
        ],
        responses={200: ANNOTATION_JSON},
    )
    def get(self, request, pk):
        article = self.article()
        page_number = _page_number(request)
        minimal, iris = _preferences(request)
        entries = selectors.article_annotations(article=article, user=request.user)
        data = _collection(
            request, article, entries, page_number=page_number, minimal=minimal, iris=iris
        )
        headers = {
            "Link": w3c.CONTAINER_LINKS,
            "Allow": "GET, HEAD, OPTIONS, POST",
            "Accept-Post": w3c.MEDIA_TYPE,
            "Vary": "Accept, Prefer",
        }
        if minimal or iris:
            headers["Preference-Applied"] = "return=representation"
        return _answer(request, data, headers=headers)

    @extend_schema(
        summary="Create a passage from a W3C annotation",
        description="The TextQuoteSelector's words are found in the article's current text "
        "(at the TextPositionSelector if they are still there, else by quote and context); "
        "a quote that is not in the text is refused.",
        request=dict.fromkeys(("application/json", "application/ld+json"), ANNOTATION_REQUEST),
        responses={201: ANNOTATION_JSON},
    )
    def post(self, request, pk):
        article = self.article()
        highlight = annotation_services.highlight_import_w3c(
            user=request.user, article=article, annotation=request.data
        )
        highlight = Highlight.objects.select_related("author").get(pk=highlight.pk)
        data = annotation_for(request, selectors.AnnotationEntry("highlight", highlight), article)
        return _answer(
            request,
            data,
            headers={"Location": data["id"], "Link": w3c.ANNOTATION_LINKS},
            status_code=status.HTTP_201_CREATED,
        )


class AnnotationApi(W3CView):
    @extend_schema(
        summary="One W3C annotation (a passage or an answer)",
        responses={200: ANNOTATION_JSON},
    )
    def get(self, request, pk, kind, item_pk):
        article = self.article()
        user = request.user
        if kind == "highlight":
            item = get_object_or_404(
                Highlight.objects.visible_to(user).select_related("author"),
                pk=item_pk,
                article=article,
            )
        else:
            item = get_object_or_404(
                Counterargument.objects.visible_to(user)
                .exclude(
                    visibility__in=[Visibility.REMOVED_BY_AUTHOR, Visibility.REMOVED_BY_MODERATOR]
                )
                .select_related("author", "highlight"),
                pk=item_pk,
                highlight__article=article,
            )
        data = annotation_for(request, selectors.AnnotationEntry(kind, item), article)
        return _answer(
            request, data, headers={"Link": w3c.ANNOTATION_LINKS, "Allow": "GET, HEAD, OPTIONS"}
        )


class AnnotationExportApi(W3CView):
    @extend_schema(
        summary="Download the article's annotations as one W3C JSON-LD file",
        responses={200: ANNOTATION_JSON},
    )
    def get(self, request, pk):
        article = self.article()
        entries = selectors.article_annotations(article=article, user=request.user)
        container = absolute(request, container_path(article))
        items = [annotation_for(request, entry, article) for entry in entries]
        first = w3c.page(
            id=absolute(request, reverse("api-article-export", args=[article.pk])) + "#items",
            part_of={"id": container, "type": "AnnotationCollection", "total": len(items)},
            start_index=0,
            items=items,
            embedded=True,
        )
        data = w3c.collection(
            id=container,
            label=article.title,
            total=len(items),
            first=first if items else None,
            last=first["id"] if items else None,
        )
        filename = f"counterpoint-article-{article.pk}-annotations.jsonld"
        return _answer(
            request,
            data,
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )
