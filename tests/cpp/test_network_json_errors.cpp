// Network files (nns/README.md): every bad input gets one InputError whose
// what() names the file, the layer and field, and the problem; plus the
// good forms the format allows.
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "core/formats/network_json.h"
#include "core/util/error.h"

using nndf::Layer;
using nndf::Network;
using Names = std::vector<std::string>;
using OptNames = std::vector<std::optional<std::string>>;

namespace {

const char* kFile = "bad.json";

/// A network reading a 3x32x32 input, with the given layer list.
std::string net_text(const std::string& layers, const std::string& extra = "") {
    return R"({"input": {"nofm": 3, "sofm": 32}, )" + extra + R"("layers": [)" + layers + "]}";
}

const std::string kConv1 =
    R"({"name": "c1", "type": "conv", "nifm": 3, "nofm": 16, "sofm": 32, "sfil": 3})";

/// The error message for a text, or a marker that makes every check fail.
std::string error_of(const std::string& text) {
    try {
        nndf::network_from_json_text(text, kFile);
    } catch (const nndf::InputError& e) {
        return e.what();
    }
    return "<no InputError>";
}

/// Checks that the message is about `location` (after the file name) and
/// states `problem`.
void check_error(const std::string& text, const std::string& location, const std::string& problem) {
    std::string msg = error_of(text);
    CAPTURE(msg);
    CHECK(msg.rfind(std::string(kFile) + ": " + location + ": ", 0) == 0);
    CHECK(msg.find(problem) != std::string::npos);
}

Network parse(const std::string& text) {
    return nndf::network_from_json_text(text, "good.json");
}

}  // namespace

TEST_SUITE("network_json_errors") {
    TEST_CASE("malformed JSON gives line and column") {
        std::string text =
            "{\n"
            "  \"input\": {\"nofm\": 3, \"sofm\": 32},\n"
            "  \"layers\": [\n" +
            kConv1 +
            ",\n"
            "  ]\n"
            "}\n";
        std::string msg = error_of(text);
        CAPTURE(msg);
        CHECK(msg.rfind("bad.json: malformed JSON at line 5, column 3: ", 0) == 0);
        CHECK(msg.find("syntax error") != std::string::npos);

        // The parser stops at the end of the unexpected token ("sofm", columns 22-27).
        msg = error_of("{\"input\": {\"nofm\": 3 \"sofm\": 32}}");
        CHECK(msg.rfind("bad.json: malformed JSON at line 1, column 27: ", 0) == 0);
    }

    TEST_CASE("not an object") {
        CHECK(error_of("[1, 2]") == "bad.json: a network must be a JSON object, got a list");
    }

    TEST_CASE("unknown layer type") {
        check_error(net_text(R"({"name": "c1", "type": "convolution", "nifm": 3, "nofm": 16,
                                 "sofm": 32, "sfil": 3})"),
                    R"(layers[0] "c1".type)", "unknown layer type 'convolution'");
    }

    TEST_CASE("missing size") {
        check_error(net_text(R"({"name": "c1", "type": "conv", "nifm": 3, "nofm": 16, "sfil": 3})"),
                    R"(layers[0] "c1".sofm)", "is missing");
        check_error(net_text(R"({"name": "p1", "type": "pool", "nofm": 3, "sofm": 16})"),
                    R"(layers[0] "p1".sreg)", "is missing");
        check_error(R"({"input": {"nofm": 3}, "layers": [{"name": "f", "type": "fc", "nifm": 3,
                       "nofm": 2}]})",
                    "input.sofm", "is missing");
    }

    TEST_CASE("non-positive size") {
        check_error(net_text(R"({"name": "c1", "type": "conv", "nifm": 3, "nofm": 0, "sofm": 32,
                                 "sfil": 3})"),
                    R"(layers[0] "c1".nofm)", "must be a positive integer, got 0");
        check_error(net_text(R"({"name": "c1", "type": "conv", "nifm": 3, "nofm": -4, "sofm": 32,
                                 "sfil": 3})"),
                    R"(layers[0] "c1".nofm)", "must be a positive integer, got -4");
        check_error(R"({"input": {"nofm": 0, "sofm": 32}, "layers": []})", "input.nofm",
                    "must be a positive integer, got 0");
    }

    TEST_CASE("zero or negative dims in a pair") {
        check_error(net_text(R"({"name": "c1", "type": "conv", "nifm": 3, "nofm": 16,
                                 "sofm": [32, 0], "sfil": 3})"),
                    R"(layers[0] "c1".sofm[1])", "must be a positive integer, got 0");
        check_error(net_text(R"({"name": "c1", "type": "conv", "nifm": 3, "nofm": 16, "sofm": 32,
                                 "sfil": [-1, 3]})"),
                    R"(layers[0] "c1".sfil[0])", "must be a positive integer, got -1");
        check_error(net_text(kConv1 + R"(, {"name": "p1", "type": "pool", "nofm": 16,
                                 "sofm": 16, "sreg": 2, "strd": [2, -2]})"),
                    R"(layers[1] "p1".strd[1])", "must be a positive integer, got -2");
    }

    TEST_CASE("pair of the wrong length") {
        check_error(net_text(R"({"name": "c1", "type": "conv", "nifm": 3, "nofm": 16,
                                 "sofm": [32, 32, 1], "sfil": 3})"),
                    R"(layers[0] "c1".sofm)",
                    "must be an integer or a pair [h, w], got a list of 3");
    }

    TEST_CASE("unknown prev") {
        check_error(net_text(kConv1 + R"(, {"name": "c2", "type": "conv", "nifm": 16, "nofm": 8,
                                 "sofm": 32, "sfil": 3, "prevs": ["c0"]})"),
                    R"(layers[1] "c2".prevs)", "layer 'c2' reads 'c0', which is not defined");
    }

    TEST_CASE("prev defined later") {
        check_error(net_text(R"({"name": "c1", "type": "conv", "nifm": 3, "nofm": 16, "sofm": 32,
                                 "sfil": 3, "prevs": ["c2"]},
                                {"name": "c2", "type": "conv", "nifm": 3, "nofm": 16, "sofm": 32,
                                 "sfil": 3, "prevs": ["__INPUT__"]})"),
                    R"(layers[0] "c1".prevs)", "reads 'c2', which is not defined before it");
    }

    TEST_CASE("mismatched channel sum") {
        check_error(
            net_text(kConv1 + R"(, {"name": "c2", "type": "conv", "nifm": 3, "nofm": 16,
                                 "sofm": 32, "sfil": 3, "prevs": ["c1", "__INPUT__"]})"),
            R"(layers[1] "c2".nifm)",
            "layer 'c2' has nifm 3, but its previous layers 'c1' + 'input' give 19 channels");
        check_error(net_text(kConv1 + R"(, {"name": "e", "type": "eltwise", "nofm": 16,
                                 "sofm": 32, "nreg": 2})"),
                    R"(layers[1] "e".nifm)", "has nifm 32, but its previous layers 'c1' give 16");
    }

    TEST_CASE("mismatched fmap size") {
        check_error(net_text(kConv1 + R"(, {"name": "p1", "type": "pool", "nofm": 16, "sofm": 8,
                                 "sreg": 2})"),
                    R"(layers[1] "p1".prevs)",
                    "layer 'p1' expects input fmaps of [16, 16] (output [8, 8], stride [2, 2]), "
                    "but 'c1' gives [32, 32]");
    }

    TEST_CASE("duplicate layer names") {
        check_error(net_text(kConv1 + R"(, {"name": "c1", "type": "conv", "nifm": 16, "nofm": 16,
                                 "sofm": 32, "sfil": 3})"),
                    R"(layers[1] "c1".name)", "layer 'c1' is defined twice");
        check_error(net_text(kConv1, R"("ext": [{"name": "c1", "nofm": 3, "sofm": 32}], )"),
                    R"(layers[0] "c1".name)", "is defined twice");
    }

    TEST_CASE("string where a number is expected") {
        check_error(net_text(R"({"name": "c1", "type": "conv", "nifm": "3", "nofm": 16, "sofm": 32,
                                 "sfil": 3})"),
                    R"(layers[0] "c1".nifm)", "must be a positive integer, got a string");
        check_error(net_text(R"({"name": "c1", "type": "conv", "nifm": 3, "nofm": 16,
                                 "sofm": "32", "sfil": 3})"),
                    R"(layers[0] "c1".sofm)", "must be an integer or a pair [h, w], got a string");
    }

    TEST_CASE("fractional number") {
        check_error(net_text(R"({"name": "c1", "type": "conv", "nifm": 3, "nofm": 16.5,
                                 "sofm": 32, "sfil": 3})"),
                    R"(layers[0] "c1".nofm)", "must be a positive integer, got 16.5");
        check_error(net_text(R"({"name": "c1", "type": "conv", "nifm": 3, "nofm": 16,
                                 "sofm": [32, 1.5], "sfil": 3})"),
                    R"(layers[0] "c1".sofm[1])", "must be a positive integer, got 1.5");
    }

    TEST_CASE("unknown field") {
        check_error(net_text(R"({"name": "c1", "type": "conv", "nifm": 3, "nofm": 16, "sofm": 32,
                                 "sfil": 3, "pad": 1})"),
                    R"(layers[0] "c1".pad)", "unknown field (expected one of: ");
        // A field of another layer type is unknown too.
        check_error(net_text(R"({"name": "f", "type": "fc", "nifm": 3, "nofm": 2, "sofm": 32})"),
                    R"(layers[0] "f".sofm)", "unknown field");
        check_error(net_text(kConv1, R"("layer": 1, )"), "layer", "unknown field");
        check_error(R"({"input": {"nofm": 3, "sofm": 32, "strd": 1}, "layers": []})", "input.strd",
                    "unknown field");
    }

    TEST_CASE("missing layers") {
        check_error(R"({"input": {"nofm": 3, "sofm": 32}})", "layers", "is missing");
    }

    TEST_CASE("empty layers") {
        check_error(net_text(""), "layers", "must have at least one layer");
    }

    TEST_CASE("layers not a list") {
        check_error(R"({"input": {"nofm": 3, "sofm": 32}, "layers": {}})", "layers",
                    "must be a list, got an object");
        check_error(net_text("3"), "layers[0]", "must be an object, got a number");
    }

    TEST_CASE("missing input") {
        check_error(R"({"layers": [{"name": "f", "type": "fc", "nifm": 3, "nofm": 2}]})", "input",
                    "is missing");
    }

    TEST_CASE("missing or bad name and type") {
        check_error(net_text(R"({"type": "fc", "nifm": 3, "nofm": 2})"), "layers[0].name",
                    "is missing");
        check_error(net_text(R"({"name": "", "type": "fc", "nifm": 3, "nofm": 2})"),
                    "layers[0].name", "must not be empty");
        check_error(net_text(R"({"name": 7, "type": "fc", "nifm": 3, "nofm": 2})"),
                    "layers[0].name", "must be a string, got a number");
        check_error(net_text(R"({"name": "f", "nifm": 3, "nofm": 2})"), R"(layers[0] "f".type)",
                    "is missing");
    }

    TEST_CASE("bad prevs") {
        check_error(net_text(kConv1 + R"(, {"name": "c2", "type": "conv", "nifm": 16, "nofm": 8,
                                 "sofm": 32, "sfil": 3, "prevs": []})"),
                    R"(layers[1] "c2".prevs)", "must name at least one layer");
        check_error(net_text(kConv1 + R"(, {"name": "c2", "type": "conv", "nifm": 16, "nofm": 8,
                                 "sofm": 32, "sfil": 3, "prevs": ["c1", 3]})"),
                    R"(layers[1] "c2".prevs[1])", "must be a layer name, got a number");
    }

    TEST_CASE("bad format") {
        check_error(net_text(kConv1, R"("format": "nndf-network/2", )"), "format",
                    "must be \"nndf-network/1\"");
    }

    TEST_CASE("bad ext entries") {
        const std::string ext_head = R"("ext": )";
        check_error(net_text(kConv1, ext_head + R"({"h0": {"nofm": 3, "sofm": 1}}, )"), "ext",
                    "must be a list, got an object");
        check_error(net_text(kConv1, ext_head + "[3], "), "ext[0]",
                    "must be an object, got a number");
        check_error(net_text(kConv1, ext_head + R"([{"nofm": 3, "sofm": 1}], )"), "ext[0].name",
                    "is missing");
        check_error(net_text(kConv1, ext_head + R"([{"name": "h0", "sofm": 1}], )"),
                    R"(ext[0] "h0".nofm)", "is missing");
        check_error(net_text(kConv1, ext_head + R"([{"name": "h0", "nofm": 0, "sofm": 1}], )"),
                    R"(ext[0] "h0".nofm)", "must be a positive integer, got 0");
        check_error(net_text(kConv1, ext_head + R"([{"name": "h0", "nofm": 3, "sofm": [1, 0]}], )"),
                    R"(ext[0] "h0".sofm[1])", "must be a positive integer, got 0");
        check_error(
            net_text(kConv1, ext_head + R"([{"name": "h0", "nofm": 3, "sofm": 1, "strd": 1}], )"),
            "ext[0].strd", "unknown field");
        check_error(net_text(kConv1, ext_head + R"([{"name": "h0", "nofm": 3, "sofm": 1},
                                                     {"name": "h0", "nofm": 3, "sofm": 1}], )"),
                    "ext[1].name", "external layer 'h0' is defined twice");
    }

    TEST_CASE("lstm_cell with unknown xin") {
        check_error(R"({"input": {"nofm": 8, "sofm": 1}, "layers": [
                          {"name": "cell", "type": "lstm_cell", "size": 8, "xin": "x0"}]})",
                    R"(layers[0] "cell".xin)", "layer 'x0' is not defined before cell 'cell'");
        check_error(R"({"input": {"nofm": 8, "sofm": 1}, "layers": [
                          {"name": "cell", "type": "lstm_cell", "size": 8}]})",
                    R"(layers[0] "cell".xin)", "is missing");
        check_error(R"({"input": {"nofm": 8, "sofm": 1}, "layers": [
                          {"name": "cell", "type": "lstm_cell", "size": 8, "xin": "__INPUT__",
                           "cin": "nope"}]})",
                    R"(layers[0] "cell".cin)", "layer 'nope' is not defined before cell 'cell'");
        check_error(R"({"input": {"nofm": 8, "sofm": 1}, "layers": [
                          {"name": "cell", "type": "lstm_cell", "size": 0, "xin": "__INPUT__"}]})",
                    R"(layers[0] "cell".size)", "must be a positive integer, got 0");
    }

    TEST_CASE("the file name is whatever the caller passes") {
        try {
            nndf::network_from_json_text(net_text(""), "nns/my net.json");
            FAIL("no error");
        } catch (const nndf::InputError& e) {
            CHECK(std::string(e.what()) == "nns/my net.json: layers: must have at least one layer");
            CHECK(e.path() == "nns/my net.json: layers");
            CHECK(e.message() == "must have at least one layer");
        }
    }
}

TEST_SUITE("network_json_good") {
    TEST_CASE("scalar and pair sizes") {
        Network a = parse(net_text(
            R"({"name": "c", "type": "conv", "nifm": 3, "nofm": 16, "sofm": 16, "sfil": 3,
                "strd": 2})"));
        Network b = parse(net_text(
            R"({"name": "c", "type": "conv", "nifm": 3, "nofm": 16, "sofm": [16, 16],
                "sfil": [3, 3], "strd": [2, 2]})"));
        CHECK(a["c"] == b["c"]);
        CHECK(a["c"] == Layer::conv(3, 16, {16, 16}, {3, 3}, {2, 2}));

        Network c = parse(net_text(
            R"({"name": "c", "type": "conv", "nifm": 3, "nofm": 16, "sofm": [32, 16],
                "sfil": [3, 1], "strd": [1, 2]})"));
        CHECK(c["c"].hofm == 32);
        CHECK(c["c"].wofm == 16);
        CHECK(c["c"].hfil == 3);
        CHECK(c["c"].wfil == 1);
        CHECK(c["c"].htrd == 1);
        CHECK(c["c"].wtrd == 2);

        Network d = parse(R"({"input": {"nofm": 3, "sofm": [32, 16]}, "layers": [
            {"name": "p", "type": "pool", "nofm": 3, "sofm": [16, 8], "sreg": 2}]})");
        CHECK(d.input_layer() == Layer::input(3, {32, 16}));
    }

    TEST_CASE("defaults of optional fields") {
        Network n = parse(net_text(kConv1 + R"(,
            {"name": "p1", "type": "pool", "nofm": 16, "sofm": 16, "sreg": 2},
            {"name": "lr", "type": "local_region", "nofm": 16, "sofm": 16, "nreg": 3, "sreg": 1},
            {"name": "f", "type": "fc", "nifm": 16, "nofm": 10, "sfil": 16},
            {"name": "f2", "type": "fc", "nifm": 10, "nofm": 4})"));
        // Pooling stride defaults to the region.
        CHECK(n["p1"] == Layer::pooling(16, {16, 16}, {2, 2}, {2, 2}));
        CHECK(n["p1"].kind == nndf::LayerKind::Pooling);
        CHECK(n["lr"] == Layer::local_region(16, {16, 16}, 3, {1, 1}, 1, {1, 1}));
        CHECK(n["f2"] == Layer::fc(10, 4, {1, 1}));
        CHECK(n.name().empty());
    }

    TEST_CASE("default prevs") {
        Network n = parse(net_text(kConv1 + R"(,
            {"name": "c2", "type": "conv", "nifm": 16, "nofm": 16, "sofm": 32, "sfil": 3},
            {"name": "c3", "type": "conv", "nifm": 3, "nofm": 16, "sofm": 32, "sfil": 1,
             "prevs": "__INPUT__"},
            {"name": "e", "type": "eltwise", "nofm": 16, "sofm": 32, "nreg": 3,
             "prevs": ["c1", "c2", "c3"]},
            {"name": "c4", "type": "conv", "nifm": 16, "nofm": 4, "sofm": 32, "sfil": 1})"));
        CHECK(n.layer_names() == Names{"c1", "c2", "c3", "e", "c4"});
        CHECK(n.prevs("c1") == OptNames{std::nullopt});
        CHECK(n.prevs("c2") == OptNames{"c1"});
        CHECK(n.prevs("c3") == OptNames{std::nullopt});
        CHECK(n.prevs("e") == OptNames{"c1", "c2", "c3"});
        CHECK(n.prevs("c4") == OptNames{"e"});
    }

    TEST_CASE("name, format and ext") {
        Network n = parse(R"({"format": "nndf-network/1", "name": "Tiny",
            "input": {"nofm": 4, "sofm": 1},
            "ext": [{"name": "h0", "nofm": 6, "sofm": 1}, {"name": "h1", "nofm": 2, "sofm": [1, 1]}],
            "layers": [{"name": "f", "type": "fc", "nifm": 12, "nofm": 3,
                        "prevs": ["h0", "__INPUT__", "h1"]}]})");
        CHECK(n.name() == "Tiny");
        CHECK(n.ext_layers() == Names{"h0", "h1"});
        CHECK(n["h0"] == Layer::input(6, {1, 1}));
        CHECK(n["h1"] == Layer::input(2, {1, 1}));
        CHECK(n.prevs("f") == OptNames{"h0", std::nullopt, "h1"});
    }

    TEST_CASE("lstm_cell expansion") {
        Network n = parse(R"({"input": {"nofm": 8, "sofm": 1}, "layers": [
            {"name": "x", "type": "fc", "nifm": 8, "nofm": 4},
            {"name": "cell", "type": "lstm_cell", "size": 4, "xin": "x"},
            {"name": "out", "type": "fc", "nifm": 4, "nofm": 2}]})");
        CHECK(n.layer_names() == Names{"x", "cell_cand", "cell_igate", "cell_fgate", "cell_ogate",
                                       "cell_cout_f", "cell_cout_i", "cell_cout", "cell_hout",
                                       "out"});
        CHECK(n.ext_layers() == Names{"cell_cinit", "cell_hinit"});
        CHECK(n["cell_cinit"] == Layer::input(4, {1, 1}));
        CHECK(n["cell_hinit"] == Layer::input(4, {1, 1}));

        for (const char* g : {"cell_cand", "cell_igate", "cell_fgate", "cell_ogate"}) {
            CAPTURE(g);
            CHECK(n[g] == Layer::fc(8, 4));
            CHECK(n[g].kind == nndf::LayerKind::FC);
            CHECK(n.prevs(g) == OptNames{"cell_hinit", "x"});
        }
        for (const char* e : {"cell_cout_f", "cell_cout_i", "cell_cout", "cell_hout"}) {
            CAPTURE(e);
            CHECK(n[e] == Layer::eltwise(4, {1, 1}, 2));
            CHECK(n[e].kind == nndf::LayerKind::Eltwise);
        }
        CHECK(n.prevs("cell_cout_f") == OptNames{"cell_cinit", "cell_fgate"});
        CHECK(n.prevs("cell_cout_i") == OptNames{"cell_cand", "cell_igate"});
        CHECK(n.prevs("cell_cout") == OptNames{"cell_cout_i", "cell_cout_f"});
        CHECK(n.prevs("cell_hout") == OptNames{"cell_cout", "cell_ogate"});
        // A layer right after the cell reads its hidden state.
        CHECK(n.prevs("out") == OptNames{"cell_hout"});
    }

    TEST_CASE("lstm_cell with given state") {
        Network n = parse(R"({"input": {"nofm": 4, "sofm": 1}, "layers": [
            {"name": "a", "type": "lstm_cell", "size": 4, "xin": "__INPUT__"},
            {"name": "b", "type": "lstm_cell", "size": 4, "xin": "__INPUT__",
             "cin": "a_cout", "hin": "a_hout"}]})");
        // Only the first cell needs initial states.
        CHECK(n.ext_layers() == Names{"a_cinit", "a_hinit"});
        CHECK(n.prevs("b_cand") == OptNames{"a_hout", std::nullopt});
        CHECK(n.prevs("b_cout_f") == OptNames{"a_cout", "b_fgate"});
        CHECK(n.size() == 16);
    }
    TEST_CASE("at most kMaxNetworkLayers layers, LSTM cells expanded") {
        const size_t max = nndf::kMaxNetworkLayers;
        auto fcs = [](size_t n) {
            std::string layers;
            for (size_t i = 0; i < n; ++i) {
                layers += (i ? ", " : "") + std::string(R"({"name": "f)") + std::to_string(i) +
                          R"(", "type": "fc", "nifm": 3, "nofm": 3, "sfil": 32})";
            }
            return layers;
        };
        CHECK(parse(net_text(fcs(max))).size() == max);
        check_error(net_text(fcs(max + 1)), "layers",
                    "has " + std::to_string(max + 1) + " layers, more than the " +
                        std::to_string(max) + " layers a search supports");

        // Cells of 8 layers each: the limit counts what they expand to.
        auto cells = [](size_t n) {
            std::string layers;
            for (size_t i = 0; i < n; ++i) {
                layers += (i ? ", " : "") + std::string(R"({"name": "c)") + std::to_string(i) +
                          R"(", "type": "lstm_cell", "size": 4, "xin": "__INPUT__"})";
            }
            return R"({"input": {"nofm": 4, "sofm": 1}, "layers": [)" + layers + "]}";
        };
        CHECK(parse(cells(max / 8)).size() == max);
        check_error(cells(max / 8 + 1), "layers",
                    "expand to " + std::to_string(max + 8) + R"( layers by layers[)" +
                        std::to_string(max / 8) + R"(] "c)" + std::to_string(max / 8) +
                        R"(" (an lstm_cell is 8), more than the )" + std::to_string(max) +
                        " layers a search supports");
    }
}
