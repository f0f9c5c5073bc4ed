// How `ripple report` prints an evaluation of campaigns (feedback/evaluation.h): an aligned table
// for a terminal (a header saying what was read and where the money figures come from, the
// rows, a total, a legend), or CSV with a header row for a spreadsheet or a script.
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "feedback/evaluation.h"

namespace ripple::cli {

// `source` names what was read (the decide state folder). Numbers are right-aligned; ratios in
// percent; the uplift as "+1.23 pp [0.40, 2.10] *" (percentage points, its interval, a flag).
std::string FormatReportTable(const feedback::Evaluation& ev, const std::string& source);

// One line per row: the grouping columns in the order asked (a slot as channel/slot, a day as
// YYYY-MM-DD), then the figures; ratios as fractions, empty when there is nothing to divide by
// (or no uplift); the last line is the total, "(total)" in the first column.
std::string FormatReportCsv(const feedback::Evaluation& ev);

}  // namespace ripple::cli
