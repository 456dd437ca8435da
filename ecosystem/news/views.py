"""/news/: all news, filterable and searchable."""

from django.shortcuts import render

from ecosystem.news.filters import NewsFilter
from ecosystem.news.models import NewsItem
from ecosystem.news.paging import news_page, wants_next_page
from ecosystem.page_cache import cached_page, news_everywhere


@cached_page(news_everywhere)
def news_list(request):
    news = NewsFilter(
        request.GET,
        queryset=NewsItem.objects.visible()
        .stories()
        .select_related("source")
        .order_by("-published_at", "-pk"),
    )
    # Each filter matches an item through at most one row, so no DISTINCT is needed.
    context = {"filter": news, **news_page(request, news.qs)}
    if wants_next_page(request):
        template = "_news_rows.html"
    elif request.htmx:
        template = "news/news_list.html#results"
    else:
        template = "news/news_list.html"
    return render(request, template, context)
