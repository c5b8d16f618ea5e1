"""The demo's conversations: a broadcast with a file, and unread messages waiting for rsge@demo.test."""

from datetime import date

import pytest

from portail.accounts.models import User
from portail.demo.generator import SCALES, generate
from portail.messaging.models import Attachment, Thread
from portail.messaging.selectors import unread_count

pytestmark = pytest.mark.django_db


def test_the_demo_office_has_threads_a_broadcast_an_attachment_and_unread_messages_for_rsge():
    generate(scale=SCALES["tiny"], seed=1, today=date(2026, 11, 28))
    office_agent = User.objects.get(email="bc@demo.test")
    office = office_agent.office_agent.office
    assert Thread.objects.filter(office=office).values("provider").distinct().count() > 3
    assert Thread.objects.filter(office=office, subject="Joignez-vous au Portail garde").count() > 1
    assert Attachment.objects.filter(message__thread__office=office).exists()
    assert unread_count(User.objects.get(email="rsge@demo.test")) == 2
