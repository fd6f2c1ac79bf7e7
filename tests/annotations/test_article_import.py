"""Importing an article: the service, the two-step HTML flow (source → preview/trim →
save), the management command, every bad input, and the real seed pages."""

import io
import json
import re

import pytest
import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils.html import escape

from annotations import cleaning, importers, services
from annotations.forms import REMOVAL_LABELS
from annotations.models import Article
from tests.factories import make_article
from tests.seeds import SEED_003, check_seed_000, seeds_dir

pytestmark = pytest.mark.django_db

SEEDS = seeds_dir()
MARKDOWN = b"""---
title: "Cheaper every year"
date: 2025-02-10
source: https://example.org/cheaper
---

The cost of AI *falls* tenfold a year, they say.

Is that a [law](https://example.org/law) or a trend?
"""
HTML = b"""<!doctype html><html><head><title>Energy and food</title></head><body>
<nav><a href="/">Home</a> | <a href="/tech">Tech</a> | NAVIGATION-JUNK</nav>
<article><h1>Energy and food</h1>
<p>Training a person takes twenty years of food, the argument goes, so the energy used by
AI should be judged against that. The comparison is clever but misleading in many ways.</p>
<p>A person eats to live first and to learn second; a data centre spends every kilowatt
hour on computation alone, which makes the two ledgers very different things.</p>
<p>Inference keeps consuming energy with every question asked, long after training ends,
and grows with the number of users rather than shrinking over time.</p>
</article>
<aside class="related"><h3>Related</h3><ul><li><a href="/x">RELATED-JUNK one</a></li></ul></aside>
<div class="ad">ADVERT-JUNK buy now</div>
</body></html>"""


def post_source(client, **data):
    data.setdefault("format", "auto")
    data.setdefault("pasted", "")
    return client.post("/articles/import/", {"step": "source", **data})


def post_preview(client, context, action="save", **changes):
    form = context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    if "keep" in form.fields:
        data["keep"] = form["keep"].value() or []  # several hidden inputs, or none
    if not isinstance(form["blocks"].value(), str):  # the JSON the hidden input holds
        data["blocks"] = json.dumps(form["blocks"].value())
    data.update(changes)
    return client.post("/articles/import/", {"step": "preview", "action": action, **data})


# --- the service ---------------------------------------------------------------------


def test_the_service_stores_canonical_text_with_its_hash(alice):
    article = services.article_import(user=alice, title=" A  title ", text="One\r\n\r\n\r\nTwo ")
    assert article.text == "One\n\nTwo"
    assert article.title == "A title"
    assert article.content_hash == Article.hash_text("One\n\nTwo")
    assert article.revision == 1
    assert article.imported_by == alice


def test_the_service_guesses_the_language(alice):
    article = services.article_import(user=alice, title="t", text="人工智能的价格每年下降九成。")
    assert article.language == "zh-hans"


def test_the_service_refuses_anonymous_members(db):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services.article_import(user=AnonymousUser(), title="t", text="x")
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        pytest.param("", "empty", id="empty"),
        pytest.param(" \n\n\t ", "empty", id="whitespace"),
        pytest.param("x" * 200_001, "too_long", id="over-200000"),
    ],
)
def test_the_service_refuses_bad_text(alice, text, code):
    with pytest.raises(ValidationError) as caught:
        services.article_import(user=alice, title="t", text=text)
    assert caught.value.code == code
    assert not Article.objects.exists()


def test_exactly_200000_characters_is_allowed(alice):
    article = services.article_import(user=alice, title="t", text="字" * 200_000)
    assert len(article.text) == 200_000


def test_a_duplicate_text_is_refused_with_the_existing_article(alice, bob):
    first = make_article(user=alice, text="Same words.")
    with pytest.raises(services.DuplicateArticle) as caught:
        services.article_import(user=bob, title="Again", text="Same words.\n")
    assert caught.value.article == first
    assert Article.objects.count() == 1


def test_a_duplicate_source_url_is_refused(alice):
    first = make_article(user=alice, text="One.", source_url="https://example.org/a")
    with pytest.raises(services.DuplicateArticle) as caught:
        services.article_import(
            user=alice, title="t", text="Other.", source_url="https://example.org/a"
        )
    assert caught.value.article == first


# --- the HTML flow -------------------------------------------------------------------


def test_importing_needs_signing_in(client):
    response = client.get("/articles/import/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_pasted_text_goes_through_preview_and_trim_to_a_saved_article(alice_client, alice):
    pasted = (
        "Menu | Home | Login\n\nThe real title\n\nFirst real paragraph.\n\n"
        "Second one.\n\nRelated: junk"
    )
    response = post_source(alice_client, pasted=pasted, format="plain")
    assert response.status_code == 200
    assert response.context["step"] == "preview"
    assert [p["number"] for p in response.context["paragraphs"]] == [1, 2, 3, 4, 5]
    assert not Article.objects.exists()  # nothing is stored before the member saves

    trimmed = post_preview(alice_client, response.context, action="preview", first=2, last=4)
    assert trimmed.status_code == 200
    kept = [p["kept"] for p in trimmed.context["paragraphs"]]
    assert kept == [False, True, True, True, False]
    assert not Article.objects.exists()

    saved = post_preview(alice_client, trimmed.context, title="The real title", first=2, last=4)
    article = Article.objects.get()
    assert saved.status_code == 302
    assert saved.url == f"/articles/{article.pk}/"
    assert article.text == "The real title\n\nFirst real paragraph.\n\nSecond one."
    assert article.imported_by == alice


def test_a_markdown_upload_fills_the_preview_from_its_front_matter(alice_client):
    upload = SimpleUploadedFile("cheaper.md", MARKDOWN, content_type="text/markdown")
    response = alice_client.post(
        "/articles/import/", {"step": "source", "format": "auto", "file": upload}
    )
    form = response.context["form"]
    assert form["title"].value() == "Cheaper every year"
    assert form["source_url"].value() == "https://example.org/cheaper"
    assert str(form["published"].value()) == "2025-02-10"
    post_preview(alice_client, response.context)
    article = Article.objects.get()
    assert article.text == (
        "The cost of AI falls tenfold a year, they say.\n\nIs that a law or a trend?"
    )


def test_an_html_page_keeps_the_article_and_drops_navigation_related_and_ads(alice_client):
    upload = SimpleUploadedFile("page.html", HTML, content_type="text/html")
    response = alice_client.post(
        "/articles/import/", {"step": "source", "format": "auto", "file": upload}
    )
    assert response.status_code == 200
    text = response.context["form"]["text"].value()
    assert "twenty years of food" in text
    assert "Inference keeps consuming energy" in text
    for junk in ("NAVIGATION-JUNK", "RELATED-JUNK", "ADVERT-JUNK"):
        assert junk not in text


def test_pasted_html_is_recognised(alice_client):
    response = post_source(alice_client, pasted=HTML.decode())
    assert "twenty years of food" in response.context["form"]["text"].value()


def test_a_plain_text_file_is_imported(alice_client):
    upload = SimpleUploadedFile(
        "notes.txt", "第一段。\n\n第二段。".encode(), content_type="text/plain"
    )
    response = alice_client.post(
        "/articles/import/", {"step": "source", "format": "auto", "file": upload}
    )
    assert response.context["form"]["text"].value() == "第一段。\n\n第二段。"
    assert response.context["form"]["language"].value() == "zh-hans"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        pytest.param(("empty.txt", b""), "no text", id="empty-file"),
        pytest.param(("blank.txt", b"  \n\n  "), "no text", id="whitespace-file"),
        pytest.param(("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "", id="binary"),
        pytest.param(("binary.txt", b"\x00\x01\x02\x03binary"), "", id="binary-as-txt"),
        pytest.param(("latin1.txt", "café au lait".encode("latin-1")), "UTF-8", id="not-utf8"),
        pytest.param(
            ("empty.html", b"<html><body><nav>Home</nav></body></html>"), "", id="html-no-text"
        ),
        pytest.param(("report.pdf", b"%PDF-1.4 some text"), "", id="unknown-type"),
        pytest.param(
            ("bad.md", b"---\ntitle: [unclosed\n---\nBody."), "YAML", id="bad-front-matter"
        ),
        pytest.param(("huge.txt", b"x" * 200_001), "200,000", id="too-long"),
    ],
)
def test_a_bad_upload_gets_a_clear_message_and_stores_nothing(alice_client, upload, message):
    name, data = upload
    response = alice_client.post(
        "/articles/import/",
        {"step": "source", "format": "auto", "file": SimpleUploadedFile(name, data)},
    )
    assert response.status_code == 422
    errors = response.context["form"].non_field_errors()
    assert errors
    assert message in errors[0]
    assert not Article.objects.exists()


def test_empty_pasted_text_is_refused(alice_client):
    response = post_source(alice_client, pasted="   ")
    assert response.status_code == 422
    assert "The article has no text." in response.context["form"].non_field_errors()


def test_a_duplicate_is_refused_at_save_with_a_link_to_the_existing_article(alice_client, alice):
    existing = make_article(user=alice, text="Already here.")
    response = post_source(alice_client, pasted="Already here.", format="plain")
    saved = post_preview(alice_client, response.context, title="Again")
    assert saved.status_code == 409
    assert f'href="/articles/{existing.pk}/"' in saved.text
    assert Article.objects.count() == 1


def test_a_paste_over_the_article_limit_keeps_the_text_and_says_the_limit(alice_client):
    pasted = "字" * (importers.MAX_CHARS + 1)
    response = post_source(alice_client, pasted=pasted, format="plain")
    assert response.status_code == 422
    form = response.context["form"]
    assert "200,000" in str(form.non_field_errors()) + str(form.errors)
    assert form["pasted"].value() == pasted
    assert Article.objects.count() == 0


def test_a_paste_over_the_request_limit_is_a_sentence_in_the_form_not_a_400_page(
    alice_client, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = post_source(alice_client, pasted="x" * 20_000, format="plain")
    assert response.status_code == 413
    assert response.templates[0].name == "annotations/import.html"
    assert "too large to send" in str(response.context["form"].errors["pasted"])
    assert Article.objects.count() == 0


def test_the_paste_box_tells_the_page_script_the_request_limit(alice_client, settings):
    response = alice_client.get("/articles/import/")
    box = response.context["form"]["pasted"]
    assert str(settings.DATA_UPLOAD_MAX_MEMORY_SIZE - 64 * 1024) in str(box)
    assert "data-too-large=" in str(box)


def test_a_text_already_here_is_reported_at_preview_with_a_link(alice_client, alice):
    pasted = "The real title\n\nFirst real paragraph.\n\nSecond one."
    first = post_source(alice_client, pasted=pasted, format="plain")
    assert first.context["duplicate"] is None
    saved = post_preview(alice_client, first.context, title="The real title")
    assert saved.status_code == 302
    existing = Article.objects.get()
    again = post_source(alice_client, pasted=pasted, format="plain")
    assert again.context["duplicate"] == existing
    assert existing.get_absolute_url() in again.content.decode()


def test_a_reversed_trim_is_refused(alice_client):
    response = post_source(alice_client, pasted="A.\n\nB.\n\nC.", format="plain")
    saved = post_preview(alice_client, response.context, title="t", first=3, last=1)
    assert saved.status_code == 422
    assert saved.context["form"].errors["last"]
    assert not Article.objects.exists()


def test_a_trim_past_the_end_is_refused(alice_client):
    response = post_source(alice_client, pasted="A.\n\nB.", format="plain")
    saved = post_preview(alice_client, response.context, title="t", first=1, last=9)
    assert saved.status_code == 422
    assert not Article.objects.exists()


def test_saving_without_a_title_is_refused(alice_client):
    response = post_source(alice_client, pasted="A.\n\nB.", format="plain")
    saved = post_preview(alice_client, response.context, title="")
    assert saved.status_code == 422
    assert saved.context["form"].errors["title"]
    assert not Article.objects.exists()


def test_a_preview_whose_text_was_emptied_is_refused(alice_client):
    response = post_source(alice_client, pasted="A.", format="plain")
    saved = post_preview(alice_client, response.context, title="t", text="  ")
    assert saved.status_code == 422
    assert not Article.objects.exists()


# --- the management command ----------------------------------------------------------


def test_the_command_imports_files_and_prints_what_it_created(tmp_path, alice):
    path = tmp_path / "cheaper.md"
    path.write_bytes(MARKDOWN)
    out = io.StringIO()
    call_command("import_article", str(path), "--user", "alice", stdout=out)
    article = Article.objects.get()
    assert article.title == "Cheaper every year"
    assert f"created article {article.pk}" in out.getvalue()
    assert "Cheaper every year" in out.getvalue()


def test_the_command_reports_bad_files_and_fails(tmp_path, alice):
    good = tmp_path / "good.txt"
    good.write_text("Good text.\n\nMore.")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF")
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 of 2"):
        call_command(
            "import_article",
            str(good),
            str(bad),
            "--user",
            "alice",
            stderr=err,
            stdout=io.StringIO(),
        )
    assert "bad.pdf" in err.getvalue()
    assert Article.objects.count() == 1


def test_the_command_refuses_an_unknown_member(tmp_path, db):
    path = tmp_path / "a.txt"
    path.write_text("Text.")
    with pytest.raises(CommandError, match="No member"):
        call_command("import_article", str(path), "--user", "ghost")


# --- the real seed pages --------------------------------------------------------------

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"{SEEDS} is not there")


@needs_seeds
def test_the_markdown_seed_gets_its_front_matter_title_and_body(tmp_path, alice):
    path = SEEDS / "003_46da49157f37382e.txt"
    raw = path.read_text(encoding="utf-8")
    _, front, body = raw.split("---", 2)
    expected_title = yaml.safe_load(front)["title"]
    first_line = body.strip().splitlines()[0].strip()
    call_command("import_article", str(path), "--user", "alice", stdout=io.StringIO())
    article = Article.objects.get()
    assert article.title == expected_title
    assert article.language == "zh-hans"
    assert first_line.startswith(article.text[:30])
    assert "title:" not in article.text


@needs_seeds
@pytest.mark.parametrize("how", ["file", "paste"])
def test_the_scraped_seed_is_cleaned_and_each_removal_can_be_kept(alice_client, how):
    path = SEEDS / "000_a5bbe538e2f41d8b.txt"
    if how == "file":
        source = {"file": SimpleUploadedFile(path.name, path.read_bytes())}
    else:
        source = {"pasted": path.read_text(encoding="utf-8")}
    response = alice_client.post(
        "/articles/import/", {"step": "source", "format": "auto", **source}
    )
    assert response.status_code == 200
    form = response.context["form"]
    paragraphs = [p["text"] for p in response.context["paragraphs"]]
    check_seed_000(form["title"].value(), form["author"].value(), paragraphs)
    removals = {r["kind"]: r for r in response.context["removals"]}
    expected = {"spam", "breadcrumb", "counter", "byline", "gloss", "markup", "related"}
    assert expected <= set(removals)
    html = response.content.decode()
    assert 'value="keep:byline"' in html
    for line in removals["footer"]["lines"][:3]:
        assert line in html  # each removed line is shown
    for text, spot in removals["markup"]["spots"]:
        assert spot.endswith("/p>")
        assert f'{escape(text)}<mark class="spot">{escape(spot)}</mark>' in html  # marked

    # One click keeps the bylines; the other removals stay, and the list says it is kept.
    kept = post_preview(alice_client, response.context, action="keep:byline")
    assert kept.status_code == 200
    assert kept.context["paragraphs"][0]["text"].startswith("作者|")
    assert next(r for r in kept.context["removals"] if r["kind"] == "byline")["kept"]
    assert 'value="drop:byline"' in kept.content.decode()
    assert Article.objects.count() == 0

    saved = post_preview(alice_client, kept.context)
    assert saved.status_code == 302
    article = Article.objects.get()
    assert article.text.startswith("作者|")
    assert article.author == "樺林舞王"
    assert "相關推薦" not in article.text
    assert article.text == importers.canonicalize(article.text)


def test_a_forged_keep_action_is_ignored(alice_client):
    source = {"step": "source", "format": "auto", "pasted": "One.\n\nTwo."}
    response = alice_client.post("/articles/import/", source)
    posted = post_preview(alice_client, response.context, action="keep:nonsense")
    assert posted.status_code == 200
    assert Article.objects.count() == 0


PAGE_WITH_AD = """<html lang="en"><head><title>Harbour tolls rise</title></head><body><article>
<h1>Harbour tolls rise</h1>
<p>The harbour authority announced on Tuesday that tolls will rise by twelve percent.</p>
<p>Advertisement</p>
<p>Read more: A bridge closes for repairs</p>
<p>Shipping companies asked the council to wait for the public hearing next month.</p>
</article></body></html>"""


def test_ads_left_inside_an_html_story_are_listed_and_can_be_kept(alice_client):
    response = alice_client.post(
        "/articles/import/", {"step": "source", "format": "auto", "pasted": PAGE_WITH_AD}
    )
    assert response.status_code == 200
    texts = [p["text"] for p in response.context["paragraphs"]]
    assert "Advertisement" not in texts
    removals = {r["kind"]: r["lines"] for r in response.context["removals"]}
    assert removals["promo"] == ("Advertisement", "Read more: A bridge closes for repairs")

    kept = post_preview(alice_client, response.context, action="keep:promo")
    assert kept.status_code == 200
    assert [p["text"] for p in kept.context["paragraphs"]][1] == "Advertisement"
    saved = post_preview(alice_client, kept.context)
    assert saved.status_code == 302
    assert "Advertisement" in Article.objects.get().text


def test_every_kind_of_removal_has_a_label_in_the_preview():
    assert set(REMOVAL_LABELS) == set(cleaning.KINDS)


@needs_seeds
def test_the_scraped_seed_saved_as_is_meets_the_acceptance(alice_client):
    raw = (SEEDS / "000_a5bbe538e2f41d8b.txt").read_text(encoding="utf-8")
    response = post_source(alice_client, pasted=raw)
    saved = post_preview(alice_client, response.context)
    assert saved.status_code == 302
    article = Article.objects.get()
    check_seed_000(article.title, article.author, importers.paragraphs(article.text))
    assert article.language == "zh-hant"


@needs_seeds
@pytest.mark.parametrize("how", ["file", "paste"])
def test_the_markdown_seed_gets_its_source_url_and_no_qq_paragraph(alice_client, how):
    path = SEEDS / SEED_003
    link = re.findall(r"^\[qq\]\((https?://[^)]+)\)$", path.read_text("utf-8"), re.M)[-1]
    if how == "file":
        source = {"file": SimpleUploadedFile(path.name, path.read_bytes())}
    else:
        source = {"pasted": path.read_text(encoding="utf-8")}
    response = post_source(alice_client, **source)
    assert response.status_code == 200
    assert response.context["form"]["source_url"].value() == link
    assert "qq" not in [p["text"] for p in response.context["paragraphs"]]
    saved = post_preview(alice_client, response.context)
    assert saved.status_code == 302
    article = Article.objects.get()
    assert article.source_url == link
    assert importers.paragraphs(article.text)[-1] != "qq"


@pytest.mark.parametrize(
    ("pasted", "first", "title"),
    [
        pytest.param(
            "Home\n\nHarbour tolls rise\n\nThe authority said so.\n\nMore words here.",
            "2",
            "Harbour tolls rise",
            id="junk-trimmed-headline-kept",
        ),
        pytest.param(
            "Home\n\nHarbour tolls rise\n\nThe authority said so.\n\nMore words here.",
            "3",
            "Harbour tolls rise",
            id="trimmed-just-after-the-headline",
        ),
        pytest.param(
            "Harbour tolls rise\n\nThe authority said so.\n\nMore words here.",
            "2",
            "Harbour tolls rise",
            id="headline-trimmed-off-the-text-stays-the-title",
        ),
    ],
)
def test_the_title_is_guessed_again_after_the_member_trims(alice_client, pasted, first, title):
    response = post_source(alice_client, pasted=pasted)
    updated = post_preview(alice_client, response.context, action="preview", first=first)
    assert updated.status_code == 200
    assert updated.context["form"]["title"].value() == title
    assert Article.objects.count() == 0


def test_a_title_the_member_typed_stays_after_a_trim(alice_client):
    response = post_source(
        alice_client, pasted="Home\n\nHarbour tolls rise\n\nThe authority said so."
    )
    updated = post_preview(
        alice_client, response.context, action="preview", first="2", title="My own title"
    )
    assert updated.context["form"]["title"].value() == "My own title"
