"""django-tasks' database backend as an installed app, named in the portal's language in the administration
(its own name, « Tasks Database Backend », is not marked for translation). Its own module: a second AppConfig
in portail/core/apps.py would stop Django from choosing CoreConfig by itself."""

from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class TasksDatabaseConfig(TasksAppConfig):
    verbose_name = _("Task queue")  # type: ignore[assignment]  # a lazy string, as Django allows
