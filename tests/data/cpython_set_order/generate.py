#!/usr/bin/python3
"""Writes cases.tsv: sets of int 3-tuples as CPython iterates them.

Run with the interpreter whose order the engine reproduces (CPython 3.11,
/usr/bin/python3 here):  /usr/bin/python3 generate.py > cases.tsv

Each case line: the inserted tuples (in insertion order, duplicates kept),
a tab, the set's iteration order, a tab, hash() of each distinct tuple in
iteration order. Tuples are written a,b,c and separated by spaces.

Two more files record the other shapes the engine replays:

  /usr/bin/python3 generate.py ops > ops.tsv
  /usr/bin/python3 generate.py strings > strings.tsv

ops.tsv: sets of int tuples of any length and size, built by a sequence of
steps, one line each: the steps, a tab, the iteration order. A step is
`+T` (s.add(T)) or `|T;T;...` (s |= a new set filled by adding those tuples
in that order); T is ints joined by commas. Half the lines grow sets the way
pipeline_segment.py grows its critical-path candidates.

strings.tsv (made under PYTHONHASHSEED=0, which the script sets itself):
lines `h<TAB>STR<TAB>HASH` give hash() of a str, and lines
`s<TAB>ITEMS<TAB>ORDER` a set of tuples of str tuples (the shape of
inter_layer_pipeline.py's segment candidates) filled by adding ITEMS in
order; STR, ITEMS and ORDER are JSON (UTF-8).
"""
import json
import os
import random
import sys

assert sys.version_info[:2] == (3, 11), sys.version


def fmt(tuples):
    return ' '.join('{},{},{}'.format(*t) for t in tuples)


def main():
    rng = random.Random(20240611)
    ranges = [8, 16, 64, 1000, 10 ** 6, 2 ** 40]
    print('# CPython {} set iteration order of int 3-tuples (generate.py)'
          .format(sys.version.split()[0]))
    for case in range(200):
        hi = ranges[case % len(ranges)]
        n = 1 + case % 8
        items = []
        for _ in range(n):
            if items and rng.random() < 0.2:
                items.append(rng.choice(items))  # a duplicate
            else:
                items.append(tuple(rng.randint(0, hi) for _ in range(3)))
        s = set()
        for t in items:
            s.add(t)
        order = list(s)
        # set(generator) inserts the same way as add() one by one.
        assert list(set(t for t in items)) == order
        print('\t'.join([fmt(items), fmt(order),
                         ' '.join(str(hash(t)) for t in order)]))


def fmt_tuple(t):
    return ','.join(str(x) for x in t)


def ops_line(steps):
    """Replays `steps` on a new set; returns the line."""
    s = set()
    words = []
    for kind, arg in steps:
        if kind == '+':
            s.add(arg)
            words.append('+' + fmt_tuple(arg))
        else:
            other = set()
            for t in arg:
                other.add(t)
            s |= other
            words.append('|' + ';'.join(fmt_tuple(t) for t in arg))
    return ' '.join(words) + '\t' + ' '.join(fmt_tuple(t) for t in s)


def crit_path_steps(rng):
    """The critical-path candidates of a random segment: each spatial slot
    after the first reads from up to a few earlier slots."""
    nsp = rng.randint(2, 10)
    cands = {(0,)}
    steps = [('+', (0,))]
    for sp in range(1, nsp):
        for _ in range(rng.choice([0, 1, 1, 1, 2, 3])):
            src = rng.randrange(sp)
            new = [c + (sp,) for c in cands if c[-1] == src]
            steps.append(('|', new))
            cands |= set(new)
    return steps


def random_steps(rng):
    hi = rng.choice([3, 8, 16, 64, 1000, 10 ** 6])
    def tup():
        return tuple(rng.randint(0, hi) for _ in range(rng.randint(1, 6)))
    pool = []
    steps = []
    for _ in range(rng.randint(1, 25)):
        if rng.random() < 0.6:
            t = rng.choice(pool) if pool and rng.random() < 0.2 else tup()
            pool.append(t)
            steps.append(('+', t))
        else:
            ts = [rng.choice(pool) if pool and rng.random() < 0.3 else tup()
                  for _ in range(rng.randint(0, 12))]
            pool.extend(ts)
            steps.append(('|', ts))
    return steps


def main_ops():
    rng = random.Random(20240612)
    print('# CPython {} set order of int tuples built by add and |= '
          '(generate.py ops)'.format(sys.version.split()[0]))
    for case in range(240):
        steps = crit_path_steps(rng) if case % 2 == 0 else random_steps(rng)
        print(ops_line(steps))


def dumps(x):
    return json.dumps(x, ensure_ascii=False)


def random_name(rng):
    alphabets = ['abcxyz_0123456789', 'abcxyz_0123456789', 'a\u00e9\u00ff_',
                 'a\u0101\u4e2d_', 'a\U0001f600\u00e9_']
    alphabet = rng.choice(alphabets)
    return ''.join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))


def main_strings():
    assert os.environ.get('PYTHONHASHSEED') == '0'
    rng = random.Random(20240613)
    print('# CPython {} hash() of str and set order of str-tuple tuples, '
          'PYTHONHASHSEED=0 (generate.py strings)'.format(sys.version.split()[0]))
    for name in ['', 'a', 'conv1', 'conv2', 'fc1', 'conv1_a', 'pool1_b']:
        print('h\t{}\t{}'.format(dumps(name), hash(name)))
    for _ in range(200):
        name = random_name(rng)
        print('h\t{}\t{}'.format(dumps(name), hash(name)))
    for _ in range(120):
        # A spatial segment and the temporal one of the same layers, as
        # inter_layer_pipeline.py adds them, or random tuples.
        layers = [random_name(rng) or 'x' for _ in range(rng.randint(1, 6))]
        cuts = sorted(rng.sample(range(1, len(layers) + 1),
                                 rng.randint(1, len(layers))))
        spatial, beg = [], 0
        for c in cuts:
            spatial.append(tuple(layers[beg:c]))
            beg = c
        items = [tuple(spatial), (tuple(layers),)]
        if rng.random() < 0.3:
            items += [tuple(tuple(random_name(rng) for _ in range(rng.randint(1, 3)))
                            for _ in range(rng.randint(1, 3)))
                      for _ in range(rng.randint(1, 12))]
        s = set()
        for t in items:
            s.add(t)
        print('s\t{}\t{}'.format(dumps(items), dumps(list(s))))


if len(sys.argv) > 1 and sys.argv[1] == 'strings' \
        and os.environ.get('PYTHONHASHSEED') != '0':
    os.execve(sys.executable, [sys.executable] + sys.argv,
              dict(os.environ, PYTHONHASHSEED='0'))
if len(sys.argv) == 1:
    main()
elif sys.argv[1] == 'ops':
    main_ops()
elif sys.argv[1] == 'strings':
    main_strings()
else:
    sys.exit('usage: generate.py [ops|strings]')
