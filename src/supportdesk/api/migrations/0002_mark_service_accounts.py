"""Integration tokens made before the flag existed: their service accounts are marked, so they
leave the desk's assignee lists. Reversing has nothing to undo (the field goes with accounts)."""

from django.db import migrations


def mark(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    ApiToken = apps.get_model("api", "ApiToken")
    accounts = ApiToken.objects.filter(kind="integration").values("user_id")
    User.objects.filter(pk__in=accounts).update(is_service_account=True)


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_api_tokens"),
        ("accounts", "0002_user_is_service_account"),
    ]

    operations = [migrations.RunPython(mark, migrations.RunPython.noop)]
