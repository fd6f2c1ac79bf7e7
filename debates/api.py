"""The API for answers, replies and votes:
parse, call the same services and selectors as the HTML views, serialise."""

import datetime

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations.models import Highlight, Language
from core.api.output import Links
from core.api.pagination import RankedCursor, cursor_parameter
from core.api.schema import NO_NUL

from . import api_output, ranking, search, selectors, services
from .models import Counterargument, SearchKind, SearchOrdering
from .serializers import (
    CounterargumentEditInput,
    CounterargumentInput,
    CounterargumentOutput,
    NotificationOutput,
    NotificationsReadInput,
    NotificationsReadOutput,
    SearchHitOutput,
    VoteInput,
    VoteOutput,
)

ORDERING_PARAMETER = OpenApiParameter(
    "ordering",
    str,
    enum=list(ranking.ORDERINGS),
    description="best (Wilson score, the default), controversial or newest.",
)
CURSOR_PARAMETER = OpenApiParameter(
    "cursor", cursor_parameter()["schema"], description=cursor_parameter()["description"]
)


def visible_highlight(request, pk, *, with_article: bool = True) -> Highlight:
    """404 for a passage this reader may not see (hidden ones are not admitted to exist).
    Its article comes without its text (up to 200,000 characters no answer needs), or not
    at all for a read."""
    highlights = Highlight.objects.visible_to(request.user)
    if with_article:
        highlights = highlights.select_related("article").defer("article__text")
    return get_object_or_404(highlights, pk=pk)


def visible_counterargument(request, pk, *, related: bool = True) -> Counterargument:
    """The item if this reader may see it and its passage (visible_to is both rules);
    else 404. With its author, passage and article (without its text), or, for a caller
    that needs only the id (a vote: the service reads the row again under its lock),
    nothing else."""
    items = Counterargument.objects.visible_to(request.user)
    if related:
        items = items.select_related("author", "highlight__article").defer(
            "highlight__article__text"
        )
    else:
        items = items.only("pk")
    return get_object_or_404(items, pk=pk)


def _ordering(request) -> str:
    ordering = request.query_params.get("ordering", "best")
    if ordering not in ranking.ORDERINGS:
        message = _("Order by %(choices)s.") % {"choices": ", ".join(ranking.ORDERINGS)}
        raise ValidationError({"ordering": ValidationError(message, code="invalid_ordering")})
    return ordering


def _find(nodes, pk):
    for node in nodes:
        if node.item.pk == pk:
            return node
        found = _find(node.children, pk)
        if found is not None:
            return found
    return None


def _thread_node(request, ca: Counterargument):
    """The item's place in its passage's thread as this reader sees it (the same
    selector the reading page uses): their vote and the replies they can see."""
    roots = selectors.passage_thread(highlight=ca.highlight, user=request.user)
    return _find(roots, ca.pk)


def _items_response(request, paginator, listings, highlight: Highlight) -> Response:
    assert isinstance(paginator, RankedCursor)  # the views' pagination_class
    page = paginator.paginate_list(listings, request)
    links, user = Links(request), request.user
    data = [
        api_output.counterargument_item(
            listing.row,
            user=user,
            my_vote=listing.my_vote,
            replies=listing.replies,
            article_id=highlight.article_id,
            links=links,
        )
        for listing in page
    ]
    return paginator.get_paginated_response(data)


def _listing(node: selectors.ThreadItem) -> selectors.AnswerListing:
    return selectors.AnswerListing(
        selectors.AnswerRow.of(node.item), node.my_vote, len(node.children)
    )


def _item_data(request, ca: Counterargument, status_code=status.HTTP_200_OK) -> Response:
    node = _thread_node(request, ca)
    data = api_output.counterargument_item(
        selectors.AnswerRow.of(ca),
        user=request.user,
        my_vote=node.my_vote if node else 0,
        replies=len(node.children) if node else 0,
        article_id=ca.highlight.article_id,
        links=Links(request),
    )
    return Response(data, status=status_code)


class PassageCounterargumentsApi(generics.GenericAPIView):
    queryset = Highlight.objects.none()  # for the schema's path parameter type
    pagination_class = RankedCursor
    serializer_class = CounterargumentOutput

    @extend_schema(
        summary="A passage's answers",
        description="Top-level answers in the chosen order; replies are under each answer's "
        "`replies_url`.",
        parameters=[ORDERING_PARAMETER, CURSOR_PARAMETER],
        responses=CounterargumentOutput(many=True),
    )
    def get(self, request, pk):
        highlight = visible_highlight(request, pk, with_article=False)
        answers = selectors.passage_answers(
            highlight=highlight, user=request.user, ordering=_ordering(request)
        )
        return _items_response(request, self.paginator, answers, highlight)

    @extend_schema(
        summary="Answer a passage",
        request=CounterargumentInput,
        responses={201: CounterargumentOutput},
    )
    def post(self, request, pk):
        highlight = visible_highlight(request, pk)
        data = CounterargumentInput(data=request.data)
        data.is_valid(raise_exception=True)
        ca = services.counterargument_post(
            user=request.user, highlight=highlight, **data.validated_data
        )
        return _item_data(request, ca, status.HTTP_201_CREATED)


class CounterargumentDetailApi(generics.GenericAPIView):
    serializer_class = CounterargumentOutput

    @extend_schema(summary="An answer or a reply")
    def get(self, request, pk):
        return _item_data(request, visible_counterargument(request, pk))

    @extend_schema(
        summary="Edit one's own answer",
        description="Within 15 minutes freely; later with an “edited” mark, the previous "
        "version kept.",
        request=CounterargumentEditInput,
        responses=CounterargumentOutput,
    )
    def patch(self, request, pk):
        ca = visible_counterargument(request, pk)
        data = CounterargumentEditInput(data=request.data)
        data.is_valid(raise_exception=True)
        changes = data.validated_data
        ca = services.counterargument_edit(
            user=request.user,
            counterargument=ca,
            stance=changes.get("stance", ca.stance),
            body=changes.get("body", ca.body),
            sources=changes.get("sources", ca.sources),
        )
        return _item_data(request, ca)

    @extend_schema(
        summary="Remove one's own answer",
        description="It stays in the thread as a placeholder so replies keep their place.",
        request=None,
        responses={204: None},
    )
    def delete(self, request, pk):
        ca = visible_counterargument(request, pk)
        services.counterargument_remove(user=request.user, counterargument=ca)
        return Response(status=status.HTTP_204_NO_CONTENT)


class RepliesApi(generics.GenericAPIView):
    queryset = Counterargument.objects.none()  # for the schema's path parameter type
    pagination_class = RankedCursor
    serializer_class = CounterargumentOutput

    @extend_schema(
        summary="Direct replies to an answer, best first",
        parameters=[CURSOR_PARAMETER],
        responses=CounterargumentOutput(many=True),
    )
    def get(self, request, pk):
        parent = visible_counterargument(request, pk)
        node = _thread_node(request, parent)
        children = [_listing(child) for child in node.children] if node else []
        return _items_response(request, self.paginator, children, parent.highlight)

    @extend_schema(
        summary="Reply", request=CounterargumentInput, responses={201: CounterargumentOutput}
    )
    def post(self, request, pk):
        parent = visible_counterargument(request, pk)
        data = CounterargumentInput(data=request.data)
        data.is_valid(raise_exception=True)
        reply = services.reply_post(user=request.user, parent=parent, **data.validated_data)
        return _item_data(request, reply, status.HTTP_201_CREATED)


def _vote_response(ca: Counterargument, my_vote: int) -> Response:
    return Response(api_output.vote_item(ca, my_vote=my_vote))


class VoteApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="Vote up or down (idempotent)", request=VoteInput, responses=VoteOutput)
    def put(self, request, pk):
        ca = visible_counterargument(request, pk, related=False)
        data = VoteInput(data=request.data)
        data.is_valid(raise_exception=True)
        value = data.validated_data["value"]
        ca = services.vote_cast(user=request.user, counterargument=ca, value=value)
        return _vote_response(ca, value)  # the member's vote is now `value`, or it raised

    @extend_schema(
        summary="Take one's vote back (idempotent)", request=None, responses={200: VoteOutput}
    )
    def delete(self, request, pk):
        ca = visible_counterargument(request, pk, related=False)
        ca = services.vote_withdraw(user=request.user, counterargument=ca)
        return _vote_response(ca, 0)


class NotificationsApi(APIView):
    """A member's notifications. Suspended members read theirs too: a suspension stops
    writing to the debate, not hearing about it."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Your latest notifications, newest first",
        responses=NotificationOutput(many=True),
    )
    def get(self, request):
        items = selectors.notifications(request.user)
        return Response(NotificationOutput(items, many=True, context={"request": request}).data)


class NotificationsReadApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Mark your notifications read (all unread, or those with `ids`)",
        request=NotificationsReadInput,
        responses=NotificationsReadOutput,
    )
    def post(self, request):
        data = NotificationsReadInput(data=request.data)
        data.is_valid(raise_exception=True)
        marked = services.notifications_mark_read(
            user=request.user, ids=data.validated_data.get("ids")
        )
        return Response({"marked": marked})


# What the search query may be, as clean_query checks it: something besides spaces and
# control characters, at most MAX_QUERY characters.
_NO_CONTROL = r"\x00-\x1f\x7f-\x9f"
SEARCH_QUERY_PATTERN = rf"^[^{_NO_CONTROL}]*[^\s{_NO_CONTROL}][^{_NO_CONTROL}]*$"


def _choice(request, name: str, choices) -> str:
    value = request.query_params.get(name)
    if value is None:
        return ""
    if value not in choices:
        message = _("“%(name)s” is one of %(choices)s.") % {
            "name": name,
            "choices": ", ".join(choices),
        }
        raise ValidationError({name: ValidationError(message, code="invalid_choice")})
    return value


def _text(request, name: str, limit: int) -> str:
    value = request.query_params.get(name)
    if value is None:
        return ""
    if not value or len(value) > limit or "\x00" in value:
        message = _("Give “%(name)s” as 1 to %(limit)s characters, or leave it out.") % {
            "name": name,
            "limit": limit,
        }
        raise ValidationError({name: ValidationError(message, code="invalid")})
    return value


def _day(request, name: str) -> datetime.date | None:
    value = request.query_params.get(name)
    if value is None:
        return None
    try:
        if len(value) != 10:
            raise ValueError(value)
        return datetime.date.fromisoformat(value)
    except ValueError:
        message = _("Give “%(name)s” as a day, YYYY-MM-DD.") % {"name": name}
        raise ValidationError({name: ValidationError(message, code="invalid_date")}) from None


class SearchApi(generics.GenericAPIView):
    pagination_class = RankedCursor
    serializer_class = SearchHitOutput
    # Hits come from debates.search over three kinds, not from one queryset; drf-spectacular
    # asks a generic view for a model all the same (a warning under `check --deploy`).
    queryset = Counterargument.objects.none()

    @extend_schema(
        summary="Search articles, passages and answers",
        description="Every word of `q` must occur; Traditional and Simplified Chinese, "
        "full-width and half-width forms and letter case all match each other. Only what "
        "you may read is found (hidden passages and answers are found by their authors and "
        f"moderators only). At most {search.MAX_RESULTS} results of each kind, grouped by "
        "kind (articles, passages, answers), each kind in the chosen order.",
        parameters=[
            OpenApiParameter(
                "q",
                {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": search.MAX_QUERY,
                    "pattern": SEARCH_QUERY_PATTERN,
                },
                required=True,
                description="The words to find.",
            ),
            OpenApiParameter("kind", str, enum=SearchKind.values, description="Only this kind."),
            OpenApiParameter(
                "language", str, enum=Language.values, description="Only in this language."
            ),
            OpenApiParameter(
                "author",
                {"type": "string", "minLength": 1, "maxLength": 150, "pattern": NO_NUL},
                description="Only by this member (username): who imported the article, marked "
                "the passage, wrote the answer.",
            ),
            OpenApiParameter(
                "since", OpenApiTypes.DATE, description="Only created on or after this day."
            ),
            OpenApiParameter(
                "until", OpenApiTypes.DATE, description="Only created on or before this day."
            ),
            OpenApiParameter(
                "ordering",
                str,
                enum=SearchOrdering.values,
                description="relevance (the default: an article titled exactly so first, then "
                "the most matches) or newest.",
            ),
            CURSOR_PARAMETER,
        ],
        responses=SearchHitOutput(many=True),
    )
    def get(self, request):
        query = search.clean_query(request.query_params.get("q"))
        if not query:
            raise ValidationError(
                {"q": ValidationError(_("Give some words to search for."), code="required")}
            )
        results = search.search(
            user=request.user,
            query=query,
            kind=_choice(request, "kind", SearchKind.values),
            language=_choice(request, "language", Language.values),
            author=_text(request, "author", 150),
            since=_day(request, "since"),
            until=_day(request, "until"),
            ordering=_choice(request, "ordering", SearchOrdering.values)
            or SearchOrdering.RELEVANCE,
            limit=search.MAX_RESULTS,
        )
        paginator = self.paginator
        assert isinstance(paginator, RankedCursor)
        page = paginator.paginate_list(results.hits, request)
        data = SearchHitOutput(page, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)
