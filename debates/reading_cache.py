"""The reading page's article body (the text with its marks) and its passage lists, the
part of the page that grows with the debate, rendered once per state of the article and
kept in the "reading" cache.

What the body and lists show is the same for every reader with the same view of the
article's passages, so an entry is keyed by:

* the article (its id and creation time, so a reused id never meets an old entry), its
  revision, content hash (the text) and paragraph kinds (which paragraphs are headings,
  list items or quotes: they change the markup, not the text),
* its reading version (``annotations.ReadingVersion``), which every write that changes
  the marks or lists raises in its own transaction: a new, deleted, re-anchored, hidden
  or restored passage, a changed answer count (an answer posted, removed, hidden or
  restored), a member's name; votes change neither the marks' heat nor the lists,
* the language (the lists' words), and
* the reader's view: "public", or, for a reader who also sees hidden passages (their own,
  or a moderator's all), the ids of those passages -- so moderators share one entry and
  everyone else shares the public one. What differs per reader on the page (the forms,
  the buttons, the panel) is rendered per request around the cached part.

The version is read before the passages, so an entry is never older than its key: a
write committing in between makes the stored body newer than its version, which only
readers racing that write can get.

Entries are never deleted: a write moves the key on and the old entry ages out. Stale
markup across deploys is ruled out by a hash of the template and the renderer in the
key."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from annotations import rendering
from annotations import selectors as annotation_selectors
from annotations.models import Article

from . import selectors

TEMPLATE = "debates/reading.html"
# A day: an entry that has not been read for that long is cheaper to render again.
TIMEOUT = 24 * 3600


def _markup_hash() -> str:
    sources = [
        Path(settings.BASE_DIR) / "templates" / TEMPLATE,
        Path(rendering.__file__),
    ]
    digest = hashlib.sha256()
    for source in sources:
        digest.update(source.read_bytes())
    return digest.hexdigest()[:12]


MARKUP = _markup_hash()


@dataclass(frozen=True)
class Fragments:
    body_html: SafeString
    lists_html: SafeString


def _key(article: Article, version: int, hidden_seen: list[int]) -> str:
    view = "public"
    if hidden_seen:
        view = hashlib.sha256(",".join(map(str, hidden_seen)).encode()).hexdigest()[:24]
    created = int(article.created.timestamp() * 1_000_000)
    kinds = hashlib.sha256(json.dumps(article.blocks or []).encode()).hexdigest()[:12]
    return (
        f"reading:{MARKUP}:{article.pk}:{created}:{article.revision}:"
        f"{article.content_hash[:16]}:{kinds}:{version}:{get_language()}:{view}"
    )


def reading_fragments(article: Article, user) -> Fragments:
    """The article body and passage lists this reader sees, from the cache when another
    reader with the same view has read this state of the article. A hit costs one query
    (the version; two for a signed-in reader), a miss the reading page's one more."""
    version = annotation_selectors.reading_version(article)
    hidden_seen = annotation_selectors.hidden_passages_seen(article, user)
    cache = caches["reading"]
    key = _key(article, version, hidden_seen)
    cached = cache.get(key)
    if cached is not None:
        body, lists = cached
        return Fragments(mark_safe(body), mark_safe(lists))
    page = selectors.reading_page(article, user)
    body = render_to_string(f"{TEMPLATE}#article-blocks", {"blocks": page.blocks})
    lists = render_to_string(
        f"{TEMPLATE}#passage-list-items",
        {"contested": page.contested, "passages": page.passages, "orphans": page.orphans},
    )
    cache.set(key, (str(body), str(lists)), TIMEOUT)
    return Fragments(mark_safe(body), mark_safe(lists))
