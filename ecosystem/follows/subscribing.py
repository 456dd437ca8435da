"""Asking to follow something: the address, the follow, and the one mail it may get.

Whatever the address's state, the visitor sees the same answer (the view's
"check your inbox"), so nobody learns from the form who follows what. What
differs is only the mail: a new or unconfirmed follow gets the confirmation
link; one already confirmed gets a note with the link to manage it. Either
counts towards the address's daily limit, so the form cannot be used to flood
someone's inbox.
"""

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ecosystem.follows.delivery import hand_over
from ecosystem.follows.models import Follow, Mail, Subscriber

DAY = datetime.timedelta(days=1)


def request_follow(
    *, email: str, language: str, target: dict[str, Any], frequency: str, trending_only: bool
) -> Mail | None:
    """Record the wish to follow `target` and queue the mail it calls for, if any.

    Returns the queued mail, or None when the address had its share of mails today.
    """
    with transaction.atomic():
        subscriber, created = Subscriber.objects.get_or_create(
            email=email, defaults={"language": language}
        )
        # One request per address at a time, so two at once cannot both pass the limit.
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        follow, _ = Follow.objects.get_or_create(
            subscriber=subscriber,
            **target,
            defaults={"frequency": frequency, "trending_only": trending_only},
        )
        if follow.confirmed_at is None:
            # Until confirmed, the latest wishes count, and the latest language.
            follow.frequency, follow.trending_only = frequency, trending_only
            follow.save(update_fields=["frequency", "trending_only"])
            subscriber.language = language
            subscriber.save(update_fields=["language"])
        if _limit_reached(subscriber):
            return None
        kind = Mail.Kind.CONFIRM if follow.confirmed_at is None else Mail.Kind.REMINDER
        mail = Mail.objects.create(subscriber=subscriber, follow=follow, kind=kind)
        hand_over(mail)
        return mail


def _limit_reached(subscriber: Subscriber) -> bool:
    since = timezone.now() - DAY
    asked = subscriber.mails.counted_since(since).filter(
        kind__in=[Mail.Kind.CONFIRM, Mail.Kind.REMINDER]
    )
    return asked.count() >= settings.FOLLOWS_CONFIRMATIONS_PER_DAY


def forget_unconfirmed(older_than: datetime.timedelta = DAY * 7) -> int:
    """Delete follows never confirmed, and the addresses left with none. Returns follows deleted."""
    stale = Follow.objects.unconfirmed_since(timezone.now() - older_than)
    subscribers = set(stale.values_list("subscriber", flat=True))
    _, deleted = stale.delete()
    Subscriber.objects.filter(pk__in=subscribers, follows__isnull=True).delete()
    return deleted.get(Follow._meta.label, 0)
