"""The benchmark's data generator: one module per app's data, run in order by `run()`."""

import os
import random
from dataclasses import dataclass, field
from datetime import datetime, time

from django.utils import timezone

from bench.gen.db import Clock, Ids
from bench.gen.sizes import Sizes

# Tables whose secondary indexes are built once after the load instead of row by row.
BIG_TABLES = [
    "members_dutyrecord",
    "proposals_proposal",
    "proposals_proposalevent",
    "sentiment_report",
    "sentiment_reportevent",
    "sentiment_reportrevision",
    "consultations_participant",
]


@dataclass
class Gen:
    """What every step shares: the random source, the sizes, the ids handed out, the clock."""

    scale: float
    seed: int
    out: object = print
    rng: random.Random = None
    sizes: Sizes = None
    ids: Ids = field(default_factory=Ids)
    clock: Clock = None

    def __post_init__(self):
        self.rng = random.Random(self.seed)
        self.sizes = Sizes(self.scale)
        self.clock = Clock(self.out)
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.joined = timezone.make_aware(datetime.combine(self.today.replace(year=2022, month=1, day=5), time(9)))

    def seeded(self, label):
        return random.Random(f"{self.seed}-{label}")


def _all_models():
    from django.apps import apps

    models = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in ("members", "proposals", "consultations", "sentiment"):
            models.append(model)
    return models


def _build_indexes(gen, definitions, duty):
    from bench.gen import db

    db.create_indexes(definitions)
    return len(definitions)


def _analyze(gen, tables, duty):
    from bench.gen import db

    for table in tables:
        db.execute(f"ANALYZE {table}")
    return len(tables)


_JOB = None
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))  # 1: everything in this process (for profiling)


def _work(k):
    from django.db import connections

    from bench.gen import segmenting
    from bench.gen.db import StridedIds
    from bench.gen.duty_writer import DutyWriter

    gen, orgs, step = _JOB
    segmenting.IN_WORKER = True
    gen.ids = StridedIds(gen.ids.next, k, WORKERS)
    gen.seed = f"{gen.seed}-w{k}"
    gen.duty = DutyWriter(gen)
    made = step(gen, [o for i, o in enumerate(orgs) if i % WORKERS == k], gen.duty)
    gen.duty.flush()
    connections.close_all()
    return made, gen.duty.count


def in_parallel(gen, orgs, step):
    """Run `step(gen, some_orgs, duty)` over the committees in two forked processes (the
    committees are independent here), then take up the ids where the workers left them."""
    from multiprocessing import get_context

    from django.db import connections

    global _JOB
    if WORKERS == 1:
        made = step(gen, orgs, gen.duty)
        gen.duty.flush()
        return made
    _JOB = (gen, orgs, step)
    connections.close_all()
    with get_context("fork").Pool(WORKERS) as pool:
        results = pool.map(_work, range(WORKERS))
    _JOB = None
    gen.ids.next.clear()
    gen.ids.prime(_all_models())
    gen.duty.count += sum(d for _, d in results)
    return sum(m for m, _ in results)


def run(gen):
    """Every step after migrate and seed_demo; returns the committees made."""
    from bench.gen import consultations, db, duty, organisation, proposals, sentiment
    from bench.gen.duty_writer import DutyWriter

    db.bulk_session()
    gen.ids.prime(_all_models())
    with gen.clock.phase("暂时移除大表的二级索引"):
        indexes = db.drop_indexes(BIG_TABLES)
    orgs = organisation.build(gen)
    gen.duty = DutyWriter(gen)
    with gen.clock.phase("协商计划、活动、参加人员"):
        made = in_parallel(gen, orgs, consultations.build)
        gen.out(f"  新增协商活动 {made} 项")
    with gen.clock.phase("提案、交办、答复、评价"):
        proposals.set_targets(gen, orgs)
        made = in_parallel(gen, orgs, proposals.build)
        gen.out(f"  新增提案 {made} 件")
    with gen.clock.phase("社情民意、刊期、报送、采用"):
        made, issues = sentiment.build(gen, orgs, gen.duty, in_parallel)
        gen.out(f"  新增社情民意 {made} 篇，刊期 {issues} 期")
    with gen.clock.phase("履职记录（签到、自主填报）"):
        made = duty.build(gen, orgs, gen.duty, in_parallel)
        gen.out(f"  新增履职记录 {made} 条")
    gen.ids.sync()
    with gen.clock.phase("重建索引"):
        in_parallel(gen, indexes, _build_indexes)
    db.end_bulk_session()
    with gen.clock.phase("履职积分（用平台自己的计分引擎）"):
        made = duty.scores(gen, orgs)
        gen.out(f"  积分 {made} 条")
    with gen.clock.phase("ANALYZE"):
        tables = sorted({m._meta.db_table for m in _all_models()})
        in_parallel(gen, tables, _analyze)
    return orgs
