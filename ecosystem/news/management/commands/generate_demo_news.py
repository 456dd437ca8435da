"""`manage.py generate_demo_news --items N [--seed S] [--end YYYY-MM-DD] [--force]`

Synthetic news for benchmarks and demos: N items with titles in English, German
and Chinese built from templates (brand names, model names, category words),
spread over the brands in the database with a realistic skew (Xiaomi far ahead,
the small ecosystem companies far behind), over a few synthetic sources and over
the two years before --end (default: today, 00:00 UTC). Brands and categories
are found by the real Matcher and Categoriser, so every item carries the
mentions and category links the ingestion pipeline would give it; about one
item in twelve repeats another source's story and points to it.

The output is a function of the seed, the end date and the brands, aliases and
categories in the database: the same seed gives the same titles, dates and
brand assignments. Each run replaces what an earlier run generated.

It writes only to a database whose sources are all its own (URLs under
https://demo-news.invalid/); --force lets it add its sources and items beside
real ones. PostgreSQL: COPY in one transaction, ids reserved from the
sequences under a table lock, then VACUUM ANALYZE. Elsewhere: bulk_create.
"""

import datetime
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone
from tqdm import tqdm

from ecosystem.brands.models import Alias, Brand, ProductCategory
from ecosystem.core import page_cache
from ecosystem.news.ingestion import pgcopy
from ecosystem.news.matching.categories import Categoriser
from ecosystem.news.matching.matcher import Matcher
from ecosystem.news.models import Mention, NewsItem, Source

DEMO_URL_PREFIX = "https://demo-news.invalid/"
SPAN = datetime.timedelta(days=730)
BATCH = 20_000  # items per round of COPY (PostgreSQL)
SQLITE_BATCH = 2_000  # items per round of bulk_create
TWO_BRANDS = 0.12  # share of items that name two brands in their title
COVERAGE = 0.08  # share of items that repeat another source's recent story
HIDDEN = 0.002  # share of items an editor has hidden
STORY_WINDOW = datetime.timedelta(hours=48)

# (slug, name, language, share of all items). Inactive: nothing ever fetches them.
SOURCES = [
    ("tech-daily", "Demo Tech Daily", "en", 0.22),
    ("gadget-review", "Demo Gadget Review", "en", 0.18),
    ("mobile-world", "Demo Mobile World", "en", 0.15),
    ("technik-ticker", "Demo Technik-Ticker", "de", 0.12),
    ("handy-news", "Demo Handy-Nachrichten", "de", 0.08),
    ("keji-ribao", "演示科技日报", "zh", 0.15),
    ("shuma-zixun", "演示数码资讯", "zh", 0.10),
]

# Relative news volume per brand slug; brands not listed (added by editors) weigh 1.
BRAND_WEIGHTS = {
    "xiaomi": 40, "redmi": 14, "xiaomi-ev": 10, "poco": 7, "roborock": 7, "dreame": 7,
    "amazfit": 5, "mijia": 5, "ninebot": 5, "mi": 4, "yeelight": 3, "youpin": 3, "yi": 2,
    "black-shark": 2, "viomi": 2, "smartmi": 2, "zmi": 2, "1more": 2, "chuangmi": 2,
    "roidmi": 2, "fimi": 2,
}  # fmt: skip

# A category word per language, each one of the category's keywords, so the
# Categoriser puts the item where its title says. Unknown categories use their names.
CATEGORY_WORDS = {
    "smartphones": (["smartphone", "phone"], ["Smartphone", "Handy"], ["手机", "智能手机"]),
    "gaming-phones": (["gaming phone"], ["Gaming-Smartphone"], ["游戏手机"]),
    "smart-home": (["smart home hub"], ["Smart Home Hub"], ["智能家居中枢"]),
    "smart-lighting": (["ceiling light", "smart bulb"], ["Deckenleuchte"], ["吸顶灯", "智能灯"]),
    "smart-security": (["security camera", "video doorbell"], ["Überwachungskamera"],
                       ["监控摄像头", "智能门锁"]),
    "home-appliances": (["home appliance"], ["Haushaltsgerät"], ["家电"]),
    "robot-vacuums": (["robot vacuum", "robot mop"], ["Saugroboter", "Wischroboter"],
                      ["扫地机器人", "扫拖机器人"]),
    "kitchen-appliances": (["rice cooker", "air fryer", "kettle"],
                           ["Reiskocher", "Heißluftfritteuse"], ["电饭煲", "空气炸锅"]),
    "air-and-water": (["air purifier", "water purifier", "humidifier"],
                      ["Luftreiniger", "Luftbefeuchter"], ["空气净化器", "净水器"]),
    "personal-care": (["electric toothbrush", "hair dryer", "shaver"], ["Zahnbürste", "Rasierer"],
                      ["电动牙刷", "吹风机"]),
    "health-devices": (["blood pressure monitor", "thermometer"], ["Blutdruckmessgerät"],
                       ["血压计"]),
    "cameras": (["action camera", "dash cam"], ["Actioncam", "Dashcam"],
                ["运动相机", "行车记录仪"]),
    "drones": (["drone"], ["Drohne"], ["无人机"]),
    "wearables": (["smartwatch", "fitness tracker"], ["Fitnesstracker"], ["智能手表", "手环"]),
    "audio": (["earbuds", "headphones", "speaker"], ["Kopfhörer", "Lautsprecher"],
              ["耳机", "音箱"]),
    "power-and-charging": (["power bank", "charger"], ["Powerbank", "Ladegerät"],
                           ["充电宝", "充电器"]),
    "mobility": (["e-scooter"], ["E-Scooter"], ["平衡车"]),
    "micromobility": (["electric scooter", "kick scooter"], ["E-Tretroller"], ["电动滑板车"]),
    "electric-vehicles": (["electric car", "electric vehicle"], ["Elektroauto", "E-Auto"],
                          ["电动汽车", "新能源汽车"]),
    "e-commerce": (["crowdfunding campaign", "online store"], ["Onlineshop"], ["众筹"]),
    "semiconductors": (["chip", "processor"], ["Prozessor"], ["芯片", "处理器"]),
}  # fmt: skip
LANGUAGES = ("en", "de", "zh")
GENERIC_WORDS = {"en": "device", "de": "Gerät", "zh": "设备"}  # when there are no categories

# Model names: a series, a number and a suffix ("Note 14 Pro+", "S8 Ultra").
PHONE_SERIES = ["", "", "Note ", "K", "Civi ", "F", "X"]
PHONE_SUFFIXES = ["", " Pro", " Pro+", " Ultra", " Lite", "T", "T Pro", "S"]
OTHER_SERIES = ["S", "Q", "X", "L", "P", "G", "M", "C", "A", "H", "V", "Z"]
OTHER_SUFFIXES = ["", "", " Pro", " Ultra", " Max", " Lite", " Plus", "+", " Air", " Mini", " SE"]
PHONE_CATEGORIES = {"smartphones", "gaming-phones"}
# Stand-ins for the parts of a title that never name a brand or a category (see _texts).
PLACEHOLDERS = {"p": "X1", "a": "", "x": "", "q": 1, "d": ""}

# {b}, {b2}: brand names; {p}: model; {c}: category word; {x}: price; {q}: quarter; {d}: day.
TITLES = {
    "en": [
        "{b} unveils the {p} {c}",
        "{b} {p} review: a {a} {c} for {x}",
        "Hands-on with the {b} {p}, a {a} {c}",
        "{b} cuts the price of its {p} {c} to {x}",
        "{b} {p} {c} goes on sale worldwide on {d}",
        "Leak: {b} is preparing a new {c}, the {p}",
        "{b} reports record {c} sales in Q{q}",
        "Deal: the {b} {p} {c} drops to {x}",
        "{b} {p} gets a software update for its {c} features",
    ],
    "de": [
        "{b} stellt {c} {p} vor",
        "Test: {b} {p} – {a} {c} für {x}",
        "{b} senkt den Preis für {c} {p} auf {x}",
        "{b} {p}: {c} kommt am {d} nach Deutschland",
        "Gerücht: {b} plant {c} {p}",
        "Angebot: {b} {p} ({c}) für {x}",
        "{b} meldet Rekordabsatz bei {c} im {q}. Quartal",
    ],
    "zh": [
        "{b} {p}{c}正式发布",
        "{b} {p}{c}评测：{a}",
        "{b} {p}{c}正式开售，售价{x}",
        "{b} {p}降价，{c}市场竞争加剧",
        "曝{b}将推出新款{c} {p}",
        "{b}第{q}季度{c}出货量创新高",
        "{b} {p}{c}获得系统更新",
    ],
}
TWO_BRAND_TITLES = {
    "en": [
        "{b} and {b2} team up on a new {c}",
        "{b} {p} vs {b2}: which {c} should you buy?",
        "{b2}-backed {b} launches the {p} {c}",
    ],
    "de": [
        "{b} und {b2}: {c} im Vergleich",
        "{b} {p} gegen {b2}: Welcher {c} lohnt sich?",
    ],
    "zh": [
        "{b}与{b2}合作推出新款{c}",
        "{b} {p}对比{b2}：{c}怎么选",
    ],
}
SUMMARIES = {
    "en": [
        "<p>{b} has announced the {p}, a {c} that goes on sale at {x}. Early reviews praise the "
        "battery life and the software; availability outside China has not been confirmed.</p>",
        "<p>The {p} is the latest {c} from {b}. It keeps the design of its predecessor but adds "
        "more memory and a larger battery, and it costs {x}.</p>",
        "<p>{b} says the {p} will reach Europe in the coming weeks. The company did not comment "
        "on pricing beyond China, where the {c} sells for {x}.</p>",
    ],
    "de": [
        "<p>{b} hat mit dem {p} ein neues Gerät der Kategorie {c} vorgestellt. Es kostet {x} und "
        "soll in den kommenden Wochen auch in Deutschland erhältlich sein.</p>",
        "<p>Im Test überzeugt das {p} von {b} mit langer Akkulaufzeit und guter Software; die "
        "Verarbeitung ist für {x} angemessen.</p>",
    ],
    "zh": [
        "<p>{b}今日正式发布{p}，这是一款{c}产品，售价{x}。新品在续航和软件体验上均有提升，"
        "海外上市时间尚未公布。</p>",
        "<p>据悉，{b} {p}将于近期上市。该{c}延续了上一代的设计，并升级了屏幕和电池。</p>",
    ],
}
ADJECTIVES = {
    "en": ["solid", "surprisingly good", "well-priced", "premium", "flawed", "capable"],
    "de": ["starkes Gerät", "gutes Gesamtpaket", "solide", "mit Schwächen"],
    "zh": ["性价比出色", "表现稳定", "旗舰体验", "续航惊喜", "仍有不足"],
}
PRICES = {
    "en": ["$49", "$99", "$199", "$299", "$449", "$599", "$799", "$999"],
    "de": ["49 Euro", "99 Euro", "199 Euro", "299 Euro", "449 Euro", "699 Euro", "999 Euro"],
    "zh": ["199元", "499元", "999元", "1999元", "2999元", "3999元", "5999元"],
}
DAYS = {
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
    "de": ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"],
    "zh": [""],
}


@dataclass
class BrandPlan:
    id: int
    slug: str
    # Per language, the names the titles use: the main name first (it is used most).
    names: dict[str, list[str]]
    categories: list[str]  # category slugs


@dataclass
class Plan:
    brands: list[BrandPlan]
    cum_weights: list[float]
    category_words: dict[str, tuple[list[str], list[str], list[str]]]
    sources: list[tuple[int, str, str]]  # (id, slug, language)
    source_cum_weights: list[float]
    matcher: Matcher
    categoriser: Categoriser

    def category_word(self, rng: random.Random, brand: BrandPlan, language: str) -> tuple:
        """(category slug or "", a word for it in `language`), among the brand's categories."""
        slugs = brand.categories or sorted(self.category_words)
        if not slugs:
            return "", GENERIC_WORDS[language]
        slug = rng.choice(slugs)
        return slug, rng.choice(self.category_words[slug][LANGUAGES.index(language)])


@dataclass
class Generated:
    items: list[tuple] = field(default_factory=list)
    mentions: list[tuple] = field(default_factory=list)  # (item id, brand id, alias, date)
    links: list[tuple] = field(default_factory=list)  # (item id, category id)


class Command(BaseCommand):
    help = (
        "Write N synthetic news items (English, German, Chinese) with their mentions and "
        "categories, spread over the brands and the last two years; deterministic per seed. "
        "Replaces the items of an earlier run. Refuses a database with other sources unless "
        "--force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--items", type=int, required=True, help="How many items to write.")
        parser.add_argument("--seed", type=int, default=0, help="Random seed (default 0).")
        parser.add_argument(
            "--end",
            type=datetime.date.fromisoformat,
            default=None,
            help="Items fall in the two years before this day, 00:00 UTC (default: today).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though the database holds sources this command did not create.",
        )

    def handle(self, *args, items, seed, end, force, **options):
        if items < 0:
            raise CommandError("--items must be 0 or more.")
        foreign = Source.objects.exclude(url__startswith=DEMO_URL_PREFIX)
        if not force and foreign.exists():
            example = foreign.order_by("pk").first()
            raise CommandError(
                f"this database holds {foreign.count()} source(s) that generate_demo_news did "
                f"not create (e.g. {example.url}); it writes synthetic news meant for a scratch "
                "database. Use an empty database, or pass --force to add demo news anyway."
            )
        end = end or timezone.now().date()
        end_moment = datetime.datetime.combine(end, datetime.time(), datetime.UTC)
        started = time.monotonic()
        postgres = connection.vendor == "postgresql"
        bar = tqdm(total=items, unit="item", unit_scale=True, disable=not sys.stderr.isatty())
        with bar, transaction.atomic():
            sources = _demo_sources()
            removed = _delete_demo_items(sources)
            plan = _plan(sources)
            write = _write_postgresql if postgres else _write_bulk
            counts = write(plan, seed, items, end_moment, bar)
            page_cache.catalogue_changed()  # rows written in bulk send no signal
        if postgres:
            _analyse()
        seconds = time.monotonic() - started
        replaced = f", replacing {removed:,} earlier ones" if removed else ""
        self.stdout.write(
            f"{items:,} demo news items ({counts[0]:,} mentions, {counts[1]:,} category links)"
            f"{replaced} in {seconds:.1f} s."
        )


def _demo_sources() -> list[Source]:
    sources = []
    for slug, name, language, _ in SOURCES:
        source, _ = Source.objects.get_or_create(
            url=f"{DEMO_URL_PREFIX}{slug}/feed.xml",
            defaults={"name": name, "language": language, "active": False},
        )
        sources.append(source)
    return sources


def _delete_demo_items(sources: list[Source]) -> int:
    """Remove what an earlier run wrote: one DELETE per table, not one per row."""
    demo = NewsItem.objects.filter(source__in=sources)
    count = demo.count()
    if not count:
        return 0
    db = demo.db
    # _raw_delete is the collector's own bulk DELETE: no rows are loaded into Python.
    Mention.objects.filter(news_item__in=demo)._raw_delete(db)
    NewsItem.categories.through.objects.filter(newsitem__in=demo)._raw_delete(db)
    NewsItem.objects.filter(story__in=demo).exclude(source__in=sources).update(story=None)
    # Whatever else points at the items (an editor's detachments, an announcement) is
    # rare: the ORM deletes it with its own cascades and signals.
    for relation in NewsItem._meta.related_objects:
        if relation.related_model in (Mention, NewsItem, NewsItem.categories.through):
            continue
        related = relation.related_model._default_manager.filter(
            **{f"{relation.field.name}__in": demo}
        )
        if relation.on_delete is models.SET_NULL:
            related.update(**{relation.field.name: None})
        elif relation.on_delete is models.CASCADE:
            related.delete()
    demo._raw_delete(db)
    return count


def _plan(sources: list[Source]) -> Plan:
    categories = {c.slug: c for c in ProductCategory.objects.order_by("slug")}
    words = {
        slug: CATEGORY_WORDS.get(slug)
        or ([category.name.lower()], [category.name_de or category.name], [category.name])
        for slug, category in categories.items()
    }
    names: dict[int, dict[str, list[str]]] = {}
    for brand_id, text, language, case_sensitive in Alias.objects.order_by("pk").values_list(
        "brand_id", "text", "language", "case_sensitive"
    ):
        # Short case-sensitive names ("Mi", "YI") count only before a model number.
        if case_sensitive and len(text) <= 3 and text.isalpha():
            continue
        names.setdefault(brand_id, {}).setdefault(language, []).append(text)
    brands = []
    for brand in Brand.objects.order_by("slug").prefetch_related("categories"):
        by_language = names.get(brand.pk, {})
        fallback = next((texts for texts in by_language.values() if texts), [brand.name])
        brands.append(
            BrandPlan(
                id=brand.pk,
                slug=brand.slug,
                names={lang: by_language.get(lang) or fallback for lang in LANGUAGES},
                categories=sorted(c.slug for c in brand.categories.all()),
            )
        )
    if not brands:
        raise CommandError("there are no brands; run `manage.py migrate` first.")
    weights = [BRAND_WEIGHTS.get(brand.slug, 1) for brand in brands]
    source_weights = [share for *_, share in SOURCES]
    return Plan(
        brands=brands,
        cum_weights=_cumulative(weights),
        category_words=words,
        sources=[(s.pk, slug, s.language) for s, (slug, *_) in zip(sources, SOURCES, strict=True)],
        source_cum_weights=_cumulative(source_weights),
        matcher=Matcher.from_database(),
        categoriser=Categoriser.from_database(),
    )


def _cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for weight in weights:
        total += weight
        out.append(total)
    return out


def generate(
    plan: Plan, seed: int, count: int, first_id: int, end: datetime.datetime
) -> Iterator[tuple[tuple, list[tuple], list[tuple]]]:
    """(item row, mention rows, category rows) for each item, oldest first.

    Item rows are (id, source id, guid, url, title, summary, language, published_at,
    story id, hidden); mention rows (item id, brand id, alias, published_at);
    category rows (item id, category id).
    """
    rng = random.Random(seed)
    start = end - SPAN
    step = SPAN / max(count, 1)
    matched: dict[str, tuple[list[tuple[int, str]], list[int]]] = {}
    recent: dict[int, tuple] = {}  # brand id -> the last story anchor that named it
    brands, sources = plan.brands, plan.sources
    for n in range(count):
        item_id = first_id + n
        # One item per slot of the span, at a random moment in it: dates rise with ids.
        published = start + step * (n + rng.random())
        published = published.replace(microsecond=0)
        source_id, source_slug, language = rng.choices(
            sources, cum_weights=plan.source_cum_weights
        )[0]
        brand = rng.choices(brands, cum_weights=plan.cum_weights)[0]
        hidden = rng.random() < HIDDEN
        guid = f"demo-{seed}-{n}"
        url = f"{DEMO_URL_PREFIX}{source_slug}/{published:%Y/%m}/{seed}-{n}"

        anchor = recent.get(brand.id)
        if (
            anchor is not None
            and rng.random() < COVERAGE
            and anchor[1] != source_id
            and published - anchor[2] <= STORY_WINDOW
        ):
            # Another source covers the same story: same title, same brands.
            anchor_id, _, _, title, summary, found, categories = anchor
            story_id = anchor_id
        else:
            title, summary, skeleton = _texts(rng, plan, brand, language)
            if skeleton not in matched:
                hits = plan.matcher.match(skeleton)
                categories = sorted(
                    plan.categoriser.categories(skeleton, "", [hit.brand_id for hit in hits])
                )
                matched[skeleton] = ([(hit.brand_id, hit.alias) for hit in hits], categories)
            found, categories = matched[skeleton]
            story_id = None
            story = (item_id, source_id, published, title, summary, found, categories)
            for brand_id, _ in found:
                recent[brand_id] = story
        yield (
            (item_id, source_id, guid, url, title, summary, language, published, story_id, hidden),
            [(item_id, brand_id, alias, published) for brand_id, alias in found],
            [(item_id, category_id) for category_id in categories],
        )


def _texts(rng: random.Random, plan: Plan, brand: BrandPlan, language: str):
    """(title, summary, title with a placeholder model name) for one new story."""
    slug, word = plan.category_word(rng, brand, language)
    name = _name(rng, brand, language)
    if slug in PHONE_CATEGORIES:
        model = f"{rng.choice(PHONE_SERIES)}{rng.randint(5, 16)}{rng.choice(PHONE_SUFFIXES)}"
    else:
        model = f"{rng.choice(OTHER_SERIES)}{rng.randint(1, 20)}{rng.choice(OTHER_SUFFIXES)}"
    values = {
        "b": name,
        "c": word,
        "a": rng.choice(ADJECTIVES[language]),
        "x": rng.choice(PRICES[language]),
        "q": rng.randint(1, 4),
        "d": rng.choice(DAYS[language]),
    }
    if len(plan.brands) > 1 and rng.random() < TWO_BRANDS:
        other = brand
        while other is brand:
            other = rng.choices(plan.brands, cum_weights=plan.cum_weights)[0]
        values["b2"] = _name(rng, other, language)
        template = rng.choice(TWO_BRAND_TITLES[language])
    else:
        template = rng.choice(TITLES[language])
    summary = rng.choice(SUMMARIES[language]).format(p=model, **values)
    # The words that can name a brand or a category, with the rest held fixed: the
    # key under which matching results are cached.
    skeleton = template.format(**{**values, **PLACEHOLDERS})
    return template.format(p=model, **values), summary, skeleton


def _name(rng: random.Random, brand: BrandPlan, language: str) -> str:
    names = brand.names[language]
    # Most news use the brand's main name; the rest its other names.
    return names[0] if len(names) == 1 or rng.random() < 0.85 else rng.choice(names[1:])


def _write_bulk(plan, seed, count, end, bar) -> tuple[int, int]:
    """Any database: bulk_create in batches, with the ids chosen here."""
    first_id = (NewsItem.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
    through = NewsItem.categories.through
    items, mentions, links = [], [], []
    totals = [0, 0]

    def flush():
        NewsItem.objects.bulk_create(items, batch_size=SQLITE_BATCH)
        Mention.objects.bulk_create(mentions, batch_size=SQLITE_BATCH)
        through.objects.bulk_create(links, batch_size=SQLITE_BATCH)
        totals[0] += len(mentions)
        totals[1] += len(links)
        bar.update(len(items))
        items.clear()
        mentions.clear()
        links.clear()

    for row, item_mentions, item_links in generate(plan, seed, count, first_id, end):
        item_id, source_id, guid, url, title, summary, language, published, story, hidden = row
        items.append(
            NewsItem(
                pk=item_id, source_id=source_id, guid=guid, url=url, canonical_url=url,
                title=title, summary=summary, language=language, published_at=published,
                story_id=story, hidden=hidden,
            )
        )  # fmt: skip
        mentions.extend(
            Mention(
                news_item_id=i, brand_id=b, alias=a, matched_in=Mention.Field.TITLE,
                published_at=p,
            )
            for i, b, a, p in item_mentions
        )  # fmt: skip
        links.extend(through(newsitem_id=i, productcategory_id=c) for i, c in item_links)
        if len(items) >= SQLITE_BATCH:
            flush()
    flush()
    return totals[0], totals[1]


def _write_postgresql(plan, seed, count, end, bar) -> tuple[int, int]:
    """PostgreSQL: COPY, in rounds of BATCH items, inside the caller's transaction."""
    if not count:
        return 0, 0
    quote = connection.ops.quote_name
    through = NewsItem.categories.through
    tables = ", ".join(quote(model._meta.db_table) for model in (NewsItem, Mention, through))
    item_fields = (
        "id", "source", "guid", "url", "canonical_url", "title", "summary", "language",
        "published_at", "story", "hidden", "fetched_at", "updated_at",
    )  # fmt: skip
    mention_fields = ("news_item", "brand", "alias", "matched_in", "published_at")
    fetched_after = datetime.timedelta(minutes=7)
    totals = [0, 0]
    with connection.cursor() as cursor:
        # Writers wait until this transaction ends; readers carry on.
        cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")
        first_id = pgcopy.reserve_consecutive_ids(cursor, NewsItem, count)
        # New entries of the full-text (GIN) index go to its pending list and are merged
        # in bulk (by the VACUUM that follows), instead of one index insert per word.
        cursor.execute("SET LOCAL gin_pending_list_limit = '512MB'")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute("SET LOCAL work_mem = '64MB'")
        rows = generate(plan, seed, count, first_id, end)
        left = count
        while left:
            size = min(BATCH, left)
            left -= size
            mentions, links = [], []
            # Items stream to the server while they are generated; their mentions and
            # category links follow in two more COPYs.
            with pgcopy.copy_into(cursor, NewsItem, item_fields) as copy:
                for _ in range(size):
                    row, item_mentions, item_links = next(rows)
                    (item_id, source_id, guid, url, title, summary, language, published,
                     story, hidden) = row  # fmt: skip
                    fetched = published + fetched_after
                    copy.write_row(
                        (item_id, source_id, guid, url, url, title, summary, language,
                         published, story, hidden, fetched, fetched)
                    )  # fmt: skip
                    mentions.extend(item_mentions)
                    links.extend(item_links)
            with pgcopy.copy_into(cursor, Mention, mention_fields) as copy:
                for item_id, brand_id, alias, published in mentions:
                    copy.write_row((item_id, brand_id, alias, "title", published))
            with pgcopy.copy_into(cursor, through, ("newsitem", "productcategory")) as copy:
                for row in links:
                    copy.write_row(row)
            totals[0] += len(mentions)
            totals[1] += len(links)
            bar.update(size)
    return totals[0], totals[1]


def _analyse() -> None:
    """Fresh statistics for the planner (and, outside a transaction, the visibility map)."""
    tables = [
        NewsItem._meta.db_table,
        Mention._meta.db_table,
        NewsItem.categories.through._meta.db_table,
    ]
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"{command} {connection.ops.quote_name(table)}")
