"""The outbox in the admin: administrators see what waits and what failed, and retry it."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from ecosystem.core import outbox
from tests.core import outbox_jobs  # noqa: F401 -- registers the tests' job kinds
from tests.factories import administrator, editor

pytestmark = pytest.mark.django_db

JOBS = reverse("admin:core_job_changelist")


@pytest.fixture
def failed(settings):
    settings.OUTBOX_MAX_ATTEMPTS = 1
    job = outbox.enqueue("tests.fail", name="broken")
    outbox.run(job.pk)
    return job


def test_administrators_see_waiting_and_failed_jobs_with_their_error(client, failed):
    outbox.enqueue("tests.group", name="waiting")
    client.force_login(administrator())
    html = client.get(JOBS).content.decode()
    assert "tests.fail" in html and "tests.group" in html
    assert "RuntimeError: cannot do broken" in html
    listed = client.get(JOBS, {"state__exact": "failed"}).context["cl"].result_list
    assert [job.kind for job in listed] == ["tests.fail"]


def test_retry_makes_a_failed_job_due_again(client, failed):
    client.force_login(administrator())
    response = client.post(
        JOBS, {"action": "retry", ACTION_CHECKBOX_NAME: [failed.pk]}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == ["1 job will be tried again."]
    failed.refresh_from_db()
    assert failed.state == "pending"
    assert outbox.run(failed.pk) == "failed"  # one more attempt, failing again


def test_editors_do_not_see_the_outbox(client):
    client.force_login(editor())
    assert client.get(JOBS).status_code == 403


def test_nobody_adds_jobs_by_hand(client):
    client.force_login(administrator())
    assert client.get(reverse("admin:core_job_add")).status_code == 403
