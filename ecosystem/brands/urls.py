from django.urls import path

from ecosystem.brands import views
from ecosystem.news.syndication import BrandFeed

app_name = "brands"
urlpatterns = [
    path("", views.brand_list, name="list"),
    path("<slug:slug>/", views.brand_detail, name="detail"),
    path("<slug:slug>/feed/", BrandFeed(), name="feed"),
]
