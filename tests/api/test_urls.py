"""The API's schema and docs page (ecosystem/api/urls.py)."""

import re

import pytest
from django.contrib.staticfiles import finders

from tests.support import BRAND_FIELDS

pytestmark = pytest.mark.django_db


def test_the_openapi_schema_lists_the_four_endpoints_and_their_shapes(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert set(schema["paths"]) == {
        "/api/brands/",
        "/api/brands/{slug}/",
        "/api/news/",
        "/api/announcements/",
    }
    components = schema["components"]["schemas"]
    assert set(components["BrandOut"]["properties"]) == BRAND_FIELDS
    assert {"ties", "aliases", "founded"} <= set(components["BrandDetail"]["properties"])
    assert set(components["TieOut"]["properties"]) == {
        "type",
        "direction",
        "brand",
        "since",
        "until",
    }
    assert set(components["NewsPage"]["properties"]) == {"count", "next", "results"}
    assert "from_feed" in components["AnnouncementOut"]["properties"]
    news_params = {p["name"] for p in schema["paths"]["/api/news/"]["get"]["parameters"]}
    assert news_params == {"brand", "category", "q", "sort", "since", "page", "after"}


def test_the_docs_page_answers_and_loads_only_our_own_scripts(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    page = response.content.decode()
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    scripts = re.findall(r"<script\b([^>]*)>", page)
    assert scripts
    for attributes in scripts:
        # Either a file of ours or an inert JSON data block: nothing inline runs.
        assert 'src="/static/' in attributes or 'type="application/json"' in attributes
    for asset in re.findall(r'(?:src|href)="/static/([^"]+)"', page):
        assert finders.find(asset), asset
