from django.contrib import admin
from django_tasks_db.models import DBTaskResult

from supportdesk.ops.task_results import TaskResultAdmin

# The library's own admin labels columns in English only (see ops.task_results).
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
admin.site.register(DBTaskResult, TaskResultAdmin)
