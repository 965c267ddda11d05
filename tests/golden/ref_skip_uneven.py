#!/usr/bin/python3
"""Runs the reference's nn_dataflow_search.py with one more change than the
shared shim: partition schemes that replicate data unevenly are skipped, as
the engine skips them (docs/reference-differences.md, "uneven data
replication"). Without it the reference stops with AssertionError
'ifm val len' on such schemes, e.g. tests/golden/nets/fzn1_1133.json.

The check mirrors the reference's own assertion in
unit_nhops_to_proc_region: group the nodes by the filter, ifmap and ofmap
range each processes; every group of a category must be equally large.
Schemes are dropped from what gen_partition yields, after its fallback
scheme, so the fallback is decided exactly as before.

usage (from the reference's checkout, with the network module copied into
its nn_dataflow/nns/):
  PYTHONHASHSEED=0 PYTHONPATH=.:/work/shared/tools/refshim \\
    /usr/bin/python3 /path/to/tests/golden/ref_skip_uneven.py NET FLAGS... > out.json
"""
import runpy
import sys

from nn_dataflow.core import partition
from nn_dataflow.core.layer import ConvLayer, LocalRegionLayer

_gen_partition = partition.gen_partition


def _replicates_evenly(layer, batch_size, part):
    groups = ({}, {}, {})  # filter, ifmap, ofmap range -> node count
    for pidx in part.gen_pidx():
        filrng, ifrng, ofrng = partition.proc_data_range(
            layer, batch_size, part, pidx)
        if ifrng.size() > 0 and ofrng.size() > 0:
            groups[1][ifrng] = groups[1].get(ifrng, 0) + 1
            groups[2][ofrng] = groups[2].get(ofrng, 0) + 1
            if not filrng[0].empty() and not filrng[1].empty():
                groups[0][filrng] = groups[0].get(filrng, 0) + 1
    return all(len(set(g.values())) <= 1 for g in groups)


def _gen_partition_even(layer, batch_size, dim_nodes, options,
                        guaranteed=False):
    for part in _gen_partition(layer, batch_size, dim_nodes, options,
                               guaranteed=guaranteed):
        if not isinstance(layer, (ConvLayer, LocalRegionLayer)) \
                or _replicates_evenly(layer, batch_size, part):
            yield part


partition.gen_partition = _gen_partition_even

sys.argv[0] = 'nn_dataflow/tools/nn_dataflow_search.py'
runpy.run_path(sys.argv[0], run_name='__main__')
