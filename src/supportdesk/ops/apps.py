from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class OpsConfig(AppConfig):
    # This module holds TasksConfig too: say which one "supportdesk.ops" means.
    default = True
    name = "supportdesk.ops"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from supportdesk.ops.cache_table import create_cache_table

        post_migrate.connect(create_cache_table, sender=self)


class TasksConfig(TasksAppConfig):
    """django-tasks-db, whose own name is English only."""

    verbose_name = _("Background tasks")  # type: ignore[assignment]

    def ready(self) -> None:
        super().ready()
        from django_tasks_db.models import DBTaskResult

        # Its rows have no name of their own ("DBTaskResult object (…)" in the admin's history).
        DBTaskResult.__str__ = _task_result_name  # type: ignore[method-assign]


def _task_result_name(result: Any) -> str:
    return f"{result.task_path} ({result.pk})"
