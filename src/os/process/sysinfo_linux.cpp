// os — Miscellaneous System Information and Random numbers.
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <string>
#include <vector>

#include "_sys/fd.hpp"
#include "_sys/fs_linux.hpp"
#include "_sys/process_linux.hpp"
#include "_sys/unique_fd.hpp"
#include "pyos/exceptions.hpp"
#include "pyos/os/environ.hpp"
#include "pyos/os/sysinfo.hpp"

namespace pyos::os {
namespace {

// The name tables: CPython 3.13's names for this platform (tools/oracle/gen_os_process.py
// writes them), each entry compiled only where the platform's <unistd.h> defines the macro,
// whose value it takes. Sorted by name, as CPython builds its dicts.
constexpr conf_name kSysconfNames[] = {
#include "sysconf_names.inc"
};
constexpr conf_name kConfstrNames[] = {
#include "confstr_names.inc"
};
constexpr conf_name kPathconfNames[] = {
#include "pathconf_names.inc"
};

constexpr bool sorted_by_name(std::span<const conf_name> table) {
  for (std::size_t i = 1; i < table.size(); ++i) {
    if (!(table[i - 1].name < table[i].name)) return false;
  }
  return true;
}
static_assert(sorted_by_name(kSysconfNames) && sorted_by_name(kConfstrNames) &&
              sorted_by_name(kPathconfNames));

const conf_name* find(std::span<const conf_name> table, std::string_view key) noexcept {
  const auto it = std::lower_bound(table.begin(), table.end(), key,
                                   [](const conf_name& c, std::string_view k) { return c.name < k; });
  return it != table.end() && it->name == key ? &*it : nullptr;
}

// conv_confname: a string must be in the table.
int lookup(const ConfNames& table, std::string_view key) {
  if (auto v = table.get(key)) return *v;
  throw ValueError("unrecognized configuration name");
}

// PYTHON_CPU_COUNT (CPython 3.13): a positive number overrides cpu_count() and
// process_cpu_count(); "default" (or unset, or anything else) does not. CPython reads it
// once at start-up; pyos has no start-up and reads os.environ at each call (the same
// thing for a variable set before the program starts).
std::optional<int> cpu_count_override() {
  const auto text = environ.get("PYTHON_CPU_COUNT");
  if (!text) return std::nullopt;
  int n = 0;
  const char* end = text->data() + text->size();
  const auto [ptr, ec] = std::from_chars(text->data(), end, n);
  if (ec != std::errc() || ptr != end || n < 1) return std::nullopt;
  return n;
}

// CPython's "no fd" mark is -1: os.pathconf(-1, ...) passes a NULL path (it crashes 3.13);
// pyos reports EFAULT as os.stat(-1) does.
void check_fd_path(int fd) {
  if (fd == -1) raise_from_errno(EFAULT, Filename::fd(fd));
}

// os.pathconf's error: EINVAL "could be a path or name problem" and has no filename.
[[noreturn]] void raise_pathconf(const _core::SysError& err, std::optional<Filename> filename) {
  if (err.code == EINVAL) raise_from_errno(err.code);
  raise_from_errno(err.code, std::move(filename));
}

}  // namespace

// --- the name tables --------------------------------------------------------------------------

std::span<const conf_name> ConfNames::items() const noexcept {
  switch (table_) {
    case Table::sysconf: return kSysconfNames;
    case Table::confstr: return kConfstrNames;
    case Table::pathconf: return kPathconfNames;
  }
  return {};
}

std::optional<int> ConfNames::get(std::string_view key) const noexcept {
  if (const conf_name* c = find(items(), key)) return c->value;
  return std::nullopt;
}

int ConfNames::at(std::string_view key) const {
  if (auto v = get(key)) return *v;
  throw KeyError(key);
}

// --- CPUs, load -------------------------------------------------------------------------------

std::optional<int> cpu_count() {
  if (auto n = cpu_count_override()) return n;
  const auto n = _sys::sysconf(_SC_NPROCESSORS_ONLN);
  if (!n || *n < 1) return std::nullopt;
  return static_cast<int>(*n);
}

std::optional<int> process_cpu_count() {
  if (auto n = cpu_count_override()) return n;
  // os.py: len(sched_getaffinity(0)); its errors are raised.
  return static_cast<int>(_sys::sched_getaffinity(0).or_raise().size());
}

std::array<double, 3> getloadavg() {
  auto load = _sys::getloadavg();
  if (!load) throw OSError("Load averages are unobtainable");
  return *load;
}

// --- sysconf / confstr / pathconf --------------------------------------------------------------

long sysconf(std::string_view key) { return sysconf(lookup(sysconf_names, key)); }
long sysconf(int key) { return _sys::sysconf(key).or_raise(); }

std::optional<std::string> confstr(std::string_view key) { return confstr(lookup(confstr_names, key)); }
std::optional<std::string> confstr(int key) { return _sys::confstr(key).or_raise(); }

long pathconf(const PathLike& path, std::string_view key) {
  const char* p = path.c_str("pathconf");
  const int n = lookup(pathconf_names, key);
  auto r = _sys::pathconf(p, n);
  if (!r) raise_pathconf(r.error(), Filename(path.fspath()));
  return *r;
}

long pathconf(int fd, int key) {
  check_fd_path(fd);
  auto r = _sys::fpathconf(fd, key);
  if (!r) raise_pathconf(r.error(), Filename::fd(fd));
  return *r;
}

long pathconf(int fd, std::string_view key) {
  const int n = lookup(pathconf_names, key);
  return pathconf(fd, n);
}

long fpathconf(int fd, std::string_view key) {
  if (fd < 0) {
    throw ValueError("file descriptor cannot be a negative integer (" + std::to_string(fd) + ")");
  }
  return _sys::fpathconf(fd, lookup(pathconf_names, key)).or_raise();
}

// --- random bytes -----------------------------------------------------------------------------

std::string getrandom(std::ptrdiff_t size, int flags) {
  if (size < 0) raise_from_errno(EINVAL);
  std::string out(static_cast<std::size_t>(size), '\0');
  const std::size_t n =
      _sys::getrandom(std::as_writable_bytes(std::span(out)), static_cast<unsigned>(flags)).or_raise();
  out.resize(n);
  return out;
}

namespace {

// CPython's fallback when the kernel has no getrandom(2) (or a seccomp filter forbids it).
void read_dev_urandom(std::span<std::byte> buffer) {
  auto fd = _sys::open("/dev/urandom", O_RDONLY);
  if (!fd) {
    const int err = fd.error().code;
    if (err == ENOENT || err == ENXIO || err == ENODEV || err == EACCES) {
      throw NotImplementedError("/dev/urandom (or equivalent) not found");
    }
    raise_from_errno(err, "/dev/urandom");
  }
  const _sys::UniqueFd owner(*fd);
  const std::size_t size = buffer.size();
  while (!buffer.empty()) {
    const std::size_t n = _sys::read(owner.get(), buffer).or_raise();
    if (n == 0) throw RuntimeError("Failed to read " + std::to_string(size) + " bytes from /dev/urandom");
    buffer = buffer.subspan(n);
  }
}

}  // namespace

std::string urandom(std::ptrdiff_t size) {
  if (size < 0) throw ValueError("negative argument not allowed");
  std::string out(static_cast<std::size_t>(size), '\0');
  std::span<std::byte> rest = std::as_writable_bytes(std::span(out));
  // getrandom(2) in blocking mode (it waits once, until the pool is initialised); a short
  // count asks again for the rest.
  while (!rest.empty()) {
    auto n = _sys::getrandom(rest, 0);
    if (!n) {
      if (n.error().code == ENOSYS || n.error().code == EPERM) {
        read_dev_urandom(rest);
        break;
      }
      raise_from_errno(n.error().code);
    }
    rest = rest.subspan(*n);
  }
  return out;
}

}  // namespace pyos::os
