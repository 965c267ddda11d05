// The failure diagnosis (core/api/diagnose.h, docs/diagnosis.md): for each
// cause it supports, the change it suggests really gives the failing layer a
// schedule in a whole-network search, and one word less does not.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/api/search.h"
#include "core/layer_search/buffer_need.h"
#include "tests/cpp/support.h"

namespace nndf {
namespace {

// The Eyeriss ISCA'16 setup (the page's default) at a small batch.
const char* const kEyeriss =
    "alex_net --batch 4 --nodes 1 1 --array 16 16 --regf 512 --gbuf 131072 --hop-cost 0 -p 2";
const char* const kNoBypass = "--disable-bypass i o f";

RunConfig with(const std::string& extra) {
    return test::run_config_from_args(std::string(kEyeriss) + " " + extra);
}

/// The layer a whole-network search of `c` finds without a schedule; empty
/// if the run has a dataflow.
std::string failing_layer(const RunConfig& c) {
    const SearchReport r = run_search(c);
    if (!r.result_text.empty()) return "";
    REQUIRE(r.diagnosis.has_value());
    return r.diagnosis->layer;
}

const FieldChange* change_of(const Diagnosis& d, const std::string& field) {
    auto it = std::find_if(d.change.begin(), d.change.end(),
                           [&](const FieldChange& c) { return c.field == field; });
    return it == d.change.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("diagnosis: a global buffer too small names the layer and the smallest buffer") {
    const RunConfig c = with(std::string(kNoBypass) + " --gbuf 16384");
    const SearchReport r = run_search(c);
    REQUIRE(r.result_text.empty());
    REQUIRE(r.diagnosis.has_value());
    const Diagnosis& d = *r.diagnosis;
    CHECK(d.cause == "gbuf");
    CHECK(d.position >= 1);
    CHECK(d.position <= d.layer_count);
    CHECK(d.gbuf_have == 16384);
    CHECK(d.gbuf_need > d.gbuf_have);
    REQUIRE(d.change.size() == 1);
    const FieldChange* g = change_of(d, "gbuf");
    REQUIRE(g != nullptr);
    CHECK(g->from == 16384);
    CHECK(g->to == d.gbuf_need);
    const i64 wb = (c.word + 7) / 8;
    CHECK(g->to.get<i64>() % wb == 0);

    // The exhaustive blocking search: the formula's least need is exact.
    const Network net = c.load_network();
    i64 least = -1;
    for (const auto& m : layer_buffer_needs(net[d.layer], c.batch, c.resource(), c.options()))
        if (m.regf_words <= c.resource().size_regf && (least < 0 || m.gbuf_words < least))
            least = m.gbuf_words;
    CHECK(least * wb == g->to);

    // The change moves the failure off this layer, one word less does not.
    RunConfig fixed = c;
    fixed.gbuf = g->to.get<i64>();
    const std::string after = failing_layer(fixed);
    CHECK(after != d.layer);
    CHECK(d.verified == after.empty());
    if (!d.verified)
        CHECK(std::find(d.sized_for.begin(), d.sized_for.end(), d.still_failing) ==
              d.sized_for.end());
    RunConfig short_by_one = c;
    short_by_one.gbuf = g->to.get<i64>() - wb;
    CHECK(failing_layer(short_by_one) == d.layer);
}

TEST_CASE("diagnosis: a register file too small suggests the smallest register file") {
    const RunConfig c = with(std::string(kNoBypass) + " --regf 16");
    const SearchReport r = run_search(c);
    REQUIRE(r.result_text.empty());
    REQUIRE(r.diagnosis.has_value());
    const Diagnosis& d = *r.diagnosis;
    CHECK(d.cause == "regf");
    CHECK(d.regf_have == 16);
    CHECK(d.regf_need > d.regf_have);
    const FieldChange* rf = change_of(d, "regf");
    REQUIRE(rf != nullptr);
    CHECK(rf->to == d.regf_need);
    const i64 wb = (c.word + 7) / 8;

    RunConfig fixed = c;
    for (const auto& ch : d.change)
        (ch.field == "regf" ? fixed.regf : fixed.gbuf) = ch.to.get<i64>();
    CHECK(failing_layer(fixed) != d.layer);
    RunConfig short_by_one = fixed;
    short_by_one.regf = rf->to.get<i64>() - wb;
    CHECK(failing_layer(short_by_one) == d.layer);
}

TEST_CASE("diagnosis: with the loop-blocking solver the buffer is found by bisection") {
    // Data may bypass the buffer: the solver's blockings, not the least
    // one, decide the size, so it is searched for.
    const RunConfig c = with("--gbuf 64 --solve-loopblocking");
    const SearchReport r = run_search(c);
    REQUIRE(r.result_text.empty());
    REQUIRE(r.diagnosis.has_value());
    const Diagnosis& d = *r.diagnosis;
    CHECK(d.cause == "gbuf");
    const FieldChange* g = change_of(d, "gbuf");
    REQUIRE(g != nullptr);
    const i64 wb = (c.word + 7) / 8;
    RunConfig fixed = c;
    fixed.gbuf = g->to.get<i64>();
    CHECK(failing_layer(fixed) != d.layer);
    RunConfig short_by_one = c;
    short_by_one.gbuf = g->to.get<i64>() - wb;
    CHECK(failing_layer(short_by_one) == d.layer);
}

TEST_CASE("diagnosis: the solver with no bypass has no blocking at any size") {
    const RunConfig c = with(std::string(kNoBypass) + " --solve-loopblocking");
    const SearchReport r = run_search(c);
    REQUIRE(r.result_text.empty());
    REQUIRE(r.diagnosis.has_value());
    const Diagnosis& d = *r.diagnosis;
    CHECK(d.cause == "solver");
    const FieldChange* s = change_of(d, "solve_loopblocking");
    REQUIRE(s != nullptr);
    CHECK(s->from == true);
    CHECK(s->to == false);
    RunConfig fixed = c;
    fixed.solve_loopblocking = false;
    for (const auto& ch : d.change)
        if (ch.field == "gbuf") fixed.gbuf = ch.to.get<i64>();
    CHECK(failing_layer(fixed) != d.layer);
    // A larger buffer alone does not help.
    RunConfig roomy = c;
    roomy.gbuf = 1 << 24;
    CHECK(failing_layer(roomy) == d.layer);
}

TEST_CASE("diagnosis: a change too small for a later layer is sized again for it") {
    // Each PE holds a filter row, an ifmap row and a partial sum: the wider
    // filter of c2 needs more register file than c1, which fails first.
    RunConfig c = with("--regf 4");
    c.network = NetworkChoice{"two_convs", OJson::parse(R"({
        "name": "two_convs", "input": {"nofm": 3, "sofm": 32},
        "layers": [
            {"name": "c1", "type": "conv", "nifm": 3, "nofm": 16, "sofm": 32, "sfil": 3},
            {"name": "c2", "type": "conv", "nifm": 16, "nofm": 16, "sofm": 32, "sfil": 7}]})"),
                              ""};
    const SearchReport r = run_search(c);
    REQUIRE(r.diagnosis.has_value());
    const Diagnosis& d = *r.diagnosis;
    CHECK(d.layer == "c1");
    CHECK(d.cause == "regf");
    CHECK(d.sized_for == std::vector<std::string>{"c1", "c2"});
    CHECK(d.verified);
    const FieldChange* rf = change_of(d, "regf");
    REQUIRE(rf != nullptr);
    // The first layer's own need is smaller than the change, which fits c2.
    CHECK(d.regf_need < rf->to.get<i64>());
    RunConfig c1_only = c;
    c1_only.regf = d.regf_need;
    CHECK(failing_layer(c1_only) == "c2");
    RunConfig fixed = c;
    fixed.regf = rf->to.get<i64>();
    CHECK(failing_layer(fixed).empty());
    RunConfig short_by_one = c;
    short_by_one.regf = rf->to.get<i64>() - (c.word + 7) / 8;
    CHECK(failing_layer(short_by_one) == "c2");
}

TEST_CASE("diagnosis: stops when the caller cancels") {
    const RunConfig c = with(std::string(kNoBypass) + " --gbuf 16384");
    const Network net = c.load_network();
    SearchContext ctx;
    ctx.should_cancel = [] { return true; };
    CHECK_THROWS_AS(diagnose_no_dataflow(c, net, "conv1_a", ctx), SearchCancelled);
}

TEST_CASE("diagnosis: none when the run has a dataflow; lines name the flag") {
    const SearchReport ok = run_search(with(std::string(kNoBypass) + " --batch 1"));
    CHECK_FALSE(ok.result_text.empty());
    CHECK_FALSE(ok.diagnosis.has_value());

    const SearchReport r = run_search(with(std::string(kNoBypass) + " --gbuf 16384"));
    REQUIRE(r.diagnosis.has_value());
    const auto lines = diagnosis_lines(*r.diagnosis);
    REQUIRE(lines.size() >= 3);
    CHECK(lines[0].find("'" + r.diagnosis->layer + "'") != std::string::npos);
    CHECK(lines[2].find("--gbuf " + r.diagnosis->change.at(0).to.dump()) != std::string::npos);
    const OJson j = diagnosis_json(*r.diagnosis);
    CHECK(j["layer"] == r.diagnosis->layer);
    CHECK(j["change"][0]["flag"] == "--gbuf");
    CHECK(j["change"][0]["to"] == r.diagnosis->change.at(0).to);
}

TEST_CASE("diagnosis: a search asked for the status only reports no dataflow without one") {
    // A sweep records only the point's status: the diagnosis's second search
    // is skipped, and nothing else of the report changes.
    const RunConfig c = with(std::string(kNoBypass) + " --gbuf 16384");
    const SearchReport r = run_search(c, {}, OnNoDataflow::StatusOnly);
    CHECK(r.result_text.empty());
    CHECK_FALSE(r.diagnosis.has_value());
}

}  // namespace nndf
