"""python -m bench.yibin build [--scale 1]: see bench/yibin/__init__.py."""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main():
    parser = argparse.ArgumentParser(prog="python -m bench.yibin")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build the data set on an empty database")
    build.add_argument("--scale", type=float, default=1.0, help="1 = Yibin, 0.1 = a tenth")
    check = commands.add_parser(
        "check", help="check a built data set: the app's rules, each model's validation"
    )
    check.add_argument(
        "--tallies", action="store_true", help="also compare the tallies with a rebuild (slow)"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.yibin import build as yibin

    if connection.vendor != "postgresql":
        sys.exit("Run it on PostgreSQL (DATABASE_URL=postgres://…).")
    if args.command == "check":
        from bench.yibin import check

        started = time.perf_counter()
        found = [*check.rule_breaches(), *check.invalid_rows()]
        if args.tallies:
            found += check.tallies_differ()
        print("\n".join(found) or "no problems found", f"({time.perf_counter() - started:.0f} s)")
        sys.exit(1 if found else 0)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"{'migrate':34} {time.perf_counter() - started:7.1f} s", flush=True)
    if not yibin.is_empty():
        sys.exit("The database holds records already: give an empty one (createdb …).")
    yibin.build(scale=args.scale, out=lambda line: print(line, flush=True))
    step = time.perf_counter()
    connection.cursor().execute("VACUUM ANALYZE")
    print(f"{'vacuum analyze':34} {time.perf_counter() - step:7.1f} s")
    print(f"{'total':34} {time.perf_counter() - started:7.1f} s  (scale {args.scale:g})")


if __name__ == "__main__":
    main()
