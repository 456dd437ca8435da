from django.contrib import admin

from ecosystem.news.models import Mention, NewsItem, Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "language", "active", "last_fetched_at", "last_status"]
    list_filter = ["active", "last_status", "language"]
    search_fields = ["name", "url"]


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 0
    autocomplete_fields = ["brand"]
    fields = ["brand", "alias", "matched_in"]


@admin.register(NewsItem)
class NewsItemAdmin(admin.ModelAdmin):
    list_display = ["title", "source", "published_at"]
    list_filter = ["source"]
    search_fields = ["title"]
    date_hierarchy = "published_at"
    inlines = [MentionInline]
