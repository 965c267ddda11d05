// The sweep (core/api/sweep.h, sweep_range.h, sweep_line.h, sweep_csv.h; docs/sweep.md):
// the points of a product and a zip in their fixed order, ranges rounded to
// the field's kind, a networks axis, one clear message per bad input, and a
// point's line whose totals are the result's own figures.
#include <doctest/doctest.h>

#include <cmath>
#include <set>

#include "core/api/run_document.h"
#include "core/api/search.h"
#include "core/api/size_text.h"
#include "core/api/sweep.h"
#include "core/api/sweep_csv.h"
#include "core/api/sweep_line.h"
#include "core/util/error.h"
#include "tests/cpp/support.h"

namespace nndf {
namespace {

OJson base() {
    return OJson{{"network", "mlp_s"},        {"batch", 4},  {"nodes", {1, 1}},
                 {"array", {8, 8}},           {"regf", 512}, {"gbuf", 65536},
                 {"solve_loopblocking", true}};
}

OJson sweep_of(OJson axes, const char* combine = "product") {
    return OJson{{"version", 1}, {"base", base()}, {"axes", std::move(axes)}, {"combine", combine}};
}

/// The error of reading a sweep, as the CLI prints it (path: message).
std::string error_of(const OJson& doc) {
    try {
        Sweep::read(doc);
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

std::vector<OJson> values_of(const OJson& axis) {
    const Sweep s = Sweep::read(sweep_of(OJson::array({axis})));
    return s.axes().at(0).values;
}

}  // namespace

TEST_CASE("sweep: a product runs the last axis fastest, and sets each point's fields") {
    const Sweep s = Sweep::read(sweep_of({{{"path", "gbuf"}, {"values", {32768, 65536, 131072}}},
                                          {{"path", "batch"}, {"values", {1, 2}}}}));
    REQUIRE(s.size() == 6);
    std::set<std::pair<i64, i64>> seen;
    for (size_t i = 0; i < s.size(); ++i) {
        const SweepPoint p = s.point(i);
        CHECK(p.index == i);
        // The index is the mixed-radix number of the picks: gbuf's pick * 2 + batch's.
        const i64 gbuf = s.axes()[0].values[i / 2].get<i64>();
        const i64 batch = s.axes()[1].values[i % 2].get<i64>();
        CHECK(p.config.gbuf == gbuf);
        CHECK(p.config.batch == batch);
        CHECK(p.values["gbuf"] == gbuf);
        CHECK(p.values["batch"] == batch);
        CHECK(p.config.regf == 512);  // from the base
        seen.insert({gbuf, batch});
        // The point's run document reads back as the point's config.
        const OJson run = sweep_point_json(s, p)["run"];
        CHECK(read_checked_run_document(run).gbuf == gbuf);
    }
    CHECK(seen.size() == 6);
}

TEST_CASE("sweep: a zip takes the i-th value of every axis") {
    const Sweep s = Sweep::read(sweep_of({{{"path", "gbuf"}, {"values", {32768, 65536}}},
                                          {{"path", "regf"}, {"values", {256, 1024}}}},
                                         "zip"));
    REQUIRE(s.size() == 2);
    CHECK(s.point(0).config.gbuf == 32768);
    CHECK(s.point(0).config.regf == 256);
    CHECK(s.point(1).config.gbuf == 65536);
    CHECK(s.point(1).config.regf == 1024);
}

TEST_CASE("sweep: ranges are rounded to the field's kind") {
    SUBCASE("by times: every value is the one before times the factor, up to `to`") {
        const auto v = values_of(
            {{"path", "gbuf"}, {"range", {{"from", 8192}, {"to", 1048576}, {"times", 2}}}});
        REQUIRE(v.size() == 8);
        CHECK(v.front() == 8192);
        CHECK(v.back() == 1048576);
        for (size_t i = 1; i < v.size(); ++i) CHECK(v[i].get<i64>() == 2 * v[i - 1].get<i64>());
    }
    SUBCASE("linear on an integer field: whole numbers, both ends as given") {
        const auto v =
            values_of({{"path", "batch"}, {"range", {{"from", 1}, {"to", 10}, {"steps", 4}}}});
        REQUIRE(v.size() == 4);
        CHECK(v[0] == 1);
        CHECK(v[1] == 4);
        CHECK(v[2] == 7);
        CHECK(v[3] == 10);
        for (const auto& x : v) CHECK(x.is_number_integer());
    }
    SUBCASE("geometric on an integer field: rounded, repeats dropped") {
        const auto v =
            values_of({{"path", "batch"},
                       {"range", {{"from", 1}, {"to", 4}, {"steps", 7}, {"scale", "geometric"}}}});
        // 1, 1.26, 1.59, 2, 2.52, 3.17, 4 round to 1 1 2 2 3 3 4.
        REQUIRE(v.size() == 4);
        for (size_t i = 1; i < v.size(); ++i) CHECK(v[i].get<i64>() > v[i - 1].get<i64>());
        CHECK(v.back() == 4);
    }
    SUBCASE("linear on a number field: 12 significant digits") {
        const auto v = values_of(
            {{"path", "hop_cost"}, {"range", {{"from", 0.1}, {"to", 0.5}, {"steps", 5}}}});
        REQUIRE(v.size() == 5);
        CHECK(v[2].get<double>() == 0.3);
        for (size_t i = 0; i < v.size(); ++i)
            CHECK(std::fabs(v[i].get<double>() - (0.1 + 0.1 * static_cast<double>(i))) < 1e-12);
    }
}

TEST_CASE("sweep: networks as an axis, built-in names and documents") {
    const OJson doc = OJson::parse(test::read_text(test::source_path("nns/mlp_s.json")));
    OJson named = doc;
    named["name"] = "my_mlp";
    const Sweep s = Sweep::read(sweep_of({{{"path", "network"}, {"values", {"mlp_m", named}}}}));
    REQUIRE(s.size() == 2);
    CHECK(s.point(0).config.network.name == "mlp_m");
    CHECK(s.point(0).values["network"] == "mlp_m");
    CHECK(s.point(1).config.network.doc.has_value());
    CHECK(s.point(1).values["network"] == "my_mlp");  // a document shows by its name
    // The document is the network the point runs: mlp_s's layers.
    RunConfig mlp_s = run_config_defaults();
    mlp_s.network.name = "mlp_s";
    CHECK(s.point(1).config.load_network().size() == mlp_s.load_network().size());
}

TEST_CASE("sweep: each bad input gets one message naming the axis and the field") {
    CHECK(error_of(sweep_of({{{"path", "gbuf"}, {"values", {1024, 0}}}})) ==
          "axes[0].values[1]: gbuf: must be a whole number from 1 to 1099511627776 bytes, got 0");
    CHECK(error_of(sweep_of({{{"path", "batch"}, {"values", {1}}},
                             {{"path", "nodes"}, {"values", {{2, 2}, {2, 100}}}}})) ==
          "axes[1].values[1][1]: nodes: must be a whole number from 1 to 64, got 100");
    // gbuf is a size: a text is read with its unit (core/api/size_text.h).
    CHECK(error_of(sweep_of({{{"path", "gbuf"}, {"values", {"big"}}}})) ==
          "axes[0].values[0]: gbuf: must be " + std::string(nndf::kSizeUnitsHelp) +
              ", got \"big\"");
    CHECK(error_of(sweep_of({{{"path", "batch"}, {"values", {"big"}}}})) ==
          "axes[0].values[0]: batch: must be a whole number, got \"big\"");
    CHECK(error_of(sweep_of({{{"path", "gbuff"}, {"values", {1}}}}))
              .rfind("axes[0].path: unknown run field \"gbuff\"", 0) == 0);
    CHECK(error_of(sweep_of({{{"path", "processes"}, {"values", {1}}}}))
              .rfind("axes[0].path: unknown run field", 0) == 0);
    CHECK(error_of(sweep_of({{{"path", "network"}, {"values", {"no_such_net"}}}}))
              .rfind("axes[0].values[0]: network: unknown network 'no_such_net'", 0) == 0);
    CHECK(error_of(sweep_of({{{"path", "gbuf"}, {"values", OJson::array()}}})) ==
          "axes[0].values: is empty: an axis needs a value");
    CHECK(error_of(
              sweep_of({{{"path", "gbuf"}, {"range", {{"from", 8}, {"to", 4}, {"times", 2}}}}})) ==
          "axes[0].range: the range is empty: from 8 is above to 4");
    CHECK(error_of(
              sweep_of({{{"path", "gbuf"}, {"range", {{"from", 8}, {"to", 4}, {"steps", 0}}}}})) ==
          "axes[0].range.steps: the range is empty: steps must be at least 1, got 0");
    CHECK(error_of(
              sweep_of({{{"path", "nodes"}, {"range", {{"from", 1}, {"to", 4}, {"steps", 4}}}}})) ==
          "axes[0].range: nodes: a range needs a numeric field, and nodes is a pair field: list "
          "its values instead");
    CHECK(error_of(
              sweep_of({{{"path", "mem_type"}, {"range", {{"from", 1}, {"to", 4}, {"steps", 4}}}}}))
              .rfind("axes[0].range: mem_type: a range needs a numeric field", 0) == 0);
    CHECK(error_of(
              sweep_of({{{"path", "gbuf"}, {"range", {{"from", 0}, {"to", 4}, {"steps", 2}}}}})) ==
          "axes[0].range: gbuf: must be a whole number from 1 to 1099511627776 bytes, got 0 (value "
          "1 of the range)");
    CHECK(
        error_of(
            sweep_of({{{"path", "gbuf"}, {"values", {1, 2}}}, {{"path", "regf"}, {"values", {1}}}},
                     "zip")) ==
        "axes: a zip needs axes of one length: axes[0] (gbuf) has 2 values, axes[1] (regf) has 1");
    CHECK(error_of(sweep_of(
              {{{"path", "gbuf"}, {"values", {1}}}, {{"path", "gbuf"}, {"values", {2}}}})) ==
          "axes[1].path: \"gbuf\" is already an axis");
    CHECK(error_of(sweep_of({{{"path", "gbuf"}, {"values", {1}}}}, "cross")) ==
          "combine: must be \"product\" or \"zip\", got \"cross\"");
    OJson no_base_gbuf = sweep_of({{{"path", "regf"}, {"values", {64}}}});
    no_base_gbuf["base"].erase("gbuf");
    CHECK(error_of(no_base_gbuf) == "base.gbuf: is required: give it in the base or as an axis");
    OJson bad_base = sweep_of({{{"path", "regf"}, {"values", {64}}}});
    bad_base["base"]["batch"] = 0;
    CHECK(error_of(bad_base) == "base.batch: must be a whole number from 1 to 65536, got 0");
    OJson v2 = sweep_of({{{"path", "regf"}, {"values", {64}}}});
    v2["version"] = 2;
    CHECK(error_of(v2) == "version: must be 1, got 2");
}

TEST_CASE("sweep: the fingerprint tells sweeps apart and ignores how a value was written") {
    const Sweep a = Sweep::read(sweep_of({{{"path", "gbuf"}, {"values", {8192, 16384}}}}));
    const Sweep same = Sweep::read(
        sweep_of({{{"path", "gbuf"}, {"range", {{"from", 8192}, {"to", 16384}, {"times", 2}}}}}));
    const Sweep other = Sweep::read(sweep_of({{{"path", "gbuf"}, {"values", {8192, 32768}}}}));
    CHECK(a.fingerprint().size() == 16);
    CHECK(a.fingerprint() == same.fingerprint());
    CHECK(a.fingerprint() != other.fingerprint());
}

TEST_CASE("sweep line: the totals are the result's own figures, the parts add up to the cost") {
    const Sweep s = Sweep::read(sweep_of({{{"path", "gbuf"}, {"values", {65536}}}}));
    const SweepPoint p = s.point(0);
    RunConfig c = p.config;
    c.processes = 1;
    const SearchReport report = run_search(c);
    REQUIRE(!report.result_text.empty());
    const OJson result = parse_json_text(report.result_text, "result");
    const OJson line = sweep_line(sweep_point_json(s, p), &result, "");
    CHECK(line["sweep"] == s.fingerprint());
    CHECK(line["index"] == 0);
    CHECK(line["count"] == 1);
    CHECK(line["status"] == "ok");
    CHECK(line["cost"] == result["total_cost"]);
    CHECK(line["time"] == result["total_time"]);
    CHECK(line["ops"] == result["total_ops"]);
    CHECK(line["hops"] == result["total_noc_hops"]);
    const char* levels[] = {"dram", "gbuf", "itcn", "regf"};
    double access_cost = 0;
    for (size_t m = 0; m < 4; ++m) {
        CHECK(line["accesses"][levels[m]] == result["total_accesses"][m]);
        access_cost +=
            line["accesses"][levels[m]].get<double>() * result["cost"]["mem_hier"][m].get<double>();
    }
    CHECK(line["parts"]["alu"] == result["total_op_cost"]);
    const double level_parts =
        line["parts"]["dram"].get<double>() + line["parts"]["gbuf"].get<double>() +
        line["parts"]["array"].get<double>() + line["parts"]["rf"].get<double>();
    CHECK(level_parts == doctest::Approx(result["total_access_cost"].get<double>()));
    double sum = 0;
    for (const auto& part : line["parts"]) sum += part.get<double>();
    CHECK(sum == doctest::Approx(result["total_cost"].get<double>()).epsilon(1e-9));
    CHECK(!line.contains("result"));
    CHECK(sweep_line(sweep_point_json(s, p), &result, "", true)["result"] == result);
    // One line of text, and it reads back as the line.
    const std::string text = sweep_line_text(line);
    CHECK(text.find('\n') == std::string::npos);
    CHECK(parse_json_text(text, "line") == line);
}

TEST_CASE("sweep line: the totals kept while the result is written make the parsed result's line") {
    // Costs given or left to default change the number types the document
    // prints (an int or a float); hop and idle costs change the parts.
    const Sweep s = Sweep::read(sweep_of({{{"path", "gbuf"}, {"values", {65536}}}}));
    const OJson id = sweep_point_json(s, s.point(0));
    for (const char* args :
         {"mlp_s --batch 4 --nodes 1 1 --array 8 8 --regf 512 --gbuf 65536",
          "alex_net --batch 4 --nodes 2 2 --array 8 8 --regf 512 --gbuf 65536 --op-cost 1 "
          "--hier-cost 200 6 2 1 --hop-cost 2.5 --unit-idle-cost 0.5 --hybrid-partition",
          "mlp_m --batch 8 --nodes 4 4 --array 16 16 --regf 512 --gbuf 131072 --mem-type 3D "
          "--hier-cost 100 6.5 2 1 --batch-partition"}) {
        CAPTURE(args);
        RunConfig c = test::run_config_from_args(args);
        c.processes = 1;
        const SearchReport report =
            run_search(c, {}, OnNoDataflow::StatusOnly, sweep_line_result_keys());
        REQUIRE(!report.result_text.empty());
        const OJson result = parse_json_text(report.result_text, "result");
        CHECK(report.kept.size() == sweep_line_result_keys().size());
        for (const auto& [key, value] : report.kept.items())
            CHECK(py_json_dump(value, -1) == py_json_dump(result[key], -1));
        CHECK(sweep_line_text(sweep_line(id, &report.kept, "")) ==
              sweep_line_text(sweep_line(id, &result, "")));
    }
    // Asked for nothing, nothing is kept.
    RunConfig c = s.point(0).config;
    c.processes = 1;
    CHECK(run_search(c).kept.is_null());
}

TEST_CASE("sweep line: no dataflow and errors") {
    const Sweep s = Sweep::read(sweep_of({{{"path", "gbuf"}, {"values", {65536}}}}));
    const OJson point = sweep_point_json(s, s.point(0));
    const OJson none = sweep_line(point, nullptr, "");
    CHECK(none["status"] == "no-dataflow");
    CHECK(!none.contains("cost"));
    const OJson err = sweep_line(point, nullptr, "regf: too small");
    CHECK(err["status"] == "error");
    CHECK(err["message"] == "regf: too small");
    CHECK(err["values"] == point["values"]);
}

}  // namespace nndf

namespace nndf {

TEST_CASE("sweep: a point that breaks a rule carries its problem, and its line is that error") {
    const Sweep s = Sweep::read(sweep_of({{{"path", "regf"}, {"values", {1, 512}}}}));
    const SweepPoint bad = s.point(0);
    CHECK(bad.problem.rfind("regf: must hold at least one word", 0) == 0);
    CHECK(s.point(1).problem.empty());
    const OJson point = sweep_point_json(s, bad);
    CHECK(point["problem"] == bad.problem);
    CHECK(!sweep_point_json(s, s.point(1)).contains("problem"));
    const OJson line = sweep_line(point, nullptr, "");
    CHECK(line["status"] == "error");
    CHECK(line["message"] == bad.problem);
}

}  // namespace nndf

namespace nndf {

TEST_CASE("sweep csv: the header has a column per axis, a row a cell per column") {
    const Sweep s = Sweep::read(sweep_of({{{"path", "nodes"}, {"values", {{1, 1}, {2, 2}}}},
                                          {{"path", "regf"}, {"values", {1, 512}}}}));
    const std::string header = sweep_csv_header({"nodes", "regf"});
    CHECK(header.rfind("sweep,index,count,nodes,regf,status,cost,", 0) == 0);
    const auto cells = [](const std::string& row) {
        size_t n = 1;
        bool quoted = false;
        for (char c : row) {
            if (c == '"') quoted = !quoted;
            if (c == ',' && !quoted) ++n;
        }
        return n;
    };
    const OJson error = sweep_line(sweep_point_json(s, s.point(0)), nullptr, "");
    REQUIRE(error["status"] == "error");
    const std::string row = sweep_csv_row(error);
    CHECK(cells(row) == cells(header));
    // The pair is one quoted cell; the totals of an error are empty.
    CHECK(row.find(",\"[1, 1]\",1,error,,") != std::string::npos);
    CHECK(sweep_line_paths(error) == std::vector<std::string>{"nodes", "regf"});
}

}  // namespace nndf
