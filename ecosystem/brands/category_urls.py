from django.urls import path

from ecosystem.brands import views
from ecosystem.news.syndication import CategoryFeed

app_name = "categories"
urlpatterns = [
    path("<slug:slug>/", views.category_detail, name="detail"),
    path("<slug:slug>/feed/", CategoryFeed(), name="feed"),
]
