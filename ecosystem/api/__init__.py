"""The JSON API at /api/, with its OpenAPI schema and docs at /api/docs.

Every endpoint runs a fixed number of SQL queries, however many rows it returns
(tests/api/ pins the numbers): related rows come from select_related or
one prefetch query each. Counts of news grow with the news, so they are cached
until news changes (ecosystem/page_cache.py).
"""
