// core/cpython_set_order.h against CPython 3.11 itself: the iteration order
// of sets of int 3-tuples, and the tuple hashes, recorded by
// tests/data/cpython_set_order/generate.py with /usr/bin/python3.
#include <doctest/doctest.h>

#include <array>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/python_compat/cpython_set_order.h"
#include "support.h"

using namespace nndf;

namespace {

using Tuple = std::array<long long, 3>;

struct SetCase {
    int line = 0;
    std::vector<Tuple> items, order;
    std::vector<int64_t> hashes;
};

std::vector<std::string> split_on(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == sep) {
            out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    out.push_back(cur);
    return out;
}

std::vector<Tuple> parse_tuples(const std::string& field) {
    std::vector<Tuple> out;
    for (const auto& word : test::split_words(field)) {
        const auto parts = split_on(word, ',');
        REQUIRE(parts.size() == 3);
        out.push_back({std::stoll(parts[0]), std::stoll(parts[1]), std::stoll(parts[2])});
    }
    return out;
}

const std::vector<SetCase>& set_cases() {
    static const std::vector<SetCase> cases = [] {
        std::vector<SetCase> v;
        std::istringstream in(
            test::read_text(test::source_path("tests/data/cpython_set_order/cases.tsv")));
        int lineno = 0;
        for (std::string line; std::getline(in, line);) {
            ++lineno;
            if (line.empty() || line[0] == '#') continue;
            const auto fields = split_on(line, '\t');
            REQUIRE(fields.size() == 3);
            SetCase c;
            c.line = lineno;
            c.items = parse_tuples(fields[0]);
            c.order = parse_tuples(fields[1]);
            for (const auto& h : test::split_words(fields[2])) c.hashes.push_back(std::stoll(h));
            v.push_back(std::move(c));
        }
        return v;
    }();
    return cases;
}

}  // namespace

TEST_SUITE("cpython_set_order") {
    TEST_CASE("the recorded cases are there") {
        const auto& cases = set_cases();
        REQUIRE(cases.size() == 200);
        size_t with_dups = 0, eight = 0;
        for (const auto& c : cases) {
            CHECK(c.order.size() == c.hashes.size());
            std::set<Tuple> distinct(c.items.begin(), c.items.end());
            CHECK(distinct.size() == c.order.size());
            with_dups += distinct.size() < c.items.size();
            eight += c.items.size() == 8;
        }
        // Duplicates and the table growth past 8 slots are both exercised.
        CHECK(with_dups > 20);
        CHECK(eight > 20);
    }

    TEST_CASE("tuple hashes equal CPython's hash()") {
        for (const auto& c : set_cases()) {
            CAPTURE(c.line);
            for (size_t k = 0; k < c.order.size(); ++k)
                CHECK(cpython_tuple_hash(c.order[k]) == c.hashes[k]);
        }
    }

    TEST_CASE("a few hashes by hand") {
        // hash((1, 2, 3)) and hash((0, 0, 0)) in CPython 3.11.
        CHECK(cpython_tuple_hash({1, 2, 3}) == 529344067295497451LL);
        CHECK(cpython_tuple_hash({0, 0, 0}) == 3010437511937009226LL);
    }

    TEST_CASE("iteration order equals CPython's") {
        for (const auto& c : set_cases()) {
            CAPTURE(c.line);
            CHECK(cpython_set_order(c.items) == c.order);
        }
    }

    TEST_CASE("the array form agrees with the vector form") {
        for (const auto& c : set_cases()) {
            CAPTURE(c.line);
            std::array<Tuple, 8> out{};
            const int m =
                cpython_set_order(c.items.data(), static_cast<int>(c.items.size()), out.data());
            REQUIRE(m == static_cast<int>(c.order.size()));
            CHECK(std::vector<Tuple>(out.begin(), out.begin() + m) == c.order);
        }
    }

    TEST_CASE("empty and single sets") {
        CHECK(cpython_set_order(std::vector<Tuple>{}).empty());
        CHECK(cpython_set_order(std::vector<Tuple>{{4, 2, 1}}) == std::vector<Tuple>{{4, 2, 1}});
        CHECK(cpython_set_order(std::vector<Tuple>{{4, 2, 1}, {4, 2, 1}}) ==
              std::vector<Tuple>{{4, 2, 1}});
    }

}  // TEST_SUITE
