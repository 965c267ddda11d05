#!/usr/bin/env python3
"""Checks net_to_py.py against the reference: each network of the project's
nns/*.json, converted, must build the same Network as the reference's
built-in module of that name (same layers in the same order, same previous
layers, same external inputs, same name).

usage: check_net_to_py.py REFERENCE_DIR [NET.json...]
Exit status: 0 all equal, 1 some differ, 2 unusable input.
"""
import glob
import importlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def network_facts(net):
    return {
        'name': net.net_name,
        'layers': list(net.layer_dict.items()),
        'prevs': {k: tuple(v) for k, v in net.prevs_dict.items()},
        'ext': list(net.ext_dict.items()),
    }


def main(argv):
    if not argv or not os.path.isfile(os.path.join(argv[0], 'nn_dataflow', 'nns', '__init__.py')):
        sys.stderr.write(__doc__)
        return 2
    sys.path[:0] = [os.path.abspath(argv[0]), os.path.join(HERE, 'shim'), HERE]
    import json
    import net_to_py
    files = argv[1:] or sorted(glob.glob(os.path.join(REPO, 'nns', '*.json')))
    bad = 0
    for path in files:
        name = os.path.splitext(os.path.basename(path))[0]
        with open(path) as f:
            text = net_to_py.convert(json.load(f), source=os.path.basename(path))
        ns = {}
        exec(compile(text, path, 'exec'), ns)
        ours = network_facts(ns['NN'])
        theirs = network_facts(importlib.import_module('nn_dataflow.nns.' + name).NN)
        diffs = [k for k in ours if ours[k] != theirs[k]]
        print('%-16s %s' % (name, 'same' if not diffs else 'DIFFERS in ' + ', '.join(diffs)))
        bad += bool(diffs)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
