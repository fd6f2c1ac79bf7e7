"""Run jobs at the same moment, each on its own thread and so its own database
connection: how the concurrency tests reproduce many members writing at once."""

import threading

from django.db import connection


def run_together(jobs, *, timeout: float = 120):
    """Start every job at the same moment; return the exceptions they raised."""
    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            barrier.wait(timeout=30)
            job()
        except Exception as exc:  # reported by the test, not lost in the thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads), "a writer never finished"
    return errors
