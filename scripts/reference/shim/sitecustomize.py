"""Start-up patches that let the reference nn_dataflow v2.1 run on Debian.

Python imports this module at start-up when this folder is on PYTHONPATH
(next to the reference's own folder). See ../README.md.

Always applied:
  sympy >= 1.11: the reference's pipeline segments call Eq(flag, True) and
  Eq(flag, False) on booleans, which newer sympy rejects. sympy 1.4, which
  the reference pins, reduced them to `flag` and `Not(flag)`; so do we.
  sympy >= 1.13 also refuses `expr.subs({sym: None})`, which the reference
  uses on symbols it drops; older sympy skipped a pair whose new value is
  None, and so do we.

Applied unless REF_AS_PUBLISHED=1 (the project's golden data has them):
  1. util.HashableDict: equality and hash by (key, value) pairs. As
     published they compare the key set and the value set separately, so a
     cached NoC hop count of one fmap-to-node mapping is returned for
     another.
  2. loop_blocking, goal 'd': rank loop-blocking schemes by their real
     time. As published the ranking reads a scheme's time before its
     statistics exist, which keeps the first schemes generated.
"""
import os
import sys


def _warn(msg):
    sys.stderr.write('nndf reference shim: %s\n' % msg)


def _boolean_eq(original_eq):
    from sympy import sympify
    from sympy.logic.boolalg import BooleanAtom, Not

    def eq(lhs, rhs, *args, **kwargs):
        if isinstance(rhs, (bool, BooleanAtom)):
            flag = sympify(lhs)
            return flag if bool(rhs) else Not(flag)
        return original_eq(lhs, rhs, *args, **kwargs)

    return eq


def _patch_sympy_eq():
    import sympy
    eq = _boolean_eq(sympy.Eq)
    sympy.Eq = eq
    # pipeline_segment binds Eq by name at import; rebind it there too in case
    # it was imported before us.
    mod = sys.modules.get('nn_dataflow.core.pipeline_segment')
    if mod is not None:
        mod.symeq = eq


def _without_none(pairs):
    return [(old, new) for old, new in pairs if new is not None]


def _patch_sympy_subs_none():
    from sympy.core.basic import Basic
    original_subs = Basic.subs

    def subs(self, *args, **kwargs):
        if len(args) == 2:
            if args[1] is None:
                return self
        elif len(args) == 1 and isinstance(args[0], dict):
            if None in args[0].values():
                args = (dict(_without_none(args[0].items())),)
        elif len(args) == 1 and isinstance(args[0], (list, tuple)):
            args = (_without_none(args[0]),)
        return original_subs(self, *args, **kwargs)

    Basic.subs = subs


def _items_equal(self, other):
    if not isinstance(other, self.__class__):
        return NotImplemented
    return frozenset(self.items()) == frozenset(other.items())


def _items_not_equal(self, other):
    same = _items_equal(self, other)
    return same if same is NotImplemented else not same


def _items_hash(self):
    return hash(frozenset(self.items()))


def _fix_hashable_dict():
    from nn_dataflow import util
    util.HashableDict.__eq__ = _items_equal
    util.HashableDict.__ne__ = _items_not_equal
    util.HashableDict.__hash__ = _items_hash


def _fix_delay_ranking():
    from nn_dataflow.core import loop_blocking
    published = loop_blocking._loop_blocking_cmp_key

    def ranking_key(options, cost):
        if options.opt_goal != 'd':
            return published(options, cost)

        def key(lbs):
            # get_access_cost computes the scheme's statistics, time included.
            access_cost = lbs.get_access_cost(cost)
            return (lbs.time, access_cost)

        return key

    loop_blocking._loop_blocking_cmp_key = ranking_key


def _apply():
    try:
        _patch_sympy_eq()
        _patch_sympy_subs_none()
    except ImportError:
        _warn('sympy not found (apt-get install python3-sympy)')
    if os.environ.get('REF_AS_PUBLISHED') == '1':
        return
    try:
        _fix_hashable_dict()
        _fix_delay_ranking()
    except ImportError:
        # Not running the reference (nn_dataflow is not on the path).
        pass


_apply()
