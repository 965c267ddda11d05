// The run schema and everything derived from it: defaults, run documents of
// both versions, the rules (the reference's Option checks, by run field), the
// CLI's flags and help, and the docs table.
#include <doctest/doctest.h>

#include <cmath>
#include <set>

#include "cli/search_args.h"
#include "core/api/run_document.h"
#include "core/api/run_field_value.h"
#include "core/api/run_rules.h"
#include "core/api/run_schema.h"
#include "core/api/run_schema_export.h"
#include "support.h"

using namespace nndf;

namespace {

/// A small valid run: the required fields, in document form.
OJson base_doc() {
    return OJson{{"network", "alex_net"}, {"batch", 16}, {"nodes", {1, 1}},
                 {"array", {16, 16}},     {"regf", 512}, {"gbuf", 131072}};
}

RunConfig with(std::initializer_list<std::pair<const char*, OJson>> changes) {
    OJson doc = base_doc();
    for (const auto& [k, v] : changes) doc[k] = v;
    return read_run_document(doc);
}

/// The first problem's path and message, or "" if it can run.
std::string first_problem(const RunConfig& c) {
    const auto p = run_config_problems(c);
    return p.empty() ? "" : p.front().path() + ": " + p.front().message();
}

OJson with_key(OJson doc, const char* key, OJson value) {
    doc[key] = std::move(value);
    return doc;
}

template <class F>
std::string error_of(F f) {
    try {
        f();
    } catch (const InputError& e) {
        return e.what();
    }
    return "<no InputError>";
}

}  // namespace

TEST_SUITE("run schema") {
    TEST_CASE("every field is well formed: a unique name, its slot matches its kind") {
        std::set<std::string> names, flags;
        for (const auto& f : run_fields()) {
            CAPTURE(f.name);
            CHECK(names.insert(f.name).second);
            CHECK(flags.insert(f.flag()).second);
            for (const auto& a : f.aliases) CHECK(flags.insert(a).second);
            CHECK(!f.label.empty());
            CHECK(!f.help.empty());
            // The kind decides the member's type; a mismatch would throw here.
            RunConfig c = run_config_defaults();
            if (!f.required()) {
                CHECK_NOTHROW(read_field_value(f, f.default_value, f.name, c));
                CHECK(field_value_json(f, c) == f.default_value);
            }
            switch (f.kind) {
                case FieldKind::Integer:
                case FieldKind::Number:
                case FieldKind::Pair:
                case FieldKind::Numbers:
                    CHECK(f.min <= f.max);
                    break;
                case FieldKind::Choice:
                case FieldKind::Letters:
                    CHECK(!f.choices.empty());
                    break;
                default:
                    break;
            }
        }
        CHECK(find_run_field("enable_gbuf_sharing")->flag() == "--enable-gbuf-sharing");
        CHECK(find_run_field("network")->flag() == "NET");
    }

    TEST_CASE("defaults are the reference's command-line defaults") {
        const RunConfig c = run_config_defaults();
        CHECK(c.word == 16);
        CHECK(c.bus_width == 0);
        CHECK(std::isinf(c.dram_bw));
        CHECK(c.mem_type == "2D");
        CHECK(c.op_cost == 1);
        CHECK(c.hier_cost == std::array<double, 4>{200, 6, 2, 1});
        CHECK(c.hop_cost == 10);
        CHECK(c.unit_idle_cost == 0);
        CHECK(c.disable_bypass.empty());
        CHECK(std::isinf(c.layer_pipeline_time_overhead));
        CHECK(std::isinf(c.layer_pipeline_max_degree));
        CHECK(c.goal == "e");
        CHECK(c.top == 1);
        CHECK(c.given.empty());
        // The required fields are reported, in schema order.
        const auto problems = run_config_problems(c);
        std::vector<std::string> paths;
        for (const auto& p : problems) paths.push_back(p.path());
        CHECK(paths ==
              std::vector<std::string>{"network", "batch", "nodes", "array", "regf", "gbuf"});
        for (const auto& p : problems) CHECK(p.message() == "is required");
    }

    TEST_CASE("paths name fields, and fields have flags") {
        CHECK(run_field_of_path("hier_cost[2]")->name == "hier_cost");
        CHECK(run_field_of_path("network.layers[0] \"c1\".nifm")->name == "network");
        CHECK(run_field_of_path("frob") == nullptr);
        CHECK(flag_of_path("hier_cost[2]") == "--hier-cost");
        CHECK(flag_of_path("layer_pipeline_max_degree") == "--layer-pipeline-max-degree");
        CHECK(flag_of_path("network.layers[0]") == "NET");
        CHECK(flag_of_path("elsewhere") == "elsewhere");
    }
}

TEST_SUITE("run rules") {
    TEST_CASE("ranges name the element and say the range") {
        CHECK(first_problem(with({{"batch", 0}})) ==
              "batch: must be a whole number from 1 to 65536, got 0");
        CHECK(first_problem(with({{"nodes", {1, 65}}})) ==
              "nodes[1]: must be a whole number from 1 to 64, got 65");
        CHECK(first_problem(with({{"hier_cost", {200, 6, -2, 1}}})) ==
              "hier_cost[2]: must be a number from 0 to 1e+15, got -2");
        CHECK(first_problem(with({{"dram_bw", 0}})) ==
              "dram_bw: must be a number from 1e-06 to 1000000000 bytes/cycle, or inf, got 0");
        CHECK(first_problem(with({{"dram_bw", "inf"}})).empty());
        CHECK(first_problem(with({{"top", 65}})) ==
              "top: must be a whole number from 1 to 64, got 65");
    }

    // The reference's Option checks (test_option.py), each blamed on the
    // field a person would turn off.
    TEST_CASE("the solver excludes buffer sharing") {
        CHECK(first_problem(with({{"solve_loopblocking", true}, {"enable_gbuf_sharing", true}})) ==
              "enable_gbuf_sharing: cannot be combined with {solve_loopblocking}: turn one of "
              "them off");
    }
    TEST_CASE("buffer sharing implies access forwarding") {
        CHECK(first_problem(
                  with({{"enable_access_forwarding", true}, {"enable_gbuf_sharing", true}})) ==
              "enable_gbuf_sharing: already implies {enable_access_forwarding}: turn that off");
    }
    TEST_CASE("the solver excludes save writeback") {
        CHECK(first_problem(with({{"solve_loopblocking", true}, {"enable_save_writeback", true}}))
                  .rfind("enable_save_writeback: cannot be combined with", 0) == 0);
    }
    TEST_CASE("input-channel partitioning needs hybrid partitioning") {
        CHECK(first_problem(with({{"ifmaps_partition", true}})) ==
              "ifmaps_partition: needs {hybrid_partition}: turn that on");
        CHECK(
            first_problem(with({{"ifmaps_partition", true}, {"hybrid_partition", true}})).empty());
    }
    TEST_CASE("buffers must hold one word") {
        CHECK(first_problem(with({{"regf", 1}})) ==
              "regf: must hold at least one word of {word} bits");
        CHECK(first_problem(with({{"regf", 1}, {"word", 8}})).empty());
        CHECK(first_problem(with({{"gbuf", 4}, {"word", 64}})).rfind("gbuf: must hold", 0) == 0);
    }
    TEST_CASE("every problem at once, and a rule waits for its fields to be valid") {
        const auto problems = run_config_problems(
            with({{"batch", 0}, {"solve_loopblocking", true}, {"enable_gbuf_sharing", true}}));
        REQUIRE(problems.size() == 2);
        CHECK(problems[0].path() == "batch");
        CHECK(problems[1].path() == "enable_gbuf_sharing");
        // An out-of-range word makes no claim about the buffers.
        const auto word = run_config_problems(with({{"word", 0}, {"regf", 1}}));
        REQUIRE(word.size() == 1);
        CHECK(word[0].path() == "word");
    }
    TEST_CASE("references to fields are written in each front end's words") {
        const std::string m = "cannot be combined with {solve_loopblocking}";
        CHECK(render_field_refs(m, FieldRefStyle::Flag) ==
              "cannot be combined with --solve-loopblocking");
        CHECK(render_field_refs(m, FieldRefStyle::Label) ==
              "cannot be combined with Loop-blocking solver");
        CHECK(render_field_refs(m, FieldRefStyle::Name) ==
              "cannot be combined with solve_loopblocking");
        CHECK(render_field_refs("{not_a_field} {x}y{", FieldRefStyle::Flag) ==
              "{not_a_field} {x}y{");
        CHECK(field_refs("a {word} b {regf}") == std::vector<std::string>{"word", "regf"});
    }
}

TEST_SUITE("run documents") {
    TEST_CASE("version 2: one key per field, checked by kind, unknown keys refused") {
        OJson doc = base_doc();
        doc["format"] = kRunDocumentFormat;
        doc["goal"] = "ED";
        doc["disable_bypass"] = "oi";
        doc["mem_type"] = "3d";
        doc["dram_bw"] = 16;
        const RunConfig c = read_checked_run_document(doc);
        CHECK(c.goal == "ed");
        CHECK(c.disable_bypass == "io");
        CHECK(c.mem_type == "3D");
        CHECK(c.dram_bw == 16);
        CHECK(c.was_given("batch"));
        CHECK_FALSE(c.was_given("op_cost"));
        CHECK(error_of([&] { read_run_document(with_key(doc, "cost", 3)); }) ==
              "cost: unknown field");
        CHECK(error_of([&] { read_run_document(with_key(doc, "verbose", true)); }) ==
              "verbose: unknown field");
        CHECK(error_of([&] { read_run_document(with_key(doc, "nodes", {1})); }) ==
              "nodes: must be a pair [rows, columns], got a list of 1");
        CHECK(error_of([&] { read_run_document(with_key(doc, "batch", "16")); }) ==
              "batch: must be a whole number, got \"16\"");
        CHECK(error_of([&] {
                  read_run_document(with_key(doc, "disable_bypass", {"i", "x"}));
              }) == "disable_bypass[1]: must be i, o or f, got \"x\"");
        CHECK(error_of([&] {
                  read_run_document(with_key(doc, "format", "nndf-run/3"));
              }).rfind("format: must be \"nndf-run/2\"", 0) == 0);
        CHECK(error_of([&] {
                  read_run_document(with_key(doc, "network", "vgg99"));
              }).rfind("network: unknown network 'vgg99' (built-in: alex_net, ", 0) == 0);
    }

    TEST_CASE("written and read back: the same config") {
        RunConfig c = with({{"hier_cost", {80e-12, 14e-12, 4e-12, 0.6e-12}},
                            {"hybrid_partition", true},
                            {"layer_pipeline_max_degree", 3}});
        const RunConfig back = read_run_document(write_run_document(c));
        for (const auto& f : run_fields()) {
            if (f.scope == FieldScope::Run)
                CHECK(field_value_json(f, back) == field_value_json(f, c));
        }
        // Only what was given, so that defaults stay defaults.
        const OJson given = write_run_document(c, true);
        CHECK(given.size() == 10);  // format, the six required fields and three more
        CHECK_FALSE(given.contains("op_cost"));
        CHECK(read_run_document(given).given == c.given);
    }

    // Frozen documents in the page's format before the schema (version 1).
    TEST_CASE("version 1 documents are migrated, and errors name their own paths") {
        const OJson v1 = parse_json_text(R"({
            "network": "alex_net", "batch": 16, "word": 16, "nodes": [1, 1], "array": [16, 16],
            "regf": 512, "gbuf": 131072, "bus_width": 0, "dram_bw": "inf", "mem_type": "2D",
            "cost": {"op": 1, "hier": [200, 6, 2, 1], "hop": 0, "unit_idle": 0},
            "options": {"disable_bypass": ["i", "o", "f"], "solve_loopblocking": false,
                        "enable_access_forwarding": false, "enable_gbuf_sharing": false,
                        "enable_save_writeback": false, "disable_interlayer_opt": false,
                        "hybrid_partition": false, "batch_partition": false,
                        "ifmaps_partition": false, "interlayer_partition": false,
                        "layer_pipeline_time_overhead": "inf", "layer_pipeline_max_degree": "inf",
                        "goal": "e", "top": 1}})",
                                         "v1");
        const RunConfig c = read_checked_run_document(v1);
        CHECK(c.hop_cost == 0);
        CHECK(c.disable_bypass == "iof");
        CHECK(c.was_given("hop_cost"));
        const CurrentRunDocument up = upgrade_run_document(v1);
        CHECK(up.doc["format"] == kRunDocumentFormat);
        CHECK(up.doc["hier_cost"] == OJson::array({200, 6, 2, 1}));
        CHECK(up.original_path("hier_cost[2]") == "cost.hier[2]");
        CHECK(up.original_path("goal") == "options.goal");
        CHECK(up.original_path("batch") == "batch");

        OJson bad = v1;
        bad["cost"]["hier"][2] = -2;
        CHECK(error_of([&] { read_checked_run_document(bad); }) ==
              "cost.hier[2]: must be a number from 0 to 1e+15, got -2");
        bad = v1;
        bad["options"]["fast"] = true;
        CHECK(error_of([&] { read_run_document(bad); }) == "options.fast: unknown field");
        bad = v1;
        bad["cost"]["mac"] = 1;
        CHECK(error_of([&] { read_run_document(bad); }) == "cost.mac: unknown field");
        bad = v1;
        bad["options"]["solve_loopblocking"] = true;
        bad["options"]["enable_gbuf_sharing"] = true;
        CHECK(error_of([&] {
                  read_checked_run_document(bad);
              }).rfind("options.enable_gbuf_sharing: cannot be combined", 0) == 0);
        // Version 1 wrote unlimited as null too.
        bad = v1;
        bad["dram_bw"] = nullptr;
        CHECK(std::isinf(read_run_document(bad).dram_bw));
    }
}

TEST_SUITE("command line") {
    TEST_CASE("flags set fields; a repeated flag takes the last value, as argparse") {
        const RunConfig c = cli::search_config({"alex_net",  "--batch", "16",
                                                "--nodes",   "2",       "2",
                                                "--array",   "16",      "16",
                                                "--regf",    "512",     "--gbuf",
                                                "131072",    "--batch", "4",
                                                "-g",        "ED",      "--disable-bypass",
                                                "o",         "i",       "--hybrid-partition2d",
                                                "--dram-bw", "inf"});
        CHECK(c.batch == 4);
        CHECK(c.goal == "ed");
        CHECK(c.disable_bypass == "io");
        CHECK(c.hybrid_partition);
        CHECK(std::isinf(c.dram_bw));
        CHECK(c.was_given("batch"));
        CHECK_FALSE(c.was_given("hop_cost"));
    }

    TEST_CASE("--help lists every field's flag, aliases, default and range") {
        const std::string help = cli::search_parser().help();
        for (const auto& f : run_fields()) {
            CAPTURE(f.name);
            if (f.kind == FieldKind::Network) continue;
            CHECK(help.find(f.flag()) != std::string::npos);
            for (const auto& a : f.aliases) CHECK(help.find(a) != std::string::npos);
            CHECK(help.find(f.help) != std::string::npos);
        }
        CHECK(help.find("default 200 6 2 1") != std::string::npos);
        CHECK(help.find("each 1 to 64; required") != std::string::npos);
    }

    TEST_CASE("a field added to the schema appears in --help and the docs table") {
        // The generators read the table; a row added to it shows in both.
        const auto& rows = run_fields();
        const std::string md = run_schema_markdown();
        size_t lines = 0;
        for (char ch : md) lines += ch == '\n';
        CHECK(lines == rows.size() + 2);
        for (const auto& f : rows) CHECK(md.find("`" + f.name + "`") != std::string::npos);
        const OJson js = run_schema_json();
        CHECK(js["fields"].size() == rows.size());
    }
}

TEST_SUITE("docs") {
    TEST_CASE("docs/run-config.md holds the current table (npm run docs:schema rewrites it)") {
        const std::string doc = test::read_text(test::source_path("docs/run-config.md"));
        const std::string begin = "<!-- run-schema:begin -->\n", end = "<!-- run-schema:end -->";
        const size_t a = doc.find(begin), b = doc.find(end);
        REQUIRE(a != std::string::npos);
        REQUIRE(b != std::string::npos);
        CHECK(doc.substr(a + begin.size(), b - a - begin.size()) == run_schema_markdown());
    }
}
