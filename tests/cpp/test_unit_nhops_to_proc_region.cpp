// Mirrors the reference's tests/partition_test/test_unit_nhops_to_proc_region.py.
#include "core/model/data_layout.h"
#include "partition_fixture.h"

using namespace nndf;

namespace {

struct NhopsFixture : test::PartitionFixture {
    /// One fmap in a DRAM region split by batch (bdim) and channels (ndim);
    /// from top to bottom h, w, b, n.
    DataLayout make_data_layout(i64 nfm, i64 hfm, i64 wfm, PhyDim2 origin, PhyDim2 bdim,
                                PhyDim2 ndim, PhyDim2 dims) const {
        const FmapRange frng({0, 0, 0, 0}, {batch_size, nfm, hfm, wfm});
        const NodeRegion region = NodeRegion::make(dims, origin, NodeRegion::DRAM);
        std::array<PhyDim2, pe::NUM> pd;
        pd[pe::BATP] = bdim;
        pd[pe::OUTP] = ndim;
        pd[pe::OFMP] = {dims.h / bdim.h / ndim.h, dims.w / bdim.w / ndim.w};
        pd[pe::INPP] = {1, 1};
        const PartitionScheme part =
            PartitionScheme::make({pe::OFMP, pe::BATP, pe::OUTP, pe::INPP}, pd);
        return DataLayout::make({frng}, {region}, {part});
    }

    static PartitionScheme part_of(std::array<PhyDim2, pe::NUM> pd) {
        return PartitionScheme::make({pe::BATP, pe::INPP, pe::OUTP, pe::OFMP}, pd);
    }

    std::array<i64, de::NUM> nhops(const Layer& layer, const NodeRegion& nr,
                                   const PartitionScheme& part, const std::vector<PhyDim2>& fil,
                                   const DataLayout& il, const DataLayout& ol,
                                   const std::string& opt = "BASE") const {
        return unit_nhops_to_proc_region(layer, batch_size, nr, part, fil, il, ol, options.at(opt));
    }

    /// Hops counted node by node: ifmaps from where they are; ofmaps merged
    /// at the middle INPP node and stored from there; filters from the
    /// nearest filter node.
    std::array<double, de::NUM> true_unit_nhops(const Layer& layer, const NodeRegion& region,
                                                const PartitionScheme& part,
                                                const std::vector<PhyDim2>& fil,
                                                const DataLayout& il, const DataLayout& ol) const {
        std::array<double, de::NUM> n{0, 0, 0};
        const auto ifrmap = il.fmap_range_map();
        const auto ofrmap = ol.fmap_range_map();
        for (const auto& pidx : part.gen_pidx()) {
            const PhyDim2 coord = part.coordinate(region, pidx);
            PartIndex mid = pidx;
            const i64 half = part.size_of({pe::INPP}) / 2;
            mid[pe::INPP] = {half / part.pdims[pe::INPP].w, half % part.pdims[pe::INPP].w};
            const PhyDim2 midcoord = part.coordinate(region, mid);
            const ProcDataRange r = proc_data_range(layer, batch_size, part, pidx);
            for (const auto& [src, size] : ifrmap.rget_counter(r.ifrng))
                n[de::IFM] += static_cast<double>(coord.hop_dist(src) * size);
            if (coord == midcoord) {
                for (const auto& [src, size] : ofrmap.rget_counter(r.ofrng))
                    n[de::OFM] += static_cast<double>(coord.hop_dist(src) * size);
            } else {
                n[de::OFM] += static_cast<double>(r.ofrng.size() * coord.hop_dist(midcoord)) / 2;
            }
            if (!fil.empty()) {
                i64 dmin = coord.hop_dist(fil[0]);
                for (const auto& f : fil) dmin = std::min(dmin, coord.hop_dist(f));
                n[de::FIL] += static_cast<double>(r.fil_i.size() * r.fil_o.size() *
                                                  layer.filter_size() * dmin);
            }
        }
        return n;
    }

    void check_against_truth(const Layer& layer, const PartitionScheme& part,
                             const std::vector<PhyDim2>& fil, const DataLayout& il,
                             const DataLayout& ol) const {
        const NodeRegion nr = NodeRegion::make(part.dim(), {0, 0}, NodeRegion::PROC);
        const auto got = nhops(layer, nr, part, fil, il, ol);
        const auto truth = true_unit_nhops(layer, nr, part, fil, il, ol);
        for (int d = 0; d < de::NUM; ++d) {
            CAPTURE(d);
            CHECK(static_cast<double>(got[d]) == truth[d]);
        }
    }
};

}  // namespace

TEST_SUITE("unit_nhops_to_proc_region") {
    TEST_CASE_FIXTURE(NhopsFixture, "a small case counted by hand") {
        const Layer layer = Layer::conv(6, 8, {16, 16}, {3, 3});
        REQUIRE(batch_size == 8);
        const PartitionScheme part =
            part_of({PhyDim2(2, 1), PhyDim2(2, 2), PhyDim2(1, 2), PhyDim2(1, 1)});
        const NodeRegion nr = NodeRegion::make(part.dim(), {0, 0}, NodeRegion::PROC);
        const DataLayout il = make_data_layout(layer.nifm(), layer.hifm(), layer.wifm(), {-2, -2},
                                               {2, 1}, {1, 1}, {2, 2});
        const DataLayout ol =
            make_data_layout(layer.nofm, layer.hofm, layer.wofm, {2, 2}, {1, 1}, {2, 1}, {2, 2});
        const auto n = nhops(layer, nr, part, {PhyDim2(0, 0)}, il, ol);
        i64 fil_hops = 0;
        for (i64 h = 0; h < 4; ++h)
            for (i64 w = 0; w < 4; ++w) fil_hops += h + w;
        CHECK(n[de::FIL] == 6 * 4 * 3 * 3 * fil_hops);
        CHECK(n[de::IFM] == 4 * 6 * 10 *
                                ((4 + 6) * 9 + (5 + 7) * 1 + (5 + 7) * 9 + (6 + 8) * 1 +
                                 (3 + 5) * 1 + (4 + 6) * 9 + (4 + 6) * 1 + (5 + 7) * 9 +
                                 (5 + 7) * 9 + (6 + 8) * 1 + (6 + 8) * 9 + (7 + 9) * 1 +
                                 (4 + 6) * 1 + (5 + 7) * 9 + (5 + 7) * 1 + (6 + 8) * 9));
        CHECK(n[de::OFM] ==
              4 * 4 * 8 * 8 *
                  ((4 + 2 + 3 + 1) + (4 + 2 + 3 + 1) + (3 + 1 + 2 + 0) + (3 + 1 + 2 + 0)));
    }

    TEST_CASE_FIXTURE(NhopsFixture, "conv layer") {
        const Layer& layer = layers["BASE"];
        const auto part = part_of({PhyDim2(2, 1), PhyDim2(2, 4), PhyDim2(1, 2), PhyDim2(2, 1)});
        check_against_truth(
            layer, part, {PhyDim2(0, 0), PhyDim2(7, 7)},
            make_data_layout(layer.nifm(), layer.hifm(), layer.wifm(), {-3, -3}, {1, 2}, {4, 1},
                             {8, 4}),
            make_data_layout(layer.nofm, layer.hofm, layer.wofm, {5, 5}, {1, 1}, {1, 2}, {2, 4}));
    }

    TEST_CASE_FIXTURE(NhopsFixture, "fc layer") {
        const Layer& layer = layers["FC"];
        const auto part = part_of({PhyDim2(8, 1), PhyDim2(1, 1), PhyDim2(1, 2), PhyDim2(1, 4)});
        check_against_truth(
            layer, part, {PhyDim2(0, 0), PhyDim2(0, 7)},
            make_data_layout(layer.nifm(), layer.hifm(), layer.wifm(), {-3, 10}, {1, 2}, {4, 1},
                             {4, 4}),
            make_data_layout(layer.nofm, layer.hofm, layer.wofm, {1, 1}, {2, 1}, {1, 2}, {2, 2}));
    }

    TEST_CASE_FIXTURE(NhopsFixture, "pooling layer") {
        const Layer& layer = layers["POOL"];
        const auto part = part_of({PhyDim2(2, 1), PhyDim2(2, 4), PhyDim2(2, 2), PhyDim2(1, 1)});
        check_against_truth(
            layer, part, {},
            make_data_layout(layer.nifm(), layer.hifm(), layer.wifm(), {-3, -3}, {1, 2}, {4, 1},
                             {8, 4}),
            make_data_layout(layer.nofm, layer.hofm, layer.wofm, {5, 5}, {1, 2}, {1, 1}, {2, 4}));
    }

    TEST_CASE_FIXTURE(NhopsFixture, "local-region layer") {
        const Layer& layer = layers["LR"];
        const auto part = part_of({PhyDim2(2, 1), PhyDim2(2, 4), PhyDim2(2, 2), PhyDim2(1, 1)});
        check_against_truth(
            layer, part, {},
            make_data_layout(layer.nifm(), layer.hifm(), layer.wifm(), {-3, -3}, {1, 2}, {4, 1},
                             {8, 4}),
            make_data_layout(layer.nofm, layer.hofm, layer.wofm, {5, 5}, {1, 1}, {1, 2}, {2, 4}));
    }

    TEST_CASE_FIXTURE(NhopsFixture, "moving everything twice as far doubles the hops") {
        const Layer& layer = layers["BASE"];
        const auto part = part_of({PhyDim2(1, 1), PhyDim2(1, 1), PhyDim2(1, 1), PhyDim2(1, 1)});
        auto at = [&](i64 k) {
            const NodeRegion nr = NodeRegion::make(part.dim(), {k, k}, NodeRegion::PROC);
            return nhops(layer, nr, part, {PhyDim2(k, -k)},
                         make_data_layout(layer.nifm(), layer.hifm(), layer.wifm(), {-k, -k},
                                          {1, 1}, {1, 1}, {1, 1}),
                         make_data_layout(layer.nofm, layer.hofm, layer.wofm, {k, k}, {1, 1},
                                          {1, 1}, {1, 1}));
        };
        const auto n1 = at(3), n2 = at(6);
        for (int d = 0; d < de::NUM; ++d) CHECK(n2[d] == n1[d] * 2);
    }

    TEST_CASE_FIXTURE(NhopsFixture, "ofmaps stored locally need no hops") {
        const Layer& layer = layers["BASE"];
        const auto part = part_of({PhyDim2(4, 1), PhyDim2(1, 1), PhyDim2(1, 4), PhyDim2(1, 1)});
        const NodeRegion nr = NodeRegion::make(part.dim(), {3, 3}, NodeRegion::PROC);
        const DataLayout ol = DataLayout::make(
            {FmapRange({0, 0, 0, 0}, {batch_size, layer.nofm, layer.hofm, layer.wofm})}, {nr},
            {part});
        const auto n = nhops(layer, nr, part, {PhyDim2(3, -3)},
                             make_data_layout(layer.nifm(), layer.hifm(), layer.wifm(), {-3, -3},
                                              {1, 1}, {1, 1}, {1, 1}),
                             ol);
        CHECK(n[de::OFM] == 0);
    }

    TEST_CASE_FIXTURE(NhopsFixture, "access forwarding fetches remote data once") {
        const Layer& layer = layers["BASE"];
        const auto part = part_of({PhyDim2(2, 1), PhyDim2(2, 4), PhyDim2(1, 2), PhyDim2(2, 1)});
        const NodeRegion nr = NodeRegion::make(part.dim(), {0, 0}, NodeRegion::PROC);
        const i64 far = 1000;
        const DataLayout il = make_data_layout(layer.nifm(), layer.hifm(), layer.wifm(), {-far, 0},
                                               {1, 1}, {1, 1}, {1, 1});
        const DataLayout ol =
            make_data_layout(layer.nofm, layer.hofm, layer.wofm, {0, -far}, {1, 1}, {1, 1}, {1, 1});
        const std::vector<PhyDim2> fil{PhyDim2(far, 0), PhyDim2(0, far)};
        const auto base = nhops(layer, nr, part, fil, il, ol, "BASE");
        const auto accfwd = nhops(layer, nr, part, fil, il, ol, "ACCFWD");
        const auto bufshr = nhops(layer, nr, part, fil, il, ol, "BUFSHR");
        CHECK(accfwd == bufshr);

        // Without forwarding, filters and ifmaps are fetched remotely by every
        // node that needs them; ofmaps are merged locally and stored once.
        const double sz = 0.8 * static_cast<double>(far);
        CHECK(static_cast<double>(base[de::FIL]) >
              static_cast<double>(layer.total_filter_size() * part.size_of({pe::BATP}) *
                                  part.size_of({pe::OFMP})) *
                  sz);
        CHECK(static_cast<double>(base[de::IFM]) >
              static_cast<double>(layer.total_ifmap_size(batch_size) * part.size_of({pe::OUTP})) *
                  sz);

        // With forwarding, everything is fetched remotely once.
        const PartitionedLayer pl = part.part_layer(layer, batch_size);
        const i64 hop = far + nr.dim.size();
        CHECK(accfwd[de::FIL] <
              pl.layer.total_filter_size() * part.size_of({pe::INPP, pe::OUTP}) * hop);
        CHECK(accfwd[de::IFM] < pl.layer.total_ifmap_size(pl.batch) *
                                    part.size_of({pe::INPP, pe::OFMP, pe::BATP}) * hop);
        CHECK(accfwd[de::OFM] < pl.layer.total_ofmap_size(pl.batch) *
                                    part.size_of({pe::OUTP, pe::OFMP, pe::BATP}) * hop);
    }

}  // TEST_SUITE
