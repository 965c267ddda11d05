// Eyeriss row-stationary mapping of one (partitioned) layer onto a PE array
// (map_strategy.py): replication and folding of the logical PE set, and the
// nested loops it leaves for loop blocking.
#pragma once

#include <vector>

#include "core/layer_search/nested_loop_desc.h"
#include "core/model/layer.h"

namespace nndf {

class MapStrategyEyeriss {
  public:
    /// Throws InputError if the array would be less than half used (the
    /// reference aborts its search there).
    MapStrategyEyeriss(const Layer& layer, i64 batch, double occupancy, PhyDim2 dim_array);

    /// Average share of active PEs.
    double utilization() const { return util_; }
    /// Every loop description worth blocking, in the reference's order.
    std::vector<NestedLoopDesc> gen_nested_loop_desc() const;

    PhyDim2 dim_lpeset() const { return dim_lpeset_; }    ///< Logical PE set (rows x ofmap rows).
    PhyDim2 repl() const { return repl_; }                ///< Replication factors.
    PhyDim2 fold() const { return fold_; }                ///< Folding factors.
    PhyDim2 dim_flpeset() const { return dim_flpeset_; }  ///< Folded logical PE set.
    PhyDim2 dim_ppeset() const { return dim_ppeset_; }    ///< Physical PE set of one pass.
    i64 ops_lpe() const { return ops_lpe_; }              ///< Ops of one logical PE.
    /// Width folds that run at once, stacked in PE rows that height
    /// replication would otherwise take.
    i64 folds_side_by_side() const { return folds_side_by_side_; }

  private:
    struct UnitPass {
        double ops = 0;
        i64 time = 0;
        std::array<std::array<double, de::NUM>, me::NUM> access{};
        std::array<i64, de::NUM> sz_gbuf{};
        std::array<i64, de::NUM> sz_regf{};
        double amp_acc_ifm = 1;
    };
    void repl_fold();
    UnitPass calc_unitpass() const;

    Layer layer_;
    i64 batch_;
    double occupancy_;
    PhyDim2 dim_array_;
    i64 ops_lpe_ = 0;
    PhyDim2 dim_lpeset_, repl_, fold_, dim_flpeset_, dim_ppeset_;
    double util_ = 0;
    i64 folds_side_by_side_ = 1;
};

}  // namespace nndf
