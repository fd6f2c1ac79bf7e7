"""Every bad input issue 11 lists for import by URL, made real against the test's local
HTTP server (pytest-httpserver). Only the server's own address (127.0.0.1/32) may be
reached, so a redirect to 127.0.0.2 is a redirect to a private address."""


def _unused_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _slow(httpserver, monkeypatch):
    import threading

    import httpx
    from werkzeug import Response

    from annotations import fetching

    release = threading.Event()

    def answer(request):
        release.wait(2)
        return Response("<p>Too late.</p>", content_type="text/html")

    monkeypatch.setattr(fetching, "TIMEOUT", httpx.Timeout(0.3))
    httpserver.expect_request("/slow").respond_with_handler(answer)
    return httpserver.url_for("/slow"), release


def _huge(httpserver):
    from werkzeug import Response

    def chunks():
        for _ in range(50):
            yield b"<p>" + b"x" * (1024 * 1024) + b"</p>"

    httpserver.expect_request("/huge").respond_with_response(
        Response(chunks(), content_type="text/html")
    )
    return httpserver.url_for("/huge")


def _serve(httpserver, path, body=b"", **kwargs):
    httpserver.expect_request(path).respond_with_data(body, **kwargs)
    return httpserver.url_for(path)


BAD_INPUTS = {
    "unreachable host": (lambda s: f"http://127.0.0.1:{_unused_port()}/", "couldn't connect"),
    "dns failure": (lambda s: "http://no-such-host.invalid/", "couldn't find the site"),
    "404": (lambda s: _serve(s, "/gone", b"no", status=404), "404"),
    "500": (lambda s: _serve(s, "/broken", b"no", status=500), "500"),
    "redirect loop": (
        lambda s: (
            _serve(s, "/b", status=302, headers={"Location": "/a"}),
            _serve(s, "/a", status=302, headers={"Location": "/b"}),
        )[1],
        "loop",
    ),
    "redirect to a private address": (
        lambda s: _serve(s, "/jump", status=302, headers={"Location": "http://127.0.0.2/in"}),
        "private network",
    ),
    "image": (lambda s: _serve(s, "/p.png", b"\x89PNG", content_type="image/png"), "image/png"),
    "pdf": (
        lambda s: _serve(s, "/d.pdf", b"%PDF-1.4", content_type="application/pdf"),
        "application/pdf",
    ),
    "50 MB page": (_huge, "larger than 5 MB"),
    "no extractable text": (
        lambda s: _serve(
            s, "/e", b"<html><body><nav>Home</nav></body></html>", content_type="text/html"
        ),
        "couldn't find the article's text",
    ),
    "credentials": (lambda s: "http://user:pass@example.org/", "password"),
    "file scheme": (lambda s: "file:///etc/passwd", "http://"),
    "ftp scheme": (lambda s: "ftp://example.org/a", "http://"),
    "gopher scheme": (lambda s: "gopher://example.org/", "http://"),
    "data scheme": (lambda s: "data:text/html,<p>hi</p>", "http://"),
    "idn host": (lambda s: "http://例え.jp/", "international"),
}


def serve(name, httpserver, settings, monkeypatch):
    """Yield (url, words the refusal says) for the bad input `name`, then clean up."""
    settings.IMPORT_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    if name == "timeout":
        url, release = _slow(httpserver, monkeypatch)
        yield url, "too long"
        release.set()
        return
    make, words = BAD_INPUTS[name]
    yield make(httpserver), words


CASES = [*BAD_INPUTS, "timeout"]
