// Alternatives ("why this schedule") on the golden results: the layer search
// run again under the result's own conditions ranks the result's schedule
// first at the result's cost, keeps the rest in the search's order, and
// lists as differences exactly the fields that differ.
#include <doctest/doctest.h>

#include <cmath>

#include "core/api/alternatives.h"
#include "core/formats/builtin_networks.h"
#include "core/formats/network_json.h"
#include "support.h"

using namespace nndf;

namespace {

OJson golden(const std::string& name) {
    return parse_json_text(test::read_text(test::source_path("tests/golden/" + name + ".json")),
                           name);
}

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

Network network_of(const std::string& case_name, const OJson& result) {
    const std::string net = result["net"].get<std::string>();
    if (builtin_network_json(net)) return load_builtin_network(net);
    return network_from_json_text(
        test::read_text(test::source_path("tests/golden/nets/" + net + ".json")), case_name);
}

/// Whether `later` ranks no better than `earlier` by the search's goal.
bool ranks_after(const SchedulingResult& earlier, const SchedulingResult& later,
                 const std::string& goal) {
    if (goal == "d")
        return later.time > earlier.time ||
               (later.time == earlier.time && later.cost >= earlier.cost);
    if (goal == "ed") return later.cost * later.time >= earlier.cost * earlier.time;
    return later.cost > earlier.cost || (later.cost == earlier.cost && later.time >= earlier.time);
}

/// A level's loops outermost first, from the result's positions (0 = innermost).
OJson loops_outermost_first(const OJson& positions) {
    const char* keys[] = {"ti", "to", "tb"};
    OJson out = OJson::array();
    for (int pos = 2; pos >= 0; --pos)
        for (int l = 0; l < 3; ++l)
            if (positions[l].get<int>() == pos) out.push_back(keys[l]);
    return out;
}

const OJson& field(const std::vector<ScheduleField>& fields, const std::string& name) {
    for (const auto& f : fields)
        if (f.field == name) return f.value;
    FAIL("no field " << name);
    static const OJson none;
    return none;
}

}  // namespace

TEST_SUITE("alternatives") {
    TEST_CASE("every layer of every golden result: the result's schedule first, at its cost") {
        for (const auto& name : golden_names()) {
            CAPTURE(name);
            const OJson doc = golden(name);
            const Network net = network_of(name, doc);
            const std::string goal = doc["options"]["opt_goal"].get<std::string>();
            for (auto it = doc["schedules"].begin(); it != doc["schedules"].end(); ++it) {
                const std::string layer = it.key();
                CAPTURE(layer);
                const OJson& own = (*it)[0];
                const LayerAlternatives a = layer_alternatives(net, doc, layer, 3);
                REQUIRE(!a.alternatives.empty());
                CHECK(a.alternatives.size() <= 3);
                CHECK(a.reproduced());
                // The only note of a reproduced result: fewer schedules than asked.
                CHECK(a.notes.size() == (a.alternatives.size() < 3 ? 1u : 0u));
                CHECK(a.constraints_matching >= 1);
                CHECK(a.result_cost == own["cost"].get<double>());
                const Alternative& best = a.alternatives.front();
                CHECK(best.is_result);
                CHECK(best.schedule->cost ==
                      doctest::Approx(own["cost"].get<double>()).epsilon(1e-9));
                CHECK(best.schedule->time == own["time"].get<double>());
                CHECK(best.differences.empty());
                // The winner's choices are those the result records.
                const char* keys[] = {"ti", "to", "tb"};
                for (const char* k : keys)
                    for (int l = 0; l < 3; ++l)
                        CHECK(field(best.fields, std::string(k) + "[" + std::to_string(l) + "]") ==
                              own[k][l]);
                for (int l = 0; l < 2; ++l)
                    CHECK(field(best.fields, "orders[" + std::to_string(l) + "]") ==
                          loops_outermost_first(own["orders"][l]));
                const char* parts[] = {"OUTP", "OFMP", "BATP", "INPP"};
                OJson order = OJson::array();
                for (const auto& p : own["part"][0]) order.push_back(parts[p.get<int>()]);
                CHECK(field(best.fields, "part.order") == order);
                for (int p = 0; p < 4; ++p)
                    CHECK(field(best.fields, std::string("part.") + parts[p]) == own["part"][1][p]);
                const double ops =
                    static_cast<double>(net[layer].total_ops(doc["batch"].get<i64>()));
                for (size_t k = 0; k < a.alternatives.size(); ++k) {
                    const Alternative& alt = a.alternatives[k];
                    const SchedulingResult& s = *alt.schedule;
                    CHECK(alt.is_result == (k == 0));
                    CHECK(s.cost ==
                          doctest::Approx(s.cost_op + s.cost_access + s.cost_noc + s.cost_static)
                              .epsilon(1e-12));
                    CHECK(s.ops == doctest::Approx(ops).epsilon(1e-4));
                    if (k > 0) CHECK(ranks_after(*a.alternatives[k - 1].schedule, s, goal));
                    // Differences: exactly the fields whose values differ, with both values.
                    REQUIRE(alt.fields.size() == best.fields.size());
                    size_t listed = 0;
                    for (size_t f = 0; f < alt.fields.size(); ++f) {
                        REQUIRE(alt.fields[f].field == best.fields[f].field);
                        const bool differs = alt.fields[f].value != best.fields[f].value;
                        const bool in_list = listed < alt.differences.size() &&
                                             alt.differences[listed].field == alt.fields[f].field;
                        CHECK(differs == in_list);
                        if (in_list) {
                            CHECK(alt.differences[listed].winner == best.fields[f].value);
                            CHECK(alt.differences[listed].alternative == alt.fields[f].value);
                            ++listed;
                        }
                    }
                    CHECK(listed == alt.differences.size());
                }
            }
        }
    }

    TEST_CASE("keeping more schedules keeps the first ones") {
        const OJson doc = golden("isca16_alex_b16_exhaustive");
        const Network net = network_of("isca16_alex_b16_exhaustive", doc);
        const LayerAlternatives two = layer_alternatives(net, doc, "conv3_a", 2);
        const LayerAlternatives six = layer_alternatives(net, doc, "conv3_a", 6);
        REQUIRE(two.alternatives.size() == 2);
        REQUIRE(six.alternatives.size() == 6);
        for (size_t k = 0; k < 2; ++k) {
            CHECK(two.alternatives[k].schedule->cost == six.alternatives[k].schedule->cost);
            CHECK(two.alternatives[k].differences.size() == six.alternatives[k].differences.size());
        }
        // On several threads the answer is the same.
        const LayerAlternatives threaded = layer_alternatives(net, doc, "conv3_a", 6, {}, 2);
        for (size_t k = 0; k < 6; ++k)
            CHECK(threaded.alternatives[k].schedule->cost == six.alternatives[k].schedule->cost);
    }

    TEST_CASE("the JSON answer: deltas against the first, and every difference labelled") {
        const OJson doc = golden("tetris_t16_alex_b16");
        const Network net = network_of("tetris_t16_alex_b16", doc);
        const OJson j = alternatives_json(layer_alternatives(net, doc, "conv2_a", 4));
        CHECK(j["reproduced"] == true);
        CHECK(j["result_rank"] == 1);
        const OJson& alts = j["alternatives"];
        REQUIRE(alts.size() >= 2);
        const double c0 = alts[0]["cost"].get<double>(), t0 = alts[0]["time"].get<double>();
        for (const auto& alt : alts) {
            CHECK(alt["cost_delta"].get<double>() == alt["cost"].get<double>() - c0);
            CHECK(alt["time_delta"].get<double>() == alt["time"].get<double>() - t0);
            for (const auto& d : alt["differences"]) {
                CHECK(d["label"] == j["labels"][d["field"].get<std::string>()]);
                CHECK(d["winner"] == alts[0]["fields"][d["field"].get<std::string>()]);
                CHECK(d["alternative"] == alt["fields"][d["field"].get<std::string>()]);
            }
        }
    }

    TEST_CASE("errors name the request's or the result's field") {
        const OJson doc = golden("isca16_alex_b16_solver");
        const Network net = network_of("isca16_alex_b16_solver", doc);
        auto path_of = [&](const OJson& d, const std::string& layer, i64 n) {
            try {
                layer_alternatives(net, d, layer, n);
            } catch (const InputError& e) {
                return e.path();
            }
            return std::string("(no error)");
        };
        CHECK(path_of(doc, "conv1_a", 1) == "n");
        CHECK(path_of(doc, "conv1_a", 51) == "n");
        CHECK(path_of(doc, "no_such_layer", 2) == "layer");
        OJson damaged = doc;
        damaged["input_layout"][0] = OJson::array();
        CHECK(path_of(damaged, "conv1_a", 2) == "input_layout[0]");
        damaged = doc;
        damaged["schedules"]["pool1_a"][1][0][0][1][1] = 7;  // channels the layer does not read
        CHECK(path_of(damaged, "conv2_a", 2) == "schedules.conv2_a");
        damaged = doc;
        damaged["options"].erase("ntops");
        CHECK(path_of(damaged, "conv1_a", 2) == "options.ntops");
        // A network without the result's layers.
        const Network other = load_builtin_network("mlp_s");
        CHECK_THROWS_AS(layer_alternatives(other, doc, "conv1_a", 2), InputError);
    }
}
