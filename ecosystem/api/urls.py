"""The API's one NinjaAPI, its resources mounted at /api/ (ecosystem/urls.py)."""

from ninja import NinjaAPI

from ecosystem.api import announcements, brands, news

api = NinjaAPI(title="Xiaomi Ecosystem Tracker API", version="1")
api.add_router("/", brands.router)
api.add_router("/", news.router)
api.add_router("/", announcements.router)
