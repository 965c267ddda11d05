#!/usr/bin/python3
"""Writes cases.tsv: doubles and Python's repr() of each.

Run with /usr/bin/python3:  /usr/bin/python3 generate.py > cases.tsv

Each line: the double's 64 bits in hex, a tab, repr(). The doubles: every
power of two (where the doubles that read back as one are lopsided, and
the shortest digits are not always the nearest), random bit patterns (any
exponent, subnormals included), numbers of the kinds a result document
holds (whole numbers, short decimals, ratios, costs in joules), and a few
halfway between two shortest candidates.
"""
import math
import random
import struct


def bits(x):
    return struct.unpack('<Q', struct.pack('<d', x))[0]


def main():
    rng = random.Random(20240901)
    values = [math.ldexp(1.0, k) for k in range(-1074, 1024)]
    while len(values) < 2098 + 800:
        x = struct.unpack('<d', struct.pack('<Q', rng.getrandbits(63)))[0]
        if math.isfinite(x) and x != 0:
            values.append(x)
    for _ in range(200):
        values.append(float(rng.randrange(1, 10 ** rng.randrange(1, 19))))
        values.append(rng.randrange(1, 10 ** 6) / 10 ** rng.randrange(1, 9))
        values.append(rng.randrange(1, 10 ** 9) / rng.randrange(1, 10 ** 9))
        values.append(rng.randrange(1, 10 ** 4) * 1e-12 * rng.randrange(1, 10 ** 6))
    # Halfway between two shortest candidates: the even digit.
    values += [2.0 ** 50 + 0.25, 2.0 ** 50 + 0.75, 2.0 ** 51 + 0.5, 2.0 ** 51 + 1.5]
    for x in values:
        print('%016x\t%r' % (bits(x), x))


main()
