"""The demo committee that `seed_demo` builds. Each app adds its part in its own seed.py, reading
and extending this context; every step is idempotent (get_or_create on natural keys, a fixed
random seed), so running the command twice changes nothing."""

import random
from dataclasses import dataclass, field
from datetime import date

DEMO_PASSWORD = "cppcc-demo"


@dataclass
class DemoContext:
    today: date
    rng: random.Random = field(default_factory=lambda: random.Random(20260101))
    province: object = None
    city: object = None
    county: object = None
    term: object = None
    session: object = None
    # persona username → User: admin, staff, member, unit, editor, leader (and more apps may add)
    personas: dict = field(default_factory=dict)
    members: list = field(default_factory=list)
    units: list = field(default_factory=list)
    bodies: list = field(default_factory=list)

    def seeded(self, label):
        """A random generator of its own for one seeding step, so steps don't disturb each other."""
        return random.Random(f"{label}-20260101")
