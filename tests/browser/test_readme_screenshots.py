"""The README's screenshots, taken again with UPDATE_SCREENSHOTS=1:

UPDATE_SCREENSHOTS=1 .venv/bin/python -m pytest tests/browser/test_readme_screenshots.py
"""

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FOLDER = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
# The top of each page, at most this tall, keeps the files small.
HEIGHT = 1800
SHOTS = {"home.png": "/", "brand.png": "/brands/roborock/", "news.png": "/news/"}


@pytest.mark.skipif(
    os.environ.get("UPDATE_SCREENSHOTS") != "1", reason="set UPDATE_SCREENSHOTS=1 to take them"
)
def test_the_readme_screenshots(visitors, news):
    page = visitors("en", 1280).page
    FOLDER.mkdir(parents=True, exist_ok=True)
    for name, path in SHOTS.items():
        page.goto(path)
        page.mouse.move(0, 0)
        height = min(page.evaluate("document.documentElement.scrollHeight"), HEIGHT)
        page.screenshot(
            path=str(FOLDER / name),
            full_page=True,
            clip={"x": 0, "y": 0, "width": 1280, "height": height},
        )
        assert (FOLDER / name).stat().st_size < 600_000
