"""Curating the ecosystem: brands with their facts, categories, aliases and ties.

Saving aliases or exclusion phrases re-matches the stored news in the background
(ecosystem/news/signals.py). Brand pickers are autocomplete fields, searching
BrandAdmin.search_fields.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from ecosystem.brands.models import (
    Alias,
    Brand,
    ContextWord,
    ExclusionPhrase,
    ProductCategory,
    ReferenceLink,
    Tie,
)

# A URL typed without a scheme is taken as https://, as Django 6 will do.
URL_FIELDS: dict[type[models.Field], dict[str, Any]] = {models.URLField: {"assume_scheme": "https"}}


@admin.register(ProductCategory)
class ProductCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "name_de", "slug", "parent"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "name_de", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 0
    verbose_name_plural = _("aliases (names that, found in news, mean this brand)")


class ExclusionPhraseInline(admin.TabularInline):
    model = ExclusionPhrase
    extra = 0
    verbose_name_plural = _("exclusion phrases (contain an alias but do not mean this brand)")


class ContextWordInline(admin.TabularInline):
    model = ContextWord
    extra = 0
    verbose_name_plural = _(
        "context words (confirm an alias that needs evidence when found in the same text)"
    )


class ReferenceLinkInline(admin.TabularInline):
    model = ReferenceLink
    extra = 0
    formfield_overrides = URL_FIELDS
    verbose_name = _("source of the facts")
    verbose_name_plural = _("sources of the facts")


TIE_FIELDS = [
    "since",
    "since_precision",
    "until",
    "until_precision",
    "reference",
    "note",
]


class TieInlineForm(forms.ModelForm):
    """A tie on a brand's page.

    Django leaves the page's own brand (the inline's foreign key) out of model
    validation, so the database's "not tied to itself" check is repeated here,
    to give a message instead of an error page.
    """

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        assert cleaned is not None  # a ModelForm's clean() returns its cleaned_data
        # The page's brand is in cleaned_data too, as the inline's parent.
        brand, target = cleaned.get("brand"), cleaned.get("target")
        if brand is not None and brand == target:
            raise forms.ValidationError(_("A brand cannot be tied to itself."))
        return cleaned


class TieInline(admin.TabularInline):
    """Ties from this brand: "<this brand> invested in by <target>"."""

    model = Tie
    form = TieInlineForm
    fk_name = "brand"
    extra = 0
    autocomplete_fields = ["target"]
    fields = ["type", "target", *TIE_FIELDS]
    formfield_overrides = URL_FIELDS
    verbose_name = _("tie from this brand")
    verbose_name_plural = _("ties from this brand")


class IncomingTieInline(admin.TabularInline):
    """Ties to this brand: "<brand> sub-brand of <this brand>"."""

    model = Tie
    form = TieInlineForm
    fk_name = "target"
    extra = 0
    autocomplete_fields = ["brand"]
    fields = ["brand", "type", *TIE_FIELDS]
    formfield_overrides = URL_FIELDS
    verbose_name = _("tie to this brand")
    verbose_name_plural = _("ties to this brand")


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin):
    list_display = ["name", "native_name", "kind", "founded", "headquarters", "ticker"]
    list_filter = ["kind", "categories"]
    search_fields = ["name", "native_name", "slug", "aliases__text"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["categories"]
    formfield_overrides = URL_FIELDS
    fieldsets = [
        (None, {"fields": ["name", "slug", "native_name", "kind"]}),
        (_("Facts"), {"fields": ["founded", "headquarters", "website", "ticker", "description"]}),
        (_("Products"), {"fields": ["categories"]}),
    ]
    inlines = [
        AliasInline,
        ExclusionPhraseInline,
        ContextWordInline,
        ReferenceLinkInline,
        TieInline,
        IncomingTieInline,
    ]


@admin.register(Tie)
class TieAdmin(admin.ModelAdmin):
    list_display = ["brand", "type", "target", "since", "until"]
    list_filter = ["type"]
    list_select_related = ["brand", "target"]
    search_fields = ["brand__name", "target__name", "note"]
    autocomplete_fields = ["brand", "target"]
    fields = ["brand", "type", "target", *TIE_FIELDS]
    formfield_overrides = URL_FIELDS
