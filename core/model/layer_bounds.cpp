#include "core/model/layer_bounds.h"

#include <initializer_list>
#include <vector>

namespace nndf {

namespace {

/// The product of positive factors, or `cap` + 1 if it exceeds `cap`.
i64 product_capped(std::initializer_list<i64> factors, i64 cap) {
    i64 p = 1;
    for (i64 f : factors) {
        if (f <= 0) return 0;
        if (__builtin_mul_overflow(p, f, &p) || p > cap) return cap + 1;
    }
    return p;
}

std::string power_text(i64 bound) {
    int k = 0;
    while ((i64{1} << k) < bound) ++k;
    return "2^" + std::to_string(k) + " = " + std::to_string(bound);
}

}  // namespace

std::string layer_extent_message(const std::string& given) {
    return "must be at most " + power_text(kMaxLayerExtent) +
           " (sizes are bounded so that every product the model forms fits 64 bits), got " + given;
}

std::string layer_volume_problem(const Layer& l) {
    const i64 cap = kMaxLayerVolume;
    struct Volume {
        const char* what;
        i64 size;
    };
    std::vector<Volume> volumes = {{"its output fmaps (nofm x height x width)",
                                    product_capped({l.nofm, l.hofm, l.wofm}, cap)}};
    if (!l.is_input()) {
        volumes.push_back({"its input fmaps (nifm x height x width)",
                           product_capped({l.nifm_, l.hifm_, l.wifm_}, cap)});
        const i64 per_neuron = l.is_conv() ? product_capped({l.hfil, l.wfil, l.nifm_}, cap)
                                           : product_capped({l.nreg, l.hreg, l.wreg}, cap);
        volumes.push_back({"its MACs per input (output fmaps x MACs per output)",
                           product_capped({l.nofm, l.hofm, l.wofm, per_neuron}, cap)});
        if (l.is_conv()) {
            volumes.push_back({"its filters (nifm x nofm x filter height x width)",
                               product_capped({l.nifm_, l.nofm, l.hfil, l.wfil}, cap)});
        }
    }
    for (const auto& v : volumes) {
        if (v.size > cap) {
            return std::string(v.what) + " exceed " + power_text(cap) +
                   " words, the bound that keeps every product the model forms within 64 bits "
                   "at the largest batch";
        }
    }
    return "";
}

i64 layer_ops_bounded(const Layer& l) {
    if (l.is_input()) return 0;
    const i64 cap = kMaxNetworkOps;
    const i64 per_neuron = l.is_conv() ? product_capped({l.hfil, l.wfil, l.nifm_}, cap)
                                       : product_capped({l.nreg, l.hreg, l.wreg}, cap);
    return product_capped({l.nofm, l.hofm, l.wofm, per_neuron}, cap);
}

}  // namespace nndf
