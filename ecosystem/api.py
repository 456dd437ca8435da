"""The JSON API at /api/, with its OpenAPI schema and docs at /api/docs."""

from ninja import NinjaAPI

api = NinjaAPI(title="Xiaomi Ecosystem Tracker API", version="1")
