// Networks of any size (issue 9): the search's cost and memory grow linearly
// with the layers. Checked here: a long chain's search gives the schedule one
// expects; partial schedules share their layers instead of copying them; the
// scheduling DAG and its segments come in the reference's order, computed
// without scanning every vertex or recursing once per layer (WebAssembly's
// stack is 64 kB: a recursion per layer overflows it on long networks).
#include <doctest/doctest.h>

#include <pthread.h>

#include <functional>
#include <set>
#include <unordered_map>

#include "core/formats/builtin_networks.h"
#include "core/network_search/nn_dataflow.h"
#include "loop_blocking_fixture.h"
#include "pipeline_fixture.h"

using namespace nndf;

namespace {

Network fc_chain(size_t n, i64 channels) {
    Network net("chain" + std::to_string(n));
    net.set_input_layer(Layer::input(channels, {1, 1}));
    for (size_t i = 0; i < n; ++i) net.add("fc" + std::to_string(i), Layer::fc(channels, channels));
    return net;
}

/// Runs `f` on a thread with a stack of `bytes`; rethrows what it throws.
void on_small_stack(size_t bytes, const std::function<void()>& f) {
    struct Job {
        const std::function<void()>* f;
        std::exception_ptr error;
    } job{&f, nullptr};
    auto run = [](void* p) -> void* {
        auto* j = static_cast<Job*>(p);
        try {
            (*j->f)();
        } catch (...) {
            j->error = std::current_exception();
        }
        return nullptr;
    };
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, bytes);
    pthread_t thread;
    const int rc = pthread_create(&thread, &attr, run, &job);
    pthread_attr_destroy(&attr);
    REQUIRE(rc == 0);
    pthread_join(thread, nullptr);
    if (job.error) std::rethrow_exception(job.error);
}

/// The reference's vertices (_calc_sched_dag), as it reads: a layer without
/// filters merges into the latest vertex, scanning back over all of them.
std::vector<std::vector<std::string>> ref_vertex_set(const Network& net) {
    std::vector<std::vector<std::string>> vset;
    for (const auto& name : net.layer_names()) {
        if (net[name].is_conv()) {
            vset.push_back({name});
            continue;
        }
        std::set<std::string> prevs;
        for (const auto& p : net.prevs(name)) prevs.insert(p ? *p : Network::kInputKey);
        bool merged = false;
        for (size_t k = vset.size(); k-- > 0 && !merged;) {
            auto& v = vset[k];
            bool head_disjoint = true;
            for (size_t i = 0; i + 1 < v.size(); ++i)
                if (prevs.count(v[i])) head_disjoint = false;
            if (head_disjoint && prevs.count(v.back()) && net.nexts(v.back()).size() == 1) {
                v.push_back(name);
                merged = true;
            }
        }
        if (!merged) vset.push_back({name});
    }
    return vset;
}

/// The reference's topological order of vertices: a recursive depth-first
/// search from the first layers, next vertices in reverse.
std::vector<std::vector<std::string>> ref_vertex_order(const Network& net) {
    const auto vset = ref_vertex_set(net);
    std::unordered_map<std::string, size_t> owner;
    for (size_t i = 0; i < vset.size(); ++i)
        for (const auto& l : vset[i]) owner[l] = i;
    std::vector<bool> unseen(vset.size(), true), done(vset.size(), false);
    std::vector<size_t> post;
    std::function<void(size_t)> dfs = [&](size_t v) {
        if (done[v]) return;
        unseen[v] = false;
        std::vector<std::string> nexts;
        for (const auto& l : vset[v]) {
            for (const auto& n : net.nexts(l)) {
                if (n && owner.at(*n) != v &&
                    std::find(nexts.begin(), nexts.end(), *n) == nexts.end())
                    nexts.push_back(*n);
            }
        }
        std::vector<size_t> next_vertices;
        for (auto it = nexts.rbegin(); it != nexts.rend(); ++it)
            if (unseen[owner.at(*it)]) next_vertices.push_back(owner.at(*it));
        for (size_t nv : next_vertices) dfs(nv);
        post.push_back(v);
        done[v] = true;
    };
    const auto firsts = net.firsts();
    std::vector<size_t> starts;
    for (auto it = firsts.rbegin(); it != firsts.rend(); ++it)
        if (unseen[owner.at(*it)]) starts.push_back(owner.at(*it));
    for (size_t v : starts) dfs(v);
    std::vector<std::vector<std::string>> out;
    for (auto it = post.rbegin(); it != post.rend(); ++it) out.push_back(vset[*it]);
    return out;
}

/// The reference's vertex segments (_gen_vseg), as it reads: recursive, a
/// start's longer segments after every later start's.
void ref_gen_vseg(const InterLayerPipeline& ilp, int start, std::vector<std::vector<int>>& out,
                  std::set<int>& done) {
    const int nv = static_cast<int>(ilp.vertices().size());
    std::vector<int> vseg;
    auto in_vseg = [&](int v) { return std::find(vseg.begin(), vseg.end(), v) != vseg.end(); };
    for (int frontier = start; frontier < nv; ++frontier) {
        const auto& fprevs = ilp.prevs(frontier);
        bool share_deps = vseg.empty();
        std::set<int> deps(vseg.begin(), vseg.end());
        for (int i : vseg) deps.insert(ilp.prevs(i).begin(), ilp.prevs(i).end());
        int in_seg = 0;
        for (int p : fprevs) {
            share_deps = share_deps || deps.count(p);
            in_seg += in_vseg(p);
        }
        if (!share_deps || in_seg > 1) break;
        vseg.push_back(frontier);
        bool valid = true;
        for (int idx : vseg) {
            int in = 0, outside = 0;
            for (int n : ilp.nexts(idx)) (in_vseg(n) ? in : outside) += 1;
            valid = valid && !(in > 0 && outside > 1);
        }
        if (!valid) continue;
        out.push_back(vseg);
        if (!done.count(frontier + 1)) ref_gen_vseg(ilp, frontier + 1, out, done);
    }
    done.insert(start);
}

std::vector<std::vector<int>> ref_gen_vseg(const InterLayerPipeline& ilp) {
    std::vector<std::vector<int>> out;
    std::set<int> done;
    ref_gen_vseg(ilp, 0, out, done);
    return out;
}

/// The networks to compare with the reference's algorithms: the pipeline
/// tests' shapes, the built-in networks and a wide fan-in.
std::vector<Network> shaped_networks() {
    std::vector<Network> nets;
    for (const auto& [_, n] : test::PipelineFixture().net) nets.push_back(n);
    for (const auto& b : builtin_networks()) nets.push_back(load_builtin_network(b.name));
    Network fan("fan_in");
    fan.set_input_layer(Layer::input(8, {4, 4}));
    std::vector<std::string> branches;
    for (int i = 0; i < 24; ++i) {
        branches.push_back("b" + std::to_string(i));
        fan.add(branches.back(), Layer::conv(8, 2, {4, 4}, {1, 1}), {Network::kInputKey});
        if (i % 3 == 0) {
            fan.add(branches.back() + "p", Layer::pooling(2, {4, 4}, {1, 1}));
            branches.back() += "p";
        }
    }
    fan.add("merge", Layer::eltwise(2, {4, 4}, 24), branches);
    fan.add("pool", Layer::pooling(2, {2, 2}, {2, 2}));
    nets.push_back(fan);
    return nets;
}

Resource one_node() {
    const NodeRegion mem = NodeRegion::make({1, 1}, {0, 0}, NodeRegion::DRAM);
    return test::make_resource(NodeRegion::make({1, 1}, {0, 0}, NodeRegion::PROC), mem, mem, mem,
                               {16, 16}, 64 * 1024, 256);
}

Cost unit_cost() {
    Cost c;
    c.mac_op = 1;
    c.mem_hier = {200, 6, 2, 1};
    c.noc_hop = 0;
    c.idl_unit = 0;
    return c;
}

}  // namespace

TEST_SUITE("network_size") {
    TEST_CASE("vertices and their order are the reference's") {
        for (const auto& net : shaped_networks()) {
            CAPTURE(net.name());
            CHECK(InterLayerPipeline(net).vertices() == ref_vertex_order(net));
        }
    }

    TEST_CASE("vertex segments come in the reference's order, also when bounded") {
        for (const auto& net : shaped_networks()) {
            CAPTURE(net.name());
            const InterLayerPipeline ilp(net);
            const auto all = ref_gen_vseg(ilp);
            CHECK(ilp.gen_vseg() == all);
            for (size_t max_len : {0, 1, 2, 3, 5, 9}) {
                CAPTURE(max_len);
                std::vector<std::vector<int>> bounded;
                for (const auto& v : all)
                    if (v.size() <= max_len) bounded.push_back(v);
                CHECK(ilp.gen_vseg(max_len) == bounded);
            }
        }
    }

    TEST_CASE("a spatial segment of more vertices than nodes is invalid, so none is generated") {
        // gen_segment stops at as many vertices as nodes for spatial segments.
        for (const PhyDim2 dim : {PhyDim2{1, 1}, PhyDim2{2, 1}, PhyDim2{2, 2}, PhyDim2{4, 2}}) {
            Resource r = one_node();
            r.proc_region = NodeRegion::make(dim, {0, 0}, NodeRegion::PROC);
            for (const auto& net : shaped_networks()) {
                CAPTURE(net.name());
                CAPTURE(dim.h);
                CAPTURE(dim.w);
                const InterLayerPipeline ilp(net);
                for (const auto& vseg : ilp.gen_vseg(static_cast<size_t>(dim.size()) + 3)) {
                    if (static_cast<i64>(vseg.size()) <= dim.size()) continue;
                    PipelineSegment::Layers spatial;
                    for (int v : vseg) spatial.push_back(ilp.vertices()[static_cast<size_t>(v)]);
                    CHECK(!PipelineSegment(spatial, net, 4, r).valid());
                }
            }
        }
    }

    TEST_CASE("a long chain's DAG and segments, on a small stack") {
        const size_t n = 20000;
        const Network net = fc_chain(n, 4);
        Option o;
        o.partition_interlayer = true;
        Resource r = one_node();
        r.proc_region = NodeRegion::make({2, 2}, {0, 0}, NodeRegion::PROC);
        size_t vsegs = 0, segments = 0;
        std::vector<std::string> order;
        on_small_stack(64 * 1024, [&] {
            const InterLayerPipeline ilp(net);
            order = ilp.ordered_layer_list();
            vsegs = ilp.gen_vseg(4).size();
            segments = ilp.gen_segment(1, r, o).size();
        });
        CHECK(order == net.layer_names());
        // Every start has its segments of 1 to 4 vertices, where they fit.
        CHECK(vsegs == 4 * n - 6);
        // Single layers, then spatial segments of 2 or 4 layers over 4
        // nodes (3 equal layers on 4 nodes leave a quarter of them idle, more
        // than the utilization drop allowed).
        CHECK(segments == n + (n - 1) + (n - 3));
    }

    TEST_CASE("segments of any length are refused past a bound real networks never reach") {
        Option o;
        o.partition_interlayer = true;
        o.hw_gbuf_save_writeback = true;  // time-multiplexed segments of any length
        Resource r = one_node();
        r.proc_region = NodeRegion::make({2, 2}, {0, 0}, NodeRegion::PROC);
        // 250 layers: about 250^2 / 2 vertex segments, over the 20,000 of the bound.
        const Network net = fc_chain(250, 4);
        const InterLayerPipeline ilp(net);
        CHECK(ilp.vseg_limit() == 20000);
        try {
            (void)ilp.gen_segment(1, r, o);
            FAIL("no error");
        } catch (const InputError& e) {
            CHECK(e.path() == "layer_pipeline_max_degree");
            CHECK(std::string(e.what()).find("more than 20000 pipeline segments") !=
                  std::string::npos);
        }
        // A bound on the degree keeps it linear.
        o.layer_pipeline_max_degree = 4;
        CHECK(ilp.gen_segment(1, r, o).size() > 250);
        // The built-in networks stay far below: at most 4 a layer, even on
        // 16x16 nodes with segments of any length.
        r.proc_region = NodeRegion::make({16, 16}, {0, 0}, NodeRegion::PROC);
        for (const char* name : {"resnet152", "gpt2_small", "vit_b16", "googlenet"}) {
            CAPTURE(name);
            const Network big = load_builtin_network(name);
            const InterLayerPipeline p(big);
            const size_t vsegs = p.gen_vseg().size();
            CHECK(vsegs <= 4 * big.layer_names().size());
            CHECK(vsegs <= p.vseg_limit());
        }
    }

    TEST_CASE("schedules extended from one share its layers") {
        const size_t n = 10000;
        const Network net = fc_chain(n, 4);
        const DataLayout layout = DataLayout::make(
            {FmapRange({0, 0, 0, 0}, {1, 4, 1, 1})},
            {NodeRegion::make({1, 1}, {0, 0}, NodeRegion::DRAM)}, {PartitionScheme()});
        std::vector<SchedulingResultPtr> results;
        for (size_t i = 0; i < n + 1; ++i) {
            auto r = std::make_shared<SchedulingResult>();
            r->cost = 1;
            r->time = 2;
            r->proc_time = 2;
            r->ofmap_layout = layout;
            r->lbs.bl_ts = {LoopTriple{1, 1, 1}, LoopTriple{1, 1, 1}, LoopTriple{1, 1, 1}};
            r->lbs.bl_ords = {std::array<int, 3>{0, 1, 2}, std::array<int, 3>{0, 1, 2}};
            r->sched_seq = {static_cast<i64>(std::min(i, n - 1)), 0, 0};
            results.push_back(std::move(r));
        }
        // Built and freed on a small stack: a schedule's layers are released
        // one after another, not by a recursion as deep as the network.
        on_small_stack(64 * 1024, [&] {
            NNDataflowScheme a(net, layout, {});
            for (size_t i = 0; i + 1 < n; ++i) a.set("fc" + std::to_string(i), results[i]);
            NNDataflowScheme b = a, c = a;
            b.set("fc" + std::to_string(n - 1), results[n - 1]);
            c.set("fc" + std::to_string(n - 1), results[n]);
            CHECK(b.shares_layers_with(c, n - 1));
            CHECK(!b.shares_layers_with(c, n));
            CHECK(b.shares_layers_with(a, n - 1));
            CHECK(&b["fc0"] == results[0].get());
            CHECK(&c["fc" + std::to_string(n - 1)] == results[n].get());
            CHECK(b.total_cost() == static_cast<double>(n));
            CHECK(b.total_time() == static_cast<i64>(2 * n));
            CHECK(b.segment_timing_list().size() == n);
        });
    }

    TEST_CASE("a long chain's search: every layer, in order, as in a short chain") {
        const size_t n = 1500;
        const Network net = fc_chain(n, 16);
        NNDataflow nnd(net, 4, one_node(), unit_cost());
        Option o;
        o.ntops = 2;
        const SearchOutcome out = nnd.schedule_search(o);
        REQUIRE(!out.tops.empty());
        const NNDataflowScheme& top = out.tops.front();
        const auto results = top.results();
        REQUIRE(results.size() == n);

        // The schedule one expects: a chain of three layers, its middle
        // layer repeated (each reads the same fmaps from the layer before).
        const Network three = fc_chain(3, 16);
        NNDataflow nnd3(three, 4, one_node(), unit_cost());
        const auto expected = nnd3.schedule_search(o).tops.front().results();
        auto same = [](const SchedulingResult& a, const SchedulingResult& b) {
            return a.cost == b.cost && a.time == b.time && a.lbs.bl_ts == b.lbs.bl_ts &&
                   a.lbs.bl_ords == b.lbs.bl_ords && a.part == b.part &&
                   a.ofmap_layout == b.ofmap_layout;
        };
        double cost = 0;
        i64 time = 0;
        for (size_t i = 0; i < n; ++i) {
            CAPTURE(i);
            CHECK(results[i].first == "fc" + std::to_string(i));
            CHECK(results[i].second->sched_seq == std::array<i64, 3>{static_cast<i64>(i), 0, 0});
            const size_t e = i == 0 ? 0 : i + 1 == n ? 2 : 1;
            CHECK(same(*results[i].second, *expected[e].second));
            cost += results[i].second->cost;
            time += static_cast<i64>(results[i].second->time);
        }
        CHECK(top.total_cost() == cost);
        CHECK(top.total_time() == time);
        CHECK(top.segment_timing_list().size() == n);
        // The kept schedules of the last layer extend those of the one before.
        for (const auto& t : out.tops) CHECK(t.size() == n);
    }
}
