"""The filters of the brand directory: product category and kind."""

import django_filters
from django.utils.translation import gettext_lazy as _

from ecosystem.brands.models import Brand, ProductCategory


class BrandFilter(django_filters.FilterSet):
    category = django_filters.ModelChoiceFilter(
        queryset=ProductCategory.objects.order_by("name"),
        to_field_name="slug",
        method="in_category",
        label=_("Product category"),
        empty_label=_("All categories"),
    )
    kind = django_filters.ChoiceFilter(
        choices=Brand.Kind.choices, label=_("Kind"), empty_label=_("All kinds")
    )

    class Meta:
        model = Brand
        fields = ["category", "kind"]

    def in_category(self, queryset, name, value):
        return queryset.in_category(value)
