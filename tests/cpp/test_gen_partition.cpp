// Mirrors the reference's tests/partition_test/test_gen_partition.py.
#include <set>

#include "partition_fixture.h"

using namespace nndf;
using test::PartitionFixture;

namespace {

using PIndex = std::array<i64, 5>;
using Mapping = std::map<PIndex, PhyDim2>;

/// Partition index (OFMP h, OFMP w, OUTP, INPP, BATP) -> node coordinate.
Mapping index_to_coord(const PartitionScheme& part) {
    const NodeRegion nr = NodeRegion::make(part.dim(), {0, 0}, NodeRegion::PROC);
    Mapping m;
    for (const auto& pidx : part.gen_pidx()) {
        auto flat = [&](int p) { return pidx[p].h * part.pdims[p].w + pidx[p].w; };
        const PIndex key{pidx[pe::OFMP].h, pidx[pe::OFMP].w, flat(pe::OUTP), flat(pe::INPP),
                         flat(pe::BATP)};
        CHECK(m.count(key) == 0);
        m[key] = part.coordinate(nr, pidx);
    }
    return m;
}

std::vector<Mapping> mappings(const std::vector<PartitionScheme>& parts) {
    std::vector<Mapping> maps;
    for (const auto& p : parts) maps.push_back(index_to_coord(p));
    return maps;
}

Mapping transposed(const Mapping& m) {
    Mapping t;
    for (const auto& [k, c] : m) t[k] = PhyDim2(c.w, c.h);
    return t;
}

using PartKey = std::pair<std::array<int, 4>, std::array<std::pair<i64, i64>, 4>>;
PartKey key(const PartitionScheme& p) {
    PartKey k;
    k.first = p.order;
    for (int i = 0; i < 4; ++i) k.second[i] = {p.pdims[i].h, p.pdims[i].w};
    return k;
}

std::set<PartKey> key_set(const std::vector<PartitionScheme>& v) {
    std::set<PartKey> s;
    for (const auto& p : v) s.insert(key(p));
    return s;
}

/// The schemes of `wl` under option `opt` are unsplit along `along`, and are
/// exactly the BASE layer's schemes under all options that are unsplit along
/// `truth`.
void check_restricted(const PartitionFixture& f, const std::string& wl, const std::string& opt,
                      std::initializer_list<int> along, std::initializer_list<int> truth) {
    const auto v = f.gen(wl, "BASE", opt);
    for (const auto& part : v) CHECK(part.size_of(along) == 1);
    std::vector<PartitionScheme> expect;
    for (const auto& p : f.gen())
        if (p.size_of(truth) == 1) expect.push_back(p);
    CHECK(key_set(v) == key_set(expect));
}

}  // namespace

TEST_SUITE("gen_partition") {
    TEST_CASE_FIXTURE(PartitionFixture, "full utilization") {
        for (const auto& [dn, nodes] : dim_nodes)
            for (const auto& [wl, _] : layers)
                for (const auto& [opt, __] : options) {
                    CAPTURE(dn);
                    CAPTURE(wl);
                    CAPTURE(opt);
                    for (const auto& part : gen(wl, dn, opt)) CHECK(part.dim() == nodes);
                }
    }

    TEST_CASE_FIXTURE(PartitionFixture, "OUTP, OFMP and INPP approximately dividable") {
        for (const auto& [wl, layer] : layers)
            for (const auto& [dn, _] : dim_nodes)
                for (const auto& part : gen(wl, dn)) {
                    const PhyDim2 ofmp = part.dim_of({pe::OFMP});
                    CHECK(approx_dividable(layer.hofm, ofmp.h));
                    CHECK(approx_dividable(layer.wofm, ofmp.w));
                    CHECK(approx_dividable(layer.nofm, part.size_of({pe::OUTP})));
                    CHECK(approx_dividable(layer.nifm(), part.size_of({pe::INPP})));
                }
    }

    TEST_CASE_FIXTURE(PartitionFixture, "BATP divides the batch") {
        for (const auto& part : gen("BASE", "LG"))
            CHECK(batch_size % part.size_of({pe::BATP}) == 0);
        for (const auto& part : gen("BASE", "PRIME")) CHECK(part.size_of({pe::BATP}) == 1);
    }

    TEST_CASE_FIXTURE(PartitionFixture, "local-region layers have no INPP") {
        for (const char* wl : {"POOL", "LR"})
            for (const auto& [dn, _] : dim_nodes)
                for (const auto& part : gen(wl, dn)) CHECK(part.size_of({pe::INPP}) == 1);
    }

    TEST_CASE_FIXTURE(PartitionFixture, "no BATP") {
        check_restricted(*this, "BASE", "NOBATP", {pe::BATP}, {pe::BATP});
    }

    TEST_CASE_FIXTURE(PartitionFixture, "no INPP") {
        check_restricted(*this, "BASE", "NOINPP", {pe::INPP}, {pe::INPP});
    }

    TEST_CASE_FIXTURE(PartitionFixture, "no hybrid partitioning of a conv layer") {
        check_restricted(*this, "BASE", "NOHYB", {pe::OUTP}, {pe::OUTP, pe::INPP});
    }

    TEST_CASE_FIXTURE(PartitionFixture, "no hybrid partitioning of an FC layer") {
        // As the reference: the truth set comes from the BASE layer's schemes.
        check_restricted(*this, "FC", "NOHYB", {pe::OFMP}, {pe::OFMP, pe::INPP});
    }

    TEST_CASE_FIXTURE(PartitionFixture, "no scheme twice") {
        for (const auto& [wl, _] : layers)
            for (const auto& [dn, __] : dim_nodes) {
                const auto v = gen(wl, dn);
                CHECK(key_set(v).size() == v.size());
            }
    }

    TEST_CASE_FIXTURE(PartitionFixture, "no equivalent schemes, also transposed") {
        for (const auto& [wl, _] : layers)
            for (const auto& [dn, __] : dim_nodes) {
                CAPTURE(wl);
                CAPTURE(dn);
                const auto v = gen(wl, dn);
                const std::vector<Mapping> maps = mappings(v);
                for (size_t i = 0; i < maps.size(); ++i) {
                    const Mapping t = transposed(maps[i]);
                    for (size_t j = 0; j < i; ++j) {
                        CHECK_MESSAGE(maps[j] != maps[i], "found equivalence");
                        CHECK_MESSAGE(maps[j] != t, "found transposed equivalence");
                    }
                }
            }
    }

    TEST_CASE_FIXTURE(PartitionFixture, "exhaustive up to equivalence") {
        for (const auto& [wl, _] : layers)
            for (const auto& [dn, __] : dim_nodes) {
                CAPTURE(wl);
                CAPTURE(dn);
                const auto v = gen(wl, dn);
                const std::vector<Mapping> maps = mappings(v);
                std::vector<bool> seen(v.size(), false);
                for (const auto& part : gen_full(wl, dn)) {
                    auto it = std::find(v.begin(), v.end(), part);
                    if (it != v.end()) {
                        seen[static_cast<size_t>(it - v.begin())] = true;
                        continue;
                    }
                    const Mapping m = index_to_coord(part);
                    auto im = std::find(maps.begin(), maps.end(), m);
                    if (im == maps.end()) im = std::find(maps.begin(), maps.end(), transposed(m));
                    CHECK_MESSAGE(im != maps.end(), "a scheme and its equivalents are missing");
                    if (im != maps.end()) seen[static_cast<size_t>(im - maps.begin())] = true;
                }
                // The full generator gives a superset.
                CHECK(std::all_of(seen.begin(), seen.end(), [](bool b) { return b; }));
            }
    }

    TEST_CASE_FIXTURE(PartitionFixture, "skip ratio of equivalents") {
        const double r =
            1. * static_cast<double>(gen().size()) / static_cast<double>(gen_full().size());
        CHECK(r <= 0.15);
    }

    TEST_CASE_FIXTURE(PartitionFixture, "guaranteed") {
        for (const auto& [wl, _] : layers) {
            if (wl.rfind("SSM", 0) != 0) continue;
            CAPTURE(wl);
            CHECK(gen(wl, "BASE", "NOBATP").empty());
            const auto v = gen(wl, "BASE", "NOBATP", true);
            REQUIRE(v.size() == 1);
            const auto& part = v[0];
            CHECK(part.size_of({pe::BATP}) == 1);
            CHECK(part.size_of({pe::INPP}) == 1);
            CHECK((part.size_of({pe::OUTP}) == 1 || part.size_of({pe::OFMP}) == 1));
        }
    }

}  // TEST_SUITE
