"""Writes of onboarding: linking an account to its register entry (by e-mail or claim code), reminders."""

import enum
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from portail.accounts.models import Role, User
from portail.accounts.permissions import is_office_admin
from portail.onboarding import reminder_text
from portail.onboarding.models import ClaimAttempt, ClaimCode, ReminderLog, ReminderTemplate
from portail.onboarding.selectors import reminder_wording_of
from portail.onboarding.tasks import send_reminder_email
from portail.registry.models import CoordinatingOffice, Provider

CODE_VALIDITY = timedelta(days=14)
# Wrong tries are counted per account, never against the code: someone who knows a provider's (sequential)
# register number must not be able to block the code its office gave the provider.
MAX_FAILED_ATTEMPTS = 5  # per account within ATTEMPT_WINDOW
ATTEMPT_WINDOW = timedelta(hours=1)
FAILED_ATTEMPTS_CEILING = 32767  # the counter kept on a code for the office, a small integer column
# No 0/O, 1/I/L: a code read over the phone is typed right.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
REMINDER_INTERVAL = timedelta(days=7)
# Sent with `reminders` (the ReminderLog rows written) inside send_reminders' transaction: messaging
# records each in its provider's thread.
reminders_sent = Signal()


def email_is_verified(user: User) -> bool:
    """An account's e-mail is verified if allauth verified it, or if the deployment skips verification."""
    if settings.ACCOUNT_EMAIL_VERIFICATION == "none":
        return True
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def may_join(user: User) -> bool:
    """Only a parent account (the default of a new account) with no register entry may become a provider's."""
    return user.is_active and user.role == Role.PARENT and not Provider.objects.filter(user=user).exists()


def _link(*, provider: Provider, user: User) -> Provider:
    now = timezone.now()
    provider.user = user
    provider.joined_portal_at = now
    provider.save(update_fields=["user", "joined_portal_at"])
    user.role = Role.PROVIDER
    user.save(update_fields=["role"])
    ClaimCode.objects.filter(provider=provider, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )
    return provider


@transaction.atomic
def link_provider_account(*, user: User) -> Provider | None:
    """Links an account to the one unlinked register entry with its verified e-mail, if exactly one."""
    if not user.email or not may_join(user) or not email_is_verified(user):
        return None
    entries = list(Provider.objects.select_for_update().filter(email__iexact=user.email)[:2])
    if len(entries) != 1 or entries[0].user_id is not None:
        return None
    return _link(provider=entries[0], user=user)


def normalize_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").upper()


def _hash(*, provider_id: int, code: str) -> str:
    # Keyed by the secret key and bound to the provider: the table alone does not give the codes away.
    value = f"{provider_id}:{normalize_code(code)}"
    return salted_hmac("portail.onboarding.claim-code", value, algorithm="sha256").hexdigest()


@transaction.atomic
def issue_claim_code(*, provider: Provider, by: User) -> str:
    """Creates a provider's claim code, revoking any previous one, and returns it in clear, once."""
    now = timezone.now()
    ClaimCode.objects.filter(provider=provider, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    ClaimCode.objects.create(
        provider=provider,
        code_hash=_hash(provider_id=provider.pk, code=code),
        created_by=by,
        created_at=now,
        expires_at=now + CODE_VALIDITY,
    )
    return f"{code[:5]}-{code[5:]}"


class ClaimResult(enum.Enum):
    LINKED = "linked"
    # The same answer for a wrong code, an unknown number, another office's code, a used or revoked code.
    REFUSED = "refused"
    # Told only to whoever typed the right code: it reveals nothing to someone guessing.
    EXPIRED = "expired"
    TOO_MANY_ATTEMPTS = "too_many_attempts"
    NOT_ALLOWED = "not_allowed"


@dataclass(frozen=True)
class ClaimOutcome:
    result: ClaimResult
    attempts_left: int
    provider: Provider | None = None


def failed_attempts_of(user: User) -> int:
    since = timezone.now() - ATTEMPT_WINDOW
    return ClaimAttempt.objects.filter(user=user, succeeded=False, attempted_at__gte=since).count()


@transaction.atomic
def claim_provider_entry(*, user: User, register_number: str, code: str) -> ClaimOutcome:
    """Links an account to the register entry whose number and open claim code it gives."""
    if not may_join(user):
        return ClaimOutcome(ClaimResult.NOT_ALLOWED, attempts_left=0)
    failures = failed_attempts_of(user)
    if failures >= MAX_FAILED_ATTEMPTS:
        return ClaimOutcome(ClaimResult.TOO_MANY_ATTEMPTS, attempts_left=0)
    now = timezone.now()
    claim = (
        ClaimCode.objects.select_for_update()
        .select_related("provider")
        .filter(
            provider__register_number__iexact=register_number.strip(),
            provider__user__isnull=True,
            used_at__isnull=True,
            revoked_at__isnull=True,
        )
        .first()
    )
    right_code = claim is not None and constant_time_compare(
        claim.code_hash, _hash(provider_id=claim.provider_id, code=code)
    )
    if claim is not None and right_code:
        if claim.expires_at <= now:
            return ClaimOutcome(ClaimResult.EXPIRED, attempts_left=MAX_FAILED_ATTEMPTS - failures)
        claim.used_at = now
        claim.save(update_fields=["used_at"])
        ClaimAttempt.objects.create(user=user, attempted_at=now, succeeded=True)
        provider = _link(provider=claim.provider, user=user)
        return ClaimOutcome(
            ClaimResult.LINKED, attempts_left=MAX_FAILED_ATTEMPTS - failures, provider=provider
        )
    if claim is not None and claim.failed_attempts < FAILED_ATTEMPTS_CEILING:
        claim.failed_attempts += 1
        claim.save(update_fields=["failed_attempts"])
    ClaimAttempt.objects.create(user=user, attempted_at=now, succeeded=False)
    return ClaimOutcome(ClaimResult.REFUSED, attempts_left=MAX_FAILED_ATTEMPTS - failures - 1)


@transaction.atomic
def save_reminder_template(
    *, office: CoordinatingOffice, subject: str, body: str, by: User
) -> ReminderTemplate:
    """Saves an office's wording of the reminder e-mail; only the office's admin changes it."""
    if not is_office_admin(by) or by.office_agent.office_id != office.pk:
        raise PermissionDenied
    errors = reminder_text.wording_errors(subject=subject, body=body)
    if errors:
        raise ValidationError(errors)
    template, _created = ReminderTemplate.objects.update_or_create(
        office=office, defaults={"subject": subject, "body": body, "updated_by": by}
    )
    return template


@dataclass(frozen=True)
class RemindersSent:
    sent: int
    recently_reminded: int
    without_email: int


@transaction.atomic
def send_reminders(
    *, office: CoordinatingOffice, providers: Iterable[Provider], by: User, portal_url: str
) -> RemindersSent:
    """Logs and queues a reminder to each of an office's providers not reminded in the last 7 days.

    Raises reminder_text.WordingError, sending nothing, if the office's stored wording no longer renders.
    """
    now = timezone.now()
    ids = [provider.pk for provider in providers]
    # Locked so that two agents pressing the button together send one reminder, not two.
    locked = list(Provider.objects.select_for_update().filter(pk__in=ids, office=office).order_by("pk"))
    recent = set(
        ReminderLog.objects.filter(provider__in=locked, sent_at__gt=now - REMINDER_INTERVAL).values_list(
            "provider_id", flat=True
        )
    )
    subject, body = reminder_wording_of(office)
    if reminder_text.wording_errors(subject=subject, body=body):
        raise reminder_text.WordingError(office.pk)
    sent = without_email = 0
    reminders = []
    for provider in locked:
        if provider.pk in recent:
            continue
        if not provider.email:
            without_email += 1
            continue
        values = {
            "first_name": provider.first_name,
            "last_name": provider.last_name,
            "office": office.name,
            "link": portal_url,
        }
        reminder = ReminderLog.objects.create(
            provider=provider,
            office=office,
            sent_by=by,
            sent_at=now,
            email=provider.email,
            subject=reminder_text.fill(subject, **values).replace("\n", " ")[:200],
            body=reminder_text.fill(body, **values),
        )
        transaction.on_commit(partial(send_reminder_email.enqueue, reminder_id=reminder.pk))
        reminders.append(reminder)
        sent += 1
    reminders_sent.send(sender=ReminderLog, reminders=reminders)
    return RemindersSent(sent=sent, recently_reminded=len(recent), without_email=without_email)
