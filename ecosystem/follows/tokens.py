"""The signed tokens in the links of mails: no password, and nothing to guess.

Each purpose has its own salt, so a token for one page never opens another.
The confirmation link expires; the others live as long as what they name
(deleting a follow or an address makes its tokens worthless).
"""

from django.core import signing

CONFIRM_DAYS = 7

_CONFIRM = "follows.confirm"
_MANAGE = "follows.manage"
_UNSUBSCRIBE = "follows.unsubscribe"
_FEED = "follows.feed"


class BadToken(Exception):
    """The link was altered, cut short or has expired."""


def _dumps(pk: int, salt: str) -> str:
    return signing.dumps(pk, salt=salt)


def _loads(token: str, salt: str, max_age: int | None = None) -> int:
    try:
        value = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:
        raise BadToken from None
    if not isinstance(value, int):
        raise BadToken
    return value


def confirm_token(follow_pk: int) -> str:
    return _dumps(follow_pk, _CONFIRM)


def follow_to_confirm(token: str) -> int:
    return _loads(token, _CONFIRM, max_age=CONFIRM_DAYS * 24 * 3600)


def manage_token(subscriber_pk: int) -> str:
    return _dumps(subscriber_pk, _MANAGE)


def subscriber_to_manage(token: str) -> int:
    return _loads(token, _MANAGE)


def unsubscribe_token(follow_pk: int) -> str:
    return _dumps(follow_pk, _UNSUBSCRIBE)


def follow_to_end(token: str) -> int:
    return _loads(token, _UNSUBSCRIBE)


def feed_token(subscriber_pk: int) -> str:
    return _dumps(subscriber_pk, _FEED)


def subscriber_of_feed(token: str) -> int:
    return _loads(token, _FEED)
