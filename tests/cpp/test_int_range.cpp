// Mirrors the reference's unit_test/test_int_range.py.
#include <doctest/doctest.h>

#include "core/model/int_range.h"

using nndf::IntRange;

TEST_SUITE("int_range") {
    TEST_CASE("valid args") {
        IntRange ir1(1, 7);
        CHECK(ir1.beg == 1);
        CHECK(ir1.end == 7);
        IntRange ir2(-3, 0);
        CHECK(ir2.beg == -3);
        CHECK(ir2.end == 0);
        IntRange ir3(4, 4);
        CHECK(ir3.beg == 4);
        CHECK(ir3.end == 4);
    }

    TEST_CASE("invalid args") {
        CHECK_THROWS_WITH_AS(IntRange(7, 3), doctest::Contains("IntRange: begin value > end value"),
                             nndf::InternalError);
        CHECK_THROWS_AS(IntRange(-3, -7), nndf::InternalError);
    }

    TEST_CASE("size") {
        CHECK(IntRange(1, 7).size() == 6);
        CHECK(IntRange(-3, 0).size() == 3);
        CHECK(IntRange(4, 4).size() == 0);
    }

    TEST_CASE("empty") {
        CHECK_FALSE(IntRange(1, 7).empty());
        CHECK_FALSE(IntRange(-3, 0).empty());
        CHECK(IntRange(4, 4).empty());
    }

    TEST_CASE("overlap") {
        IntRange ir1(-11, 5), ir2(3, 8);
        CHECK(ir1.overlap(ir2) == IntRange(3, 5));
        CHECK(ir1.overlap(ir2) == ir2.overlap(ir1));

        CHECK(ir1.overlap(IntRange(-3, 3)) == IntRange(-3, 3));

        CHECK(ir1.overlap(IntRange(8, 10)).empty());
        // As in the reference: disjoint gives [0, 0); touching keeps the point.
        CHECK(ir1.overlap(IntRange(8, 10)) == IntRange(0, 0));
        CHECK(ir1.overlap(IntRange(5, 8)) == IntRange(5, 5));
    }

    TEST_CASE("offset") {
        CHECK(IntRange(1, 7).offset(3) == IntRange(4, 10));
        CHECK(IntRange(-3, 0).offset(-2) == IntRange(-5, -2));
    }
}
