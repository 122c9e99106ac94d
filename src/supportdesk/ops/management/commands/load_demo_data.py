from django.core.management.base import BaseCommand, CommandError

from supportdesk.ops.demo_data import demo_data_loaded, load_demo_data


class Command(BaseCommand):
    help = "Load the demo organisations, agents and tickets (once per database)."

    def handle(self, *args: object, **options: object) -> None:
        if demo_data_loaded():
            raise CommandError("Demo data is already loaded in this database.")
        for cred in load_demo_data():
            self.stdout.write(f"agent {cred.username} / {cred.password}")
