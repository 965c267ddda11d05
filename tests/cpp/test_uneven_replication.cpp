// Partition schemes that give some pieces of a layer's data to more nodes
// than others: replicates_data_evenly() finds them, and the layer search
// skips them (the reference stops with an AssertionError on them).
#include <doctest/doctest.h>

#include "core/layer_search/partition.h"
#include "partition_fixture.h"

using namespace nndf;
using test::PartitionFixture;

namespace {

/// fzn1_1133's only layer: 3 channels, a 3-channel window.
Layer fzn1_1133_lrn() {
    return Layer::local_region(3, {14, 8}, 3, {1, 1});
}

Option hybrid(bool ifmaps) {
    Option o;
    o.partition_hybrid = true;
    o.partition_ifmaps = ifmaps;
    return o;
}

}  // namespace

TEST_SUITE("uneven data replication") {
    TEST_CASE("splitting 3 channels with a 3-channel window over 3 nodes") {
        // Output channels [0,1), [1,2), [2,3) read input channels [0,3),
        // [0,3), [1,3): two nodes share one range, the third has its own.
        const Layer lrn = fzn1_1133_lrn();
        const auto outp = PartitionScheme::make({pe::OUTP, pe::OFMP, pe::BATP, pe::INPP},
                                                {PhyDim2(1, 3), {1, 1}, {1, 1}, {1, 1}});
        std::vector<IntRange> ifm_channels;
        for (const auto& pidx : outp.gen_pidx())
            ifm_channels.push_back(proc_data_range(lrn, 4, outp, pidx).ifrng.beg_end(1));
        CHECK(ifm_channels == std::vector<IntRange>{{0, 3}, {0, 3}, {1, 3}});
        CHECK_FALSE(replicates_data_evenly(lrn, 4, outp));

        // Tiling the fmap instead gives each node its own piece.
        const auto ofmp = PartitionScheme::make({pe::OFMP, pe::OUTP, pe::BATP, pe::INPP},
                                                {PhyDim2(1, 1), {1, 3}, {1, 1}, {1, 1}});
        CHECK(replicates_data_evenly(lrn, 4, ofmp));
    }

    TEST_CASE("which of fzn1_1133's candidates are uneven, with or without INPP") {
        // Input-channel partitioning never applies to a local-region layer,
        // so the flag changes nothing: the output-channel split is the one.
        for (bool ifmaps : {false, true}) {
            CAPTURE(ifmaps);
            const auto parts = gen_partition(fzn1_1133_lrn(), 4, {1, 3}, hybrid(ifmaps), true);
            int uneven = 0;
            for (const auto& part : parts) {
                CHECK(part.pdims[pe::INPP].size() == 1);
                if (!replicates_data_evenly(fzn1_1133_lrn(), 4, part)) {
                    ++uneven;
                    CHECK(part.pdims[pe::OUTP] == PhyDim2(1, 3));
                }
            }
            CHECK(uneven == 1);
            CHECK(parts.size() > 1);  // the fmap tiling remains
        }
    }

    TEST_CASE_FIXTURE(PartitionFixture, "the reference's partition test layers are all even") {
        // Wider channel ranges per node keep every clipped window distinct.
        for (const auto& [wl, layer] : layers) {
            for (const auto& [dn, dim] : dim_nodes) {
                for (const auto& [opt, o] : options) {
                    CAPTURE(wl);
                    CAPTURE(dn);
                    CAPTURE(opt);
                    for (const auto& part : gen(wl, dn, opt, true))
                        CHECK(replicates_data_evenly(layer, batch_size, part));
                }
            }
        }
    }
}  // TEST_SUITE
