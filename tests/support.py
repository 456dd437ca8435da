"""Helpers shared by test modules of several apps (plain functions, not fixtures)."""

from django.db import IntegrityError, transaction


def rejected(create):
    """True when the database refuses the row that `create` writes."""
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False
