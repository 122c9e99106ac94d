from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from supportdesk.accounts.models import User


class PasswordChangeForm(AdminPasswordChangeForm):  # type: ignore[type-arg]
    # Django builds this text once, at import, in whatever language was active then, and its
    # last sentence is not translatable: put together again at each rendering.
    usable_password_help_text = format_lazy(  # type: ignore[assignment]
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
        SetUnusablePasswordMixin.usable_password_help_text,
        _("If disabled, the current password for this user will be lost."),
    )


@admin.register(User)
class AgentAdmin(UserAdmin[User]):
    change_password_form = PasswordChangeForm
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "is_active")
