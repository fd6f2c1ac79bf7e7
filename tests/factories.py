import itertools

import factory
from allauth.account.models import EmailAddress

from accounts.models import User
from annotations import services

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    display_name = factory.LazyAttribute(lambda u: u.username.title())
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


def make_article(*, user=None, text=None, title="An article", **extra):
    """An article created through the real import service."""
    user = user or UserFactory()
    text = text or "First paragraph about AI cost.\n\nSecond paragraph about energy."
    return services.article_import(user=user, title=title, text=text, **extra)


def make_passage(*, user, article=None, exact="AI cost"):
    """A passage marked through the real service, on the first occurrence of `exact`."""
    article = article or make_article(user=user)
    start = article.text.index(exact)
    return services.highlight_create(
        user=user, article=article, start=start, end=start + len(exact), exact=exact
    )


_words = itertools.count(1)


def make_counterargument(*, user, highlight, stance="refutes", body=None, sources=None):
    """An answer to a passage, posted through the real service. Each gets its own words
    unless told otherwise (the service refuses the same words twice in a row)."""
    from debates import services as debate_services

    body = body if body is not None else f"Not so, for reason {next(_words)}."

    return debate_services.counterargument_post(
        user=user, highlight=highlight, stance=stance, body=body, sources=sources
    )


def make_reply(*, user, parent, stance="qualifies", body=None, sources=None):
    """A reply, posted through the real service, with its own words unless told."""
    from debates import services as debate_services

    body = body if body is not None else f"Partly, for reason {next(_words)}."

    return debate_services.reply_post(
        user=user, parent=parent, stance=stance, body=body, sources=sources
    )


def bulk_debate(*, article, authors, passages: int, answers: int, replies_every: int = 3):
    """A busy debate written straight to the tables, for query-count tests and benchmarks
    (the services would take minutes): `passages` marks on the first paragraphs of
    `article` (one "Claim number N" per paragraph), each with `answers` counterarguments,
    every `replies_every`-th a reply to the one before, and up and down votes from the
    other authors. The derived columns (a passage's `answers`, an item's tallies) are set
    to what the rows say, as the services would."""
    from annotations import anchoring
    from annotations.models import Highlight
    from debates import markdown
    from debates.models import Counterargument, Stance, Vote

    text = article.text
    highlights = []
    for n in range(passages):
        exact = f"Claim number {n} "[:-1]
        start = text.index(exact + " ")
        end = start + len(exact)
        prefix, suffix = anchoring.context_for(text, start, end, width=Highlight.CONTEXT)
        highlights.append(
            Highlight(
                article=article,
                author=authors[n % len(authors)],
                exact=exact,
                prefix=prefix,
                suffix=suffix,
                start=start,
                end=end,
                revision=article.revision,
                answers=answers,
            )
        )
    highlights = Highlight.objects.bulk_create(highlights)
    stances = Stance.values
    body = "It is **not** that simple; see [the data](https://example.org/data)."
    html = markdown.render(body)
    tops, replies = [], []
    for highlight in highlights:
        for k in range(answers):
            ca = Counterargument(
                highlight=highlight,
                author=authors[(highlight.pk + k + 1) % len(authors)],
                stance=stances[k % len(stances)],
                body=body,
                body_html=html,
                sources=["https://example.org/data"],
            )
            (replies if k % replies_every == replies_every - 1 else tops).append(ca)
    tops = Counterargument.objects.bulk_create(tops)
    # Each reply answers the top-level item written just before it on the same passage.
    by_passage = {}
    for ca in tops:
        by_passage.setdefault(ca.highlight_id, []).append(ca)
    for n, reply in enumerate(replies):
        siblings = by_passage[reply.highlight_id]
        reply.parent = siblings[n % len(siblings)]
    replies = Counterargument.objects.bulk_create(replies)
    votes = []
    for n, ca in enumerate(tops + replies):
        voters = [a for a in authors if a.pk != ca.author_id][: 1 + n % 3]
        for m, voter in enumerate(voters):
            value = -1 if (n + m) % 4 == 0 else 1
            votes.append(Vote(user=voter, counterargument=ca, value=value))
            if value == 1:
                ca.upvotes += 1
            else:
                ca.downvotes += 1
    Vote.objects.bulk_create(votes, batch_size=2000)
    Counterargument.objects.bulk_update(tops + replies, ["upvotes", "downvotes"], batch_size=1000)
    return highlights
