"""The task queue in the desk's admin, in the desk's languages: django-tasks-db's admin labels
some columns with plain English strings, so its results are shown by `TaskResultAdmin`
(read-only, as the library's own). Its app's name: `ops.apps.TasksConfig`."""

from __future__ import annotations

from datetime import datetime

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult, get_date_max

type TaskRow = DBTaskResult[..., object]


class TaskResultAdmin(admin.ModelAdmin[TaskRow]):
    list_display = ("task", "status", "enqueued_at", "started_at", "finished_at", "queue_name")
    list_filter = ("status", "queue_name")
    ordering = ["-enqueued_at"]
    fields = readonly_fields = (
        "task",
        "status",
        "queue_name",
        "priority",
        "enqueued_at",
        "started_at",
        "finished_at",
        "run_after_display",
        "args_kwargs",
        "worker_ids",
        "return_value",
        "exception_class_path",
        "traceback_display",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: TaskRow | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: TaskRow | None = None) -> bool:
        return False

    @admin.display(description=_("task"))
    def task(self, obj: TaskRow) -> str:
        return str(obj.task_path)

    @admin.display(description=_("run after"))
    def run_after_display(self, obj: TaskRow) -> datetime | str:
        if obj.run_after == get_date_max():
            return self.get_empty_value_display()
        return obj.run_after

    @admin.display(description=_("traceback"))
    def traceback_display(self, obj: TaskRow) -> SafeString | str:
        return format_html("<pre>{}</pre>", obj.traceback) if obj.traceback else "—"
