"""The article's world, part 4: the services. Called by `manage.py load_demo`
after the centers, members and volunteers demos, one module per part:

- `repairs`: Jinyu's repair service and its first month;
- `rooms`: the activity rooms' opening hours and bookings;
- `projects`: Jiulong's 41 projects and the Xuzhou incubator's 11 (before the
  activities, some of which belong to a project);
- `activities`: the activities, their occurrences, attendance, shifts and the
  coming weeks' sign-ups (with `attendance` for the past, in bulk);
- `care`: residents living alone and their home visits, 张杰's story, cases.

Each part is idempotent, prints what it did and how long it took.
"""

from services.demo import activities, care, projects, repairs, rooms
from services.demo.common import Stopwatch

PARTS = [repairs, rooms, projects, activities, care]


def load(*, stdout) -> None:
    for part in PARTS:
        clock = Stopwatch()
        part.load(stdout=stdout)
        clock.lap(part.__name__.rsplit(".", 1)[-1])
        stdout.write(f"    ({clock})")
