// The explanation API on the golden results: the regions, nodes and data
// ranges it answers agree with what the reference recorded (the regions of
// fmaps kept on chip, node counts), cover each layer exactly, and the
// row-stationary mapping fits the array.
#include <doctest/doctest.h>

#include <set>

#include "core/api/explain.h"
#include "core/formats/builtin_networks.h"
#include "core/formats/network_json.h"
#include "core/formats/result_json.h"
#include "support.h"

using namespace nndf;

namespace {

OJson golden(const std::string& name) {
    return parse_json_text(test::read_text(test::source_path("tests/golden/" + name + ".json")),
                           name);
}

/// The golden cases (both lists), by name.
std::vector<std::string> golden_names() {
    std::vector<std::string> names;
    for (const char* list : {"tests/golden/CASES.tsv", "tests/golden/CASES_EXTRA.tsv"}) {
        std::istringstream in(test::read_text(test::source_path(list)));
        for (std::string line; std::getline(in, line);) {
            if (!line.empty()) names.push_back(line.substr(0, line.find('\t')));
        }
    }
    return names;
}

/// The network a golden result was made of: built in, or the case's file.
Network network_of(const std::string& case_name, const OJson& result) {
    const std::string net = result["net"].get<std::string>();
    if (builtin_network_json(net)) return load_builtin_network(net);
    return network_from_json_text(
        test::read_text(test::source_path("tests/golden/nets/" + net + ".json")), case_name);
}

i64 volume(const FmapRange& f) {
    return f.size();
}

}  // namespace

TEST_SUITE("explain") {
    TEST_CASE("every layer of every golden result: its nodes, in its region, as many as counted") {
        size_t on_chip = 0;
        for (const auto& name : golden_names()) {
            CAPTURE(name);
            const OJson doc = golden(name);
            const Network net = network_of(name, doc);
            const ResultSummary result = read_result_summary(doc);
            const auto grid = result.proc_region.iter_node();
            for (const auto& l : result.layers) {
                CAPTURE(l.name);
                const LayerExplanation e = explain_layer(net, result, l.name);
                CHECK(e.region.dim.size() == l.num_nodes);
                const auto in_region = e.region.iter_node();
                std::set<std::pair<i64, i64>> seen;
                for (const auto& n : e.nodes) {
                    CHECK(seen.insert({n.coord.h, n.coord.w}).second);
                    CHECK(std::find(in_region.begin(), in_region.end(), n.coord) !=
                          in_region.end());
                    CHECK(std::find(grid.begin(), grid.end(), n.coord) != grid.end());
                }
                // Where the ofmaps stay on one processing region, the
                // reference recorded that region: it is the layer's.
                const OJson& regions = doc["schedules"][l.name][1][1];
                if (regions.size() == 1 && regions[0][3] == NodeRegion::PROC) {
                    CHECK(node_region_json(e.region) == regions[0]);
                    ++on_chip;
                }
                // The mapping's blocks fit the physical PE set, which fits the array.
                const RowStationaryMapping& m = e.mapping;
                CHECK(m.physical.h <= result.dim_array.h);
                CHECK(m.physical.w <= result.dim_array.w);
                i64 pes = 0;
                for (const auto& b : m.blocks) {
                    CHECK(b.origin.h + b.size.h <= m.physical.h);
                    CHECK(b.origin.w + b.size.w <= m.physical.w);
                    pes += b.size.size();
                }
                CHECK(pes == m.active_pes);
                CHECK(m.utilization > 0.5);
                CHECK(m.utilization <= 1 + 1e-9);
            }
        }
        CHECK(on_chip >= 10);
    }

    TEST_CASE("the nodes' data ranges make up the whole ofmap, once per input-channel part") {
        for (const char* name : {"vgg_b4_ed_2d", "zfnet_b4_2x4_ifmaps_bw", "tetris_t16_alex_b16"}) {
            CAPTURE(name);
            const OJson doc = golden(name);
            const Network net = network_of(name, doc);
            const ResultSummary result = read_result_summary(doc);
            for (const auto& l : result.layers) {
                CAPTURE(l.name);
                const LayerExplanation e = explain_layer(net, result, l.name);
                i64 total = 0;
                for (const auto& n : e.nodes) total += volume(n.ranges.ofrng);
                const i64 inpp = l.part.pdims[pe::INPP].size();
                CHECK(total == e.layer.total_ofmap_size(result.batch) * inpp);
                CHECK(e.nodes.size() == static_cast<size_t>(l.part.size()));
            }
        }
    }

    TEST_CASE("Tangram 8x8: pipelined layers split the grid as the pipeline allocates it") {
        const OJson doc = golden("alex_b16_tangram_8x8");
        const Network net = load_builtin_network("alex_net");
        const ResultSummary result = read_result_summary(doc);
        // fc1 runs on the first 44 nodes of the grid, folded after 8 columns; fc2 on the rest.
        CHECK(node_region_json(explain_layer(net, result, "fc1").region) ==
              parse_json_text("[[4, 11], [0, 0], [1, 1], 0, 8, 8]", "fc1"));
        CHECK(node_region_json(explain_layer(net, result, "fc2").region) ==
              parse_json_text("[[4, 5], [4, 4], [1, 1], 0, 8, -5]", "fc2"));
    }

    TEST_CASE("conv1 of AlexNet on Eyeriss: the row-stationary numbers of JSSC'17") {
        const OJson doc = golden("isca16_alex_b16_exhaustive");
        const LayerExplanation e =
            explain_layer(load_builtin_network("alex_net"), read_result_summary(doc), "conv1_a");
        // An 11x55 logical PE set on 16x16 PEs: cut into 4 pieces of 14 ofmap
        // rows; 16 rows hold one 11-row piece, so none run side by side.
        CHECK(e.mapping.logical == PhyDim2(11, 55));
        CHECK(e.mapping.replication == PhyDim2(1, 1));
        CHECK(e.mapping.side_by_side == 1);
        CHECK(e.mapping.fold == PhyDim2(1, 4));
        CHECK(e.mapping.folded == PhyDim2(11, 14));
        CHECK(e.mapping.physical == PhyDim2(11, 14));
        CHECK(e.mapping.active_pes == 154);
        CHECK(e.nodes.size() == 1);
        CHECK(volume(e.nodes[0].ranges.ofrng) == e.layer.total_ofmap_size(16));
    }

    TEST_CASE("a layer the result does not have, and a damaged result, are input errors") {
        OJson doc = golden("mlp_m_b8_delay");
        const Network net = load_builtin_network("mlp_m");
        const ResultSummary result = read_result_summary(doc);
        CHECK_THROWS_WITH_AS(explain_layer(net, result, "nope"),
                             "layer: the result has no layer 'nope'", InputError);
        doc["schedules"].begin().value()[0]["part"][1][0] = "x";
        CHECK_THROWS_AS(read_result_summary(doc), InputError);
        OJson no_batch = golden("mlp_m_b8_delay");
        no_batch.erase("batch");
        CHECK_THROWS_WITH_AS(read_result_summary(no_batch), "batch: is missing", InputError);
        OJson bad_region = golden("mlp_m_b8_delay");
        bad_region["resource"]["proc_region"][5] = 0;
        CHECK_THROWS_WITH_AS(read_result_summary(bad_region),
                             doctest::Contains("resource.proc_region"), InputError);
    }

    // The engine's own constructors treat these rules as invariants (a broken
    // one is a bug, InternalError); a file that breaks them is damaged, and
    // says where.
    TEST_CASE("a damaged result breaking an engine rule is an input error at its path") {
        const OJson good = golden("mlp_m_b8_delay");
        auto read_error = [](const OJson& doc) -> std::string {
            try {
                read_result_summary(doc);
            } catch (const InputError& e) {
                return e.what();
            }
            return "(read)";
        };
        OJson order = good;
        order["schedules"]["fc2"][0]["part"][0] = OJson::array({0, 1, 1, 2});
        CHECK(read_error(order) ==
              "schedules.fc2[0].part[0]: must be a permutation of 0 to 3, got [0, 1, 1, 2]");
        order["schedules"]["fc2"][0]["part"][0] = OJson::array({1, 2, 3, 4});
        CHECK(read_error(order) ==
              "schedules.fc2[0].part[0]: must be a permutation of 0 to 3, got [1, 2, 3, 4]");
        // Loop orders index by their values (ordered_loops).
        OJson loops = good;
        loops["schedules"]["fc2"][0]["orders"][1] = OJson::array({0, 3, 1});
        CHECK(read_error(loops) ==
              "schedules.fc2[0].orders[1]: must be a permutation of 0 to 2, got [0, 3, 1]");
        loops["schedules"]["fc2"][0]["orders"][1] = OJson::array({2, 2, 0});
        CHECK(read_error(loops) ==
              "schedules.fc2[0].orders[1]: must be a permutation of 0 to 2, got [2, 2, 0]");

        OJson wbeg = good;
        wbeg["resource"]["proc_region"][5] = 3;
        CHECK(read_error(wbeg) ==
              "resource.proc_region[5]: |wbeg| must be in (0, wtot] = (0, 2], got 3");
        wbeg["resource"]["proc_region"][5] = -3;
        CHECK(read_error(wbeg) ==
              "resource.proc_region[5]: |wbeg| must be in (0, wtot] = (0, 2], got -3");
        wbeg["resource"]["proc_region"][5] = -2;
        CHECK(read_error(wbeg) == "(read)");  // a region folded from the right

        OJson type = good;
        type["resource"]["dram_region"][3] = 2;
        CHECK(read_error(type) == "resource.dram_region[3]: must be 0 (processing) or 1 (memory)");

        OJson sizes = good;
        sizes["schedules"]["fc1"][0]["part"][1][0] = OJson::array({2, 0});
        CHECK(read_error(sizes) == "schedules.fc1[0].part[1][0][1]: must be positive, got 0");
        sizes = good;
        sizes["resource"]["dim_array"] = OJson::array({0, 16});
        CHECK(read_error(sizes) == "resource.dim_array[0]: must be positive, got 0");
        sizes = good;
        sizes["resource"]["proc_region"][0] = OJson::array({2, -2});
        CHECK(read_error(sizes) == "resource.proc_region[0][1]: must be positive, got -2");
        sizes = good;
        sizes["batch"] = 0;
        CHECK(read_error(sizes) == "batch: must be positive, got 0");
        sizes = good;
        sizes["schedules"]["fc1"][0]["num_nodes"] = 0;
        CHECK(read_error(sizes) == "schedules.fc1[0].num_nodes: must be positive, got 0");
        sizes = good;
        sizes["schedules"]["fc1"][2][1] = -1;
        CHECK(read_error(sizes) == "schedules.fc1[2][1]: must not be negative, got -1");
    }

    TEST_CASE("a result whose values do not fit together cannot be explained: input errors") {
        const Network mlp = load_builtin_network("mlp_m");
        auto explain_error = [](const Network& net, const OJson& doc, const std::string& layer) {
            const ResultSummary result = read_result_summary(doc);
            try {
                explain_layer(net, result, layer);
            } catch (const InputError& e) {
                return std::string(e.what());
            }
            return std::string("(explained)");
        };
        // As many parts as nodes, but 4x1 parts on 2x2 nodes.
        OJson shape = golden("mlp_m_b8_delay");
        shape["schedules"]["fc1"][0]["part"][1][0] = OJson::array({4, 1});
        CHECK(explain_error(mlp, shape, "fc1") ==
              "schedules.fc1: its partition does not fit its nodes");
        // A segment with a spatial slot no layer runs in.
        OJson gap = golden("mlp_m_b8_delay");
        gap["schedules"]["fc1"][2] = OJson::array({0, 1, 0});
        CHECK(explain_error(mlp, gap, "fc1") ==
              "schedules.fc1: its segment 0 has no layer in spatial slot 0");
        gap["schedules"]["fc1"][2] = OJson::array({0, 1000000000000, 0});
        CHECK(explain_error(mlp, gap, "fc1") ==
              "schedules.fc1[2][1]: spatial slot 1000000000000 is past the 4 layers of the result");
        // Input channels split on a pooling layer.
        OJson lrn = golden("alex_b8_2x2_savewb");
        lrn["schedules"]["pool1_a"][0]["part"][1] =
            OJson::array({OJson::array({1, 1}), OJson::array({1, 1}), OJson::array({1, 1}),
                          OJson::array({2, 2})});
        CHECK(explain_error(load_builtin_network("alex_net"), lrn, "pool1_a") ==
              "schedules.pool1_a: its partition splits the input channels of a local-region layer");
    }
}
