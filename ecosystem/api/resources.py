"""What the API's resources share: slugs of related rows and slug lookups."""

from django.db.models import Prefetch, QuerySet

from ecosystem.brands.models import Brand, ProductCategory


def slugs(relation: str, model: type[Brand | ProductCategory]) -> Prefetch:
    """One query for the slugs of a to-many relation, into `<relation>_list`."""
    return Prefetch(relation, queryset=model.objects.only("slug"), to_attr=f"{relation}_list")


def slug_subquery(model: type[Brand | ProductCategory], slug: str) -> QuerySet:
    """The pk of `model` with this slug, as a subquery: an unknown slug matches nothing."""
    return model.objects.filter(slug=slug).order_by().values("pk")[:1]
