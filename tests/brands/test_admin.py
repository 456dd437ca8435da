"""The brand admin: facts, categories, aliases, exclusions and ties edited in one place."""

import pytest
from django.urls import reverse

from ecosystem.brands.models import Alias, Brand, Tie
from ecosystem.core.models import Job
from tests.factories import administrator, editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client):
    client.force_login(administrator())
    return client


def brand_form(brand, **extra):
    """The brand change form as posted, with its inlines unchanged unless `extra` says so."""
    data = {
        "name": brand.name,
        "slug": brand.slug,
        "native_name": brand.native_name,
        "kind": brand.kind,
        "founded": brand.founded or "",
        "headquarters": brand.headquarters,
        "website": brand.website,
        "ticker": brand.ticker,
        "description": brand.description,
        "categories": list(brand.categories.values_list("pk", flat=True)),
        "_save": "Save",
    }
    inlines = {
        "aliases": brand.aliases.order_by("pk"),
        "exclusions": brand.exclusions.order_by("pk"),
        "context_words": brand.context_words.order_by("pk"),
        "references": brand.references.order_by("pk"),
        "ties": brand.ties.order_by("pk"),
        "incoming_ties": brand.incoming_ties.order_by("pk"),
    }
    fields = {
        "aliases": ["text", "language", "case_sensitive", "evidence"],
        "exclusions": ["text"],
        "context_words": ["text"],
        "references": ["title", "url"],
        "ties": ["type", "target", "since", "since_precision", "until", "until_precision"],
        "incoming_ties": ["brand", "type", "since", "since_precision", "until", "until_precision"],
    }
    for prefix, rows in inlines.items():
        rows = list(rows)
        data[f"{prefix}-TOTAL_FORMS"] = len(rows)
        data[f"{prefix}-INITIAL_FORMS"] = len(rows)
        for i, row in enumerate(rows):
            data[f"{prefix}-{i}-id"] = row.pk
            for name in fields[prefix]:
                value = getattr(row, f"{name}_id", None) or getattr(row, name)
                if value is True:
                    data[f"{prefix}-{i}-{name}"] = "on"
                elif value not in (None, False):
                    data[f"{prefix}-{i}-{name}"] = value
    data.update(extra)
    return data


def test_the_brand_pages_open_with_every_inline(admin_client_):
    xiaomi = Brand.objects.get(slug="xiaomi")
    html = admin_client_.get(reverse("admin:brands_brand_change", args=[xiaomi.pk])).content
    for heading in (b"aliases", b"exclusion phrases", b"context words", b"sources of the facts",
                    b"ties from this", b"ties to this"):  # fmt: skip
        assert heading in html.lower()
    assert admin_client_.get(reverse("admin:brands_brand_add")).status_code == 200
    assert admin_client_.get(reverse("admin:brands_tie_changelist")).status_code == 200


def test_brands_are_found_by_an_alias(admin_client_):
    response = admin_client_.get(reverse("admin:brands_brand_changelist"), {"q": "石头科技"})
    assert [b.slug for b in response.context["cl"].result_list] == ["roborock"]


@pytest.mark.parametrize("role", [editor, administrator])
def test_brand_pickers_autocomplete_by_name(client, role):
    client.force_login(role())
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "news", "model_name": "mention", "field_name": "brand", "term": "yeel"},
    )
    assert [r["text"] for r in response.json()["results"]] == ["Yeelight"]


def test_adding_an_alias_inline_enqueues_one_rematch(
    admin_client_, django_capture_on_commit_callbacks
):
    yeelight = Brand.objects.get(slug="yeelight")
    rows = yeelight.aliases.count()
    data = brand_form(
        yeelight,
        **{
            "aliases-TOTAL_FORMS": rows + 2,
            f"aliases-{rows}-text": "Yeelight Pro",
            f"aliases-{rows}-language": "en",
            f"aliases-{rows + 1}-text": "Yeelight Pro",
            f"aliases-{rows + 1}-language": "de",
        },
    )
    response = admin_client_.post(reverse("admin:brands_brand_change", args=[yeelight.pk]), data)
    assert response.status_code == 302, response.context["errors"]
    assert Alias.objects.filter(brand=yeelight, text="Yeelight Pro").count() == 2
    assert list(Job.objects.values_list("kind", "state")) == [("news.rematch", "pending")]


def test_adding_a_context_word_inline_enqueues_a_rematch(admin_client_):
    black_shark = Brand.objects.get(slug="black-shark")
    rows = black_shark.context_words.count()
    data = brand_form(
        black_shark,
        **{"context_words-TOTAL_FORMS": rows + 1, f"context_words-{rows}-text": "掌机"},
    )
    response = admin_client_.post(reverse("admin:brands_brand_change", args=[black_shark.pk]), data)
    assert response.status_code == 302, response.context["errors"]
    assert black_shark.context_words.filter(text="掌机").exists()
    assert list(Job.objects.values_list("kind", "state")) == [("news.rematch", "pending")]


def test_a_tie_is_added_with_its_dates(admin_client_):
    yeelight, xiaomi = Brand.objects.get(slug="yeelight"), Brand.objects.get(slug="xiaomi")
    Tie.objects.filter(brand=yeelight, target=xiaomi, type="sold_through").delete()
    rows = yeelight.ties.count()
    data = brand_form(
        yeelight,
        **{
            "ties-TOTAL_FORMS": rows + 1,
            f"ties-{rows}-type": "sold_through",
            f"ties-{rows}-target": xiaomi.pk,
            f"ties-{rows}-since": "2016-03-01",
            f"ties-{rows}-since_precision": "month",
            f"ties-{rows}-until_precision": "day",
        },
    )
    response = admin_client_.post(reverse("admin:brands_brand_change", args=[yeelight.pk]), data)
    assert response.status_code == 302, response.context["errors"]
    tie = Tie.objects.get(brand=yeelight, target=xiaomi, type="sold_through")
    assert (str(tie.since), tie.since_precision) == ("2016-03-01", "month")


def test_a_brand_cannot_be_tied_to_itself(admin_client_):
    yeelight = Brand.objects.get(slug="yeelight")
    rows = yeelight.ties.count()
    data = brand_form(
        yeelight,
        **{
            "ties-TOTAL_FORMS": rows + 1,
            f"ties-{rows}-type": "renamed_from",
            f"ties-{rows}-target": yeelight.pk,
            f"ties-{rows}-since_precision": "day",
            f"ties-{rows}-until_precision": "day",
        },
    )
    response = admin_client_.post(reverse("admin:brands_brand_change", args=[yeelight.pk]), data)
    assert response.status_code == 200
    assert "A brand cannot be tied to itself." in response.content.decode()
    assert not Tie.objects.filter(brand=yeelight, target=yeelight).exists()
