// Mirrors the reference's unit_test/test_phy_dim2.py.
#include <doctest/doctest.h>

#include "core/model/phy_dim2.h"

using nndf::PhyDim2;

TEST_SUITE("phy_dim2") {
    TEST_CASE("valid args") {
        PhyDim2 dim(14, 12);
        CHECK(dim.h == 14);
        CHECK(dim.w == 12);
        CHECK(dim[0] == 14);
        CHECK(dim[1] == 12);
    }

    TEST_CASE("size") {
        CHECK(PhyDim2(14, 12).size() == 14 * 12);
    }

    TEST_CASE("add") {
        PhyDim2 dim1(14, 12), dim2(5, 3);
        CHECK(dim1 + dim2 == PhyDim2(19, 15));
        CHECK(dim1 + 3 == PhyDim2(17, 15));
    }

    TEST_CASE("sub") {
        PhyDim2 dim1(14, 12), dim2(5, 3);
        CHECK(dim1 - dim2 == PhyDim2(9, 9));
        CHECK(dim1 - 3 == PhyDim2(11, 9));
    }

    TEST_CASE("neg") {
        CHECK(-PhyDim2(14, 12) == PhyDim2(-14, -12));
        CHECK(-PhyDim2(5, 3) == PhyDim2(-5, -3));
    }

    TEST_CASE("mul") {
        PhyDim2 dim1(14, 12), dim2(5, 3);
        CHECK(dim1 * dim2 == PhyDim2(70, 36));
        CHECK(dim1 * 2 == PhyDim2(28, 24));
        CHECK(2 * dim1 == PhyDim2(28, 24));
    }

    TEST_CASE("hop_dist") {
        PhyDim2 dim1(14, 12), dim2(5, 20);
        CHECK(dim1.hop_dist(dim2) == 9 + 8);
        CHECK(dim2.hop_dist(dim1) == 9 + 8);
    }

    TEST_CASE("equality and tuple order") {
        // Python compares namedtuples as tuples; sets and min() rely on it.
        CHECK(PhyDim2(1, 2) == PhyDim2(1, 2));
        CHECK(PhyDim2(1, 2) != PhyDim2(2, 1));
        CHECK(PhyDim2(1, 9) < PhyDim2(2, 0));
        CHECK(PhyDim2(1, 2) < PhyDim2(1, 3));
        CHECK_FALSE(PhyDim2(1, 3) < PhyDim2(1, 3));
    }
}
