#include "core/model/layer.h"

#include <algorithm>

namespace nndf {

namespace {

void require_positive(i64 v, const char* field) {
    if (v <= 0) throw InputError(field, "must be a positive integer, got " + std::to_string(v));
}

void require_positive(PhyDim2 v, const char* field) {
    if (v.h <= 0 || v.w <= 0) {
        throw InputError(field, "must be positive, got [" + std::to_string(v.h) + ", " +
                                    std::to_string(v.w) + "]");
    }
}

Layer base(LayerKind kind, i64 nofm, PhyDim2 sofm, PhyDim2 strd) {
    require_positive(nofm, "nofm");
    require_positive(sofm, "sofm");
    require_positive(strd, "strd");
    Layer l;
    l.kind = kind;
    l.nofm = nofm;
    l.hofm = sofm.h;
    l.wofm = sofm.w;
    l.htrd = strd.h;
    l.wtrd = strd.w;
    return l;
}

}  // namespace

const char* layer_kind_class_name(LayerKind k) {
    switch (k) {
        case LayerKind::Input:
            return "InputLayer";
        case LayerKind::Conv:
            return "ConvLayer";
        case LayerKind::FC:
            return "FCLayer";
        case LayerKind::LocalRegion:
            return "LocalRegionLayer";
        case LayerKind::Pooling:
            return "PoolingLayer";
        case LayerKind::Eltwise:
            return "EltwiseLayer";
        case LayerKind::Softmax:
            return "SoftmaxLayer";
        case LayerKind::LayerNorm:
            return "LayerNormLayer";
        case LayerKind::GELU:
            return "GELULayer";
        case LayerKind::Matmul:
            return "MatmulLayer";
    }
    return "?";
}

Layer Layer::input(i64 nofm, PhyDim2 sofm, PhyDim2 strd) {
    return base(LayerKind::Input, nofm, sofm, strd);
}

Layer Layer::conv(i64 nifm, i64 nofm, PhyDim2 sofm, PhyDim2 sfil, PhyDim2 strd, i64 groups) {
    require_positive(nifm, "nifm");
    require_positive(sfil, "sfil");
    require_positive(groups, "groups");
    Layer l = base(LayerKind::Conv, nofm, sofm, strd);
    for (auto [n, field] : {std::pair<i64, const char*>{nifm, "nifm"}, {nofm, "nofm"}}) {
        if (n % groups != 0) {
            throw InputError(field, std::string("must be a multiple of groups (") +
                                        std::to_string(groups) + "), got " + std::to_string(n));
        }
    }
    l.groups = groups;
    l.hfil = sfil.h;
    l.wfil = sfil.w;
    l.nifm_ = nifm;
    l.hifm_ = l.hfil + (l.hofm - 1) * l.htrd;
    l.wifm_ = l.wfil + (l.wofm - 1) * l.wtrd;
    return l;
}

Layer Layer::fc(i64 nifm, i64 nofm, PhyDim2 sfil) {
    Layer l = conv(nifm, nofm, {1, 1}, sfil, {1, 1});
    l.kind = LayerKind::FC;
    return l;
}

Layer Layer::matmul(i64 nifm, i64 nofm, PhyDim2 sofm, i64 heads, bool transpose_rhs) {
    require_positive(nifm, "nifm");
    require_positive(heads, "heads");
    Layer l = base(LayerKind::Matmul, nofm, sofm, {1, 1});
    for (auto [n, field] : {std::pair<i64, const char*>{nifm, "nifm"}, {nofm, "nofm"}}) {
        if (n % heads != 0) {
            throw InputError(field, std::string("must be a multiple of heads (") +
                                        std::to_string(heads) + "), got " + std::to_string(n));
        }
    }
    l.hfil = 1;
    l.wfil = 1;
    l.nifm_ = nifm;
    l.hifm_ = l.hofm;
    l.wifm_ = l.wofm;
    l.heads = heads;
    l.transpose_rhs = transpose_rhs;
    return l;
}

Layer Layer::unit_layer() const {
    if (is_matmul()) return conv(nifm_ / heads, nofm / heads, {hofm, wofm}, {1, 1});
    if (groups > 1)
        return conv(nifm_ / groups, nofm / groups, {hofm, wofm}, {hfil, wfil}, {htrd, wtrd});
    return *this;
}

i64 Layer::passes(i64 batch) const {
    if (is_matmul()) return heads * batch;
    return groups;
}

Layer Layer::local_region(i64 nofm, PhyDim2 sofm, i64 nreg, PhyDim2 sreg, i64 ntrd, PhyDim2 strd) {
    require_positive(nreg, "nreg");
    require_positive(sreg, "sreg");
    require_positive(ntrd, "ntrd");
    if (nreg > 1 && sreg.h * sreg.w > 1) {
        throw InputError("nreg", "a local region cannot span both channels (nreg " +
                                     std::to_string(nreg) + ") and a 2D window (sreg [" +
                                     std::to_string(sreg.h) + ", " + std::to_string(sreg.w) + "])");
    }
    Layer l = base(LayerKind::LocalRegion, nofm, sofm, strd);
    l.nreg = nreg;
    l.hreg = sreg.h;
    l.wreg = sreg.w;
    l.ntrd = ntrd;
    l.nifm_ = l.nofm * l.ntrd;
    l.hifm_ = l.hreg + (l.hofm - 1) * l.htrd;
    l.wifm_ = l.wreg + (l.wofm - 1) * l.wtrd;
    return l;
}

Layer Layer::pooling(i64 nofm, PhyDim2 sofm, PhyDim2 sreg) {
    return pooling(nofm, sofm, sreg, sreg);
}

Layer Layer::pooling(i64 nofm, PhyDim2 sofm, PhyDim2 sreg, PhyDim2 strd) {
    Layer l = local_region(nofm, sofm, 1, sreg, 1, strd);
    l.kind = LayerKind::Pooling;
    return l;
}

Layer Layer::eltwise(i64 nofm, PhyDim2 sofm, i64 nreg) {
    Layer l = local_region(nofm, sofm, nreg, {1, 1}, nreg, {1, 1});
    l.kind = LayerKind::Eltwise;
    return l;
}

i64 Layer::nifm() const {
    NNDF_CHECK(!is_input(), "an input layer has no input fmaps");
    return nifm_;
}
i64 Layer::hifm() const {
    NNDF_CHECK(!is_input(), "an input layer has no input fmaps");
    return hifm_;
}
i64 Layer::wifm() const {
    NNDF_CHECK(!is_input(), "an input layer has no input fmaps");
    return wifm_;
}

i64 Layer::ops_per_neuron() const {
    if (is_conv()) return hfil * wfil * nifm_ / (is_matmul() ? heads : groups);
    if (is_local_region()) return region_size();
    return 0;
}

bool Layer::is_valid_padding_sifm(i64 h, i64 w) const {
    i64 hlo = std::min(hofm * htrd, hifm()), hhi = std::max(hofm * htrd, hifm());
    i64 wlo = std::min(wofm * wtrd, wifm()), whi = std::max(wofm * wtrd, wifm());
    return hlo <= h && h <= hhi && wlo <= w && w <= whi;
}

DataLoops conv_data_loops() {
    return {DataDimLoops{le::IFM, le::OFM}, DataDimLoops{le::IFM, le::BAT},
            DataDimLoops{le::OFM, le::BAT}};
}
DataLoops local_region_data_loops() {
    return {DataDimLoops{}, DataDimLoops{le::OFM, le::BAT}, DataDimLoops{le::OFM, le::BAT}};
}
DataLoops input_data_loops() {
    return {DataDimLoops{}, DataDimLoops{}, DataDimLoops{le::OFM, le::BAT}};
}

DataLoops Layer::data_loops() const {
    if (is_conv()) return conv_data_loops();
    if (is_local_region()) return local_region_data_loops();
    return input_data_loops();
}

bool operator==(const Layer& a, const Layer& b) {
    auto family = [](const Layer& l) {
        return l.is_matmul() ? 3 : l.is_conv() ? 1 : l.is_local_region() ? 2 : 0;
    };
    if (family(a) != family(b)) return false;
    bool same = a.nofm == b.nofm && a.hofm == b.hofm && a.wofm == b.wofm && a.htrd == b.htrd &&
                a.wtrd == b.wtrd && a.nifm_ == b.nifm_ && a.hifm_ == b.hifm_ && a.wifm_ == b.wifm_;
    if (!same) return false;
    if (a.is_conv()) {
        return a.hfil == b.hfil && a.wfil == b.wfil && a.groups == b.groups && a.heads == b.heads &&
               a.transpose_rhs == b.transpose_rhs;
    }
    if (a.is_local_region()) {
        return a.nreg == b.nreg && a.hreg == b.hreg && a.wreg == b.wreg && a.ntrd == b.ntrd;
    }
    return true;
}

}  // namespace nndf
