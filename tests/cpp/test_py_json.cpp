// json.dump's text (core/formats/py_json.h): the result document must read
// like the reference's byte for byte, and Python keeps ints and floats apart.
#include <doctest/doctest.h>

#include <limits>

#include "core/formats/py_json.h"

using nndf::OJson;
using nndf::py_float_repr;
using nndf::py_json_dump;

TEST_SUITE("py_json") {
    TEST_CASE("an int prints without a point, a float with one") {
        CHECK(py_json_dump(OJson(0), -1) == "0");
        CHECK(py_json_dump(OJson(0.0), -1) == "0.0");
        CHECK(py_json_dump(OJson(-0.0), -1) == "-0.0");
        CHECK(py_json_dump(OJson(31104), -1) == "31104");
        CHECK(py_json_dump(OJson(31104.0), -1) == "31104.0");
        CHECK(py_json_dump(OJson::array({0, 0.0, 1, 1.0}), -1) == "[0, 0.0, 1, 1.0]");
    }

    TEST_CASE("floats print as Python's repr") {
        CHECK(py_float_repr(0.1) == "0.1");
        CHECK(py_float_repr(1e16) == "1e+16");
        CHECK(py_float_repr(1234567890123456.0) == "1234567890123456.0");
        CHECK(py_float_repr(0.0001) == "0.0001");
        CHECK(py_float_repr(1.5e-05) == "1.5e-05");
        CHECK(py_float_repr(2e-12) == "2e-12");
        CHECK(py_float_repr(606971904.0) == "606971904.0");
        CHECK(py_float_repr(1.0 / 3) == "0.3333333333333333");
        CHECK(py_float_repr(std::numeric_limits<double>::infinity()) == "Infinity");
        CHECK(py_float_repr(-std::numeric_limits<double>::infinity()) == "-Infinity");
        CHECK(py_float_repr(std::numeric_limits<double>::quiet_NaN()) == "NaN");
    }

    TEST_CASE("indent 2 as json.dump(indent=2): one value a line, empty containers inline") {
        OJson j;
        j["a"] = OJson::array({0, 0.5});
        j["b"] = OJson::object();
        j["c"] = OJson::array();
        j["d"] = true;
        j["e"] = nullptr;
        CHECK(py_json_dump(j, 2) ==
              "{\n"
              "  \"a\": [\n"
              "    0,\n"
              "    0.5\n"
              "  ],\n"
              "  \"b\": {},\n"
              "  \"c\": [],\n"
              "  \"d\": true,\n"
              "  \"e\": null\n"
              "}");
        CHECK(py_json_dump(j, -1) ==
              "{\"a\": [0, 0.5], \"b\": {}, \"c\": [], \"d\": true, \"e\": null}");
    }
}
