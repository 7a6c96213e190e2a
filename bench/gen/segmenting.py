"""The search text exactly as the app computes it (cppcc_portal.core.search.segment), fast.

jieba cuts a text block by block, a block being a run of characters of its `re_han` pattern (han,
letters, digits and +#&._%-); punctuation and spaces between blocks yield nothing the index keeps.
So segment(text) is the words of each block, in order: each distinct block is cut once, by the
app's own `segment`, and generated texts (built from a vocabulary, so their clauses repeat) are
assembled from that cache. New blocks are cut on both cores."""

import re
from multiprocessing import get_context

from django.db import connections

from cppcc_portal.core.search import segment

BLOCK = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&\\._%\\-]+)")  # jieba's re_han_default
_cache = {}
IN_WORKER = False  # set in the generator's worker processes, which may not fork again


def _cut_all(blocks):
    return [segment(b) for b in blocks]


def prime(texts):
    """Cut every block of `texts` not cut yet (in two processes when there are many)."""
    fresh = {b for t in texts for b in BLOCK.findall(t or "") if b not in _cache}
    if not fresh:
        return
    fresh = sorted(fresh)
    segment("")  # initialise jieba before forking, so the children inherit it
    if len(fresh) < 4000 or IN_WORKER:
        results = _cut_all(fresh)
    else:
        connections.close_all()  # the children must not share the parent's database socket
        chunks = [fresh[i : i + 2000] for i in range(0, len(fresh), 2000)]
        with get_context("fork").Pool(2) as pool:
            results = [w for part in pool.map(_cut_all, chunks) for w in part]
    _cache.update(zip(fresh, results, strict=True))


def search_text(text):
    """== segment(text), from the cache of blocks."""
    out = []
    for block in BLOCK.findall(text or ""):
        words = _cache.get(block)
        if words is None:
            words = _cache[block] = segment(block)
        if words:
            out.append(words)
    return " ".join(out)
