"""The idempotency claim (``core.services._claim``): one ``INSERT ... ON CONFLICT DO NOTHING``; a
second claim of a key waits for the first's transaction and then knows whether the key was kept."""

import threading
import time
import uuid

import pytest
from django.db import connection, transaction

from mahalleh.core.models import IdempotencyKey
from mahalleh.core.services import _claim


@pytest.mark.django_db
def test_a_new_key_is_claimed_once():
    key = uuid.uuid4()
    first = _claim(key, None)
    assert first is not None and IdempotencyKey.objects.get(pk=first).key == key
    assert _claim(key, None) is None
    assert IdempotencyKey.objects.filter(key=key).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL; SQLite's in-memory test database serializes them")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("first_commits", [True, False])
def test_a_racing_claim_waits_for_the_first_and_sees_its_outcome(first_commits):
    key = uuid.uuid4()
    claimed, release = threading.Event(), threading.Event()
    seen: dict[str, object] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                seen["first"] = _claim(key, None)
                claimed.set()
                release.wait(10)
                if not first_commits:
                    transaction.set_rollback(True)
        finally:
            connection.close()

    def second() -> None:
        try:
            claimed.wait(10)
            started = time.monotonic()
            with transaction.atomic():
                seen["second"] = _claim(key, None)
            seen["waited"] = time.monotonic() - started
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    time.sleep(0.5)  # the second is now blocked on the first's uncommitted row
    assert "second" not in seen
    release.set()
    for t in threads:
        t.join()
    assert seen["first"] is not None
    assert seen["waited"] >= 0.3
    if first_commits:
        assert seen["second"] is None  # the key is taken: the second answers with the first's object
    else:
        assert seen["second"] is not None  # the first rolled back: the second holds the key now
    assert IdempotencyKey.objects.filter(key=key).count() == 1
