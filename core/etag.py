"""ETag and 304 Not Modified on the API's reads.

The ETag is a hash of the response body (Django's ConditionalGetMiddleware), so it is
right by construction: it changes with every write that changes what this reader gets
(their own votes included), and a client revalidating with If-None-Match gets an empty
304 instead of the body. Only under /api/: the HTML pages carry per-session CSRF tokens.
"""

from django.middleware.http import ConditionalGetMiddleware


class ApiConditionalGetMiddleware(ConditionalGetMiddleware):
    def process_response(self, request, response):
        if not request.path.startswith("/api/"):
            return response
        return super().process_response(request, response)
