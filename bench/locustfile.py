"""The load test's traffic (run by bench/scale_bench.py; not on its own).

Every simulated user is its own member with its own API token (SCALE_BENCH_DATA, a JSON
file the driver writes): the per-member write limits (RATE_LIMITS) then apply to each
user as they would to a real member, and API reads are token-authenticated, so the
anonymous API throttle (API_ANON_RATE, per IP -- and every simulated user shares
127.0.0.1) does not turn the load test into a wall of 429s. Reading pages are anonymous.

The mix, per user action (weights): hot reading pages 20, cold 8, passage panels 15,
the article list (API) 12, a passage's answers (API) 15, health 3, votes 10, answers 2.
"""

from __future__ import annotations

import itertools
import json
import os
import random

from locust import HttpUser, between, task

DATA = json.loads(open(os.environ["SCALE_BENCH_DATA"]).read())  # noqa: SIM115
TOKENS = itertools.cycle(DATA["tokens"])


class Reader(HttpUser):
    wait_time = between(0.2, 1.5)

    def on_start(self):
        self.auth = {"Authorization": f"Token {next(TOKENS)}"}

    def _passage(self):
        # Skewed like the data: the busiest passages are read most.
        return DATA["passages"][int(len(DATA["passages"]) * random.random() ** 2)]

    @task(20)
    def hot_article(self):
        self.client.get(f"/articles/{random.choice(DATA['hot'])}/", name="page: hot article")

    @task(8)
    def cold_article(self):
        self.client.get(f"/articles/{random.choice(DATA['cold'])}/", name="page: cold article")

    @task(15)
    def passage_panel(self):
        article, passage = self._passage()
        self.client.get(f"/articles/{article}/passages/{passage}/", name="page: passage panel")

    @task(12)
    def api_articles(self):
        self.client.get("/api/v1/articles/", headers=self.auth, name="api: article list")

    @task(15)
    def api_answers(self):
        _, passage = self._passage()
        self.client.get(
            f"/api/v1/highlights/{passage}/counterarguments/",
            headers=self.auth,
            name="api: passage answers",
        )

    @task(3)
    def health(self):
        self.client.get("/api/health/", name="api: health")

    @task(10)
    def vote(self):
        answer = DATA["answers"][int(len(DATA["answers"]) * random.random() ** 2)]
        self.client.put(
            f"/api/v1/counterarguments/{answer}/vote/",
            json={"value": random.choice([1, 1, 1, -1])},
            headers=self.auth,
            name="api: vote",
        )

    @task(2)
    def answer(self):
        _, passage = self._passage()
        self.client.post(
            f"/api/v1/highlights/{passage}/counterarguments/",
            json={"stance": "qualifies", "body": f"Load test answer {random.random():.9f}."},
            headers=self.auth,
            name="api: answer",
        )
