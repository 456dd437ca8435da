from django.urls import path

from ecosystem.news import views

app_name = "news"
urlpatterns = [
    path("", views.news_list, name="list"),
]
