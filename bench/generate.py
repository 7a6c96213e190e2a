"""Fill PostgreSQL with a full province of data for the benchmark (see bench/README.md):

    .venv/bin/python bench/generate.py [--scale 1.0] [--seed 1]

against the database named by DATABASE_URL (never SQLite, never DJANGO_ENV=production). Runs
`migrate` and `seed_demo` first, so the demo logins see full-scale data in their own committees."""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cppcc_portal.settings")


def refuse(message):
    print(f"bench/generate.py: {message}", file=sys.stderr)
    raise SystemExit(2)


def main(argv=None):
    parser = argparse.ArgumentParser(description="生成压力测试数据（一个省的四级政协）")
    parser.add_argument("--scale", type=float, default=1.0, help="规模系数，1.0 为全量（19 万委员、15 万件提案…）")
    parser.add_argument("--seed", type=int, default=1, help="随机种子，相同种子生成相同数据")
    args = parser.parse_args(argv)
    if args.scale <= 0:
        refuse("--scale must be positive")
    if os.environ.get("DJANGO_ENV") == "production":
        refuse("refusing to run with DJANGO_ENV=production")
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        refuse("DATABASE_URL must name a PostgreSQL database (SQLite is refused)")

    import django

    django.setup()
    from django.core.management import call_command

    from bench.gen import Gen, report, run

    gen = Gen(scale=args.scale, seed=args.seed, out=lambda s: print(s, flush=True))
    with gen.clock.phase("migrate"):
        call_command("migrate", verbosity=0, interactive=False)
    with gen.clock.phase("seed_demo"), open(os.devnull, "w") as quiet:
        call_command("seed_demo", stdout=quiet)
    from members.models import Committee

    if Committee.objects.count() > 3:
        refuse("this database already holds generated data: give the generator a new database")
    run(gen)
    from cppcc_portal.page_cache.versions import bump_everything

    bump_everything()  # COPY is not seen by the page cache: no page rendered before may be served
    report.print_summary(gen)
    report.save_timing(gen)


if __name__ == "__main__":
    main()
