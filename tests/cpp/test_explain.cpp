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
}
