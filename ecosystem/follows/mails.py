"""What a mail says: its subject, text and HTML parts, and its headers.

Written in the language the visitor used when following, with absolute links
(SITE_URL), a link to the page where the address manages all its follows, and
RFC 8058 one-click unsubscribe headers for the follow the mail is about.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ecosystem.brands.models import Brand
from ecosystem.follows import tokens
from ecosystem.follows.models import Follow, Mail
from ecosystem.news import trends
from ecosystem.news.models import NewsItem

# A digest lists at most this many stories; the rest are a link away.
MAX_STORIES = 30


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def manage_url(subscriber_pk: int) -> str:
    return absolute(reverse("follows:manage", args=[tokens.manage_token(subscriber_pk)]))


def unsubscribe_url(follow_pk: int) -> str:
    return absolute(reverse("follows:unsubscribe", args=[tokens.unsubscribe_token(follow_pk)]))


def confirm_url(follow_pk: int) -> str:
    return absolute(reverse("follows:confirm", args=[tokens.confirm_token(follow_pk)]))


@dataclass
class Story:
    """One story of a mail: its newest item here, and how widely it was covered."""

    item: NewsItem
    sources: int
    brands: list[Brand] = field(default_factory=list)

    @property
    def brand_links(self) -> list[tuple[str, str]]:
        return [(brand.name, absolute(brand.get_absolute_url())) for brand in self.brands]


def stories_of(mail: Mail) -> list[Story]:
    """The mail's items grouped by story, newest story first."""
    items = (
        NewsItem.objects.filter(pk__in=mail.mail_items.values("news_item"))
        .select_related("source")
        .prefetch_related("brands")
        .order_by("-published_at", "-pk")
    )
    stories: dict[int, Story] = {}
    for item in items:
        root = item.story_id or item.pk
        if root not in stories:
            stories[root] = Story(item, 1, list(item.brands.all())[:4])
    roots = list(stories)[:MAX_STORIES]
    coverage = dict(
        NewsItem.objects.filter(Q(pk__in=roots) | Q(story__in=roots))
        .annotate(root=Coalesce("story", "pk"))
        .values("root")
        .annotate(sources=Count("source", distinct=True))
        .values_list("root", "sources")
    )
    for root in roots:
        stories[root].sources = coverage.get(root, 1)
    return [stories[root] for root in roots]


def build_message(mail: Mail) -> EmailMultiAlternatives:
    follow = mail.follow
    with translation.override(mail.subscriber.language or settings.LANGUAGE_CODE):
        context = _context(mail, follow)
        subject = _subject(mail, follow, context)
        text = render_to_string("follows/mail/message.txt", {**context, "subject": subject})
        html = render_to_string("follows/mail/message.html", {**context, "subject": subject})
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.subscriber.email],
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # Tells vacation responders and the like not to answer (RFC 3834).
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def _context(mail: Mail, follow: Follow) -> dict[str, object]:
    context: dict[str, object] = {
        "mail": mail,
        "follow": follow,
        "what": follow.describe(),
        "site_url": settings.SITE_URL,
        "manage_url": manage_url(mail.subscriber_id),
        "unsubscribe_url": unsubscribe_url(follow.pk),
        "follow_page_url": absolute(_page_of(follow)),
        "language": translation.get_language(),
    }
    if mail.kind == Mail.Kind.CONFIRM:
        context["confirm_url"] = confirm_url(follow.pk)
    if mail.kind in (Mail.Kind.INSTANT, Mail.Kind.DAILY, Mail.Kind.WEEKLY, Mail.Kind.TREND):
        context["stories"] = stories_of(mail)
        context["item_count"] = mail.mail_items.count()
    if mail.kind == Mail.Kind.TREND:
        context.update(
            trend_factor=trends.TREND_FACTOR,
            trend_minimum=trends.TREND_MINIMUM,
            trend_weeks=trends.BASELINE_WEEKS,
        )
    return context


def _page_of(follow: Follow) -> str:
    """The page that shows what the follow follows: its brand, category or search."""
    brand, category = follow.brand, follow.category
    if follow.query or (brand and category):
        params = {
            "q": follow.query,
            "brand": brand.slug if brand else "",
            "category": category.slug if category else "",
        }
        return f"{reverse('news:list')}?{urlencode({k: v for k, v in params.items() if v})}"
    if brand is not None:
        path = brand.get_absolute_url()
        return f"{path}?include=tied" if follow.include_tied else path
    assert category is not None
    return reverse("categories:detail", args=[category.slug])


def _subject(mail: Mail, follow: Follow, context: dict[str, object]) -> str:
    what = context["what"]
    if mail.kind == Mail.Kind.CONFIRM:
        return _("Please confirm: follow %(what)s") % {"what": what}
    if mail.kind == Mail.Kind.REMINDER:
        return _("You already follow %(what)s") % {"what": what}
    if mail.kind == Mail.Kind.TREND:
        return _("%(what)s is trending") % {"what": what}
    count = context.get("item_count", 0)
    if mail.kind == Mail.Kind.INSTANT:
        return _("New: %(what)s (%(count)s)") % {"what": what, "count": count}
    if mail.kind == Mail.Kind.DAILY:
        return _("Your daily digest: %(what)s") % {"what": what}
    return _("Your weekly digest: %(what)s") % {"what": what}
