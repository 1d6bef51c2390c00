// File: pyos/os/sysinfo.hpp
//
// os — module-level basics (error, name), Miscellaneous System Information (cpu_count,
// process_cpu_count, getloadavg, sysconf/confstr/pathconf by name and their name tables,
// the path-ish constants) and Random numbers (getrandom, urandom).
//
// Constants that are libc macros hold Python's values and are used as they are: the _SC_*,
// _CS_*, _PC_* names (<unistd.h>), RTLD_LAZY, RTLD_NOW, RTLD_GLOBAL, RTLD_LOCAL,
// RTLD_NODELETE, RTLD_NOLOAD, RTLD_DEEPBIND (<dlfcn.h>), GRND_NONBLOCK, GRND_RANDOM
// (<sys/random.h>).
//
// Note for code inside namespace pyos::os that includes this header: `name`, `sep`,
// `curdir`, ... are namespace-scope names here, so a parameter of the same name in a
// function of namespace pyos::os trips -Wshadow.
#pragma once

#include <dlfcn.h>       // RTLD_*
#include <sys/random.h>  // GRND_*
#include <unistd.h>      // _SC_*, _CS_*, _PC_*

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "pyos/exceptions.hpp"
#include "pyos/pathlike.hpp"

namespace pyos::os {

// os.error: an alias of OSError.
using error = OSError;

// os.name
inline constexpr std::string_view name = "posix";

// The path-ish constants of os (posixpath's values).
inline constexpr std::string_view curdir = ".";
inline constexpr std::string_view pardir = "..";
inline constexpr std::string_view sep = "/";
inline constexpr std::optional<std::string_view> altsep = std::nullopt;  // None on POSIX
inline constexpr std::string_view extsep = ".";
inline constexpr std::string_view pathsep = ":";
inline constexpr std::string_view defpath = "/bin:/usr/bin";
inline constexpr std::string_view linesep = "\n";
inline constexpr std::string_view devnull = "/dev/null";

// os.cpu_count(): the number of logical CPUs in the system, or nullopt (None) when unknown.
// As CPython 3.13, the environment variable PYTHON_CPU_COUNT (a positive number, or
// "default") overrides it, and process_cpu_count too. CPython reads it once at start-up;
// pyos has none and reads os.environ at each call (the same for a variable set beforehand).
std::optional<int> cpu_count();
// os.process_cpu_count() (3.13): the CPUs the calling thread may run on (its affinity).
std::optional<int> process_cpu_count();

// os.getloadavg(): the 1, 5 and 15 minute load averages. OSError("Load averages are
// unobtainable") when the system has none.
std::array<double, 3> getloadavg();

// One entry of os.sysconf_names / os.confstr_names / os.pathconf_names: {"SC_ARG_MAX", _SC_ARG_MAX}.
struct conf_name {
  std::string_view name;
  int value;
};

// os.sysconf_names, os.confstr_names, os.pathconf_names: the dict name -> number CPython
// has on this platform (the same names; the numbers are the platform's macros). Python's
// dict lookups: at/[] raise KeyError, get gives nullopt. Iteration is in name order, as
// CPython's dicts are built.
class ConfNames {
 public:
  enum class Table { sysconf, confstr, pathconf };
  constexpr explicit ConfNames(Table table) noexcept : table_(table) {}

  int at(std::string_view key) const;
  int operator[](std::string_view key) const { return at(key); }
  std::optional<int> get(std::string_view key) const noexcept;
  bool contains(std::string_view key) const noexcept { return get(key).has_value(); }
  std::size_t size() const noexcept { return items().size(); }
  std::span<const conf_name> items() const noexcept;
  const conf_name* begin() const noexcept { return items().data(); }
  const conf_name* end() const noexcept { return items().data() + items().size(); }

 private:
  Table table_;
};

inline constexpr ConfNames sysconf_names{ConfNames::Table::sysconf};
inline constexpr ConfNames confstr_names{ConfNames::Table::confstr};
inline constexpr ConfNames pathconf_names{ConfNames::Table::pathconf};

// os.sysconf(name): the value, or -1 where the system sets no limit. A string name must be
// in sysconf_names (ValueError "unrecognized configuration name"); a number the system does
// not know raises OSError(EINVAL).
long sysconf(std::string_view name);
long sysconf(int name);
// os.confstr(name): the value, or nullopt (None) where the variable has none.
std::optional<std::string> confstr(std::string_view name);
std::optional<std::string> confstr(int name);
// os.pathconf(path, name) with a name from pathconf_names, or with a file descriptor.
// (os.pathconf(path, int) is in <pyos/os/fd.hpp>.) As CPython, an EINVAL error has no
// filename (it may be the name's fault), other errors name the path (or the fd).
// Deviation: os.pathconf(-1, name) crashes CPython 3.13 (pathconf(NULL)); pyos raises
// OSError(EFAULT) with filename -1, as os.stat(-1).
long pathconf(const PathLike& path, std::string_view name);
long pathconf(int fd, std::string_view name);
long pathconf(int fd, int name);
// os.fpathconf(fd, name) with a name from pathconf_names (the error has no filename).
long fpathconf(int fd, std::string_view name);

// os.getrandom(size, flags=0): up to `size` random bytes from getrandom(2) (one call; fewer
// bytes when interrupted or with GRND_RANDOM). flags: GRND_NONBLOCK (BlockingIOError instead
// of blocking), GRND_RANDOM. A negative size raises OSError(EINVAL), as Python.
std::string getrandom(std::ptrdiff_t size, int flags = 0);
// os.urandom(size): exactly `size` bytes for cryptographic use (getrandom(2), blocking until
// the pool is ready; /dev/urandom where the kernel has no getrandom). ValueError "negative
// argument not allowed"; NotImplementedError when no source exists.
std::string urandom(std::ptrdiff_t size);

}  // namespace pyos::os
