"""Celery tasks of the announcements: thin wrappers around publishing."""

from celery import shared_task

from ecosystem.announcements.publishing import publish_due


@shared_task
def publish_due_announcements() -> int:
    """Run by beat every minute: scheduled announcements whose time has come go public."""
    return publish_due()
