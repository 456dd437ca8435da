from django.urls import path

from ecosystem.follows import views
from ecosystem.follows.feeds import FollowedNewsFeed

app_name = "follows"
urlpatterns = [
    path("", views.follow, name="follow"),
    path("sent/", views.sent, name="sent"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("manage/<str:token>/", views.manage, name="manage"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("feed/<str:token>/", FollowedNewsFeed(), name="feed"),
]
