#!/usr/bin/env python3
"""Converts a network in the project's JSON format (nns/README.md) into a
Python module for the reference nn_dataflow v2.1, which builds the same
Network with the reference's own layer classes.

usage: net_to_py.py NET.json [-o MODULE.py]

The module defines NN, as the reference's nns/*.py modules do; put it in a
copy of the reference's nn_dataflow/nns/ and name it on the reference's
command line by its module name. Layers keep their order; a layer without
`prevs` is added without prevs, so the reference applies its own rule (the
layer added last), which is also ours. The `lstm_cell` macro becomes a call
of the reference's add_lstm_cell.

The converter checks the format's shape only; whether the layers fit
together is for the reference to judge (it raises when it imports the
module). Standard library only.
"""
import argparse
import json
import os
import sys

INPUT_KEY = '__INPUT__'

# type -> (reference class, required fields, optional fields), in the
# order of the class's constructor arguments.
LAYER_TYPES = {
    'conv': ('ConvLayer', ['nifm', 'nofm', 'sofm', 'sfil'], ['strd']),
    'fc': ('FCLayer', ['nifm', 'nofm'], ['sfil']),
    'pool': ('PoolingLayer', ['nofm', 'sofm', 'sreg'], ['strd']),
    'eltwise': ('EltwiseLayer', ['nofm', 'sofm', 'nreg'], []),
    'local_region': ('LocalRegionLayer', ['nofm', 'sofm', 'nreg', 'sreg'],
                     ['ntrd', 'strd']),
}
LSTM_FIELDS = ['size', 'xin', 'cin', 'hin']


class FormatError(Exception):
    pass


def positive_int(value, where):
    # JSON writers may spell an integer as 16.0; the project accepts it too.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FormatError('%s: must be a positive integer, got %r' % (where, value))
    if isinstance(value, float):
        if not value.is_integer():
            raise FormatError('%s: must be a positive integer, got %r' % (where, value))
        value = int(value)
    if value <= 0:
        raise FormatError('%s: must be a positive integer, got %r' % (where, value))
    return value


def size(value, where):
    """An integer or an [h, w] pair, as a Python literal."""
    if isinstance(value, list):
        if len(value) != 2:
            raise FormatError('%s: must be an integer or [h, w]' % where)
        return '(%d, %d)' % (positive_int(value[0], where + '[0]'),
                             positive_int(value[1], where + '[1]'))
    return str(positive_int(value, where))


def field_literal(key, value, where):
    if key in ('sofm', 'sfil', 'sreg', 'strd'):
        return size(value, where)
    return str(positive_int(value, where))


def layer_name(value, where):
    if value is None:
        return INPUT_KEY
    if not isinstance(value, str) or not value:
        raise FormatError('%s: must be a layer name, got %r' % (where, value))
    return value


def prevs_literal(layer, where):
    if 'prevs' not in layer:
        return None
    prevs = layer['prevs']
    if not isinstance(prevs, list):
        prevs = [prevs]
    if not prevs:
        raise FormatError('%s.prevs: must name at least one layer' % where)
    names = [layer_name(p, '%s.prevs[%d]' % (where, i)) for i, p in enumerate(prevs)]
    return '(%s,)' % ', '.join(repr(n) for n in names)


def check_keys(obj, allowed, where):
    for key in obj:
        if key not in allowed:
            raise FormatError('%s.%s: unknown field' % (where, key))


def layer_line(layer, where):
    kind = layer.get('type')
    if kind not in LAYER_TYPES:
        raise FormatError('%s.type: unknown layer type %r' % (where, kind))
    cls, required, optional = LAYER_TYPES[kind]
    check_keys(layer, set(required + optional + ['name', 'type', 'prevs']), where)
    args = []
    for key in required:
        if key not in layer:
            raise FormatError('%s.%s: is missing' % (where, key))
        args.append(field_literal(key, layer[key], '%s.%s' % (where, key)))
    for key in optional:
        if key in layer:
            args.append('%s=%s' % (key, field_literal(key, layer[key],
                                                      '%s.%s' % (where, key))))
    call = 'NN.add(%r, %s(%s)' % (layer['name'], cls, ', '.join(args))
    prevs = prevs_literal(layer, where)
    if prevs is not None:
        call += ', prevs=%s' % prevs
    return call + ')'


def lstm_line(layer, where):
    check_keys(layer, set(LSTM_FIELDS + ['name', 'type']), where)
    if 'xin' not in layer:
        raise FormatError('%s.xin: is missing' % where)
    args = [repr(layer['name']),
            str(positive_int(layer.get('size'), where + '.size')),
            repr(layer_name(layer['xin'], where + '.xin'))]
    for key in ('cin', 'hin'):
        if layer.get(key) is not None:
            args.append('%s=%r' % (key, layer_name(layer[key], '%s.%s' % (where, key))))
    return 'add_lstm_cell(NN, %s)' % ', '.join(args)


def input_literal(obj, where):
    if not isinstance(obj, dict):
        raise FormatError('%s: must be an object' % where)
    for key in ('nofm', 'sofm'):
        if key not in obj:
            raise FormatError('%s.%s: is missing' % (where, key))
    return 'InputLayer(%s, %s)' % (positive_int(obj['nofm'], where + '.nofm'),
                                   size(obj['sofm'], where + '.sofm'))


def convert(doc, source='network'):
    """The module text for a parsed network document."""
    if not isinstance(doc, dict):
        raise FormatError('a network must be a JSON object')
    check_keys(doc, {'format', 'name', 'description', 'input', 'ext', 'layers'}, 'network')
    if doc.get('format', 'nndf-network/1') != 'nndf-network/1':
        raise FormatError('format: must be "nndf-network/1"')
    if 'input' not in doc:
        raise FormatError('input: is missing')
    layers = doc.get('layers')
    if not isinstance(layers, list) or not layers:
        raise FormatError('layers: must be a non-empty list')

    lines = [
        '# Generated by scripts/reference/net_to_py.py from %s.' % source,
        'from nn_dataflow.core import Network',
        'from nn_dataflow.core import InputLayer, ConvLayer, FCLayer',
        'from nn_dataflow.core import PoolingLayer, EltwiseLayer, LocalRegionLayer',
        'from nn_dataflow.nns import add_lstm_cell',
        '',
        'NN = Network(%r)' % doc.get('name', ''),
        'NN.set_input_layer(%s)' % input_literal(doc['input'], 'input'),
    ]
    for i, ext in enumerate(doc.get('ext', [])):
        where = 'ext[%d]' % i
        if not isinstance(ext, dict):
            raise FormatError('%s: must be an object' % where)
        check_keys(ext, {'name', 'nofm', 'sofm'}, where)
        lines.append('NN.add_ext(%r, %s)' % (layer_name(ext.get('name'), where + '.name'),
                                             input_literal(ext, where)))
    for i, layer in enumerate(layers):
        where = 'layers[%d]' % i
        if not isinstance(layer, dict):
            raise FormatError('%s: must be an object' % where)
        layer_name(layer.get('name'), where + '.name')
        if layer.get('type') == 'lstm_cell':
            lines.append(lstm_line(layer, where))
        else:
            lines.append(layer_line(layer, where))
    return '\n'.join(lines) + '\n'


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('network', help='network file in the nndf JSON format')
    ap.add_argument('-o', '--output', help='module to write (default: stdout)')
    args = ap.parse_args(argv)
    try:
        with open(args.network) as f:
            doc = json.load(f)
        text = convert(doc, source=os.path.basename(args.network))
    except (OSError, ValueError, FormatError) as e:
        sys.stderr.write('net_to_py: %s: %s\n' % (args.network, e))
        return 2
    if args.output:
        with open(args.output, 'w') as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
