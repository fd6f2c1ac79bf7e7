"""The API's anonymous read throttle, counting per client as core.clients defines it (DRF's
own reads X-Forwarded-For whatever NUM_PROXIES says, so a rotating header escaped it)."""

from __future__ import annotations

from rest_framework import throttling

from core.clients import client_key


class AnonRateThrottle(throttling.AnonRateThrottle):
    def get_ident(self, request) -> str:
        return client_key(request)
