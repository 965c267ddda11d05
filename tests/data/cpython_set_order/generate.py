#!/usr/bin/python3
"""Writes cases.tsv: sets of int 3-tuples as CPython iterates them.

Run with the interpreter whose order the engine reproduces (CPython 3.11,
/usr/bin/python3 here):  /usr/bin/python3 generate.py > cases.tsv

Each case line: the inserted tuples (in insertion order, duplicates kept),
a tab, the set's iteration order, a tab, hash() of each distinct tuple in
iteration order. Tuples are written a,b,c and separated by spaces.
"""
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


main()
