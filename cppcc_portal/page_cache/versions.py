"""Table versions in the shared cache: a random token per table, replaced on every write.

A page is stored with the tokens its tables had before it was rendered and served only while
every one is unchanged. A missing token (evicted, or the cache restarted) never matches, so a
page can never outlive a forgotten write. The "*" token is part of every page's tags: DDL, a
restore or a bulk load outside Django replace it and so retire every page at once."""

import secrets

from django.core.cache import cache

PREFIX = "pagecache:v:"
FOREVER = None
ALL = "*"


def _key(table):
    return PREFIX + table


def bump(tables):
    if tables:
        cache.set_many({_key(t): secrets.token_hex(8) for t in tables}, timeout=FOREVER)


def bump_everything():
    """After changes made outside Django (a restore, the benchmark's bulk load)."""
    bump([ALL])


def snapshot():
    """{table: token} for every table and "*", made for those that have none yet."""
    from cppcc_portal.page_cache.tables import known_tables

    names = [ALL, *sorted(known_tables())]
    found = cache.get_many([_key(n) for n in names])
    missing = {_key(n): secrets.token_hex(8) for n in names if _key(n) not in found}
    if missing:
        for key, token in missing.items():
            cache.add(key, token, timeout=FOREVER)  # another process may have made it first
        found.update(cache.get_many(list(missing)))
    return {n: found.get(_key(n)) for n in names}


def still_current(tags):
    if not tags:
        return False
    found = cache.get_many([_key(t) for t in tags])
    return all(token is not None and found.get(_key(t)) == token for t, token in tags.items())
