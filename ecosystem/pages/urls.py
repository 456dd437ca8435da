from django.urls import include, path

from ecosystem.pages import views
from ecosystem.pages.feeds import BrandFeed, CategoryFeed

brand_urls = [
    path("", views.brand_list, name="list"),
    path("<slug:slug>/", views.brand_detail, name="detail"),
    path("<slug:slug>/feed/", BrandFeed(), name="feed"),
]
category_urls = [
    path("<slug:slug>/", views.category_detail, name="detail"),
    path("<slug:slug>/feed/", CategoryFeed(), name="feed"),
]
news_urls = [
    path("", views.news_list, name="list"),
    path("stories/<int:pk>/", views.story_detail, name="story"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("brands/", include((brand_urls, "brands"))),
    path("categories/", include((category_urls, "categories"))),
    path("news/", include((news_urls, "news"))),
]
