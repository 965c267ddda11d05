// Mirrors the reference's unit_test/test_partition_scheme.py. Orders and
// pdims of the wrong length cannot be built with std::array; a custom Layer
// subclass cannot exist either (an input layer stands in for it). repr is
// Python-only.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <set>
#include <vector>

#include "core/model/partition_scheme.h"
#include "core/util/error.h"

using nndf::FmapRange;
using nndf::i64;
using nndf::Layer;
using nndf::NodeRegion;
using nndf::PartIndex;
using nndf::PartitionScheme;
using nndf::PhyDim2;
namespace pe = nndf::pe;

namespace {

PartitionScheme ps1() {
    return PartitionScheme::make({pe::BATP, pe::OUTP, pe::OFMP, pe::INPP},
                                 {PhyDim2(2, 3), PhyDim2(3, 1), PhyDim2(1, 5), PhyDim2(5, 2)});
}

PartitionScheme ps2() {
    return PartitionScheme::make({0, 1, 2, 3},
                                 {PhyDim2(2, 2), PhyDim2(5, 5), PhyDim2(3, 3), PhyDim2(1, 1)});
}

NodeRegion region_of(const PartitionScheme& ps) {
    return NodeRegion::make(ps.dim(), {0, 0}, NodeRegion::PROC);
}

NodeRegion dram(PhyDim2 dim) {
    return NodeRegion::make(dim, {0, 0}, NodeRegion::DRAM);
}

PhyDim2 dim_one(const PartitionScheme& ps, int pae) {
    return ps.pdims[pae];
}

}  // namespace

TEST_SUITE("partition_scheme") {
    TEST_CASE("invalid order") {
        const std::array<PhyDim2, pe::NUM> ones{PhyDim2(1, 1), PhyDim2(1, 1), PhyDim2(1, 1),
                                                PhyDim2(1, 1)};
        CHECK_THROWS_WITH_AS(PartitionScheme::make({0, 2, 3, 3}, ones),
                             doctest::Contains("order must be a permutation"), nndf::InternalError);
        CHECK_THROWS_AS(PartitionScheme::make({1, 0, 1, 2}, ones), nndf::InternalError);
        CHECK_THROWS_AS(PartitionScheme::make({4, 5, 6, 7}, ones), nndf::InternalError);
        CHECK_THROWS_AS(PartitionScheme::make({-1, 0, 1, 2}, ones), nndf::InternalError);
        CHECK_NOTHROW(PartitionScheme::make({3, 1, 0, 2}, ones));
    }

    TEST_CASE("dim") {
        auto p1 = ps1(), p2 = ps2();
        CHECK(p1.dim_of({0}) == PhyDim2(2, 3));
        CHECK(p1.dim_of({1}) == PhyDim2(3, 1));
        CHECK(p1.dim_of({2}) == PhyDim2(1, 5));
        CHECK(p1.dim_of({3}) == PhyDim2(5, 2));

        CHECK(p2.dim_of({0}) == PhyDim2(2, 2));
        CHECK(p2.dim_of({1}) == PhyDim2(5, 5));
        CHECK(p2.dim_of({2}) == PhyDim2(3, 3));
        CHECK(p2.dim_of({3}) == PhyDim2(1, 1));

        CHECK(p1.dim_of({0, 1, 2}) == PhyDim2(2, 3) * PhyDim2(3, 1) * PhyDim2(1, 5));
        CHECK(p1.dim() == PhyDim2(2, 3) * PhyDim2(3, 1) * PhyDim2(1, 5) * PhyDim2(5, 2));
        CHECK(p1.dim_of({0, 1, 2}) == p1.dim_of({1, 2, 0}));
        CHECK(p1.dim_of({}) == PhyDim2(1, 1));
    }

    TEST_CASE("dim invalid index") {
        auto p1 = ps1();
        CHECK_THROWS_AS(p1.dim_of({pe::NUM + 1}), nndf::InternalError);
        CHECK_THROWS_AS(p1.dim_of({0, 1, pe::NUM}), nndf::InternalError);
        CHECK_THROWS_AS(p1.size_of({pe::NUM + 1}), nndf::InternalError);
        CHECK_THROWS_AS(p1.size_of({0, 1, pe::NUM}), nndf::InternalError);
    }

    TEST_CASE("size") {
        auto p1 = ps1();
        CHECK(p1.size() == 900);
        CHECK(p1.size_of({0}) == 6);
        CHECK(p1.size_of({1, 3}) == 30);
        CHECK(p1.size_of({0, 2, 3}) == 6 * 5 * 10);
        CHECK(p1.size_of({0, 1, 2}) == p1.dim_of({0, 1, 2}).size());
        CHECK(p1.size_of({1, 2, 3}) == p1.dim_of({1, 2, 3}).size());
    }

    TEST_CASE("gen_pidx") {
        for (const auto& ps : {ps1(), ps2()}) {
            auto pidx_list = ps.gen_pidx();
            CHECK(static_cast<i64>(pidx_list.size()) == ps.size());
            std::set<PartIndex> uniq(pidx_list.begin(), pidx_list.end());
            CHECK(static_cast<i64>(uniq.size()) == ps.size());

            for (int i = 0; i < pe::NUM; ++i) {
                std::map<PhyDim2, i64> cnt;
                for (const auto& pidx : pidx_list) ++cnt[pidx[i]];
                CHECK(static_cast<i64>(cnt.size()) == dim_one(ps, i).size());
                for (const auto& c : cnt) CHECK(c.second == ps.size() / dim_one(ps, i).size());
            }
        }
    }

    TEST_CASE("gen_pidx order") {
        // Parallelisms in enum order, the last one innermost, each h-major.
        auto list = ps1().gen_pidx();
        const PhyDim2 z(0, 0);
        CHECK(list[0] == PartIndex{z, z, z, z});
        CHECK(list[1] == PartIndex{z, z, z, PhyDim2(0, 1)});
        CHECK(list[2] == PartIndex{z, z, z, PhyDim2(1, 0)});
        CHECK(list[123] == PartIndex{z, PhyDim2(2, 0), PhyDim2(0, 2), PhyDim2(1, 1)});
        CHECK(ps1().coordinate(region_of(ps1()), list[123]) == PhyDim2(11, 13));
    }

    TEST_CASE("coordinate") {
        for (const auto& ps : {ps1(), ps2()}) {
            auto nr = region_of(ps);
            std::set<PhyDim2> coords;
            for (const auto& pidx : ps.gen_pidx()) {
                PhyDim2 c = ps.coordinate(nr, pidx);
                coords.insert(c);
                CHECK(c.h >= 0);
                CHECK(c.w >= 0);
                CHECK(c.h < ps.dim().h);
                CHECK(c.w < ps.dim().w);
            }
            CHECK(static_cast<i64>(coords.size()) == ps.size());
        }

        PartIndex pidx{PhyDim2(0, 0), PhyDim2(0, 0), PhyDim2(0, 0), PhyDim2(0, 0)};
        pidx[pe::OUTP] = PhyDim2(1, 1);
        CHECK(ps1().coordinate(region_of(ps1()), pidx) ==
              ps1().dim_of({pe::OFMP, pe::INPP}) * PhyDim2(1, 1));
        CHECK(ps2().coordinate(region_of(ps2()), pidx) ==
              ps2().dim_of({pe::OFMP, pe::BATP, pe::INPP}) * PhyDim2(1, 1));
    }

    TEST_CASE("fmap_range") {
        FmapRange fr1({0, 0, 0, 0}, {8, 64, 28, 28});
        FmapRange fr2({0, 0, 0, 0}, {1, 1, 1, 1});     // Small.
        FmapRange fr3({2, 4, 2, 6}, {5, 11, 13, 13});  // Irregular.
        auto ps = ps2();

        for (const auto& fr : {fr1, fr2, fr3}) {
            std::vector<FmapRange> pfrs;
            for (const auto& pidx : ps.gen_pidx()) pfrs.push_back(ps.fmap_range(fr, pidx));
            i64 overlaps = 0, total = 0;
            for (size_t i = 0; i < pfrs.size(); ++i) {
                total += pfrs[i].size();
                for (size_t j = 0; j < i; ++j) overlaps += pfrs[j].overlap_size(pfrs[i]) > 0;
            }
            CHECK(overlaps == 0);
            // Disjoint parts that add up to the whole cover it.
            CHECK(total == fr.size());
        }

        PartIndex pidx{PhyDim2(1, 0), PhyDim2(4, 3), PhyDim2(0, 2), PhyDim2(0, 0)};
        CHECK(ps.fmap_range(fr1, pidx).identical(FmapRange({1, 32, 22, 16}, {2, 48, 28, 22})));
        CHECK(ps.fmap_range(fr2, pidx).identical(FmapRange({0, 0, 0, 0}, {0, 0, 1, 0})));
        CHECK(ps.fmap_range(fr3, pidx).identical(FmapRange({2, 7, 10, 10}, {3, 9, 13, 11})));
    }

    TEST_CASE("is_applicable_to_fmap_range") {
        CHECK_FALSE(ps1().is_applicable_to_fmap_range());
        CHECK(ps2().is_applicable_to_fmap_range());
    }

    TEST_CASE("part_layer") {
        const i64 batch = 16;
        auto p1 = ps1();
        Layer layer = Layer::conv(32, 128, {28, 28}, {3, 3});
        auto pl = p1.part_layer(layer, batch);
        CHECK(pl.layer.hofm * p1.dim_of({pe::OFMP}).h >= layer.hofm);
        CHECK(pl.layer.wofm * p1.dim_of({pe::OFMP}).w >= layer.wofm);
        CHECK(pl.layer.nofm * p1.size_of({pe::OUTP}) >= layer.nofm);
        CHECK(pl.layer.nifm() * p1.size_of({pe::INPP}) >= layer.nifm());
        CHECK(pl.batch * p1.size_of({pe::BATP}) >= 16);
        CHECK(pl.occupancy ==
              doctest::Approx(1. * (32 * 128 * 28 * 28 * 16) / (4 * 22 * 10 * 28 * 4 * p1.size()))
                  .epsilon(1e-12));
        // Exact shape, as the reference prints it.
        CHECK(pl.layer == Layer::conv(4, 22, {10, 28}, {3, 3}));
        CHECK(pl.batch == 4);

        auto p2 = ps2();
        layer = Layer::pooling(128, {112, 112}, {2, 2});
        pl = p2.part_layer(layer, batch);
        CHECK(pl.layer.hofm * p2.dim_of({pe::OFMP}).h >= layer.hofm);
        CHECK(pl.layer.wofm * p2.dim_of({pe::OFMP}).w >= layer.wofm);
        CHECK(pl.layer.nofm * p2.size_of({pe::OUTP}) >= layer.nofm);
        CHECK(pl.layer.nifm() >= pl.layer.nofm);
        CHECK(pl.batch * p2.size_of({pe::BATP}) >= 16);
        CHECK(pl.occupancy ==
              doctest::Approx(1. * (128 * 112 * 112 * 16) / (32 * 23 * 23 * 2 * p2.size()))
                  .epsilon(1e-12));
        CHECK(pl.layer == Layer::local_region(32, {23, 23}, 1, {2, 2}, 1, {2, 2}));
        CHECK(pl.batch == 2);
    }

    TEST_CASE("part_layer eltwise drops channel stride") {
        // The reference rebuilds a LocalRegionLayer with ntrd 1.
        auto pl = ps2().part_layer(Layer::eltwise(128, {112, 112}, 2), 16);
        CHECK(pl.layer.kind == nndf::LayerKind::LocalRegion);
        CHECK(pl.layer.nreg == 2);
        CHECK(pl.layer.ntrd == 1);
        CHECK(pl.layer.nifm() == 32);
        CHECK(pl.occupancy == doctest::Approx(0.8431169922285234).epsilon(1e-12));
    }

    TEST_CASE("part_layer invalid input partitioning") {
        auto p1 = ps1();
        Layer l = Layer::pooling(p1.size_of({pe::OUTP}),
                                 {p1.size_of({pe::OFMP}), p1.size_of({pe::OFMP})}, {2, 2});
        CHECK_THROWS_WITH_AS(p1.part_layer(l, p1.size_of({pe::BATP})),
                             doctest::Contains("input partitioning"), nndf::InternalError);
    }

    TEST_CASE("part_layer invalid layer kind") {
        auto p1 = ps1();
        Layer l =
            Layer::input(p1.size_of({pe::OUTP}), {p1.size_of({pe::OFMP}), p1.size_of({pe::OFMP})});
        CHECK(l.total_ops() == 0);
        CHECK_THROWS(p1.part_layer(l, p1.size_of({pe::BATP})));
    }

    TEST_CASE("part_neighbor_dist") {
        for (const auto& ps : {ps1(), ps2()}) {
            auto nr = region_of(ps);
            for (int idx = 0; idx < pe::NUM; ++idx) {
                CAPTURE(idx);
                auto nbr = ps.part_neighbor_dist(nr, ps.order[idx]);
                PhyDim2 below(1, 1);
                for (int j = idx + 1; j < pe::NUM; ++j) below = below * ps.pdims[ps.order[j]];
                PhyDim2 cur = ps.pdims[ps.order[idx]];
                if (cur.h == 1) {
                    CHECK(std::isinf(nbr.h));
                } else {
                    CHECK(nbr.h == static_cast<double>(below.h));
                }
                if (cur.w == 1) {
                    CHECK(std::isinf(nbr.w));
                } else {
                    CHECK(nbr.w == static_cast<double>(below.w));
                }
            }
        }
        // Values printed by the reference.
        auto d = ps1().part_neighbor_dist(region_of(ps1()), pe::OUTP);
        CHECK(d.h == 15.0);
        CHECK(d.w == 2.0);
    }

    TEST_CASE("part_neighbor_dist invalid") {
        auto d = ps1().part_neighbor_dist(region_of(ps1()), pe::NUM);
        CHECK(std::isnan(d.h));
        CHECK(std::isnan(d.w));
    }

    TEST_CASE("projection") {
        // Shrink.
        auto part =
            PartitionScheme::make({pe::BATP, pe::INPP, pe::OUTP, pe::OFMP},
                                  {PhyDim2(2, 3), PhyDim2(1, 5), PhyDim2(4, 4), PhyDim2(1, 1)});
        auto proj = part.projection(dram({4, 30}));
        CHECK(proj.order == part.order);
        CHECK(proj.dim() == PhyDim2(4, 30));
        CHECK(proj.dim_of({pe::OUTP}) == PhyDim2(2, 3));
        CHECK(proj.dim_of({pe::OFMP}) == PhyDim2(1, 5));
        CHECK(proj.dim_of({pe::BATP}) == PhyDim2(2, 2));
        CHECK(proj.dim_of({pe::INPP}) == PhyDim2(1, 1));

        // Shrink multiple.
        proj = part.projection(dram({2, 2}));
        CHECK(proj.order == part.order);
        CHECK(proj.dim() == PhyDim2(2, 2));
        CHECK(proj.dim_of({pe::OUTP}) == PhyDim2(2, 1));
        CHECK(proj.dim_of({pe::OFMP}) == PhyDim2(1, 2));
        CHECK(proj.dim_of({pe::BATP}) == PhyDim2(1, 1));
        CHECK(proj.dim_of({pe::INPP}) == PhyDim2(1, 1));

        // Shrink non-dividable: height 3 // 2 = 1; width 54 // 5 = 10, 10 // 3 = 3.
        proj = part.projection(dram({3, 54}));
        CHECK(proj.order == part.order);
        CHECK(proj.dim() == PhyDim2(2, 45));
        CHECK(proj.dim_of({pe::OUTP}) == PhyDim2(2, 3));
        CHECK(proj.dim_of({pe::OFMP}) == PhyDim2(1, 5));
        CHECK(proj.dim_of({pe::BATP}) == PhyDim2(1, 3));
        CHECK(proj.dim_of({pe::INPP}) == PhyDim2(1, 1));

        // Shrink with INPP.
        part = PartitionScheme::make({pe::BATP, pe::INPP, pe::OUTP, pe::OFMP},
                                     {PhyDim2(2, 3), PhyDim2(1, 5), PhyDim2(4, 4), PhyDim2(4, 4)});
        proj = part.projection(dram({4, 30}), true);
        CHECK(proj.order == part.order);
        CHECK(proj.dim() == PhyDim2(4, 30));
        CHECK(proj.dim_of({pe::BATP}) == PhyDim2(2, 2));
        CHECK(proj.dim_of({pe::INPP}) == PhyDim2(1, 1));
        CHECK(proj.is_applicable_to_fmap_range());
        proj = part.projection(dram({4, 30}));
        CHECK(proj.order == part.order);
        CHECK(proj.dim() == PhyDim2(4, 30));
        CHECK(proj.dim_of({pe::BATP}) == PhyDim2(1, 1));
        CHECK(proj.dim_of({pe::INPP}) == PhyDim2(2, 2));

        // Shrink all.
        proj = part.projection(dram({1, 1}));
        CHECK(proj.order == part.order);
        CHECK(proj.dim() == PhyDim2(1, 1));

        // Extend.
        part = PartitionScheme::make({pe::INPP, pe::BATP, pe::OUTP, pe::OFMP},
                                     {PhyDim2(2, 3), PhyDim2(1, 5), PhyDim2(1, 1), PhyDim2(1, 1)});
        proj = part.projection(dram({4, 30}));
        CHECK(proj.order == part.order);
        CHECK(proj.dim() == PhyDim2(4, 30));
        CHECK(proj.dim_of({pe::OUTP}) == PhyDim2(2, 3));
        CHECK(proj.dim_of({pe::OFMP}) == PhyDim2(1, 5));
        CHECK(proj.dim_of({pe::BATP}) == PhyDim2(2, 2));
        CHECK(proj.dim_of({pe::INPP}) == PhyDim2(1, 1));

        // Extend non-dividable: height 5 // 2 = 2; width 40 // (3 * 5) = 2.
        proj = part.projection(dram({5, 40}));
        CHECK(proj.order == part.order);
        CHECK(proj.dim() == PhyDim2(4, 30));
        CHECK(proj.dim_of({pe::OUTP}) == PhyDim2(2, 3));
        CHECK(proj.dim_of({pe::OFMP}) == PhyDim2(1, 5));
        CHECK(proj.dim_of({pe::BATP}) == PhyDim2(2, 2));
        CHECK(proj.dim_of({pe::INPP}) == PhyDim2(1, 1));

        // Extend with INPP.
        part = PartitionScheme::make({pe::INPP, pe::BATP, pe::OUTP, pe::OFMP},
                                     {PhyDim2(2, 3), PhyDim2(1, 5), PhyDim2(1, 1), PhyDim2(4, 4)});
        proj = part.projection(dram({4, 30}), true);
        CHECK(proj.order == part.order);
        CHECK(proj.dim() == PhyDim2(4, 30));
        CHECK(proj.dim_of({pe::OUTP}) == PhyDim2(2, 3));
        CHECK(proj.dim_of({pe::OFMP}) == PhyDim2(1, 5));
        CHECK(proj.dim_of({pe::BATP}) == PhyDim2(2, 2));
        CHECK(proj.dim_of({pe::INPP}) == PhyDim2(1, 1));

        // Both shrink and extend.
        part = PartitionScheme::make({pe::BATP, pe::INPP, pe::OUTP, pe::OFMP},
                                     {PhyDim2(2, 3), PhyDim2(1, 5), PhyDim2(4, 4), PhyDim2(1, 1)});
        proj = part.projection(dram({16, 16}));
        CHECK(proj.order == part.order);
        CHECK(proj.dim() == PhyDim2(16, 15));
        CHECK(proj.dim_of({pe::OUTP}) == PhyDim2(2, 3));
        CHECK(proj.dim_of({pe::OFMP}) == PhyDim2(1, 5));
        CHECK(proj.dim_of({pe::BATP}) == PhyDim2(8, 1));
        CHECK(proj.dim_of({pe::INPP}) == PhyDim2(1, 1));
    }

    TEST_CASE("projection empty region") {
        CHECK_THROWS_WITH_AS(ps1().projection(dram({0, 0})), doctest::Contains("empty node region"),
                             nndf::InternalError);
    }

    TEST_CASE("equality") {
        CHECK(ps1() == ps1());
        CHECK(ps1() != ps2());
        auto p = ps1();
        p.pdims[pe::INPP] = PhyDim2(2, 5);
        CHECK(p != ps1());
    }
}
