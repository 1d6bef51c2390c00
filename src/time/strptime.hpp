// File: time/strptime.hpp
//
// The strptime engine: CPython 3.13's Lib/_strptime.py, reimplemented without regular
// expressions. time.strptime returns its struct_time; datetime.strptime (later) needs the
// microseconds and the fraction of the UTC offset too, which is why the full result is here.
#pragma once

#include <string_view>

#include "pyos/time.hpp"

namespace pyos::time::detail {

// _strptime._strptime(data_string, format): the struct_time fields (tm_zone is the text
// matched by %Z, tm_gmtoff the offset parsed by %z; empty when absent), the microseconds of
// %f and the microseconds part of a %z offset.
struct StrptimeResult {
  struct_time tm;
  int fraction = 0;
  int gmtoff_fraction = 0;
};

StrptimeResult strptime_full(std::string_view data, std::string_view format);

// The same, returning the struct_time and storing the fractions where asked (nullptr: not).
struct_time strptime_tm(std::string_view data, std::string_view format, int* fraction,
                        int* gmtoff_fraction);

// For tests: with false, every string goes through the general backtracking matcher (the
// fast paths for ASCII input and simple formats must give the same results).
void set_strptime_fast_paths(bool enabled) noexcept;

}  // namespace pyos::time::detail
