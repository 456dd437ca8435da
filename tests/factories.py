"""Rows for tests, built the way the product builds them."""

import datetime

import factory
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.utils import timezone

from ecosystem.announcements.models import Announcement
from ecosystem.brands.models import Alias, Brand, ProductCategory, Tie
from ecosystem.follows.models import Follow, Subscriber
from ecosystem.news import counters
from ecosystem.news.models import Mention, NewsItem, Source

# For tests that sign in through the login form (the rest use force_login,
# which needs no password and skips the slow password hashing).
PASSWORD = "correct-horse-battery-staple-42"


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductCategory

    slug = factory.Sequence(lambda n: f"test-category-{n}")
    name = factory.Sequence(lambda n: f"Test category {n}")


class BrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Brand

    slug = factory.Sequence(lambda n: f"test-brand-{n}")
    name = factory.Sequence(lambda n: f"Test Brand {n}")
    kind = Brand.Kind.ECOSYSTEM


class AliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alias

    brand = factory.SubFactory(BrandFactory)
    text = factory.Sequence(lambda n: f"Alias{n}")
    language = Alias.Language.ENGLISH


class TieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tie

    brand = factory.SubFactory(BrandFactory)
    target = factory.SubFactory(BrandFactory)
    type = Tie.Type.INVESTED_IN_BY


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    name = factory.Sequence(lambda n: f"Test source {n}")
    url = factory.Sequence(lambda n: f"https://news{n}.example.com/feed.xml")
    language = "en"


class NewsItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsItem

    source = factory.SubFactory(SourceFactory)
    guid = factory.Sequence(lambda n: f"item-{n}")
    url = factory.Sequence(lambda n: f"https://news.example.com/story/{n}")
    title = factory.Sequence(lambda n: f"Story number {n}")
    published_at = factory.LazyFunction(timezone.now)


class MentionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mention

    news_item = factory.SubFactory(NewsItemFactory)
    brand = factory.SubFactory(BrandFactory)
    alias = factory.LazyAttribute(lambda m: m.brand.name)
    matched_in = Mention.Field.TITLE
    published_at = factory.LazyAttribute(lambda m: m.news_item.published_at)


class AnnouncementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Announcement
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"announcement-{n}")
    title = factory.Sequence(lambda n: f"Announcement {n}")
    body = "Something happened."
    state = Announcement.State.PUBLISHED
    publish_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def brands(self, create, extracted, **kwargs):
        if create and extracted:
            self.brands.add(*extracted)


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    language = "en"


class FollowFactory(factory.django.DjangoModelFactory):
    """A confirmed follow (confirmed_at=None for one waiting for confirmation)."""

    class Meta:
        model = Follow

    subscriber = factory.SubFactory(SubscriberFactory)
    frequency = Follow.Frequency.DAILY
    confirmed_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))


def bulk_news(count, *, brands=(), categories=(), source=None, start=None):
    """`count` visible news items naming `brands`, one minute apart, written in bulk."""
    import datetime

    source = source or SourceFactory()
    start = start or timezone.now()
    items = NewsItem.objects.bulk_create(
        NewsItem(
            source=source,
            guid=f"bulk-{source.pk}-{n}",
            url=f"https://bulk.example.com/{source.pk}/{n}",
            title=f"Bulk story {n}",
            published_at=start - datetime.timedelta(minutes=n),
        )
        for n in range(count)
    )
    Mention.objects.bulk_create(
        Mention(news_item=item, brand=brand, matched_in="title", published_at=item.published_at)
        for item in items
        for brand in brands
    )
    NewsItem.categories.through.objects.bulk_create(
        NewsItem.categories.through(newsitem_id=item.pk, productcategory_id=category.pk)
        for item in items
        for category in categories
    )
    counters.added([item.pk for item in items])  # a bulk writer counts what it wrote
    return items


# --- Users of the admin: staff accounts in the roles the data migration creates ---------


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    is_staff = True
    password = factory.LazyFunction(lambda: make_password(None))

    class Params:
        with_password = factory.Trait(password=factory.django.Password(PASSWORD))

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """UserFactory(roles=["Editors"]) puts the user in those groups."""
        if create and extracted:
            self.groups.add(*(Group.objects.get(name=name) for name in extracted))


def editor(**kwargs) -> User:
    return UserFactory(roles=["Editors"], **kwargs)


def administrator(**kwargs) -> User:
    return UserFactory(roles=["Administrators"], **kwargs)
