"""The filters of the public lists: the brand directory and the news."""

import datetime
from typing import Any, cast

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from ecosystem.brands.models import Brand, BrandQuerySet, ProductCategory
from ecosystem.news.models import NewsItem, NewsItemQuerySet
from ecosystem.news.search import QueryError, SearchQuery


def _midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)


class SearchField(forms.CharField):
    """A search box whose value is a SearchQuery: normalised, and refused when it
    asks more of the database than a person's search does."""

    def clean(self, value: Any) -> SearchQuery | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            return SearchQuery.parse(text)
        except QueryError as error:
            raise forms.ValidationError(str(error), code="too_broad") from None


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


class CategoryChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj: ProductCategory) -> str:
        return obj.local_name  # in the page's language


class CategoryFilter(django_filters.ModelChoiceFilter):
    """A product category by slug, in the visitor's language, named when unknown."""

    field_class = CategoryChoiceField

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", ProductCategory.objects.order_by("name"))
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("label", _("Product category"))
        kwargs.setdefault("empty_label", _("All categories"))
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": _("There is no product category “%(value)s”.")},
        )
        super().__init__(**kwargs)


class BrandFilter(django_filters.FilterSet):
    category = CategoryFilter(method="in_category")
    kind = django_filters.ChoiceFilter(
        choices=Brand.Kind.choices, label=_("Kind"), empty_label=_("All kinds")
    )

    class Meta:
        model = Brand
        fields = ["category", "kind"]

    def in_category(
        self, queryset: BrandQuerySet, name: str, value: ProductCategory
    ) -> BrandQuerySet:
        return queryset.in_category(value)


class NewsFilter(django_filters.FilterSet):
    q = SearchFilter(
        method="search", label=_("Search"), widget=forms.TextInput(attrs={"type": "search"})
    )
    brand = django_filters.ModelChoiceFilter(
        queryset=Brand.objects.order_by("name"),
        to_field_name="slug",
        field_name="mentions__brand",
        label=_("Brand"),
        empty_label=_("All brands"),
        error_messages={"invalid_choice": _("No brand called “%(value)s” is tracked here.")},
    )
    category = CategoryFilter(method="in_category")
    # Whole days in UTC, as ranges of published_at, so the date index serves them
    # (a comparison of published_at's date part would read every item).
    since = django_filters.DateFilter(
        method="published_since",
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    until = django_filters.DateFilter(
        method="published_until",
        label=_("To"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    class Meta:
        model = NewsItem
        fields = ["q", "brand", "category", "since", "until", "sort"]

    def in_category(self, queryset: Any, name: str, category: ProductCategory) -> Any:
        # Its sub-categories too, as on the category's own page and in the API.
        return queryset.for_category(category.pk)

    sort = django_filters.ChoiceFilter(
        choices=[("newest", _("Newest first"))],
        method="keep_order",
        label=_("Order"),
        empty_label=_("Most relevant first"),
    )

    def search(self, queryset: Any, name: str, value: SearchQuery) -> Any:
        return queryset.search(value)

    def published_since(self, queryset: Any, name: str, day: datetime.date) -> Any:
        return queryset.filter(published_at__gte=_midnight(day))

    def published_until(self, queryset: Any, name: str, day: datetime.date) -> Any:
        if day >= datetime.date.max:
            return queryset
        return queryset.filter(published_at__lt=_midnight(day + datetime.timedelta(days=1)))

    def keep_order(self, queryset: Any, name: str, value: str) -> Any:
        return queryset  # the view orders the results (see ranked_news)

    def ranked_news(self) -> Any:
        """The filtered news, most relevant first when searching (unless sorted by date)."""
        query = self.form.cleaned_data.get("q")
        if query and self.form.cleaned_data.get("sort") != "newest":
            news = cast(NewsItemQuerySet, self.qs)  # built on NewsItem.objects
            return news.ranked(query)
        return self.qs
