"""Two offices, each with providers, and files to attach: what messaging's tests are made of."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portail.accounts.models import Role
from tests.accounts.factories import UserFactory
from tests.registry.factories import OfficeAdminFactory, OfficeAgentFactory, ProviderFactory

# The smallest files each type's reader would open.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def upload(content: bytes = PDF, name: str = "document.pdf", content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def attachments_folder(settings, tmp_path):
    settings.MESSAGING_STORAGE_ROOT = str(tmp_path / "attachments")
    return tmp_path / "attachments"


@pytest.fixture
def agent(demo_accounts):
    return demo_accounts["office_agent"]


@pytest.fixture
def office(agent):
    return agent.office_agent.office


@pytest.fixture
def provider_user(demo_accounts):
    return demo_accounts["provider"]


@pytest.fixture
def provider(provider_user):
    return provider_user.provider


@pytest.fixture
def colleague(office):
    """Another agent of the demo office: it answers for the office too."""
    return OfficeAgentFactory(office=office, user__first_name="Julie", user__last_name="Roy").user


@pytest.fixture
def neighbour(office):
    """Another provider of the demo office, with its own account."""
    user = UserFactory(role=Role.PROVIDER, email="voisine@example.test")
    return ProviderFactory(office=office, user=user, joined_portal_at=user.date_joined, email=user.email)


@pytest.fixture
def other_agent():
    """An administrator of another office, with one provider of its own."""
    agent = OfficeAdminFactory(user__email="autre-bureau@example.test")
    ProviderFactory(office=agent.office)
    return agent.user
