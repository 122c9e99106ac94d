from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("search", "0002_vendor_indexes")]

    operations = [migrations.RemoveField(model_name="ticketsearchdocument", name="text")]
