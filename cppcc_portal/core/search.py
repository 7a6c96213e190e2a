"""Chinese full-text search and text similarity, shared by proposals and 社情民意.

PostgreSQL has no Chinese parser in Debian, and trigram indexes cannot serve the 1–2 character
terms most Chinese searches use (教育, 医疗). So text is segmented with jieba (`cut_for_search`)
into a `search_text` column, indexed as `to_tsvector('simple', search_text)` with GIN
(`gin_search_index`), and queried with the `tsmatch` lookup. On SQLite the same call falls back
to a LIKE per term, so the embedded default behaves the same, only slower.

    class Proposal(models.Model):
        search_text = models.TextField(editable=False, blank=True)   # segment(title + body)
    # migration: operations += [gin_search_index("proposals_proposal", "search_text", "proposal_search_gin")]
    qs = fulltext_filter(Proposal.objects.all(), "search_text", "农村 教育")
"""

import math
import re
import threading
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.db import connection, migrations
from django.db.models import Lookup, Q, TextField

_lock = threading.Lock()
_ready = False
WORD_RE = re.compile(r"[\u4e00-\u9fff]{2,}|[A-Za-z0-9]{2,}")
STOP_WORDS = frozenset(
    [
        "关于",
        "建议",
        "我们",
        "进一步",
        "加强",
        "推进",
        "问题",
        "工作",
        "一些",
        "进行",
        "相关",
        "方面",
        "提高",
        "有关",
        "目前",
        "存在",
        "通过",
        "实现",
        "以及",
        "部分",
        "开展",
        "没有",
        "已经",
        "可以",
        "需要",
        "情况",
        "政府",
    ]
)


def _jieba():
    global _ready
    import jieba

    if not _ready:
        with _lock:
            if not _ready:
                tmp = Path(settings.VAR_DIR) / "jieba"
                tmp.mkdir(parents=True, exist_ok=True)
                jieba.dt.tmp_dir = str(tmp)
                jieba.setLogLevel(60)
                jieba.initialize()
                _ready = True
    return jieba


def segment(text):
    """Words of `text` for the index, as cut_for_search gives them (义务教育 → 义务 教育 义务教育)."""
    jieba = _jieba()
    return " ".join(w for w in jieba.cut_for_search(text or "") if WORD_RE.fullmatch(w) or len(w.strip()) >= 2)


def query_terms(user_input):
    """The terms a user typed, cut exactly as the index was (cut_for_search, no single
    characters), so "非物质" looks for 物质 and 非物质 instead of a 非 the index never holds."""
    return list(dict.fromkeys(segment(user_input).split()))[:12]


# Segmented columns that also have a stored tsvector column on PostgreSQL (added by
# `search_vector_column` in a migration; Django's models don't know it, so bulk loaders and
# history tables are untouched). Matching a stored vector costs a lookup, not a to_tsvector() of
# every candidate row: a search that the planner serves by the committee index stays cheap.
VECTOR_COLUMNS = {
    "proposals_proposal.search_text": "search_tsv",
    "sentiment_report.search_text": "search_tsv",
}


@TextField.register_lookup
class TsMatch(Lookup):
    """`search_text__tsmatch="教育 & 农村"`: PostgreSQL full-text match with the 'simple' config,
    on the stored tsvector column where there is one, else on to_tsvector('simple', column) (which
    a GIN expression index serves)."""

    lookup_name = "tsmatch"

    def as_sql(self, compiler, conn):
        lhs, lhs_params = self.process_lhs(compiler, conn)
        rhs, rhs_params = self.process_rhs(compiler, conn)
        target = getattr(self.lhs, "target", None)
        stored = target is not None and VECTOR_COLUMNS.get(f"{target.model._meta.db_table}.{target.column}")
        if stored and lhs.endswith(conn.ops.quote_name(target.column)):
            vector = lhs[: -len(conn.ops.quote_name(target.column))] + conn.ops.quote_name(stored)
        else:
            vector = f"to_tsvector('simple'::regconfig, {lhs})"
        return f"{vector} @@ to_tsquery('simple'::regconfig, {rhs})", [*lhs_params, *rhs_params]


def _tsquery(terms):
    safe = [re.sub(r"[&|!():*'\\<>\s]", "", t) for t in terms]
    return " & ".join(f"'{t}'" for t in safe if t)


def fulltext_filter(queryset, field, user_input):
    """Rows whose segmented `field` holds every term of `user_input`."""
    terms = query_terms(user_input)
    if not terms:
        return queryset
    if connection.vendor == "postgresql":
        return queryset.filter(**{f"{field}__tsmatch": _tsquery(terms)})
    condition = Q()
    for term in terms:
        condition &= Q(**{f"{field}__icontains": term})
    return queryset.filter(condition)


def gin_search_index(table, column, name):
    """A migration operation: the GIN index for `tsmatch` on PostgreSQL, nothing elsewhere."""
    sql = f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (to_tsvector('simple'::regconfig, {column}))"

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(forwards, backwards)


def search_vector_column(table, column, index, replaces_index=None):
    """A migration operation: on PostgreSQL, the stored tsvector column of VECTOR_COLUMNS for
    `table.column` (generated, so every write path keeps it right), its GIN index, and the old
    expression index dropped; nothing elsewhere."""
    vector = VECTOR_COLUMNS[f"{table}.{column}"]

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {vector} tsvector "
            f"GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, coalesce({column}, ''))) STORED"
        )
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin ({vector})")
        if replaces_index:
            schema_editor.execute(f"DROP INDEX IF EXISTS {replaces_index}")

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        if replaces_index:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {replaces_index} ON {table} USING gin (to_tsvector('simple'::regconfig, {column}))"
            )
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {vector}")

    return migrations.RunPython(forwards, backwards)


def keywords(text, top=20):
    """Weighted keywords (jieba TF-IDF) of a text, without the words every proposal uses."""
    import jieba.analyse

    _jieba()
    return {w: wt for w, wt in jieba.analyse.extract_tags(text or "", topK=top + 10, withWeight=True) if w not in STOP_WORDS}


def _vector(text):
    weights = dict(keywords(text, top=25))
    # character trigrams of the title-like start catch near-identical wording jieba splits differently
    grams = Counter(text[i : i + 3] for i in range(min(len(text), 120) - 2))
    for gram, count in grams.items():
        if re.fullmatch(r"[\u4e00-\u9fff]{3}", gram):
            weights[f"#{gram}"] = weights.get(f"#{gram}", 0) + 0.15 * count
    return weights


def cosine(a, b):
    common = set(a) & set(b)
    if not common:
        return 0.0
    dot = sum(a[k] * b[k] for k in common)
    return dot / (math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values())))


def most_similar(text, candidates, *, top=5, threshold=0.15):
    """[(score, key)] of the `candidates` [(key, text)] most like `text`, best first."""
    if not (text or "").strip():
        return []
    target = _vector(text)
    scored = [(round(cosine(target, _vector(other)), 3), key) for key, other in candidates]
    return sorted((s for s in scored if s[0] >= threshold), key=lambda s: -s[0])[:top]
