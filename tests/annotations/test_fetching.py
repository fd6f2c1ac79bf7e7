"""Fetching a page for import by URL (annotations/fetching.py): real HTTP from a local
server (pytest-httpserver); every refused class with no network allowed."""

import pytest
from werkzeug import Response

from annotations.fetching import FetchFailed, fetch, parse_networks

LOCAL = parse_networks(["127.0.0.0/8"])
PAGE = "<html><head><title>T</title></head><body><p>Hello.</p></body></html>"


def fails(code, url, **kwargs):
    with pytest.raises(FetchFailed) as caught:
        fetch(url, **kwargs)
    assert caught.value.code == code, caught.value.message
    assert caught.value.message.endswith(".")
    return caught.value.message


def test_an_allowed_page_is_fetched_and_decoded_with_its_charset(httpserver):
    body = "<html><body><p>訓練</p></body></html>".encode("big5")
    httpserver.expect_request("/a").respond_with_data(body, content_type="text/html; charset=big5")
    fetched = fetch(httpserver.url_for("/a"), allowed_networks=LOCAL)
    assert fetched.format == "html"
    assert "訓練" in fetched.text


def test_the_charset_comes_from_a_meta_tag_when_the_header_has_none(httpserver):
    body = '<html><head><meta charset="gb18030"></head><body>训练</body></html>'
    httpserver.expect_request("/m").respond_with_data(
        body.encode("gb18030"), content_type="text/html"
    )
    assert "训练" in fetch(httpserver.url_for("/m"), allowed_networks=LOCAL).text


def test_redirects_are_followed_and_each_hop_is_checked(httpserver):
    httpserver.expect_request("/old").respond_with_data(
        "", status=301, headers={"Location": "/new"}
    )
    httpserver.expect_request("/new").respond_with_data(PAGE, content_type="text/html")
    fetched = fetch(httpserver.url_for("/old"), allowed_networks=LOCAL)
    assert fetched.url.endswith("/new")


def test_a_redirect_from_an_allowed_page_to_a_private_address_is_refused(httpserver):
    # Only the server's own address is allowed; the redirect goes to 127.0.0.2.
    httpserver.expect_request("/jump").respond_with_data(
        "", status=302, headers={"Location": "http://127.0.0.2/secret"}
    )
    only_this = parse_networks(["127.0.0.1/32"])
    fails("private_address", httpserver.url_for("/jump"), allowed_networks=only_this)


def test_a_redirect_loop_and_too_many_redirects_are_refused(httpserver):
    httpserver.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    fails("redirect_loop", httpserver.url_for("/a"), allowed_networks=LOCAL)
    for n in range(7):
        httpserver.expect_request(f"/r{n}").respond_with_data(
            "", status=302, headers={"Location": f"/r{n + 1}"}
        )
    fails("too_many_redirects", httpserver.url_for("/r0"), allowed_networks=LOCAL)


@pytest.mark.parametrize("status", [404, 500])
def test_an_error_from_the_site_is_refused(httpserver, status):
    httpserver.expect_request("/x").respond_with_data("no", status=status)
    assert str(status) in fails("http_error", httpserver.url_for("/x"), allowed_networks=LOCAL)


@pytest.mark.parametrize("content_type", ["image/png", "application/pdf"])
def test_an_image_or_a_pdf_is_refused(httpserver, content_type):
    httpserver.expect_request("/f").respond_with_data(b"\x89PNG....", content_type=content_type)
    fails("bad_content_type", httpserver.url_for("/f"), allowed_networks=LOCAL)


def test_a_page_over_the_cap_is_refused_while_streaming(httpserver):
    def chunks():
        for _ in range(60):
            yield b"<p>" + b"x" * (1024 * 1024) + b"</p>"

    httpserver.expect_request("/big").respond_with_response(
        Response(chunks(), content_type="text/html")  # no Content-Length: streamed
    )
    fails("too_big", httpserver.url_for("/big"), allowed_networks=LOCAL)


def test_a_declared_length_over_the_cap_is_refused(httpserver):
    httpserver.expect_request("/big").respond_with_data("x" * 2000, content_type="text/html")
    fails("too_big", httpserver.url_for("/big"), allowed_networks=LOCAL, max_bytes=1000)


def test_an_unreachable_host_and_a_dns_failure_are_refused(httpserver):
    url = httpserver.url_for("/")
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    httpserver.stop()
    try:
        fails("unreachable", f"http://127.0.0.1:{port}/", allowed_networks=LOCAL)
    finally:
        httpserver.start()
    fails("dns", "http://no-such-host.invalid/")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://localhost/",  # a name that resolves to a loopback address
        "http://10.0.0.1/",
        "http://192.168.1.1/",
        "http://172.16.0.1/",
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata
        "http://224.0.0.1/",  # multicast
        "http://240.0.0.1/",  # reserved
        "http://0.0.0.0/",
        "http://[::1]/",
        "http://[fe80::1]/",
        "http://[fc00::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::]/",
    ],
)
def test_private_and_special_addresses_are_refused_with_no_network_allowed(url):
    fails("private_address", url)


def test_a_hostname_resolving_to_a_private_address_is_refused_and_none_is_asked_twice():
    asked = []

    def resolver(host, port):
        asked.append(host)
        return ["93.184.215.14", "10.0.0.7"]  # one public, one private: refused

    fails("private_address", "http://example.test/", resolver=resolver)
    assert asked == ["example.test"]


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("file:///etc/passwd", "bad_scheme"),
        ("ftp://example.org/a", "bad_scheme"),
        ("gopher://example.org/", "bad_scheme"),
        ("data:text/html,<p>hi</p>", "bad_scheme"),
        ("http://user:pass@example.org/", "credentials"),
        ("http://例え.jp/", "idn_host"),
        ("http://xn--r8jz45g.jp/", "idn_host"),
        ("not a url", "bad_scheme"),
    ],
)
def test_bad_urls_are_refused_before_any_lookup(url, code):
    def resolver(host, port):
        raise AssertionError("no lookup for a refused URL")

    fails(code, url, resolver=resolver)


def test_a_timeout_is_refused(httpserver):
    import threading

    release = threading.Event()

    def slow(request):
        release.wait(2)
        return Response(PAGE, content_type="text/html")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    import httpx

    try:
        fails(
            "timeout",
            httpserver.url_for("/slow"),
            allowed_networks=LOCAL,
            timeout=httpx.Timeout(0.3),
        )
    finally:
        release.set()


@pytest.mark.parametrize(
    "location",
    ["http://127.0.0.1/admin", "http://localhost:8000/", "http://[::1]/", "http://inside.test/"],
)
def test_a_redirect_from_a_public_page_to_loopback_is_refused_with_no_network_allowed(location):
    # The public site is a stand-in (outbound HTTP is what tests may mock); the hop to the
    # loopback address is refused before any connection to it is made.
    import httpx

    asked = []

    def resolver(host, port):
        asked.append(host)
        return {"news.test": ["93.184.215.14"], "localhost": ["127.0.0.1"]}.get(host, ["127.0.0.1"])

    def site(request):
        assert request.url.host == "93.184.215.14", "only the checked public address is asked"
        assert request.headers["host"] == "news.test"
        return httpx.Response(302, headers={"Location": location})

    fails(
        "private_address",
        "http://news.test/story",
        resolver=resolver,
        transport=httpx.MockTransport(site),
    )
    assert asked[0] == "news.test"
