"""Benchmark: import a roster of 10,000 volunteers from .xlsx (goal: under 20 s
and under 200 MB).

    DEBUG=1 .venv/bin/python bench/import_volunteers.py            # SQLite, temporary file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench DEBUG=1 \\
        .venv/bin/python bench/import_volunteers.py --rows 10000   # an existing, empty database

It builds a workbook of made-up volunteers (valid ID numbers, Excel serial
dates), then times the two steps staff take: the check behind the preview, and
the import (which checks the file again and writes every row with its history
in one transaction). Memory is the process's peak resident size (ru_maxrss),
i.e. everything: Python, Django, openpyxl and the rows.
"""

import argparse
import io
import os
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def workbook(rows: int) -> bytes:
    from openpyxl import Workbook

    from volunteers.identity import check_character

    rng = random.Random(2026)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("名册")
    sheet.append(["姓名", "证件类型", "证件号码", "性别", "手机号码", "社区", "技能", "登记日期"])
    seen = set()
    for index in range(rows):
        while True:
            birth = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 55))
            first17 = f"500107{birth:%Y%m%d}{rng.randrange(1000):03d}"
            number = first17 + check_character(first17)
            if number not in seen:
                seen.add(number)
                break
        sheet.append(
            [
                f"测试某{index:05d}",
                "居民身份证",
                number,
                "男" if int(number[16]) % 2 else "女",
                f"139{rng.randrange(10**8):08d}",
                f"测试社区{index % 10}",
                rng.choice(["", "文艺表演", "法律咨询、医疗护理"]),
                44000 + rng.randrange(1500),  # Excel serial dates, 2020–2024
            ]
        )
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()

    if "DATABASE_URL" not in os.environ:
        path = Path(tempfile.mkdtemp()) / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from centers.models import Center, Community, District, Street
    from volunteers.models import Volunteer
    from volunteers.roster import RosterChecker, roster_import

    settings.DEBUG = False  # no query log: production-like
    call_command("migrate", verbosity=0)
    district, _ = District.objects.get_or_create(city="测试市", name="测试区")
    street, _ = Street.objects.get_or_create(district=district, name="测试街道")
    for number in range(10):
        Community.objects.get_or_create(street=street, name=f"测试社区{number}")
    center, _ = Center.objects.get_or_create(
        name="测试中心", defaults={"kind": "street_center", "street": street}
    )
    user, _ = get_user_model().objects.get_or_create(username="bench", is_staff=True)
    if Volunteer.objects.filter(center=center).exists():
        sys.exit("The database already holds the benchmark's volunteers: use an empty one.")

    content = workbook(args.rows)
    baseline = peak_mb()
    print(f"{args.rows} rows, {len(content) / 1024:.0f} KiB .xlsx, {connection.vendor}")
    print(f"peak memory before: {baseline:.0f} MB")

    started = time.perf_counter()
    result = RosterChecker(center=center).check(content, "roster.xlsx")
    checked = time.perf_counter() - started
    assert result.ok, result.errors[:5]
    print(f"check (preview):  {checked:6.2f} s   peak {peak_mb():.0f} MB")

    started = time.perf_counter()
    created = roster_import(content=content, filename="roster.xlsx", center=center, user=user)
    imported = time.perf_counter() - started
    assert len(created) == args.rows
    print(f"import (check + write): {imported:6.2f} s   peak {peak_mb():.0f} MB")
    print(
        f"volunteers: {Volunteer.objects.filter(center=center).count()}, "
        f"history rows: {Volunteer.history.filter(center=center).count()}"
    )


if __name__ == "__main__":
    main()
