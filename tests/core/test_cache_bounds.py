"""Nothing an anonymous request names stays in the cache for good (ecosystem/core/page_cache.py)."""

import secrets

import pytest
from django.core.cache import cache

pytestmark = [pytest.mark.redis, pytest.mark.django_db]


def _keys_without_expiry() -> list[bytes]:
    client = cache._cache.get_client(None, write=False)
    return [key for key in client.scan_iter(count=1000) if client.ttl(key) == -1]


def test_pages_for_slugs_nobody_tracks_leave_no_key_without_an_expiry(client, settings):
    settings.PAGE_CACHE_SECONDS = 60
    before = set(_keys_without_expiry())

    for _ in range(40):
        assert client.get(f"/brands/{secrets.token_hex(6)}/").status_code == 404
        assert client.get(f"/news/?q={secrets.token_hex(4)}").status_code == 200

    assert set(_keys_without_expiry()) - before == set()
