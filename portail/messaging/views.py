"""Pages of messaging: the inbox of both sides, a conversation, writing, and an attachment's download."""

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portail.messaging import selectors, services
from portail.messaging.forms import InboxSearchForm, MessageForm, NewThreadForm, RecipientsForm
from portail.messaging.models import Attachment, Side, Thread
from portail.messaging.permissions import side_of
from portail.messaging.storage import attachment_storage
from portail.registry.models import Provider

PAGE_SIZE = 25


def reader_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """A page for the two sides of messaging, an office's agents and providers; others get the 403 page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if selectors.reader_side(request.user) is None:  # type: ignore[arg-type]
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _errors(form: Any, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


@reader_required
@require_safe
def inbox(request: HttpRequest) -> HttpResponse:
    """The side's conversations, searched, unread first or newest first, a page at a time."""
    search = InboxSearchForm(request.GET)
    filters = search.filters()
    threads = selectors.inbox(request.user, **filters)  # type: ignore[arg-type]
    side = selectors.reader_side(request.user)  # type: ignore[arg-type]
    provider = getattr(request.user, "provider", None) if side == Side.PROVIDER else None
    query = urlencode({key: value for key, value in request.GET.items() if key != "page"})
    return render(
        request,
        "messaging/inbox.html",
        {
            "search": search,
            "filters": filters,
            "page": Paginator(threads, PAGE_SIZE).get_page(request.GET.get("page")),
            "query": query,
            "is_office": side == Side.OFFICE,
            "emails_on": selectors.emails_on(provider) if provider is not None else None,
        },
    )


@reader_required
@require_http_methods(["GET", "HEAD", "POST"])
def thread(request: HttpRequest, pk: int) -> HttpResponse:
    """A conversation: opening it marks it read for the reader's side; the form answers it."""
    conversation = selectors.thread_for(request.user, pk)  # type: ignore[arg-type]
    form = MessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reply(
                thread=conversation,
                body=form.cleaned_data["body"],
                attachments=form.cleaned_data["attachments"],
                by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Your message was sent."))
            return redirect("messaging:thread", pk=conversation.pk)
    if request.method == "GET":
        services.mark_read(thread=conversation, by=request.user)  # type: ignore[arg-type]
    side = side_of(request.user, conversation)
    archived = conversation.office_archived if side == Side.OFFICE else conversation.provider_archived
    return render(
        request,
        "messaging/thread.html",
        {"thread": conversation, "form": form, "side": side, "archived": archived},
        status=400 if form.errors else 200,
    )


@reader_required
@require_POST
def archive(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = get_object_or_404(Thread.objects.visible_to(request.user), pk=pk)  # type: ignore[arg-type]
    archived = request.POST.get("archived", "1") != "0"
    services.archive(thread=conversation, by=request.user, archived=archived)  # type: ignore[arg-type]
    if archived:
        messages.success(request, _("The conversation was archived; a new message brings it back."))
        return redirect("messaging:inbox")
    messages.success(request, _("The conversation is back in your inbox."))
    return redirect("messaging:thread", pk=conversation.pk)


@reader_required
@require_http_methods(["GET", "HEAD", "POST"])
def write(request: HttpRequest) -> HttpResponse:
    """An agent writes to one, all or a filtered set of its office's providers; a provider to its office."""
    if selectors.reader_side(request.user) == Side.PROVIDER:  # type: ignore[arg-type]
        return _write_to_office(request)
    providers = Provider.objects.visible_to(request.user).order_by("last_name", "first_name", "pk")  # type: ignore[arg-type]
    # The recipients travel in the query string: the count shown is the count the message goes to.
    chooser = RecipientsForm(request.GET, providers=providers)
    chosen = chooser.recipients()
    recipients = (
        providers.none()
        if chosen is None
        else selectors.recipients_of(request.user, chosen, today=timezone.localdate())  # type: ignore[arg-type]
    )
    count = recipients.count()
    form = NewThreadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and chosen is None:
        form.add_error(None, _("Choose the recipients among your office's providers."))
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.broadcast(
                office=request.user.office_agent.office,  # type: ignore[union-attr]
                by=request.user,  # type: ignore[arg-type]
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                providers=recipients.only("pk", "office_id"),
                attachments=form.cleaned_data["attachments"],
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "Your message was sent to %(count)d provider.",
                    "Your message was sent to %(count)d providers.",
                    sent,
                )
                % {"count": sent},
            )
            return redirect("messaging:inbox")
    return render(
        request,
        "messaging/write.html",
        {"chooser": chooser, "form": form, "count": count, "query": request.GET.urlencode()},
        status=400 if form.errors else 200,
    )


def _write_to_office(request: HttpRequest) -> HttpResponse:
    provider = request.user.provider  # type: ignore[union-attr]
    form = NewThreadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            conversation = services.start_thread(
                provider=provider,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                attachments=form.cleaned_data["attachments"],
                by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("Your message was sent."))
            return redirect("messaging:thread", pk=conversation.pk)
    return render(
        request,
        "messaging/write.html",
        {"form": form, "office": provider.office},
        status=400 if form.errors else 200,
    )


@reader_required
@require_safe
def attachment(request: HttpRequest, pk: int) -> HttpResponseBase:
    """An attachment, to whoever sees its conversation: always downloaded, never shown in the page."""
    found = get_object_or_404(Attachment.objects.visible_to(request.user), pk=pk)  # type: ignore[arg-type]
    storage = attachment_storage()
    if not storage.exists(found.file.name):
        raise Http404
    response = FileResponse(storage.open(found.file.name, "rb"), content_type=found.content_type)
    ascii_name = found.original_name.encode("ascii", "ignore").decode() or "piece-jointe"
    ascii_name = ascii_name.replace('"', "").replace("\\", "")
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(found.original_name)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@reader_required
@require_POST
def notices(request: HttpRequest) -> HttpResponse:
    """A provider turns the e-mails telling it of a new message on or off."""
    provider = getattr(request.user, "provider", None)
    if selectors.reader_side(request.user) != Side.PROVIDER or provider is None:  # type: ignore[arg-type]
        raise PermissionDenied
    emails = request.POST.get("emails") == "on"
    services.set_notice_emails(provider=provider, emails=emails, by=request.user)  # type: ignore[arg-type]
    messages.success(
        request,
        _("You will receive an e-mail when your office writes.")
        if emails
        else _("You will no longer receive an e-mail when your office writes."),
    )
    return redirect("messaging:inbox")
