// Inputs found by fuzzing (issue 13): each must end in one clear InputError
// that names the field, or in a value; never a crash, a library's message,
// an internal error or a silent overflow.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "core/api/run_document.h"
#include "core/api/run_rules.h"
#include "core/api/size_text.h"
#include "core/api/time_bounds.h"
#include "core/formats/json_limits.h"
#include "core/formats/network_json.h"
#include "core/model/layer_bounds.h"
#include "core/util/display_text.h"
#include "core/util/error.h"

using nndf::InputError;
using nndf::OJson;

namespace {

/// A network reading a 3x32x32 input, with the given layer list.
std::string net_text(const std::string& layers) {
    return R"({"input": {"nofm": 3, "sofm": 32}, "layers": [)" + layers + "]}";
}

/// One FC layer named `name` (already JSON-escaped) reading the input.
std::string fc_named(const std::string& name, const std::string& nofm = "4") {
    return net_text(R"({"name": ")" + name + R"(", "type": "fc", "nifm": 3, "nofm": )" + nofm +
                    R"(, "sfil": 32})");
}

/// The InputError a network text gives ("" and a failed check if none).
InputError network_error(const std::string& text) {
    try {
        (void)nndf::network_from_json_text(text, "n.json");
    } catch (const InputError& e) {
        return e;
    }
    FAIL("no InputError for " << text.substr(0, 200));
    return InputError("", "");
}

InputError parse_error(const std::string& text) {
    try {
        (void)nndf::parse_json_text(text, "t.json");
    } catch (const InputError& e) {
        return e;
    }
    FAIL("no InputError for " << text.substr(0, 200));
    return InputError("", "");
}

std::string nested(int depth) {
    return std::string(static_cast<size_t>(depth), '[') +
           std::string(static_cast<size_t>(depth), ']');
}

}  // namespace

TEST_SUITE("robustness") {
    TEST_CASE("deep nesting is refused before parsing, at its position") {
        for (const std::string& text :
             {nested(100000), R"({"network": "alex_net", "x": )" + nested(100000) + "}",
              std::string(100000, '[')}) {
            const InputError e = parse_error(text);
            CHECK(e.message().find("nested deeper than 64 levels") != std::string::npos);
            CHECK(e.message().find("line 1, column") != std::string::npos);
        }
        // Within the limit it parses: the bound is the limit, not less.
        CHECK(nndf::parse_json_text(nested(nndf::kMaxJsonDepth), "t").is_array());
        const InputError e = network_error(net_text(nested(100000)));
        CHECK(e.path() == "n.json");
    }

    TEST_CASE("a number beyond double's range names its position, not the library") {
        const InputError e = parse_error(R"({"input": {"nofm": 3, "sofm": 1e400}})");
        CHECK(e.message().find("number out of range at line 1, column") != std::string::npos);
        CHECK(e.message().find("1e400") != std::string::npos);
        CHECK(e.message().find("json.exception") == std::string::npos);
        CHECK(parse_error("[-1e400]").message().find("out of range") != std::string::npos);
    }

    TEST_CASE("Python's NaN and Infinity are numbers, a string that spells the old marker is not") {
        const OJson j = nndf::parse_json_text(
            R"({"a": NaN, "b": [Infinity, -Infinity], "c": "\u0001nan", "d": "NaN"})", "t");
        CHECK(std::isnan(j["a"].get<double>()));
        CHECK(j["b"][0].get<double>() == nndf::kInf);
        CHECK(j["b"][1].get<double>() == -nndf::kInf);
        CHECK(j["c"] == "\x01nan");
        CHECK(j["d"] == "NaN");
        // Keys count as string literals too: the values after them still line up.
        const OJson k = nndf::parse_json_text(R"({"NaN": "x", "y": NaN, "z": "Infinity"})", "t");
        CHECK(k["NaN"] == "x");
        CHECK(std::isnan(k["y"].get<double>()));
        CHECK(k["z"] == "Infinity");
        // The reported layer name is the name given.
        const nndf::Network net = nndf::network_from_json_text(fc_named("\\u0001nan"), "n.json");
        CHECK(net.layer_names().at(0) == "\x01nan");
    }

    TEST_CASE("a malformed NaN quotes the person's text, not a marker") {
        const InputError e = parse_error(R"({"input": {"nofm": NaNx}})");
        CHECK(e.message().find("malformed JSON at line 1, column") != std::string::npos);
        CHECK(e.message().find("NaNx") != std::string::npos);
        CHECK(e.message().find("\\u0001") == std::string::npos);
        CHECK(e.message().find('\x01') == std::string::npos);
        CHECK(parse_error(R"({NaN: 1})").message().find("key") != std::string::npos);
    }

    TEST_CASE("every size of a layer is bounded, and the message says the bound") {
        const std::string conv =
            R"({"name": "c", "type": "conv", "nifm": 3, "nofm": NOFM, "sofm": SOFM, "sfil": 3})";
        auto with = [&](const std::string& nofm, const std::string& sofm) {
            std::string s = conv;
            s.replace(s.find("NOFM"), 4, nofm);
            s.replace(s.find("SOFM"), 4, sofm);
            return net_text(s);
        };
        for (const auto& [nofm, sofm, field, given] :
             {std::tuple<std::string, std::string, std::string, std::string>{
                  "4611686018427387904", "30", "nofm", "4611686018427387904"},
              {"9223372036854775808", "30", "nofm", "9223372036854775808"},
              {"18446744073709551615", "30", "nofm", "18446744073709551615"},
              {"1e14", "30", "nofm", "100000000000000.0"},
              {"4", "1099511627776", "sofm", "1099511627776"},
              {"4", "[30, 1099511627776]", "sofm[1]", "1099511627776"}}) {
            const InputError e = network_error(with(nofm, sofm));
            CHECK(e.path() == "n.json: layers[0] \"c\"." + field);
            CHECK(e.message().find("at most 2^20 = 1048576") != std::string::npos);
            CHECK(e.message().find("got " + given) != std::string::npos);
            CHECK(e.message().find("-9223372036854775808") == std::string::npos);
        }
        // Each size within its bound, their product beyond: the layer is refused.
        const InputError e = network_error(with("1048576", "[1024, 1024]"));
        CHECK(e.path() == "n.json: layers[0] \"c\"");
        CHECK(e.message().find("2^36 = 68719476736") != std::string::npos);
        // The largest accepted layer's products all fit, at the largest batch and word.
        const nndf::Layer big = nndf::Layer::conv(256, 256, {2048, 512}, {1, 1});
        CHECK(nndf::layer_volume_problem(big).empty());
        CHECK(big.total_ops(65536) / 65536 == big.total_ops(1));
        CHECK(nndf::layer_volume_problem(nndf::Layer::conv(256, 256, {2048, 1024}, {1, 1})) != "");
    }

    TEST_CASE("a network's MACs are bounded in sum") {
        // 32 layers of 2^35 MACs each: 2^40 is reached at the 32nd.
        std::string layers;
        for (int i = 0; i < 33; ++i) {
            layers += std::string(i ? ", " : "") + R"({"name": "f)" + std::to_string(i) +
                      R"(", "type": "fc", "nifm": 1048576, "nofm": 32768, "prevs": null})";
        }
        const std::string text =
            R"({"input": {"nofm": 1048576, "sofm": 1}, "layers": [)" + layers + "]}";
        const InputError e = network_error(text);
        CHECK(e.path() == "n.json: layers[32] \"f32\"");
        CHECK(e.message().find("2^40") != std::string::npos);
    }

    TEST_CASE("names in messages are escaped and shortened") {
        CHECK(nndf::display_text("a\x1b[31mb\n\t") == "a\\u001b[31mb\\n\\t");
        CHECK(nndf::display_text(std::string("a\0b", 3)) == "a\\u0000b");
        CHECK(nndf::display_text("\xc2\x9b"
                                 "x") == "\\u009bx");
        CHECK(nndf::display_text("caf\xc3\xa9") == "caf\xc3\xa9");
        const std::string longname(1000000, 'x');
        CHECK(nndf::display_text(longname) == std::string(80, 'x') + "...[1000000 bytes]");
        // Shortened on a character boundary.
        CHECK(nndf::display_text(std::string(79, 'x') + "\xc3\xa9", 80) ==
              std::string(79, 'x') + "...[81 bytes]");

        const InputError nl = network_error(fc_named("b\\nc", "-4"));
        CHECK(std::string(nl.what()).find('\n') == std::string::npos);
        CHECK(nl.path() == "n.json: layers[0] \"b\\nc\".nofm");
        const InputError big = network_error(fc_named(longname, "-4"));
        CHECK(std::string(big.what()).size() < 300);
        CHECK(std::string(big.what()).find("...[1000000 bytes]") != std::string::npos);
        // Twice defined: the message quotes the name once more, escaped.
        const InputError twice = network_error(net_text(
            R"({"name": "a\u001b", "type": "fc", "nifm": 3, "nofm": 4, "sfil": 32},
               {"name": "a\u001b", "type": "fc", "nifm": 4, "nofm": 4})"));
        CHECK(std::string(twice.what()).find('\x1b') == std::string::npos);
    }

    TEST_CASE("sizes with units") {
        CHECK(nndf::parse_size_text("131072", "gbuf") == 131072);
        CHECK(nndf::parse_size_text("128kB", "gbuf") == 131072);
        CHECK(nndf::parse_size_text("128 kB", "gbuf") == 131072);
        CHECK(nndf::parse_size_text("128 KiB", "gbuf") == 131072);
        CHECK(nndf::parse_size_text("128k", "gbuf") == 131072);
        CHECK(nndf::parse_size_text("1 MiB", "gbuf") == 1048576);
        CHECK(nndf::parse_size_text("1.5 kB", "gbuf") == 1536);
        CHECK(nndf::parse_size_text("2g", "gbuf") == 2147483648LL);
        CHECK(nndf::parse_size_text("512 B", "regf") == 512);
        CHECK(nndf::parse_size_text("108 kB", "gbuf") == 110592);
        for (const char* bad : {"0.3 kB", "1e3 kB", "0x10", "-1 kB", "inf", "kB", "1 kbit", "1 TB",
                                "1 k B", "", "99999999999999999999 GiB", "1.2.3"}) {
            CAPTURE(bad);
            CHECK_THROWS_AS(nndf::parse_size_text(bad, "gbuf"), InputError);
        }
        CHECK_THROWS_WITH_AS(nndf::parse_size_text("0.3 kB", "gbuf"),
                             "gbuf: is not a whole number of bytes, got \"0.3 kB\"", InputError);
        // A run document takes them too, and its range applies to the bytes.
        const nndf::RunConfig c = nndf::read_run_document(
            OJson::parse(R"({"network": "mlp_s", "gbuf": "1 MiB", "regf": "0.5kB"})"));
        CHECK(c.gbuf == 1048576);
        CHECK(c.regf == 512);
        nndf::RunConfig over = c;
        over.gbuf = nndf::parse_size_text("2048 GiB", "gbuf");
        const auto problems = nndf::field_problems(*nndf::find_run_field("gbuf"), over);
        REQUIRE(problems.size() == 1);
        CHECK(problems.front().path() == "gbuf");
    }

    TEST_CASE("the DRAM time bound names the least bandwidth, and that bandwidth passes") {
        nndf::RunConfig c = nndf::read_run_document(OJson::parse(
            R"({"network": "vgg_net", "batch": 65536, "word": 64, "nodes": [1, 1],
                "array": [16, 16], "regf": 512, "gbuf": 131072, "dram_bw": 1e-6})"));
        const nndf::Network net = c.load_network();
        std::string message;
        try {
            nndf::check_dram_time_fits(c, net);
        } catch (const InputError& e) {
            CHECK(e.path() == "dram_bw");
            message = e.message();
        }
        const size_t at = message.find("at least ");
        REQUIRE(at != std::string::npos);
        const double least = std::stod(message.substr(at + 9));
        c.dram_bw = least;
        CHECK_NOTHROW(nndf::check_dram_time_fits(c, net));
        c.dram_bw = least / 2;
        CHECK_THROWS_AS(nndf::check_dram_time_fits(c, net), InputError);
        // Unlimited and ordinary bandwidths never reach the bound.
        c.dram_bw = nndf::kInf;
        CHECK_NOTHROW(nndf::check_dram_time_fits(c, net));
        c.batch = 4;
        c.word = 16;
        c.dram_bw = 1e-6;
        CHECK_NOTHROW(nndf::check_dram_time_fits(c, net));
    }
}
