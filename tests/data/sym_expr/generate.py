#!/usr/bin/python3
"""Writes cases.txt: how sympy canonicalizes the expressions of the
reference's pipeline constraints, for tests/cpp/test_sym_expr.cpp.

Run with sympy 1.11 and the reference shim (it maps Eq(x, True) to x and
Eq(x, False) to Not(x)):

  PYTHONPATH=<shared>/tools/refshim /usr/bin/python3 generate.py > cases.txt

Expressions are s-expressions: an integer, true, false, a symbol name,
(not X), (pw A C B) for Piecewise((A, C), (B, True)), and in the build column
also (eqt X) and (eqf X) for Eq(X, True) and Eq(X, False), and (pw A C B)
meaning the Piecewise constructor applied to the built arguments. Each case is
a block of lines:

  build <expression as constructed bottom-up>
  result <sympy's canonical form>
  free <free symbol names, sorted>   (or "free -")
  subs <name> <value> -> <result>    (zero or more, applied in turn)
  end
"""
import random
import sys

import sympy
from sympy import Symbol, Integer, Not, Piecewise
from sympy.logic.boolalg import BooleanTrue, BooleanFalse

assert sympy.__version__.startswith('1.11'), sympy.__version__
assert sympy.Eq(Symbol('q'), True) == Symbol('q'), 'run with the refshim'

INT_SYMS = ['t1', 't2', 't3']
BOOL_SYMS = ['c1', 'c2']


def to_s(e):
    if isinstance(e, BooleanTrue):
        return 'true'
    if isinstance(e, BooleanFalse):
        return 'false'
    if isinstance(e, Integer):
        return str(int(e))
    if isinstance(e, Symbol):
        return e.name
    if isinstance(e, Not):
        return '(not {})'.format(to_s(e.args[0]))
    if isinstance(e, Piecewise) and len(e.args) == 2 \
            and e.args[1].cond == True:
        (a, c), (b, _) = e.args
        return '(pw {} {} {})'.format(to_s(a), to_s(c), to_s(b))
    raise ValueError('outside the language: ' + sympy.srepr(e))


def sym(name):
    if name in INT_SYMS:
        return Symbol(name, integer=True)
    return Symbol(name)


def gen_bool(rng, depth):
    r = rng.random()
    if depth <= 0 or r < 0.5:
        k = rng.randrange(len(BOOL_SYMS) + 2)
        if k == len(BOOL_SYMS):
            return 'true', sympy.true
        if k == len(BOOL_SYMS) + 1:
            return 'false', sympy.false
        return BOOL_SYMS[k], sym(BOOL_SYMS[k])
    s, e = gen_bool(rng, depth - 1)
    if r < 0.75:
        return '(eqf {})'.format(s), sympy.Eq(e, False)
    return '(eqt {})'.format(s), sympy.Eq(e, True)


def gen_int(rng, depth):
    r = rng.random()
    if depth <= 0 or r < 0.35:
        if rng.random() < 0.4:
            v = rng.randrange(3)
            return str(v), Integer(v)
        n = rng.choice(INT_SYMS)
        return n, sym(n)
    sa, a = gen_int(rng, depth - 1)
    sc, c = gen_bool(rng, 2)
    if rng.random() < 0.3:
        # Often the same condition again, as the engine builds them.
        sb, b = gen_int(rng, 0)
    else:
        sb, b = gen_int(rng, depth - 1)
    if rng.random() < 0.25 and isinstance(a, Piecewise):
        # A nested first arm under the same condition.
        sc, c = to_build(a.args[0].cond), a.args[0].cond
    if rng.random() < 0.15:
        sb, b = sa, a  # equal arms
    return '(pw {} {} {})'.format(sa, sc, sb), Piecewise((a, c), (b, True))


def to_build(e):
    # A canonical condition, written as a build expression.
    return to_s(e)


def main():
    rng = random.Random(1104)
    print('# sympy {} with the refshim (generate.py)'.format(sympy.__version__))
    ncases = 0
    while ncases < 300:
        if ncases % 5 == 4:
            sb, e = gen_bool(rng, 3)
        else:
            sb, e = gen_int(rng, 3)
        lines = ['build ' + sb, 'result ' + to_s(e)]
        fs = sorted(s.name for s in e.free_symbols)
        lines.append('free ' + (' '.join(fs) if fs else '-'))
        cur = e
        while cur.free_symbols and rng.random() < 0.8:
            s = rng.choice(sorted(cur.free_symbols, key=lambda x: x.name))
            if s.name in BOOL_SYMS:
                v = rng.choice([True, False])
                vs = 'true' if v else 'false'
            else:
                v = rng.randrange(3)
                vs = str(v)
            cur = cur.subs(s, v)
            lines.append('subs {} {} -> {}'.format(s.name, vs, to_s(cur)))
        lines.append('end')
        print('\n'.join(lines))
        ncases += 1


main()
