"""Data: mailbox passwords stored before encryption are encrypted (reverse: stored plain)."""

from django.db import migrations

FIELDS = ("imap_password", "smtp_password")


def encrypt_passwords(apps, schema_editor):
    Mailbox = apps.get_model("mail", "Mailbox")
    for mailbox in Mailbox.objects.all():
        # Reading decrypts (a plain value is read as it is); writing encrypts.
        Mailbox.objects.filter(pk=mailbox.pk).update(
            **{field: getattr(mailbox, field) for field in FIELDS}
        )


def store_passwords_plain(apps, schema_editor):
    Mailbox = apps.get_model("mail", "Mailbox")
    table = Mailbox._meta.db_table
    quote = schema_editor.quote_name
    with schema_editor.connection.cursor() as cursor:
        for mailbox in Mailbox.objects.all():
            for field in FIELDS:
                cursor.execute(
                    f"UPDATE {quote(table)} SET {quote(field)} = %s WHERE id = %s",  # noqa: S608
                    [getattr(mailbox, field), mailbox.pk],
                )


class Migration(migrations.Migration):
    dependencies = [("mail", "0002_encrypted_passwords")]

    operations = [migrations.RunPython(encrypt_passwords, store_passwords_plain)]
