"""`manage.py load_ecosystem` re-applies the data file without duplicating or losing rows."""

import io

import pytest
from django.core.management import CommandError, call_command

from ecosystem.announcements.models import Announcement
from ecosystem.brands.models import Alias, Brand, ProductCategory, Tie
from ecosystem.brands.seed import DATA_FILE

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (Brand, ProductCategory, Alias, Tie, Announcement)]


def load(path=DATA_FILE):
    out = io.StringIO()
    call_command("load_ecosystem", "--file", str(path), stdout=out)
    return out.getvalue()


def edited_copy(tmp_path, old, new):
    text = DATA_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "ecosystem.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_applying_the_file_again_changes_nothing():
    before = counts()
    output = load()
    assert counts() == before
    assert "(0 new)" in output and "brands" in output


def test_a_changed_fact_updates_the_row(tmp_path):
    path = edited_copy(tmp_path, 'headquarters = "Beijing', 'headquarters = "Haidian, Beijing')
    load(path)
    assert Brand.objects.get(slug="xiaomi").headquarters.startswith("Haidian, Beijing")
    assert Brand.objects.filter(slug="xiaomi").count() == 1


def test_what_editors_added_is_kept():
    xiaomi = Brand.objects.get(slug="xiaomi")
    own_category = ProductCategory.objects.create(slug="laptops", name="Laptops")
    xiaomi.categories.add(own_category)
    Alias.objects.create(brand=xiaomi, text="Xiaomi Inc.", language="en")
    Brand.objects.create(slug="newcomer", name="Newcomer", kind="ecosystem")
    announcement = Announcement.objects.order_by("publish_at").first()
    announcement.title = "Edited by an editor"
    announcement.save()

    load()

    assert xiaomi.categories.filter(slug="laptops").exists()
    assert xiaomi.aliases.filter(text="Xiaomi Inc.").exists()
    assert Brand.objects.filter(slug="newcomer").exists()
    announcement.refresh_from_db()
    assert announcement.title == "Edited by an editor"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('kind = "parent"', 'kind = "conglomerate"', "kind must be one of"),
        ("founded = 2010", 'founded = "soon"', "founded must be a year"),
        ('type = "sub_brand_of"', 'type = "best_friend_of"', "type must be one of"),
        ('target = "xiaomi"', 'target = "nobody"', "unknown brand 'nobody'"),
        ('since = "20', 'since = "x20', "is not YYYY, YYYY-MM or YYYY-MM-DD"),
        ("[[brand]]", "[[brand]", "ecosystem.toml"),
    ],
)
def test_a_broken_file_is_refused_whole(tmp_path, old, new, message):
    path = edited_copy(tmp_path, old, new)
    before = counts()
    with pytest.raises(CommandError, match=message):
        load(path)
    assert counts() == before
