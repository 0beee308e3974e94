from django.core.management.base import BaseCommand

from cofinancing.demo import seed_cofinancing
from meetings.demo import seed_meetings
from requests_app.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Load the demo cast of the Foodvalley story (idempotent) and print the demo logins."

    def handle(self, *args, **options) -> None:
        logins, demo_expert = seed_demo()
        extra = seed_meetings(demo_expert) + seed_cofinancing()
        self.stdout.write(self.style.SUCCESS("Demo data is in place. Demo logins:"))
        for login in logins:
            self.stdout.write(f"  {login.role:<24} {login.email:<44} -> {login.landing}")
        self.stdout.write(f"  password for all of them: {DEMO_PASSWORD}")
        for line in extra:
            self.stdout.write(f"  {line}")
