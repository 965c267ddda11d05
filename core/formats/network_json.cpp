#include "core/formats/network_json.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/model/layer_bounds.h"
#include "core/util/display_text.h"
#include "core/util/error.h"

namespace nndf {

namespace {

const char* kFormat = "nndf-network/1";

i64 get_int(const OJson& v, const std::string& field) {
    if (v.is_number_unsigned()) {
        // Read as unsigned: 2^63 is not -9223372036854775808.
        const auto u = v.get<unsigned long long>();
        if (u > static_cast<unsigned long long>(kMaxLayerExtent)) {
            throw InputError(field, layer_extent_message(std::to_string(u)));
        }
        if (u == 0) throw InputError(field, "must be a positive integer, got 0");
        return static_cast<i64>(u);
    }
    if (v.is_number_integer()) {
        i64 x = v.get<i64>();
        if (x <= 0) throw InputError(field, "must be a positive integer, got " + std::to_string(x));
        if (x > kMaxLayerExtent) throw InputError(field, layer_extent_message(std::to_string(x)));
        return x;
    }
    if (v.is_number_float()) {
        double d = v.get<double>();
        if (std::isfinite(d) && d == std::floor(d) && d > kMaxLayerExtent) {
            throw InputError(field, layer_extent_message(py_float_repr(d)));
        }
        if (std::isfinite(d) && d == std::floor(d) && d > 0) return static_cast<i64>(d);
        throw InputError(field, "must be a positive integer, got " + py_float_repr(d));
    }
    throw InputError(field, "must be a positive integer, got " + json_kind(v));
}

/// An integer or an [h, w] pair.
PhyDim2 get_dim(const OJson& v, const std::string& field) {
    if (v.is_array()) {
        if (v.size() != 2) {
            throw InputError(field, "must be an integer or a pair [h, w], got a list of " +
                                        std::to_string(v.size()));
        }
        return {get_int(v[0], field + "[0]"), get_int(v[1], field + "[1]")};
    }
    if (!v.is_number()) {
        throw InputError(field, "must be an integer or a pair [h, w], got " + json_kind(v));
    }
    i64 x = get_int(v, field);
    return {x, x};
}

/// Throws at `where` if a layer's data or MACs are beyond their bound.
void check_volume(const Layer& layer, const std::string& where) {
    const std::string problem = layer_volume_problem(layer);
    if (!problem.empty()) throw InputError(where, problem);
}

/// A name as a path or message shows it: escaped, shortened if long.
std::string quoted_name(const std::string& name) {
    return "\"" + display_text(name) + "\"";
}

const OJson& require(const OJson& obj, const char* key, const std::string& where) {
    auto it = obj.find(key);
    if (it == obj.end()) throw InputError(where + "." + key, "is missing");
    return *it;
}

std::string get_name(const OJson& obj, const std::string& where) {
    const OJson& v = require(obj, "name", where);
    if (!v.is_string()) throw InputError(where + ".name", "must be a string, got " + json_kind(v));
    std::string s = v.get<std::string>();
    if (s.empty()) throw InputError(where + ".name", "must not be empty");
    return s;
}

void reject_unknown_keys(const OJson& obj, const std::set<std::string>& allowed,
                         const std::string& where) {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        if (!allowed.count(it.key())) {
            std::string list;
            for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
            // At the top level there is no parent to prefix ("layer", not ".layer").
            const std::string key = display_text(it.key());
            throw InputError(where.empty() ? key : where + "." + key,
                             "unknown field (expected one of: " + list + ")");
        }
    }
}

std::vector<std::string> get_prevs(const OJson& obj, const std::string& where) {
    std::vector<std::string> prevs;
    auto it = obj.find("prevs");
    if (it == obj.end()) return prevs;
    const std::string field = where + ".prevs";
    auto one = [&](const OJson& v, const std::string& f) {
        if (v.is_null()) return std::string(Network::kInputKey);
        if (!v.is_string()) throw InputError(f, "must be a layer name, got " + json_kind(v));
        return v.get<std::string>();
    };
    if (it->is_array()) {
        if (it->empty()) throw InputError(field, "must name at least one layer");
        for (size_t i = 0; i < it->size(); ++i)
            prevs.push_back(one((*it)[i], field + "[" + std::to_string(i) + "]"));
    } else {
        prevs.push_back(one(*it, field));
    }
    return prevs;
}

Layer input_from_json(const OJson& obj, const std::string& where) {
    if (!obj.is_object()) throw InputError(where, "must be an object, got " + json_kind(obj));
    return Layer::input(get_int(require(obj, "nofm", where), where + ".nofm"),
                        get_dim(require(obj, "sofm", where), where + ".sofm"));
}

Layer layer_from_json(const OJson& obj, const std::string& type, const std::string& where) {
    auto f = [&](const char* k) { return where + "." + k; };
    auto opt_dim = [&](const char* k, PhyDim2 dflt) {
        auto it = obj.find(k);
        return it == obj.end() ? dflt : get_dim(*it, f(k));
    };
    try {
        if (type == "conv") {
            reject_unknown_keys(
                obj, {"name", "type", "nifm", "nofm", "sofm", "sfil", "strd", "prevs", "groups"},
                where);
            auto g = obj.find("groups");
            return Layer::conv(get_int(require(obj, "nifm", where), f("nifm")),
                               get_int(require(obj, "nofm", where), f("nofm")),
                               get_dim(require(obj, "sofm", where), f("sofm")),
                               get_dim(require(obj, "sfil", where), f("sfil")),
                               opt_dim("strd", {1, 1}),
                               g == obj.end() ? 1 : get_int(*g, f("groups")));
        }
        if (type == "matmul") {
            reject_unknown_keys(
                obj,
                {"name", "type", "nifm", "nofm", "sofm", "heads", "prevs", "rhs", "transpose_rhs"},
                where);
            auto h = obj.find("heads");
            bool transpose = false;
            if (auto t = obj.find("transpose_rhs"); t != obj.end()) {
                if (!t->is_boolean()) {
                    throw InputError(f("transpose_rhs"),
                                     "must be true or false, got " + json_kind(*t));
                }
                transpose = t->get<bool>();
            }
            return Layer::matmul(get_int(require(obj, "nifm", where), f("nifm")),
                                 get_int(require(obj, "nofm", where), f("nofm")),
                                 get_dim(require(obj, "sofm", where), f("sofm")),
                                 h == obj.end() ? 1 : get_int(*h, f("heads")), transpose);
        }
        if (type == "fc") {
            reject_unknown_keys(obj, {"name", "type", "nifm", "nofm", "sfil", "prevs"}, where);
            return Layer::fc(get_int(require(obj, "nifm", where), f("nifm")),
                             get_int(require(obj, "nofm", where), f("nofm")),
                             opt_dim("sfil", {1, 1}));
        }
        if (type == "pool") {
            reject_unknown_keys(obj, {"name", "type", "nofm", "sofm", "sreg", "strd", "prevs"},
                                where);
            PhyDim2 sreg = get_dim(require(obj, "sreg", where), f("sreg"));
            return Layer::pooling(get_int(require(obj, "nofm", where), f("nofm")),
                                  get_dim(require(obj, "sofm", where), f("sofm")), sreg,
                                  opt_dim("strd", sreg));
        }
        if (type == "eltwise") {
            reject_unknown_keys(obj, {"name", "type", "nofm", "sofm", "nreg", "prevs"}, where);
            return Layer::eltwise(get_int(require(obj, "nofm", where), f("nofm")),
                                  get_dim(require(obj, "sofm", where), f("sofm")),
                                  get_int(require(obj, "nreg", where), f("nreg")));
        }
        if (type == "local_region") {
            reject_unknown_keys(
                obj, {"name", "type", "nofm", "sofm", "nreg", "sreg", "ntrd", "strd", "prevs"},
                where);
            auto it = obj.find("ntrd");
            return Layer::local_region(get_int(require(obj, "nofm", where), f("nofm")),
                                       get_dim(require(obj, "sofm", where), f("sofm")),
                                       get_int(require(obj, "nreg", where), f("nreg")),
                                       get_dim(require(obj, "sreg", where), f("sreg")),
                                       it == obj.end() ? 1 : get_int(*it, f("ntrd")),
                                       opt_dim("strd", {1, 1}));
        }
        if (type == "softmax") {
            reject_unknown_keys(obj, {"name", "type", "nofm", "sofm", "nreg", "prevs"}, where);
            return Layer::softmax(get_int(require(obj, "nofm", where), f("nofm")),
                                  get_dim(require(obj, "sofm", where), f("sofm")),
                                  get_int(require(obj, "nreg", where), f("nreg")));
        }
        if (type == "layernorm" || type == "gelu") {
            reject_unknown_keys(obj, {"name", "type", "nofm", "sofm", "prevs"}, where);
            const i64 nofm = get_int(require(obj, "nofm", where), f("nofm"));
            const PhyDim2 sofm = get_dim(require(obj, "sofm", where), f("sofm"));
            return type == "gelu" ? Layer::gelu(nofm, sofm) : Layer::layernorm(nofm, sofm);
        }
    } catch (const InputError& e) {
        // Constructor checks name bare fields; put them under this layer.
        if (e.path().rfind(where, 0) == 0) throw;
        throw e.nested(where);
    }
    throw InputError(where + ".type", "unknown layer type '" + display_text(type) +
                                          "' (expected conv, fc, pool, eltwise, local_region, "
                                          "softmax, layernorm, gelu, matmul or lstm_cell)");
}

/// The LSTM cell macro of the reference's nns/__init__.py.
void add_lstm_cell(Network& net, const OJson& obj, const std::string& name,
                   const std::string& where) {
    reject_unknown_keys(obj, {"name", "type", "size", "xin", "cin", "hin"}, where);
    i64 size = get_int(require(obj, "size", where), where + ".size");
    auto ref = [&](const char* key, bool required) -> std::string {
        auto it = obj.find(key);
        if (it == obj.end() || it->is_null()) {
            if (required) throw InputError(where + "." + key, "is missing");
            return "";
        }
        if (!it->is_string()) {
            throw InputError(where + "." + key, "must be a layer name, got " + json_kind(*it));
        }
        return it->get<std::string>();
    };
    std::string xin = ref("xin", true);
    std::string cin = ref("cin", false);
    std::string hin = ref("hin", false);
    if (cin.empty()) {
        cin = name + "_cinit";
        net.add_ext(cin, Layer::input(size, {1, 1}));
    }
    if (hin.empty()) {
        hin = name + "_hinit";
        net.add_ext(hin, Layer::input(size, {1, 1}));
    }
    for (const auto& [key, val] :
         {std::pair<const char*, std::string>{"xin", xin}, {"cin", cin}, {"hin", hin}}) {
        if (val != Network::kInputKey && !net.contains(val)) {
            throw InputError(where + "." + key, "layer '" + display_text(val) +
                                                    "' is not defined before cell '" +
                                                    display_text(name) + "'");
        }
    }
    const std::string cand = name + "_cand", cout = name + "_cout";
    auto gate = [&](const char* g) { return name + "_" + g + "gate"; };
    net.add(cand, Layer::fc(2 * size, size), {hin, xin});
    for (const char* g : {"i", "f", "o"}) net.add(gate(g), Layer::fc(2 * size, size), {hin, xin});
    net.add(cout + "_f", Layer::eltwise(size, {1, 1}, 2), {cin, gate("f")});
    net.add(cout + "_i", Layer::eltwise(size, {1, 1}, 2), {cand, gate("i")});
    net.add(cout, Layer::eltwise(size, {1, 1}, 2), {cout + "_i", cout + "_f"});
    net.add(name + "_hout", Layer::eltwise(size, {1, 1}, 2), {cout, gate("o")});
}

}  // namespace

Network network_from_json(const OJson& doc) {
    if (!doc.is_object())
        throw InputError("", "a network must be a JSON object, got " + json_kind(doc));
    reject_unknown_keys(doc, {"format", "name", "description", "input", "ext", "layers"}, "");
    if (auto it = doc.find("format"); it != doc.end()) {
        if (!it->is_string() || it->get<std::string>() != kFormat) {
            throw InputError("format", std::string("must be \"") + kFormat + "\"");
        }
    }
    std::string name;
    if (auto it = doc.find("name"); it != doc.end()) {
        if (!it->is_string()) throw InputError("name", "must be a string, got " + json_kind(*it));
        name = it->get<std::string>();
    }
    Network net(name);
    auto in = doc.find("input");
    if (in == doc.end()) throw InputError("input", "is missing");
    if (in->is_object()) reject_unknown_keys(*in, {"nofm", "sofm"}, "input");
    net.set_input_layer(input_from_json(*in, "input"));
    check_volume(net.input_layer(), "input");

    if (auto ext = doc.find("ext"); ext != doc.end()) {
        if (!ext->is_array()) throw InputError("ext", "must be a list, got " + json_kind(*ext));
        for (size_t i = 0; i < ext->size(); ++i) {
            std::string where = "ext[" + std::to_string(i) + "]";
            const OJson& e = (*ext)[i];
            if (!e.is_object()) throw InputError(where, "must be an object, got " + json_kind(e));
            reject_unknown_keys(e, {"name", "nofm", "sofm"}, where);
            std::string en = get_name(e, where);
            try {
                const std::string at = where + " " + quoted_name(en);
                net.add_ext(en, input_from_json(e, at));
                check_volume(net[en], at);
            } catch (const InputError& err) {
                if (err.path() == "name") throw InputError(where + ".name", err.message());
                throw;
            }
        }
    }

    auto layers = doc.find("layers");
    if (layers == doc.end()) throw InputError("layers", "is missing");
    if (!layers->is_array())
        throw InputError("layers", "must be a list, got " + json_kind(*layers));
    if (layers->empty()) throw InputError("layers", "must have at least one layer");
    const std::string limit = "more than the " + std::to_string(kMaxNetworkLayers) +
                              " layers a search supports (the result lists every layer's "
                              "schedule, about 5 kB each; a larger one does not fit in the "
                              "page's memory)";
    if (layers->size() > kMaxNetworkLayers) {
        throw InputError("layers", "has " + std::to_string(layers->size()) + " layers, " + limit);
    }
    i64 ops = 0;  // MACs per input so far
    for (size_t i = 0; i < layers->size(); ++i) {
        std::string where = "layers[" + std::to_string(i) + "]";
        const OJson& l = (*layers)[i];
        if (!l.is_object()) throw InputError(where, "must be an object, got " + json_kind(l));
        std::string lname = get_name(l, where);
        where += " " + quoted_name(lname);
        const OJson& t = require(l, "type", where);
        if (!t.is_string())
            throw InputError(where + ".type", "must be a string, got " + json_kind(t));
        std::string type = t.get<std::string>();
        const size_t added = net.size();
        try {
            if (type == "lstm_cell") {
                add_lstm_cell(net, l, lname, where);
            } else if (type == "matmul") {
                Layer layer = layer_from_json(l, type, where);
                const OJson& r = require(l, "rhs", where);
                if (!r.is_string() && !r.is_null()) {
                    throw InputError(where + ".rhs", "must be a layer name, got " + json_kind(r));
                }
                net.add_matmul(
                    lname, layer, get_prevs(l, where),
                    r.is_null() ? std::string(Network::kInputKey) : r.get<std::string>());
            } else {
                Layer layer = layer_from_json(l, type, where);
                // Before add(): its checks multiply the layer's sizes too.
                check_volume(layer, where);
                net.add(lname, layer, get_prevs(l, where));
            }
        } catch (const InputError& e) {
            if (e.path().rfind(where, 0) == 0 || e.path().rfind("layers[", 0) == 0) throw;
            throw e.nested(where);
        }
        for (size_t k = added; k < net.size(); ++k) {
            const Layer& layer = net[net.layer_names()[k]];
            check_volume(layer, where);
            ops += layer_ops_bounded(layer);
            if (ops > kMaxNetworkOps) {
                throw InputError(where, "brings the network's MACs per input beyond 2^40 = " +
                                            std::to_string(kMaxNetworkOps) +
                                            ", the bound that keeps every product the model "
                                            "forms within 64 bits at the largest batch");
            }
        }
        if (net.size() > kMaxNetworkLayers) {
            throw InputError("layers", "expand to " + std::to_string(net.size()) + " layers by " +
                                           where + " (an lstm_cell is 8), " + limit);
        }
    }
    return net;
}

Network network_from_json_text(const std::string& text, const std::string& what) {
    OJson doc = parse_json_text(text, what);
    try {
        return network_from_json(doc);
    } catch (const InputError& e) {
        throw InputError(what + (e.path().empty() ? "" : ": " + e.path()), e.message());
    }
}

OJson network_layers_json(const Network& net, i64 batch, i64 word_bits) {
    const i64 word = (word_bits + 7) / 8;
    const double kilo = 1024.;
    const double million = 1024. * 1024.;
    OJson out = OJson::array();
    for (const auto& name : net.layer_names()) {
        const Layer& l = net[name];
        OJson j;
        j["name"] = name;
        j["type"] = layer_kind_class_name(l.kind);
        j["nofm"] = l.nofm;
        j["hofm"] = l.hofm;
        j["wofm"] = l.wofm;
        j["htrd"] = l.htrd;
        j["wtrd"] = l.wtrd;
        j["nifm"] = l.nifm();
        if (l.is_conv()) {
            j["hfil"] = l.hfil;
            j["wfil"] = l.wfil;
            // Only where they mean something: old layers list as before.
            if (l.groups != 1) j["groups"] = l.groups;
            if (l.is_matmul()) {
                j["heads"] = l.heads;
                j["transpose_rhs"] = l.transpose_rhs;
                j["rhs"] = *net.rhs(name);
            }
        } else {
            j["nreg"] = l.nreg;
            j["hreg"] = l.hreg;
            j["wreg"] = l.wreg;
            j["ntrd"] = l.ntrd;
        }
        j["total_ops_batch1"] = l.total_ops(1);
        j["filter_size"] = l.is_conv() ? l.total_filter_size() : 0;
        // Only the new kinds carry it, so the reference's layer list stays as it was.
        if (l.is_norm_or_activation()) j["params"] = l.param_count();
        OJson prevs = OJson::array();
        for (const auto& p : net.prevs(name)) {
            if (p)
                prevs.push_back(*p);
            else
                prevs.push_back(nullptr);
        }
        j["prevs"] = prevs;
        // The nn_layer_stats.py figures at the requested batch and word size.
        double ifm = static_cast<double>(l.total_ifmap_size(batch, word)) / kilo;
        double ofm = static_cast<double>(l.total_ofmap_size(batch, word)) / kilo;
        double fil = l.is_conv() ? static_cast<double>(l.total_filter_size(word)) / kilo : 0.0;
        double b = static_cast<double>(batch);
        double n = static_cast<double>(l.nifm()), m = static_cast<double>(l.nofm);
        double min_buf = std::min({fil + (ifm + ofm / m) / b, fil + (ifm / n + ofm) / b,
                                   ifm + (ofm + fil / n) / m, ifm + (ofm / b + fil) / m,
                                   ofm + (ifm + fil / m) / n, ofm + (ifm / b + fil) / n});
        OJson stats;
        stats["batch"] = batch;
        stats["word_bits"] = word_bits;
        stats["ifmap_kB"] = ifm;
        stats["ofmap_kB"] = ofm;
        stats["weight_kB"] = fil;
        const double ops_M = static_cast<double>(l.total_ops(batch)) / million;
        // The new kinds' ops are not multiply-accumulates (docs/extensions.md):
        // a network's MACs leave them out, and they are listed on their own.
        stats["macs_M"] = l.is_norm_or_activation() ? 0. : ops_M;
        if (l.is_norm_or_activation()) stats["ops_M"] = ops_M;
        stats["min_opt_buf_kB"] = min_buf;
        j["stats"] = stats;
        out.push_back(j);
    }
    return out;
}

}  // namespace nndf
