// A sweep: a base run document and axes of values, each a run field
// (docs/sweep.md). Its points are numbered in a fixed order (the last axis
// varies fastest in a product; a zip takes the i-th value of every axis) and
// any point is made from its index alone, so a sweep of any size is run,
// sharded and resumed without holding its points.
#pragma once

#include <string>
#include <vector>

#include "core/api/run_config.h"
#include "core/api/run_schema.h"

namespace nndf {

/// The `version` of the sweep documents this engine reads.
constexpr int kSweepVersion = 1;

struct SweepAxis {
    std::string path;  ///< The run field it sets (the run schema's name).
    const RunField* field = nullptr;
    std::vector<OJson> values;  ///< In JSON form, each read and checked.
};

/// One point of a sweep.
struct SweepPoint {
    size_t index = 0;
    OJson values;  ///< {path: value} per axis, in axis order (a network document by its name).
    RunConfig config;
    /// Why the point cannot run (the first rule it breaks, as the CLI words
    /// it: `regf: must hold ...`), or empty. Its line is then an error, with
    /// no search.
    std::string problem;
};

class Sweep {
  public:
    /// Reads and checks a sweep document. InputError names the place:
    /// `base.gbuf`, `axes[1].values[3]` with the field in the message
    /// (`gbuf: must be ...`), `axes[0].range.steps`, `combine`.
    static Sweep read(const OJson& doc);

    /// How many points.
    size_t size() const { return size_; }
    /// The point of an index in [0, size()).
    SweepPoint point(size_t index) const;
    const std::vector<SweepAxis>& axes() const { return axes_; }
    bool zip() const { return zip_; }
    /// Sixteen hex digits that tell this sweep from another: a hash of its
    /// base and its expanded axes. Every output line carries it, so that
    /// --resume and merge can refuse lines of another sweep.
    const std::string& fingerprint() const { return fingerprint_; }

  private:
    RunConfig base_;
    std::vector<SweepAxis> axes_;
    bool zip_ = false;
    size_t size_ = 0;
    std::string fingerprint_;
};

/// A point as the page and the CLI pass it on: {"sweep": fingerprint,
/// "index", "count": the sweep's number of points, "values", "run": the
/// point's run document (only the fields given), and "problem" when it has
/// one}; without `with_run`, no "run" (all that a line needs, sweep_line.h).
OJson sweep_point_json(const Sweep& sweep, const SweepPoint& point, bool with_run = true);

}  // namespace nndf
