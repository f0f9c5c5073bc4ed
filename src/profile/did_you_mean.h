// "Did you mean …?" for names typed by users (tag ids, feature names, config keys): the
// candidate closest in edit distance, and the comma-separated list to show when none is close.
// Used at parse time only, never on a hot path.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace ripple::profile {

// Levenshtein distance (insert, delete, substitute: cost 1 each), byte-wise.
size_t EditDistance(std::string_view a, std::string_view b);

// The candidate nearest to `name` if its distance is at most `max_distance` (the first such in
// `candidates` on a tie); failing that the first candidate that is a prefix of `name` or has
// `name` as a prefix (the shorter of the two at least 3 characters); otherwise empty.
std::string_view ClosestName(std::string_view name, std::span<const std::string_view> candidates,
                             size_t max_distance = 2);

// " (did you mean 'x'?)" when a candidate is close, else "" — ready to append to a message.
std::string DidYouMean(std::string_view name, std::span<const std::string_view> candidates);

// "a, b, c".
std::string JoinNames(std::span<const std::string_view> names);

}  // namespace ripple::profile
