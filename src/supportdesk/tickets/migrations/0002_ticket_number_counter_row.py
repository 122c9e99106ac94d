from django.db import migrations


def create_counter(apps, schema_editor):
    counter = apps.get_model("tickets", "TicketNumberCounter")
    counter.objects.get_or_create(pk=1, defaults={"value": 1000})


def delete_counter(apps, schema_editor):
    apps.get_model("tickets", "TicketNumberCounter").objects.filter(pk=1).delete()


class Migration(migrations.Migration):
    dependencies = [("tickets", "0001_initial")]

    operations = [migrations.RunPython(create_counter, delete_counter)]
