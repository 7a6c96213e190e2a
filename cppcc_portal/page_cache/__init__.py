"""Rendered pages kept in the shared cache until the data they were made from changes.

A page costs 20–100 ms of Python and SQL to render and is asked for again and again between
changes (a member reloading 我的工作台, staff going back to a list). So a page rendered for one
logged-in session is kept, tagged with the version of every table its SQL read; any write to one
of those tables, from any web process, worker or command, gives that table a new version and the
page is rendered afresh on its next request. See `tables` (which tables a statement reads or
writes), `versions` (the version store), `middleware` (which requests and responses qualify).

Enabled only where the cache is shared by every process (Redis): with a per-process memory cache
a worker's writes could not reach the web process's pages."""

from django.conf import settings


def enabled():
    backend = settings.CACHES["default"]["BACKEND"]
    return getattr(settings, "PAGE_CACHE", True) and backend.endswith("RedisCache")
