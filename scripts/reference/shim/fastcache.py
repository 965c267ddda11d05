"""Stand-in for the `fastcache` package, which Debian does not ship.

The reference decorates pure functions with `fastcache.clru_cache(maxsize=N)`;
the standard library's LRU cache has the same effect on results.
"""
import functools


def clru_cache(maxsize=128, typed=False, state=None, unhashable='error'):
    # `state` and `unhashable` tune fastcache's C implementation only.
    del state, unhashable
    return functools.lru_cache(maxsize=maxsize, typed=typed)
