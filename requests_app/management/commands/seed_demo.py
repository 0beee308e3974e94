from django.core.management.base import BaseCommand

from requests_app.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Load the demo cast of the Foodvalley story (idempotent) and print the demo logins."

    def handle(self, *args, **options) -> None:
        logins = seed_demo()
        self.stdout.write(self.style.SUCCESS("Demo data is in place. Demo logins:"))
        for login in logins:
            self.stdout.write(f"  {login.role:<24} {login.email:<44} -> {login.landing}")
        self.stdout.write(f"  password for all of them: {DEMO_PASSWORD}")
