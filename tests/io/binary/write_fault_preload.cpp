// LD_PRELOAD module for the fault tests' CPython side (fault_test.cpp): write(2) on a
// descriptor above 2 fails, or transfers fewer bytes, on the calls an armed plan names, as
// pyos's _sys fault seam does for pyos (src/_sys/fault.hpp: `nth` counts every attempt,
// `times` 0 means every call from `nth` on, an error replaces the call, a short count is a
// real, shorter transfer). Armed and disarmed from Python through ctypes.CDLL(None). Built
// without sanitizers: it is loaded into a Python that has none.
#include <dlfcn.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>

namespace {

using WriteFn = ssize_t (*)(int, const void*, std::size_t);

bool armed = false;
long nth = 0, times = 0, error = 0, short_count = -1, calls = 0;

WriteFn real_write() {
  static const auto fn = reinterpret_cast<WriteFn>(::dlsym(RTLD_NEXT, "write"));
  return fn;
}

}  // namespace

extern "C" {
void pyos_fault_arm(long first, long count, long err, long short_to);
long pyos_fault_disarm();
ssize_t write(int fd, const void* buf, std::size_t n);

// Arms the plan; later write(2) calls on descriptors above 2 are counted from 1.
__attribute__((visibility("default"))) void pyos_fault_arm(long first, long count, long err, long short_to) {
  nth = first;
  times = count;
  error = err;
  short_count = short_to;
  calls = 0;
  armed = true;
}

// Disarms; returns the calls counted since pyos_fault_arm.
__attribute__((visibility("default"))) long pyos_fault_disarm() {
  armed = false;
  return calls;
}

__attribute__((visibility("default"))) ssize_t write(int fd, const void* buf, std::size_t n) {
  if (armed && fd > 2) {
    const long k = ++calls;
    if (k >= nth && (times == 0 || k < nth + times)) {
      if (error != 0) {
        errno = static_cast<int>(error);
        return -1;
      }
      if (short_count >= 0 && n > static_cast<std::size_t>(short_count)) n = static_cast<std::size_t>(short_count);
    }
  }
  return real_write()(fd, buf, n);
}

}  // extern "C"
