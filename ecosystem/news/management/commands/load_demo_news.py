from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from ecosystem.news.ingestion.pipeline import ingest_bytes
from ecosystem.news.models import Source

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"

# Sample feeds written for the project, so the pages have news on a machine
# without internet. Their sources are inactive: nothing fetches these URLs.
DEMO_FEEDS = [
    ("Demo news (English)", "https://demo.example.org/feed.xml", "en", "demo-en.xml"),
    (
        "Demo-Nachrichten / 演示新闻",
        "https://demo.example.org/de-zh/feed.xml",
        "de",
        "demo-de-zh.xml",
    ),
]

# Public feeds of sites that cover Xiaomi and its ecosystem. Offline they show
# their error state on the source, nothing worse.
PUBLIC_FEEDS = [
    ("Gizmochina", "https://www.gizmochina.com/feed/", "en"),
    ("GSMArena news", "https://www.gsmarena.com/rss-news-reviews.php3", "en"),
    ("Android Authority", "https://www.androidauthority.com/feed/", "en"),
    ("Pandaily", "https://pandaily.com/feed/", "en"),
    ("TechNode", "https://technode.com/feed/", "en"),
    ("Caschys Blog", "https://stadt-bremerhaven.de/feed/", "de"),
    ("mobiFlip", "https://www.mobiflip.de/feed/", "de"),
    ("IT之家", "https://www.ithome.com/rss/", "zh"),
]


class Command(BaseCommand):
    help = "Add public feeds about the Xiaomi ecosystem and load the bundled demo news."

    def handle(self, *args: Any, **options: Any) -> None:
        for name, url, language in PUBLIC_FEEDS:
            Source.objects.get_or_create(url=url, defaults={"name": name, "language": language})
        for name, url, language, filename in DEMO_FEEDS:
            # Their articles are made up: there are no pages to read.
            defaults = {"name": name, "language": language, "active": False, "full_text": "off"}
            source, _ = Source.objects.get_or_create(url=url, defaults=defaults)
            result = ingest_bytes(source, (DEMO_DIR / filename).read_bytes())
            self.stdout.write(f"{name}: {result.error or result.report}")
        self.stdout.write(f"{len(PUBLIC_FEEDS)} public feeds are fetched by the Celery worker.")
