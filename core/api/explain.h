// The explanation API: for one layer of a result, what the engine decided and
// what follows from it, in the engine's own arithmetic (so that no front end
// redoes it): the nodes the layer runs on and the data each holds, and its
// row-stationary mapping on a node's PE array. It reads the result document
// (a search's or a file's) and the network, so it needs no search state.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/api/data_reuse.h"
#include "core/api/loop_nest.h"
#include "core/formats/result_reader.h"
#include "core/layer_search/partition.h"
#include "core/model/network.h"

namespace nndf {

/// One node of a layer's partition.
struct NodeShare {
    PhyDim2 coord;                      ///< Absolute node coordinate.
    PartIndex pidx;                     ///< Position along each parallelism.
    std::array<i64, pe::NUM> position;  ///< The same, flattened per parallelism.
    ProcDataRange ranges;               ///< The data the node works on.
    bool idle = false;                  ///< Nothing to compute (an empty range).
};

/// A piece of the (folded) logical PE set placed on the array in one pass.
struct PeBlock {
    i64 replica = 0;  ///< Which copy, 0-based.
    i64 fold = 0;     ///< Which width fold running side by side, 0-based.
    PhyDim2 origin;   ///< Top-left PE (row, column).
    PhyDim2 size;     ///< Rows and columns of PEs.
};

/// The row-stationary mapping (Eyeriss, JSSC'17 IV.A) of the part of a layer
/// one node computes.
struct RowStationaryMapping {
    PhyDim2 logical;         ///< Logical PE set: filter (or region) rows x ofmap rows.
    PhyDim2 fold;            ///< Pieces the logical set is cut into (rows, columns).
    PhyDim2 replication;     ///< Copies that run at once (rows, columns).
    i64 side_by_side = 1;    ///< Width folds that run at once in rows replication left free.
    PhyDim2 folded;          ///< The folded logical PE set.
    PhyDim2 physical;        ///< The PEs one pass uses (rows, columns).
    double utilization = 0;  ///< Average share of the array doing useful work.
    i64 active_pes = 0;      ///< PEs busy in a full pass.
    std::vector<PeBlock> blocks;
};

struct LayerExplanation {
    std::string name;
    Layer layer;                   ///< The whole layer.
    i64 batch = 0;                 ///< The whole batch.
    ScheduledLayer schedule;       ///< Its entry in the result.
    NodeRegion region;             ///< The nodes it runs on.
    NodeRegion memory;             ///< The memory channels (the result's DRAM region).
    std::vector<NodeShare> nodes;  ///< In the engine's partition index order.
    PartitionedLayer node_part;    ///< The layer part one node computes.
    RowStationaryMapping mapping;
    LoopNest loop_nest;  ///< One node's loops, DRAM to PE (loop_nest.h).
    DataReuse reuse;     ///< Accesses, reuse and occupancy (data_reuse.h).
};

/// The reference's word size, for a result that does not record its own.
constexpr i64 kDefaultWordBits = 16;

/// Explains `layer` of `result` (a result of `net`). InputError if the
/// result has no such layer or is malformed, or if the network does not fit.
/// `word_bits` (the run's word size; results do not record it) turns the
/// DRAM traffic into bytes.
LayerExplanation explain_layer(const Network& net, const ResultSummary& result,
                               const std::string& layer, i64 word_bits = kDefaultWordBits);

/// The explanation as JSON (docs/explain.md) for the page.
OJson explanation_json(const LayerExplanation& e);

}  // namespace nndf
