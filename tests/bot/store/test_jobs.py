"""The job queue on real databases: claims with the job, one taker per job, lost jobs run again."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from bot.store import Store
from bot.store.jobs import JobQueue


@pytest.fixture
def queue(db_url) -> JobQueue:
    return JobQueue(Store.open(db_url))


def test_jobs_are_taken_oldest_first_and_finished_without_their_payload(queue):
    first = queue.put("T1", "command", {"text": "first article"})
    second = queue.put("T1", "mention", {"text": "second"})
    assert queue.pending("T1") == 2 and queue.pending("T2") == 0
    job = queue.take("w1")
    assert (job.id, job.kind, job.payload, job.attempts) == (first, "command", {"text": "first article"}, 1)
    assert queue.take("w1").id == second
    assert queue.take("w1") is None
    queue.finish(first)
    queue.finish(second, error="RuntimeError: boom")
    assert queue.status(first) == ("done", 1, None)
    assert queue.status(second) == ("failed", 1, "RuntimeError: boom")
    assert queue.pending() == 0


def test_jobs_claim_keys_make_a_redelivered_event_queue_nothing(queue):
    keys = ["event:Ev1", "message:C1:1.0"]
    assert queue.put("T1", "mention", {"n": 1}, claim_keys=keys) is not None
    assert queue.put("T1", "mention", {"n": 2}, claim_keys=["event:Ev2", "message:C1:1.0"]) is None
    assert queue.pending() == 1  # the refused put left no job and no claim behind
    assert queue.put("T1", "mention", {"n": 3}, claim_keys=["event:Ev2"]) is not None


def test_jobs_each_job_is_taken_by_one_worker_only(queue):
    ids = {queue.put("T1", "command", {"n": n}) for n in range(30)}
    taken: dict[str, list[int]] = {}

    def work(name: str) -> None:
        mine = taken.setdefault(name, [])
        while (job := queue.take(name)) is not None:
            mine.append(job.id)
            queue.finish(job.id)

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    everything = [job_id for jobs in taken.values() for job_id in jobs]
    assert sorted(everything) == sorted(ids)  # every job once, none twice


def test_jobs_of_a_dead_worker_run_again_and_count_attempts(queue):
    job_id = queue.put("T1", "command", {"n": 1})
    assert queue.take("dead").id == job_id
    assert queue.take("other") is None  # running, not stale yet
    assert queue.requeue("dead") == 1
    again = queue.take("other")
    assert again.id == job_id and again.attempts == 2


def test_jobs_lost_running_job_is_taken_again_after_stale_time(db_url):
    store = Store.open(db_url)
    queue = JobQueue(store, stale_after=timedelta(0))
    job_id = queue.put("T1", "command", {})
    assert queue.take("vanished").id == job_id
    assert queue.take("next").attempts == 2


def test_jobs_purge_keeps_unfinished_jobs(queue):
    done = queue.put("T1", "command", {})
    queue.put("T1", "command", {})
    queue.finish(queue.take("w").id)
    assert queue.purge(timedelta(0)) == 1
    assert queue.status(done) is None and queue.pending() == 1


def test_jobs_oldest_waiting_job_age(queue):
    assert queue.oldest_waiting_seconds() is None
    queue.put("T1", "command", {})
    age = queue.oldest_waiting_seconds()
    assert age is not None and 0 <= age < 60
    queue.take("w")
    assert queue.oldest_waiting_seconds() is None  # taken jobs do not wait
