"""/news/: all news, filterable and searchable."""

from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from ecosystem.news.filters import NewsFilter
from ecosystem.news.models import NewsItem
from ecosystem.news.paging import BadCursor, page_of, url_with


def news_list(request):
    news = NewsFilter(
        request.GET,
        queryset=NewsItem.objects.visible()
        .stories()
        .select_related("source")
        .order_by("-published_at", "-pk"),
    )
    try:
        # Each filter matches an item through at most one row, so no DISTINCT is needed.
        rows, next_cursor = page_of(news.qs, request.GET.get("before"))
    except BadCursor:
        return HttpResponseBadRequest(_("That page of news does not exist."))
    context = {
        "filter": news,
        "news": rows,
        "next_url": next_cursor and url_with(request.GET, before=next_cursor),
    }
    if request.htmx and request.GET.get("before"):
        template = "brands/brand_detail.html#news-page"
    elif request.htmx:
        template = "news/news_list.html#results"
    else:
        template = "news/news_list.html"
    return render(request, template, context)
