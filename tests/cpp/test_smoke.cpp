#include <doctest/doctest.h>

#include "core/formats/builtin_networks.h"

TEST_CASE("builtin networks load") {
    CHECK(nndf::builtin_networks().size() == 13);
    for (const auto& n : nndf::builtin_networks()) {
        CAPTURE(n.name);
        CHECK(nndf::load_builtin_network(n.name).size() > 0);
    }
}
