"""The Celery wiring (ecosystem/celery.py): a failed task is logged with what it was asked."""

import logging

from celery import shared_task


@shared_task(name="tests.always_fails")
def always_fails(*, source_id: int) -> None:
    raise RuntimeError(f"source {source_id} broke")


def test_a_failed_task_is_logged_with_its_arguments(caplog):
    with caplog.at_level(logging.ERROR, logger="ecosystem.tasks"):
        result = always_fails.apply(kwargs={"source_id": 42})

    assert result.failed()
    [record] = [r for r in caplog.records if r.name == "ecosystem.tasks"]
    message = record.getMessage()
    assert "tests.always_fails" in message
    assert "RuntimeError: source 42 broke" in message
    assert "'source_id': 42" in message
    assert record.exc_info is not None
