from django.urls import path

from ecosystem.brands import views

app_name = "brands"
urlpatterns = [
    path("", views.brand_list, name="list"),
    path("<slug:slug>/", views.brand_detail, name="detail"),
]
