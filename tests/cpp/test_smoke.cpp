#include <doctest/doctest.h>

#include "core/formats/builtin_networks.h"

TEST_CASE("builtin networks load") {
    // The reference's 13 networks and issue 12's 6 (nns/).
    CHECK(nndf::builtin_networks().size() == 19);
    for (const auto& n : nndf::builtin_networks()) {
        CAPTURE(n.name);
        CHECK(nndf::load_builtin_network(n.name).size() > 0);
    }
}
