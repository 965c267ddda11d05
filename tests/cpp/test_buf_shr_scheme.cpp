// Mirrors the reference's tests/unit_test/test_buf_shr_scheme.py.
//
// Differences in mechanism:
// - The reference's data_loops argument defaults to the conv loops; ours is
//   always given, so "default data loops" compares conv_data_loops() with the
//   same loops written out.
// - dim(de.NUM) / size(de.NUM) raising IndexError, and __repr__, are
//   Python-only (data categories index fixed-size arrays here).
// - The reference's ValueErrors for a subgroup larger than the group or a
//   fetch wider than the subgroup are broken invariants here (the search
//   never asks for them): InternalError, with the same words in the message.
// - nhops_cache is read through nhops_cache_size().
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "core/layer_search/buf_shr_scheme.h"
#include "core/model/layer.h"
#include "core/util/error.h"

using namespace nndf;

namespace {

struct BufShrFixture {
    PartitionScheme ps1 =
        PartitionScheme::make({pe::BATP, pe::OUTP, pe::OFMP, pe::INPP},
                              {PhyDim2(2, 3), PhyDim2(3, 1), PhyDim2(1, 5), PhyDim2(5, 2)});
    PartitionScheme ps2 = PartitionScheme::make(
        {0, 1, 2, 3}, {PhyDim2(2, 2), PhyDim2(5, 5), PhyDim2(3, 3), PhyDim2(1, 1)});
    PartitionScheme ps3 = PartitionScheme::make(
        {0, 1, 2, 3}, {PhyDim2(1, 6), PhyDim2(1, 2), PhyDim2(4, 1), PhyDim2(3, 5)});
    NodeRegion nr1 = proc(ps1.dim()), nr2 = proc(ps2.dim()), nr3 = proc(ps3.dim());
    BufShrScheme bufshr1{nr1, ps1, conv_data_loops()};
    BufShrScheme bufshr2{nr2, ps2, conv_data_loops()};
    BufShrScheme bufshr3{nr3, ps3, conv_data_loops()};

    static NodeRegion proc(PhyDim2 dim) { return NodeRegion::make(dim, {0, 0}, NodeRegion::PROC); }

    /// The three fixture schemes with other data loops.
    std::vector<BufShrScheme> with_loops(const DataLoops& dl) const {
        return {BufShrScheme(nr1, ps1, dl), BufShrScheme(nr2, ps2, dl), BufShrScheme(nr3, ps3, dl)};
    }

    /// The FIL sharing dimension of a scheme on the region it fills.
    static PhyDim2 fil_dim(const std::array<int, pe::NUM>& order) {
        const PartitionScheme ps = PartitionScheme::make(
            order, {PhyDim2(2, 2), PhyDim2(5, 5), PhyDim2(3, 3), PhyDim2(7, 7)});
        return BufShrScheme(proc(ps.dim()), ps, conv_data_loops()).dim(de::FIL);
    }
};

/// assertAlmostEqual of the reference: equal to 7 decimal places.
doctest::Approx approx7(double x) {
    return doctest::Approx(x).epsilon(5e-8);
}

bool same(PhyDim2f a, PhyDim2f b) {
    return a.h == b.h && a.w == b.w;
}

const double inf = kInf;

}  // namespace

TEST_SUITE("buf_shr_scheme") {
    TEST_CASE_FIXTURE(BufShrFixture, "dim") {
        const BufShrScheme* bs[] = {&bufshr1, &bufshr2, &bufshr3};
        const PartitionScheme* ps[] = {&ps1, &ps2, &ps3};
        for (int k = 0; k < 3; ++k) {
            CAPTURE(k);
            CHECK(bs[k]->dim(de::IFM) == ps[k]->dim_of({pe::OUTP}));
            CHECK(bs[k]->dim(de::OFM) == ps[k]->dim_of({pe::INPP}));
        }
        CHECK(bufshr1.dim(de::FIL) == ps1.dim_of({pe::OFMP}));
        CHECK(bufshr2.dim(de::FIL) == ps2.dim_of({pe::OFMP, pe::BATP}));
        CHECK(bufshr3.dim(de::FIL) == ps3.dim_of({pe::OFMP, pe::BATP}));
    }

    TEST_CASE_FIXTURE(BufShrFixture, "size") {
        for (const BufShrScheme* b : {&bufshr1, &bufshr2, &bufshr3})
            for (int d = 0; d < de::NUM; ++d) CHECK(b->dim(d).size() == b->size(d));
    }

    TEST_CASE_FIXTURE(BufShrFixture, "dim of FIL with other partitionings") {
        // Adjacent, BATP upon OFMP; adjacent, OFMP upon BATP.
        CHECK(fil_dim({pe::INPP, pe::OUTP, pe::BATP, pe::OFMP}) == PhyDim2(15, 15));
        CHECK(fil_dim({pe::INPP, pe::OFMP, pe::BATP, pe::OUTP}) == PhyDim2(15, 15));
        // Not adjacent, BATP upon OFMP; not adjacent, OFMP upon BATP.
        CHECK(fil_dim({pe::OUTP, pe::BATP, pe::INPP, pe::OFMP}) == PhyDim2(5, 5));
        CHECK(fil_dim({pe::OFMP, pe::INPP, pe::BATP, pe::OUTP}) == PhyDim2(3, 3));

        // Only BATP.
        PartitionScheme ps =
            PartitionScheme::make({pe::OUTP, pe::BATP, pe::INPP, pe::OFMP},
                                  {PhyDim2(2, 2), PhyDim2(1, 1), PhyDim2(3, 3), PhyDim2(7, 7)});
        CHECK(BufShrScheme(proc(ps.dim()), ps, conv_data_loops()).dim(de::FIL) == PhyDim2(3, 3));
        // Only OFMP.
        ps = PartitionScheme::make({pe::OFMP, pe::INPP, pe::BATP, pe::OUTP},
                                   {PhyDim2(2, 2), PhyDim2(5, 5), PhyDim2(1, 1), PhyDim2(7, 7)});
        CHECK(BufShrScheme(proc(ps.dim()), ps, conv_data_loops()).dim(de::FIL) == PhyDim2(5, 5));
    }

    TEST_CASE_FIXTURE(BufShrFixture, "neighbour distances") {
        CHECK(same(bufshr1.nbr_dist(de::FIL), {5, inf}));
        CHECK(same(bufshr1.nbr_dist(de::IFM), {15, 2}));
        CHECK(same(bufshr1.nbr_dist(de::OFM), {1, 1}));

        CHECK(same(bufshr2.nbr_dist(de::FIL), {1, 1}));
        CHECK(same(bufshr2.nbr_dist(de::IFM), {15, 15}));
        CHECK(same(bufshr2.nbr_dist(de::OFM), {inf, inf}));

        CHECK(same(bufshr3.nbr_dist(de::FIL), {3, 5}));
        CHECK(same(bufshr3.nbr_dist(de::IFM), {inf, 10}));
        CHECK(same(bufshr3.nbr_dist(de::OFM), {1, 1}));
    }

    TEST_CASE_FIXTURE(BufShrFixture, "the conv data loops written out") {
        const auto schemes =
            with_loops({DataDimLoops{le::IFM, le::OFM}, DataDimLoops{le::IFM, le::BAT},
                        DataDimLoops{le::OFM, le::BAT}});
        const BufShrScheme* bs[] = {&bufshr1, &bufshr2, &bufshr3};
        for (size_t k = 0; k < 3; ++k) {
            for (int d = 0; d < de::NUM; ++d) {
                CAPTURE(k);
                CAPTURE(d);
                CHECK(bs[k]->dim(d) == schemes[k].dim(d));
                CHECK(same(bs[k]->nbr_dist(d), schemes[k].nbr_dist(d)));
            }
        }
    }

    TEST_CASE_FIXTURE(BufShrFixture, "other data loops") {
        for (const auto& b :
             with_loops({DataDimLoops{le::IFM, le::OFM}, DataDimLoops{le::OFM, le::BAT},
                         DataDimLoops{le::OFM, le::BAT}})) {
            CHECK(b.dim(de::IFM) == b.dim(de::OFM));
            CHECK(same(b.nbr_dist(de::IFM), b.nbr_dist(de::OFM)));
        }
    }

    TEST_CASE_FIXTURE(BufShrFixture, "data loops with every loop") {
        DataLoops dl;
        dl[de::FIL] = DataDimLoops{le::IFM, le::OFM};
        dl[de::IFM] = DataDimLoops{le::IFM, le::OFM, le::BAT};
        dl[de::OFM] = DataDimLoops{le::OFM, le::BAT};
        const BufShrScheme b(nr1, ps1, dl);
        CHECK(b.dim(de::IFM) == PhyDim2(1, 1));
        CHECK(std::isinf(b.nbr_dist(de::IFM).h));
        CHECK(std::isinf(b.nbr_dist(de::IFM).w));
    }

    TEST_CASE_FIXTURE(BufShrFixture, "node region smaller or larger than the partition") {
        CHECK_THROWS_WITH_AS(
            BufShrScheme(proc({1, 1}), ps1, conv_data_loops()),
            doctest::Contains("BufShrScheme: partitioning scheme does not fit in the node region"),
            InternalError);
        const BufShrScheme b(proc({100, 100}), ps1, conv_data_loops());
        CHECK(b.dim(de::IFM) == ps1.dim_of({pe::OUTP}));
    }

    TEST_CASE_FIXTURE(BufShrFixture, "nhops_rotate_all") {
        // FIL of bufshr3 is 4 by 2 nodes, neighbour distances 3 and 5.
        const BufShrScheme& b = bufshr3;
        const int d = de::FIL;
        REQUIRE(b.dim(d) == PhyDim2(4, 2));
        REQUIRE(same(b.nbr_dist(d), {3, 5}));

        // 4 by 2: six hops of 3 and two of 5 around, but 7 of 8 steps.
        CHECK(b.nhops_rotate_all(d, 8) == approx7((3 * 6 + 5 * 2) * 7 / 8.));
        // 4 by 1: one node three hops of 3, three nodes two of 3 and one of 9 back.
        CHECK(b.nhops_rotate_all(d, 4) == approx7(((3 * 3) + (3 * 2 + 9) * 3) / 4. * 2));
        // 2 by 1: every node one hop of 3.
        CHECK(b.nhops_rotate_all(d, 2) == approx7((3 + 3) / 2. * 4));
        // 1: no rotation.
        CHECK(b.nhops_rotate_all(d, 1) == approx7(0));
        // 3 in a 4 by 1 group: the 3rd node also sends to the 4th, two hops of 3.
        CHECK(b.nhops_rotate_all(d, 3) == approx7(((3 * 2) + (3 + 6) * 2 + (3 * 2)) / 3. * 2));
        // 5, 6, 7 in the 4 by 2 group: the last node also sends to the rest.
        CHECK(b.nhops_rotate_all(d, 5) == approx7(((3 * 3 + 5) + (3 * 2 + 5 + (3 * 3 + 5)) * 3 +
                                                   ((3 * 3 + 5) + 3 * 3) + 3 * 3 * 4) /
                                                  5.));
        CHECK(b.nhops_rotate_all(d, 6) == approx7(((3 * 4 + 5) + (3 * 3 + 5 + (3 * 2 + 5)) * 4 +
                                                   ((3 * 2 + 5) + 3 * 4) + 3 * 2 * 5) /
                                                  6.));
        CHECK(b.nhops_rotate_all(d, 7) == approx7(((3 * 5 + 5) + (3 * 4 + 5 + (3 * 1 + 5)) * 5 +
                                                   ((3 * 1 + 5) + 3 * 5) + 3 * 1 * 6) /
                                                  7.));
    }

    TEST_CASE_FIXTURE(BufShrFixture, "nhops_rotate_all with a subgroup larger than the group") {
        CHECK_THROWS_WITH_AS(bufshr3.nhops_rotate_all(de::FIL, bufshr3.size(de::FIL) + 1),
                             doctest::Contains("subgroup"), InternalError);
    }

    TEST_CASE_FIXTURE(BufShrFixture, "nhops_rotate_all with rotation unit counts") {
        const BufShrScheme& b = bufshr3;
        const int d = de::FIL;
        REQUIRE(b.dim(d) == PhyDim2(4, 2));
        for (i64 sg = 1; sg < b.size(d); ++sg) {
            CAPTURE(sg);
            const double nhops = b.nhops_rotate_all(d, sg);
            for (i64 ruc = sg; ruc < 32; ++ruc) CHECK(b.nhops_rotate_all(d, sg, ruc) == nhops);
            for (i64 ruc = 1; ruc < sg; ++ruc) CHECK(b.nhops_rotate_all(d, sg, ruc) < nhops);
        }
    }

    TEST_CASE_FIXTURE(BufShrFixture, "nhops_rotate_all memo") {
        const BufShrScheme& b = bufshr3;
        CHECK(b.nhops_cache_size() == 0);

        const double n8 = b.nhops_rotate_all(de::FIL, 8);
        const double n4 = b.nhops_rotate_all(de::FIL, 4);
        const double n1 = b.nhops_rotate_all(de::FIL, 1);
        CHECK(b.nhops_cache_size() == 3);
        CHECK(n8 == b.nhops_rotate_all(de::FIL, 8));
        CHECK(n4 == b.nhops_rotate_all(de::FIL, 4));
        CHECK(n1 == b.nhops_rotate_all(de::FIL, 1));
        CHECK(b.nhops_cache_size() == 3);

        const double n3 = b.nhops_rotate_all(de::IFM, 3);
        const double n2 = b.nhops_rotate_all(de::IFM, 2);
        CHECK(b.nhops_cache_size() == 5);
        CHECK(n3 == b.nhops_rotate_all(de::IFM, 3));
        CHECK(n2 == b.nhops_rotate_all(de::IFM, 2));
        CHECK(b.nhops_cache_size() == 5);

        const double nru = b.nhops_rotate_all(de::IFM, 3, 2);
        CHECK(b.nhops_cache_size() == 6);
        CHECK(nru == b.nhops_rotate_all(de::IFM, 3, 2));
        CHECK(b.nhops_cache_size() == 6);
    }

    TEST_CASE_FIXTURE(BufShrFixture, "nhops_wide_fetch_once") {
        const BufShrScheme& b = bufshr3;
        const int d = de::FIL;
        REQUIRE(b.dim(d) == PhyDim2(4, 2));
        REQUIRE(same(b.nbr_dist(d), {3, 5}));

        for (i64 sg = 0; sg < b.size(d); ++sg)
            CHECK(b.nhops_wide_fetch_once(d, sg, 1) == approx7(0));

        // Three nodes fetch one hop of 3, the last one hop of 9 (back).
        CHECK(b.nhops_wide_fetch_once(d, 4, 2) * 2 == approx7((3 * 3 + 9) / 4. * 2));
        // Two nodes fetch one hop of 3, the 3rd one hop of 6 (back); the 4th one of 3.
        CHECK(b.nhops_wide_fetch_once(d, 3, 2) * 2 == approx7((3 * 2 + 6 + 3) / 3. * 2));
        // Every node one hop of 3.
        CHECK(b.nhops_wide_fetch_once(d, 2, 2) * 2 == approx7((3 + 3) / 2. * 4));

        for (i64 sg = 2; sg < b.size(d); ++sg) {
            CAPTURE(sg);
            CHECK(b.nhops_wide_fetch_once(d, sg, 1.5) * 1.5 ==
                  approx7(b.nhops_wide_fetch_once(d, sg, 2) * 2. / 2.));
        }
    }

    TEST_CASE_FIXTURE(BufShrFixture, "nhops_wide_fetch_once with bad arguments") {
        CHECK_THROWS_WITH_AS(bufshr3.nhops_wide_fetch_once(de::FIL, bufshr3.size(de::FIL) + 1, 2),
                             doctest::Contains("subgroup"), InternalError);
        CHECK_THROWS_WITH_AS(
            bufshr3.nhops_wide_fetch_once(de::FIL, bufshr3.size(de::FIL) / 2,
                                          static_cast<double>(bufshr3.size(de::FIL) / 2 + 1)),
            doctest::Contains("width"), InternalError);
    }

}  // TEST_SUITE
