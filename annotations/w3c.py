"""W3C Web Annotation (JSON-LD) for passages: a highlight as an `Annotation` whose target
carries both a TextQuoteSelector and a TextPositionSelector, and back.

https://www.w3.org/TR/annotation-model/ — positions count characters (code points), the
same unit as our offsets, so no conversion is needed here."""

from __future__ import annotations

from typing import Any

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
MEDIA_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'


class InvalidAnnotation(ValueError):
    """The JSON is not a W3C annotation we can anchor; the message says why."""


def to_annotation(
    highlight,
    *,
    id: str,
    source: str,
    creator: str | None = None,
    motivation: str = "highlighting",
) -> dict[str, Any]:
    """A W3C Annotation for a highlight. `id`, `source` and `creator` are absolute IRIs."""
    annotation: dict[str, Any] = {
        "@context": CONTEXT,
        "id": id,
        "type": "Annotation",
        "motivation": motivation,
        "created": highlight.created.isoformat(timespec="seconds"),
        "target": {
            "source": source,
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": highlight.exact,
                    "prefix": highlight.prefix,
                    "suffix": highlight.suffix,
                },
                {"type": "TextPositionSelector", "start": highlight.start, "end": highlight.end},
            ],
        },
    }
    if creator:
        annotation["creator"] = {
            "id": creator,
            "type": "Person",
            "nickname": highlight.author.public_name,
        }
    return annotation


def _selectors(target: Any) -> list[dict]:
    if isinstance(target, list):
        if len(target) != 1:
            raise InvalidAnnotation("The annotation must have exactly one target.")
        target = target[0]
    if not isinstance(target, dict):
        raise InvalidAnnotation("The annotation's target must be an object with selectors.")
    selector = target.get("selector")
    if isinstance(selector, dict):
        selector = [selector]
    if not isinstance(selector, list) or not all(isinstance(s, dict) for s in selector):
        raise InvalidAnnotation("The annotation's target has no selector.")
    return selector


def selectors_from(annotation: Any) -> dict[str, Any]:
    """exact, prefix, suffix, start, end (start/end None when there is no position
    selector) and the target's source, from a W3C annotation."""
    if not isinstance(annotation, dict):
        raise InvalidAnnotation("A W3C annotation is a JSON object.")
    kind = annotation.get("type")
    if kind != "Annotation" and not (isinstance(kind, list) and "Annotation" in kind):
        raise InvalidAnnotation('The JSON\'s "type" must be "Annotation".')
    target = annotation.get("target")
    selectors = _selectors(target)
    quote = next((s for s in selectors if s.get("type") == "TextQuoteSelector"), None)
    position = next((s for s in selectors if s.get("type") == "TextPositionSelector"), None)
    if quote is None:
        raise InvalidAnnotation("The annotation needs a TextQuoteSelector with the exact words.")
    exact, prefix, suffix = quote.get("exact"), quote.get("prefix", ""), quote.get("suffix", "")
    if not isinstance(exact, str) or not exact.strip():
        raise InvalidAnnotation("The TextQuoteSelector's exact words are missing.")
    if not isinstance(prefix, str) or not isinstance(suffix, str):
        raise InvalidAnnotation("The TextQuoteSelector's prefix and suffix must be text.")
    start = end = None
    if position is not None:
        start, end = position.get("start"), position.get("end")
        if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in (start, end)):
            raise InvalidAnnotation("The TextPositionSelector needs whole numbers start and end.")
    source = target[0].get("source") if isinstance(target, list) else target.get("source")
    return {
        "exact": exact,
        "prefix": prefix,
        "suffix": suffix,
        "start": start,
        "end": end,
        "source": source if isinstance(source, str) else "",
    }


LDP_CONTEXT = "http://www.w3.org/ns/ldp.jsonld"
# The Web Annotation Protocol's headers for a container and for one annotation.
CONTAINER_LINKS = (
    '<http://www.w3.org/ns/ldp#BasicContainer>; rel="type", '
    '<http://www.w3.org/TR/annotation-protocol/>; rel="http://www.w3.org/ns/ldp#constrainedBy"'
)
ANNOTATION_LINKS = '<http://www.w3.org/ns/ldp#Resource>; rel="type"'


def reply_annotation(
    *,
    id: str,
    target: str,
    body: str,
    stance: str,
    created: str,
    modified: str | None = None,
    creator: str | None = None,
    nickname: str = "",
    sources: list[str] | tuple[()] = (),
    language: str = "",
) -> dict[str, Any]:
    """An answer as a W3C Annotation: motivation `replying`, its target the IRI of the
    annotation it answers, its text a Markdown TextualBody, its stance a tag and its
    sources linked resources. Every IRI passed in is absolute and percent-encoded."""
    text_body: dict[str, Any] = {
        "type": "TextualBody",
        "value": body,
        "format": "text/markdown",
        "purpose": "replying",
    }
    if language:
        text_body["language"] = language
    bodies: list[dict[str, Any]] = [
        text_body,
        {"type": "TextualBody", "value": stance, "purpose": "tagging"},
        # A purpose is only allowed on a SpecificResource, not on a bare web resource.
        *(
            {"type": "SpecificResource", "source": source, "purpose": "linking"}
            for source in sources
        ),
    ]
    annotation: dict[str, Any] = {
        "@context": CONTEXT,
        "id": id,
        "type": "Annotation",
        "motivation": "replying",
        "created": created,
        "body": bodies,
        "target": target,
    }
    if modified:
        annotation["modified"] = modified
    if creator:
        annotation["creator"] = {"id": creator, "type": "Person", "nickname": nickname}
    return annotation


def page(
    *,
    id: str,
    part_of: dict[str, Any],
    start_index: int,
    items: list[dict[str, Any]],
    next: str | None = None,
    prev: str | None = None,
    embedded: bool = False,
) -> dict[str, Any]:
    """An AnnotationPage. Embedded in its collection it carries no @context of its own."""
    result: dict[str, Any] = {} if embedded else {"@context": CONTEXT}
    result.update(id=id, type="AnnotationPage", partOf=part_of, startIndex=start_index)
    if next:
        result["next"] = next
    if prev:
        result["prev"] = prev
    # Items keep their own @context: each stays a complete Annotation when taken alone.
    result["items"] = items
    return result


def collection(
    *, id: str, label: str, total: int, first: dict[str, Any] | None, last: str | None
) -> dict[str, Any]:
    """An AnnotationCollection, which is also the protocol's LDP BasicContainer."""
    result: dict[str, Any] = {
        "@context": [CONTEXT, LDP_CONTEXT],
        "id": id,
        "type": ["BasicContainer", "AnnotationCollection"],
        "label": label,
        "total": total,
    }
    if first is not None:
        result["first"] = first
    if last:
        result["last"] = last
    return result
