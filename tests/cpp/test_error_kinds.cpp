// A bug must not look like bad input: a broken invariant of the engine is an
// InternalError whose one-line message says it is a bug, how to report it and
// where it was found; a person's bad value is an InputError naming the field.
#include <doctest/doctest.h>

#include <string>
#include <type_traits>

#include "core/model/data_layout.h"
#include "core/model/layer.h"
#include "core/util/error.h"

using namespace nndf;

namespace {

const char* const kBug =
    "This is a bug in nndf; please report it with the command or run document that caused it";

/// The InternalError an engine call throws (a stand-in if it throws none).
template <class F>
InternalError internal_error_of(F&& f) {
    try {
        f();
    } catch (const InternalError& e) {
        return e;
    }
    return InternalError("(nothing thrown)", "");
}

bool starts_with(const std::string& s, const std::string& prefix) {
    return s.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

TEST_SUITE("error kinds") {
    TEST_CASE("the two kinds are unrelated: no handler of bad input catches a bug") {
        static_assert(!std::is_base_of_v<InputError, InternalError>);
        static_assert(!std::is_base_of_v<InternalError, InputError>);
        static_assert(!std::is_base_of_v<std::runtime_error, InternalError>);
    }

    TEST_CASE("a failed NNDF_CHECK: one line, says it is a bug, then the check and its line") {
        const int line = __LINE__ + 1;
        const InternalError e = internal_error_of([] { NNDF_CHECK(1 + 1 == 3, "sums " << 2); });
        const std::string where = "tests/cpp/test_error_kinds.cpp:" + std::to_string(line);
        CHECK(std::string(e.what()) == std::string("internal error: sums 2. ") + kBug +
                                           " (details: 1 + 1 == 3 at " + where + ")");
        CHECK(e.problem() == "sums 2");
        CHECK(e.details() == "1 + 1 == 3 at " + where);
        // For a page: no source path in the message.
        CHECK(e.summary() == std::string("internal error: sums 2. ") + kBug + ".");
    }

    TEST_CASE("NNDF_FAIL: the same report, with the line only") {
        const int line = __LINE__ + 1;
        const InternalError e = internal_error_of([] { NNDF_FAIL("no layer 'x'"); });
        CHECK(e.details() == "tests/cpp/test_error_kinds.cpp:" + std::to_string(line));
        CHECK(std::string(e.what()) == std::string("internal error: no layer 'x'. ") + kBug +
                                           " (details: " + e.details() + ")");
    }

    TEST_CASE("a message with line breaks still reports on one line") {
        const InternalError e = internal_error_of([] { NNDF_CHECK(false, "a\nb\r\nc"); });
        CHECK(std::string(e.what()).find_first_of("\r\n") == std::string::npos);
        CHECK(e.problem() == "a b  c");
    }

    TEST_CASE("an engine value built inconsistently is a bug, not bad input") {
        // Slices of a layout that do not begin at channel 0: the search
        // builds layouts itself, so no person's field is at fault.
        const NodeRegion region = NodeRegion::make({1, 1}, {0, 0}, NodeRegion::DRAM);
        const PhyDim2 one(1, 1);
        const PartitionScheme part = PartitionScheme::make({0, 1, 2, 3}, {one, one, one, one});
        const FmapRange slice({0, 1, 0, 0}, {1, 4, 8, 8});
        CHECK_THROWS_AS(DataLayout::make({slice}, {region}, {part}), InternalError);
        const InternalError e =
            internal_error_of([&] { DataLayout::make({slice}, {region}, {part}); });
        const std::string what = e.what();
        CHECK(starts_with(what, "internal error: DataLayout: frngs must begin at 0. " +
                                    std::string(kBug) + " (details: "));
        CHECK(what.find("This is a bug") != std::string::npos);
        CHECK(what.find(" at core/model/data_layout.cpp:") != std::string::npos);
        CHECK(e.summary().find("core/") == std::string::npos);
    }

    TEST_CASE("a person's bad value is still an input error naming the field") {
        CHECK_THROWS_WITH_AS(Layer::conv(3, 0, {8, 8}, {3, 3}),
                             doctest::Contains("nofm: must be a positive integer"), InputError);
    }
}
