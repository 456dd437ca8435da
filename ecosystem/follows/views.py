"""The follow pages: asking, confirming, managing, ending, and the private feed.

The follow form sits on cached public pages, which carry no CSRF token (see
ecosystem/urls.py); it is exempt, as all it can do is send one confirmation
mail, limited per address and per client. The other pages are opened from
mails and carry a signed token in their URL: the token is the secret a forged
request would need, so they are exempt too (RFC 8058 one-click unsubscribe
must work without a session or CSRF token anyway).
"""

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from ecosystem.core.ratelimits import rate_limited
from ecosystem.follows import tokens
from ecosystem.follows.forms import ChangeFollowForm, FollowForm
from ecosystem.follows.models import Follow, Subscriber
from ecosystem.follows.subscribing import request_follow


@csrf_exempt
@require_POST
@rate_limited("follow", "RATE_LIMIT_FOLLOW")
def follow(request: HttpRequest) -> HttpResponse:
    form = FollowForm(request.POST)
    htmx = bool(getattr(request, "htmx", False))
    if not form.is_valid():
        template = "follows/_follow_form.html" if htmx else "follows/follow_invalid.html"
        # htmx swaps only successful answers: the form comes back with its errors.
        return render(request, template, {"follow_form": form}, status=200 if htmx else 400)
    if not form.is_robot:
        request_follow(
            email=form.cleaned_data["email"],
            language=request.LANGUAGE_CODE,
            target=form.target(),
            frequency=form.cleaned_data["frequency"],
            trending_only=form.cleaned_data["trending_only"],
        )
    # The same answer whatever the address's state: nobody learns who follows what.
    if htmx:
        return render(request, "follows/_check_inbox.html")
    return HttpResponseRedirect(reverse("follows:sent"), status=303)


def sent(request: HttpRequest) -> HttpResponse:
    return render(request, "follows/sent.html")


@csrf_exempt
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        follow_pk = tokens.follow_to_confirm(token)
    except tokens.BadToken:
        return _bad_link(request)
    follow = Follow.objects.filter(pk=follow_pk).select_related("subscriber").first()
    if follow is None:
        return _bad_link(request)
    if request.method == "POST":
        follow.confirm()
        manage = reverse("follows:manage", args=[tokens.manage_token(follow.subscriber_id)])
        return HttpResponseRedirect(f"{manage}?confirmed={follow.pk}", status=303)
    return render(request, "follows/confirm.html", {"follow": follow})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    try:
        subscriber = get_object_or_404(Subscriber, pk=tokens.subscriber_to_manage(token))
    except tokens.BadToken:
        return _bad_link(request)
    if request.method == "POST":
        follow = get_object_or_404(subscriber.follows, pk=request.POST.get("follow", ""))
        here = reverse("follows:manage", args=[token])
        if request.POST.get("action") == "end":
            follow.end()
            if not Subscriber.objects.filter(pk=subscriber.pk).exists():
                return render(request, "follows/ended.html", {"everything": True})
            return HttpResponseRedirect(f"{here}?ended=1", status=303)
        form = ChangeFollowForm(request.POST, instance=follow)
        if form.is_valid():
            form.save()
            return HttpResponseRedirect(f"{here}?changed={follow.pk}", status=303)
    return render(
        request,
        "follows/manage.html",
        {
            "subscriber": subscriber,
            "follows": subscriber.follows.select_related("brand", "category").order_by(
                "created_at"
            ),
            "frequencies": Follow.Frequency.choices,
            "feed_url": reverse("follows:feed", args=[tokens.feed_token(subscriber.pk)]),
            "confirmed": request.GET.get("confirmed"),
            "changed": request.GET.get("changed"),
            "ended": request.GET.get("ended"),
        },
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        follow_pk = tokens.follow_to_end(token)
    except tokens.BadToken:
        return _bad_link(request)
    follow = Follow.objects.filter(pk=follow_pk).select_related("subscriber").first()
    if request.method == "POST":
        # Ending what has ended already is no error: mail clients may post twice.
        if follow is not None:
            follow.end()
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse("Unsubscribed.\n", content_type="text/plain; charset=utf-8")
        return render(request, "follows/ended.html")
    # A GET never ends anything: mail scanners open links to check them.
    return render(request, "follows/unsubscribe.html", {"follow": follow})


def _bad_link(request: HttpRequest) -> HttpResponse:
    return render(request, "follows/bad_link.html", status=404)
