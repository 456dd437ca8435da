from django.contrib import admin

from ecosystem.brands.models import (
    Alias,
    Brand,
    ExclusionPhrase,
    ProductCategory,
    ReferenceLink,
    Tie,
)


@admin.register(ProductCategory)
class ProductCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 0


class ExclusionPhraseInline(admin.TabularInline):
    model = ExclusionPhrase
    extra = 0


class ReferenceLinkInline(admin.TabularInline):
    model = ReferenceLink
    extra = 0


class TieInline(admin.TabularInline):
    model = Tie
    fk_name = "brand"
    extra = 0
    autocomplete_fields = ["target"]


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin):
    list_display = ["name", "native_name", "kind", "founded", "ticker"]
    list_filter = ["kind", "categories"]
    search_fields = ["name", "native_name", "slug", "aliases__text"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["categories"]
    inlines = [AliasInline, ExclusionPhraseInline, ReferenceLinkInline, TieInline]
