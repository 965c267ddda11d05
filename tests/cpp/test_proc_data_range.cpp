// Mirrors the reference's tests/partition_test/test_proc_data_range.py.
#include <map>

#include "partition_fixture.h"

using namespace nndf;
using test::PartitionFixture;

TEST_SUITE("proc_data_range") {
    TEST_CASE_FIXTURE(PartitionFixture, "ifmap and ofmap range counts") {
        for (const auto& [wl, layer] : layers)
            for (const auto& [dn, _] : dim_nodes)
                for (const auto& part : gen(wl, dn)) {
                    CAPTURE(wl);
                    CAPTURE(dn);
                    std::map<test::FrngKey, i64> icnt, ocnt;
                    for (const auto& pidx : part.gen_pidx()) {
                        const ProcDataRange r = proc_data_range(layer, batch_size, part, pidx);
                        ++icnt[test::frng_key(r.ifrng)];
                        ++ocnt[test::frng_key(r.ofrng)];
                    }
                    const i64 per_rng = layer.is_conv() ? part.size_of({pe::OUTP}) : 1;
                    CHECK(static_cast<i64>(icnt.size()) == part.size() / per_rng);
                    for (const auto& [k, v] : icnt) CHECK(v == per_rng);
                    CHECK(static_cast<i64>(ocnt.size()) == part.size() / part.size_of({pe::INPP}));
                    for (const auto& [k, v] : ocnt) CHECK(v == part.size_of({pe::INPP}));
                }
    }

    TEST_CASE_FIXTURE(PartitionFixture, "ofmap ranges do not overlap") {
        for (const auto& [wl, layer] : layers)
            for (const auto& [dn, _] : dim_nodes)
                for (const auto& part : gen(wl, dn, "NOINPP")) {
                    std::vector<FmapRange> seen;
                    for (const auto& pidx : part.gen_pidx()) {
                        const FmapRange fr = proc_data_range(layer, batch_size, part, pidx).ofrng;
                        for (const auto& fr2 : seen) CHECK(fr.overlap(fr2).size() == 0);
                        seen.push_back(fr);
                    }
                }
    }

    TEST_CASE_FIXTURE(PartitionFixture, "ifmap and ofmap ranges cover the layer") {
        for (const char* wl : {"SM", "POOL"}) {
            const Layer& layer = layers[wl];
            for (const auto& [dn, _] : dim_nodes)
                for (const auto& part : gen(wl, dn, "NOINPP")) {
                    CAPTURE(wl);
                    CAPTURE(dn);
                    const i64 nb = batch_size, nn = layer.nifm(), nh = layer.hifm(),
                              nw = layer.wifm();
                    std::vector<char> covered(static_cast<size_t>(nb * nn * nh * nw), 0);
                    FmapRangeMap<int> ofrmap;
                    for (const auto& pidx : part.gen_pidx()) {
                        const ProcDataRange r = proc_data_range(layer, batch_size, part, pidx);
                        const FmapRange& f = r.ifrng;
                        for (i64 b = f.fp_beg.b; b < f.fp_end.b; ++b)
                            for (i64 n = f.fp_beg.n; n < f.fp_end.n; ++n)
                                for (i64 h = f.fp_beg.h; h < f.fp_end.h; ++h)
                                    for (i64 w = f.fp_beg.w; w < f.fp_end.w; ++w)
                                        covered[static_cast<size_t>(((b * nn + n) * nh + h) * nw +
                                                                    w)] = 1;
                        ofrmap.add(r.ofrng, 0);
                    }
                    // Every ifmap point is read by some node.
                    CHECK(
                        std::all_of(covered.begin(), covered.end(), [](char c) { return c != 0; }));
                    // The ofmap ranges make up the whole ofmap.
                    REQUIRE(ofrmap.is_complete());
                    const FmapRange cfr = ofrmap.complete_fmap_range();
                    CHECK(cfr.size_dim(0) == batch_size);
                    CHECK(cfr.size_dim(1) == layer.nofm);
                    CHECK(cfr.size_dim(2) == layer.hofm);
                    CHECK(cfr.size_dim(3) == layer.wofm);
                }
        }
    }

    TEST_CASE_FIXTURE(PartitionFixture, "ifmap and ofmap ranges of about equal sizes") {
        for (const auto& [wl, layer] : layers)
            for (const auto& [dn, _] : dim_nodes)
                for (const auto& part : gen(wl, dn, "NOINPP")) {
                    CAPTURE(wl);
                    CAPTURE(dn);
                    std::array<std::vector<i64>, 4> isz, osz;
                    for (const auto& pidx : part.gen_pidx()) {
                        const ProcDataRange r = proc_data_range(layer, batch_size, part, pidx);
                        for (int d = 0; d < 4; ++d) {
                            isz[d].push_back(r.ifrng.size_dim(d));
                            osz[d].push_back(r.ofrng.size_dim(d));
                        }
                    }
                    for (int d = 0; d < 4; ++d) {
                        CAPTURE(d);
                        i64 thr = 1;
                        if (layer.is_local_region()) {
                            thr = d == 1   ? layer.nreg - layer.nreg / 2
                                  : d == 2 ? layer.hreg
                                  : d == 3 ? layer.wreg
                                           : 1;
                        }
                        REQUIRE(static_cast<i64>(isz[d].size()) == part.size());
                        const auto [imin, imax] = std::minmax_element(isz[d].begin(), isz[d].end());
                        CHECK(*imax - *imin <= thr);
                        const auto [omin, omax] = std::minmax_element(osz[d].begin(), osz[d].end());
                        CHECK(*omax - *omin <= 1);
                    }
                }
    }

    TEST_CASE_FIXTURE(PartitionFixture, "ifmap range matches the ofmap range") {
        for (const auto& [wl, layer] : layers)
            for (const auto& [dn, _] : dim_nodes)
                for (const auto& part : gen(wl, dn, "NOINPP"))
                    for (const auto& pidx : part.gen_pidx()) {
                        CAPTURE(wl);
                        const ProcDataRange r = proc_data_range(layer, batch_size, part, pidx);
                        const FmapRange &ifr = r.ifrng, &ofr = r.ofrng;
                        CHECK(ofr.size_dim(0) == ifr.size_dim(0));
                        Layer ol;
                        if (layer.is_conv()) {
                            ol = Layer::conv(ifr.size_dim(1), ofr.size_dim(1),
                                             {ofr.size_dim(2), ofr.size_dim(3)},
                                             {layer.hfil, layer.wfil}, {layer.htrd, layer.wtrd});
                            CHECK(ol.nifm() == ifr.size_dim(1));
                        } else {
                            CHECK(ifr.fp_beg.n == std::max<i64>(0, ofr.fp_beg.n - layer.nreg / 2));
                            CHECK(ifr.fp_end.n == std::min(layer.nifm(), ofr.fp_end.n + layer.nreg -
                                                                             layer.nreg / 2));
                            ol = Layer::local_region(
                                ofr.size_dim(1), {ofr.size_dim(2), ofr.size_dim(3)}, layer.nreg,
                                {layer.hreg, layer.wreg}, 1, {layer.htrd, layer.wtrd});
                        }
                        CHECK(ol.hifm() == ifr.size_dim(2));
                        CHECK(ol.wifm() == ifr.size_dim(3));
                    }
    }

    TEST_CASE_FIXTURE(PartitionFixture, "filter ranges") {
        for (const auto& [wl, layer] : layers)
            for (const auto& [dn, _] : dim_nodes)
                for (const auto& part : gen(wl, dn))
                    for (const auto& pidx : part.gen_pidx()) {
                        const ProcDataRange r = proc_data_range(layer, batch_size, part, pidx);
                        if (layer.is_conv()) {
                            CHECK(r.fil_i.size() == r.ifrng.size_dim(1));
                            CHECK(r.fil_o.size() == r.ofrng.size_dim(1));
                        } else {
                            CHECK(r.fil_i.empty());
                            CHECK(r.fil_o.empty());
                        }
                    }
    }

}  // TEST_SUITE
