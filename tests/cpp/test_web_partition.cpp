// The page redoes some of the engine's partition arithmetic in JS
// (web/partition.js) to draw a layer on the node grid. The cases it is
// tested with live in tests/data/web_partition_cases.json with the answers
// of this C++: node coordinates and data ranges of partitions, the nodes of
// regions, and the subregions of allocations. This suite checks that the
// answers are still the engine's; NNDF_WRITE_WEB_CASES=1 rewrites them
// after a deliberate change (then check the JS side too: npm run test:js).
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>

#include "core/formats/builtin_networks.h"
#include "core/formats/py_json.h"
#include "core/formats/result_json.h"
#include "core/layer_search/partition.h"
#include "support.h"

using namespace nndf;

namespace {

const char* kCases = "tests/data/web_partition_cases.json";

PhyDim2 dim_of(const OJson& j) {
    return {j.at(0).get<i64>(), j.at(1).get<i64>()};
}
OJson json_of(PhyDim2 d) {
    return OJson::array({d.h, d.w});
}
OJson json_of(const IntRange& r) {
    return OJson::array({r.beg, r.end});
}
OJson json_of(const FmapRange& f) {
    OJson out;
    const char* names[] = {"b", "n", "h", "w"};
    for (int d = 0; d < 4; ++d) out[names[d]] = json_of(f.beg_end(d));
    return out;
}

NodeRegion region_of(const OJson& j) {
    return NodeRegion::make_folded(dim_of(j.at(0)), dim_of(j.at(1)), dim_of(j.at(2)),
                                   static_cast<NodeRegion::Type>(j.at(3).get<int>()),
                                   j.at(4).get<i64>(), j.at(5).get<i64>());
}

PartitionScheme part_of(const OJson& j) {
    std::array<int, pe::NUM> order{};
    std::array<PhyDim2, pe::NUM> pdims{};
    for (int p = 0; p < pe::NUM; ++p) {
        order[static_cast<size_t>(p)] = j.at(0).at(p).get<int>();
        pdims[static_cast<size_t>(p)] = dim_of(j.at(1).at(p));
    }
    return PartitionScheme::make(order, pdims);
}

/// The answers for one partition case: every node in gen_pidx order.
OJson partition_answers(const OJson& c) {
    const Network net = load_builtin_network(c.at("network").get<std::string>());
    const Layer& layer = net[c.at("layer").get<std::string>()];
    const PartitionScheme part = part_of(c.at("part"));
    const NodeRegion region = region_of(c.at("region"));
    OJson nodes = OJson::array();
    for (const auto& pidx : part.gen_pidx()) {
        const ProcDataRange r = proc_data_range(layer, c.at("batch").get<i64>(), part, pidx);
        OJson pj = OJson::array();
        for (const auto& d : pidx) pj.push_back(json_of(d));
        OJson n;
        n["pidx"] = pj;
        n["coord"] = json_of(part.coordinate(region, pidx));
        n["ofm"] = json_of(r.ofrng);
        n["ifm"] = json_of(r.ifrng);
        n["fil"] = layer.is_conv() ? OJson{{"i", json_of(r.fil_i)}, {"o", json_of(r.fil_o)}}
                                   : OJson(nullptr);
        nodes.push_back(n);
    }
    return nodes;
}

OJson region_answers(const OJson& c) {
    OJson nodes = OJson::array();
    for (const auto& n : region_of(c.at("region")).iter_node()) nodes.push_back(json_of(n));
    return nodes;
}

OJson allocation_answers(const OJson& c) {
    OJson out = OJson::array();
    for (const auto& r :
         region_of(c.at("region")).allocate(c.at("requests").get<std::vector<i64>>())) {
        out.push_back(node_region_json(r));
    }
    return out;
}

/// JSON text with arrays and objects up to 200 characters on one line, so that
/// the file reads (and diffs) one node per line.
void write_readable(std::ostream& out, const OJson& j, int depth = 0) {
    const std::string compact = j.dump();
    if (!j.is_structured() || compact.size() + static_cast<size_t>(depth) <= 200) {
        out << compact;
        return;
    }
    const std::string pad(static_cast<size_t>(depth + 1), ' ');
    out << (j.is_array() ? "[\n" : "{\n");
    size_t k = 0;
    for (auto it = j.begin(); it != j.end(); ++it, ++k) {
        out << pad;
        if (j.is_object()) out << OJson(it.key()).dump() << ": ";
        write_readable(out, it.value(), depth + 1);
        out << (k + 1 < j.size() ? ",\n" : "\n");
    }
    out << std::string(static_cast<size_t>(depth), ' ') << (j.is_array() ? "]" : "}");
}

}  // namespace

TEST_SUITE("web_partition") {
    TEST_CASE("the web's partition cases hold the engine's answers") {
        const std::string path = test::source_path(kCases);
        OJson cases = parse_json_text(test::read_text(path), kCases);
        const bool write = std::getenv("NNDF_WRITE_WEB_CASES") != nullptr;
        auto check = [&](const char* list, const char* key, OJson (*answers)(const OJson&)) {
            for (auto& c : cases.at(list)) {
                CAPTURE(c.dump());
                const OJson got = answers(c);
                if (write)
                    c[key] = got;
                else
                    CHECK(c.at(key) == got);
            }
        };
        check("partitions", "nodes", partition_answers);
        check("regions", "nodes", region_answers);
        check("allocations", "regions", allocation_answers);
        if (write) {
            std::ofstream out(path);
            write_readable(out, cases);
            out << '\n';
        }
    }
}
