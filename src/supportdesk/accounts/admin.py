from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from supportdesk.accounts.models import User


@admin.register(User)
class AgentAdmin(UserAdmin[User]):
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "is_active")
