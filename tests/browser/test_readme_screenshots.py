"""The README's screenshots. Every run takes them into test-artifacts/; with
UPDATE_SCREENSHOTS=1 they replace the README's own in docs/screenshots/:

UPDATE_SCREENSHOTS=1 .venv/bin/python -m pytest tests/browser/test_readme_screenshots.py
"""

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

REPO = Path(__file__).resolve().parents[2]
README_FOLDER = REPO / "docs" / "screenshots"
ARTIFACTS = REPO / "test-artifacts" / "screenshots" / "readme"
# The top of each page, at most this tall, keeps the files small.
HEIGHT = 1800
SHOTS = {"home.png": "/", "brand.png": "/brands/roborock/", "news.png": "/news/"}


def test_the_readme_screenshots(visitors, news):
    folder = README_FOLDER if os.environ.get("UPDATE_SCREENSHOTS") == "1" else ARTIFACTS
    page = visitors("en", 1280).page
    folder.mkdir(parents=True, exist_ok=True)
    for name, path in SHOTS.items():
        page.goto(path)
        page.mouse.move(0, 0)
        height = min(page.evaluate("document.documentElement.scrollHeight"), HEIGHT)
        page.screenshot(
            path=str(folder / name),
            full_page=True,
            clip={"x": 0, "y": 0, "width": 1280, "height": height},
        )
        assert (folder / name).stat().st_size < 600_000
