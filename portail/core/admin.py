"""The libraries' model admins, served to the break-glass superuser only.

They list every account's e-mail addresses, sign-in attempts and queued e-mails (whose arguments hold
addresses): ministry staff, who need none of them, never see them. Importing their modules registers them on
Django's own site, which is not served; they are copied onto the portal's, narrowed. Django's groups are not
served: nothing in the portal reads permission rows.
"""

import allauth.account.admin
import allauth.socialaccount.admin
import axes.admin
import django_tasks_db.admin
from django.contrib import admin

from portail.accounts.admin_site import register_for_superuser

LIBRARIES = (allauth.account.admin, allauth.socialaccount.admin, axes.admin, django_tasks_db.admin)
LIBRARY_MODULES = {library.__name__ for library in LIBRARIES}

for model, model_admin in list(admin.site._registry.items()):
    if type(model_admin).__module__ in LIBRARY_MODULES:
        register_for_superuser(model, type(model_admin))
