#include "core/model/option.h"

namespace nndf {

const char* opt_goal_name(OptGoal g) {
    switch (g) {
        case OptGoal::E:
            return "e";
        case OptGoal::D:
            return "d";
        case OptGoal::ED:
            return "ed";
    }
    return "?";
}

}  // namespace nndf
