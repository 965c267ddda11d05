// The setting the reference's partition tests share
// (tests/partition_test/test_partition_fixture.py): layers, node grids,
// options, and a generator of every partition scheme before the reference's
// equivalence pruning.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "core/layer_search/partition.h"

namespace nndf::test {

struct PartitionFixture {
    std::map<std::string, Layer> layers;
    i64 batch_size = 8;
    std::map<std::string, PhyDim2> dim_nodes;
    std::map<std::string, Option> options;

    PartitionFixture() {
        layers["BASE"] = Layer::conv(64, 64, {28, 28}, {3, 3});
        layers["FC"] = Layer::fc(4096, 1000, {6, 6});
        layers["POOL"] = Layer::pooling(32, {7, 7}, {3, 3}, {2, 2});
        layers["LR"] = Layer::local_region(32, {7, 7}, 5, {1, 1});
        // Irregular nifm/nofm; small numbers of fmaps.
        layers["IRR"] = Layer::conv(255, 383, {13, 13}, {3, 3});
        layers["SM"] = Layer::conv(5, 3, {13, 13}, {3, 3});
        // So small that no partitioning applies.
        layers["SSM1"] = Layer::conv(1, 1, {2, 2}, {3, 3});
        layers["SSM2"] = Layer::fc(2, 2);
        layers["SSM3"] = Layer::pooling(1, {2, 2}, {2, 2});

        dim_nodes["BASE"] = {4, 4};
        dim_nodes["LG"] = {10, 10};
        dim_nodes["PRIME"] = {3, 3};

        auto opt = [](bool hybrid, bool batch, bool ifmaps) {
            Option o;
            o.partition_hybrid = hybrid;
            o.partition_batch = batch;
            o.partition_ifmaps = ifmaps;
            o.ntops = 10000;
            return o;
        };
        options["BASE"] = opt(true, true, true);
        options["NOBATP"] = opt(true, false, true);
        options["NOINPP"] = opt(true, true, false);
        options["NOHYB"] = opt(false, true, false);
        options["ACCFWD"] = opt(true, true, true);
        options["ACCFWD"].hw_access_forwarding = true;
        options["BUFSHR"] = opt(true, true, true);
        options["BUFSHR"].hw_gbuf_sharing = true;
    }

    std::vector<PartitionScheme> gen(const std::string& wl = "BASE", const std::string& dn = "BASE",
                                     const std::string& opt = "BASE",
                                     bool guaranteed = false) const {
        return gen_partition(layers.at(wl), batch_size, dim_nodes.at(dn), options.at(opt),
                             guaranteed);
    }

    /// Every scheme that fully uses the nodes, divides the data evenly enough
    /// and keeps batch parallelism on top, equivalent ones included.
    std::vector<PartitionScheme> gen_full(const std::string& wl = "BASE",
                                          const std::string& dn = "BASE") const {
        const Layer& layer = layers.at(wl);
        const PhyDim2 nodes = dim_nodes.at(dn);
        std::vector<PartitionScheme> out;
        for (const auto& ph : factorize<4>(nodes.h))
            for (const auto& pw : factorize<4>(nodes.w)) {
                std::array<PhyDim2, pe::NUM> pd;
                for (int p = 0; p < pe::NUM; ++p) pd[p] = {ph[p], pw[p]};
                if (batch_size % pd[pe::BATP].size() != 0) continue;
                if (!approx_dividable(layer.nofm, pd[pe::OUTP].size())) continue;
                if (!approx_dividable(layer.hofm, pd[pe::OFMP].h) ||
                    !approx_dividable(layer.wofm, pd[pe::OFMP].w))
                    continue;
                if (layer.is_conv()) {
                    if (!approx_dividable(layer.nifm(), pd[pe::INPP].size())) continue;
                } else if (pd[pe::INPP].size() > 1) {
                    continue;
                }
                // Fully utilize one dimension (OFMP excepted).
                bool half = false;
                for (int p = 0; p < pe::NUM; ++p) {
                    if (p == pe::OFMP) continue;
                    if (pd[p].h != 1 && pd[p].h != nodes.h && pd[p].w != 1 && pd[p].w != nodes.w)
                        half = true;
                }
                if (half) continue;
                std::array<int, pe::NUM> order{0, 1, 2, 3};
                do {
                    // Batch parallelism on top.
                    std::vector<int> used;
                    for (int p : order)
                        if (pd[p].size() > 1) used.push_back(p);
                    if (std::find(used.begin(), used.end(), pe::BATP) != used.end() &&
                        used[0] != pe::BATP)
                        continue;
                    out.push_back(PartitionScheme::make(order, pd));
                } while (std::next_permutation(order.begin(), order.end()));
            }
        return out;
    }
};

/// A fmap range as a plain tuple, for sets and counters.
using FrngKey = std::array<i64, 8>;
inline FrngKey frng_key(const FmapRange& r) {
    return {r.fp_beg.b, r.fp_beg.n, r.fp_beg.h, r.fp_beg.w,
            r.fp_end.b, r.fp_end.n, r.fp_end.h, r.fp_end.w};
}

}  // namespace nndf::test
