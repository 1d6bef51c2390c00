// os.statx / os.statx_result and the STATX_* / AT_STATX_* constants (Python 3.15, Linux).
//
// The pinned oracle (CPython 3.13) has no os.statx, so the expected values come from three
// places, each named next to its use:
//   * CPython 3.13 live: os.stat / os.lstat / os.major / os.minor on the same files (statx
//     must report what stat reports), /proc/self/fdinfo for the mount id;
//   * coreutils 9.1 live: `stat --printf=%w / %.9W` for the birth time;
//   * CPython 3.15's rules, read from its Modules/posixmodule.c (os_statx_impl and the
//     statx_result getters) and Doc/library/os.rst, and the kernel's uapi headers for the
//     constants: written down at each expectation.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "pyos/os/files.hpp"
#include "pyos/os/stat.hpp"
#include "os/stat_tree.hpp"
#include "support/pyos_test.hpp"

namespace pyos::os {
namespace {

// The tree of stat_tree.hpp.
class Statx : public testing::StatTree {};

// Every mask bit pyos knows: CPython's test_os builds its "maximal mask" the same way (the
// OR of every os.STATX_* name).
constexpr unsigned kAllBits = STATX_BASIC_STATS | STATX_BTIME | STATX_MNT_ID | STATX_DIOALIGN |
                              STATX_MNT_ID_UNIQUE | STATX_SUBVOL | STATX_WRITE_ATOMIC |
                              STATX_DIO_READ_ALIGN;

// CPython 3.15's rule (the statx_result getters): an optional attribute is None exactly when
// its bit is missing from the returned stx_mask; stx_mode needs STATX_TYPE or STATX_MODE,
// stx_mnt_id needs STATX_MNT_ID (STATX_MNT_ID_UNIQUE does not count).
void expect_present_iff_returned(const statx_result& r) {
  const std::uint32_t m = r.stx_mask;
  auto in = [m](unsigned bits) { return (m & bits) != 0; };
  EXPECT_EQ(r.stx_mode.has_value(), in(STATX_TYPE | STATX_MODE));
  EXPECT_EQ(r.stx_nlink.has_value(), in(STATX_NLINK));
  EXPECT_EQ(r.stx_uid.has_value(), in(STATX_UID));
  EXPECT_EQ(r.stx_gid.has_value(), in(STATX_GID));
  EXPECT_EQ(r.stx_ino.has_value(), in(STATX_INO));
  EXPECT_EQ(r.stx_size.has_value(), in(STATX_SIZE));
  EXPECT_EQ(r.stx_blocks.has_value(), in(STATX_BLOCKS));
  EXPECT_EQ(r.stx_atime.has_value(), in(STATX_ATIME));
  EXPECT_EQ(r.stx_atime_ns.has_value(), in(STATX_ATIME));
  EXPECT_EQ(r.stx_btime.has_value(), in(STATX_BTIME));
  EXPECT_EQ(r.stx_btime_ns.has_value(), in(STATX_BTIME));
  EXPECT_EQ(r.stx_ctime.has_value(), in(STATX_CTIME));
  EXPECT_EQ(r.stx_ctime_ns.has_value(), in(STATX_CTIME));
  EXPECT_EQ(r.stx_mtime.has_value(), in(STATX_MTIME));
  EXPECT_EQ(r.stx_mtime_ns.has_value(), in(STATX_MTIME));
  EXPECT_EQ(r.stx_mnt_id.has_value(), in(STATX_MNT_ID));
  EXPECT_EQ(r.stx_dio_mem_align.has_value(), in(STATX_DIOALIGN));
  EXPECT_EQ(r.stx_dio_offset_align.has_value(), in(STATX_DIOALIGN));
  EXPECT_EQ(r.stx_subvol.has_value(), in(STATX_SUBVOL));
  EXPECT_EQ(r.stx_atomic_write_unit_min.has_value(), in(STATX_WRITE_ATOMIC));
  EXPECT_EQ(r.stx_atomic_write_unit_max.has_value(), in(STATX_WRITE_ATOMIC));
  EXPECT_EQ(r.stx_atomic_write_segments_max.has_value(), in(STATX_WRITE_ATOMIC));
  EXPECT_EQ(r.stx_atomic_write_unit_max_opt.has_value(), in(STATX_WRITE_ATOMIC));
  EXPECT_EQ(r.stx_dio_read_offset_align.has_value(), in(STATX_DIO_READ_ALIGN));
  // stx_dev/stx_rdev are makedev() of their halves (CPython's os_statx_impl), so
  // os.major/os.minor give the halves back (CPython's test_os checks the same).
  EXPECT_EQ(r.stx_dev, (makedev)(r.stx_dev_major, r.stx_dev_minor));
  EXPECT_EQ(r.stx_rdev, (makedev)(r.stx_rdev_major, r.stx_rdev_minor));
  EXPECT_EQ(r.stx_attributes & r.stx_attributes_mask, r.stx_attributes);  // as CPython's test_os
}

// The statx fields under the names of the stat_result fields they must equal. Requires the
// basic stats, which every local file system returns.
nlohmann::json as_stat_json(const statx_result& x) {
  EXPECT_EQ(x.stx_mask & STATX_BASIC_STATS, STATX_BASIC_STATS);
  if ((x.stx_mask & STATX_BASIC_STATS) != STATX_BASIC_STATS) return nullptr;
  return {{"st_mode", *x.stx_mode},         {"st_ino", *x.stx_ino},           {"st_dev", x.stx_dev},
          {"st_nlink", *x.stx_nlink},       {"st_uid", *x.stx_uid},           {"st_gid", *x.stx_gid},
          {"st_size", *x.stx_size},         {"st_atime", *x.stx_atime},       {"st_mtime", *x.stx_mtime},
          {"st_ctime", *x.stx_ctime},       {"st_atime_ns", *x.stx_atime_ns}, {"st_mtime_ns", *x.stx_mtime_ns},
          {"st_ctime_ns", *x.stx_ctime_ns}, {"st_blocks", *x.stx_blocks},     {"st_blksize", x.stx_blksize},
          {"st_rdev", x.stx_rdev},          {"dev_major", x.stx_dev_major},   {"dev_minor", x.stx_dev_minor},
          {"rdev_major", x.stx_rdev_major}, {"rdev_minor", x.stx_rdev_minor}};
}

nlohmann::json as_stat_json(const stat_result& s) {
  return {{"st_mode", s.st_mode},         {"st_ino", s.st_ino},           {"st_dev", s.st_dev},
          {"st_nlink", s.st_nlink},       {"st_uid", s.st_uid},           {"st_gid", s.st_gid},
          {"st_size", s.st_size},         {"st_atime", s.st_atime_},      {"st_mtime", s.st_mtime_},
          {"st_ctime", s.st_ctime_},      {"st_atime_ns", s.st_atime_ns}, {"st_mtime_ns", s.st_mtime_ns},
          {"st_ctime_ns", s.st_ctime_ns}, {"st_blocks", s.st_blocks},     {"st_blksize", s.st_blksize},
          {"st_rdev", s.st_rdev},         {"dev_major", (major)(s.st_dev)}, {"dev_minor", (minor)(s.st_dev)},
          {"rdev_major", (major)(s.st_rdev)}, {"rdev_minor", (minor)(s.st_rdev)}};
}

constexpr const char* kPythonStat = R"(
import json, os, sys
fields = ["st_mode", "st_ino", "st_dev", "st_nlink", "st_uid", "st_gid", "st_size", "st_atime",
          "st_mtime", "st_ctime", "st_atime_ns", "st_mtime_ns", "st_ctime_ns", "st_blocks",
          "st_blksize", "st_rdev"]
out = {}
for p in sys.argv[1:]:
    for name, fn in (("stat", os.stat), ("lstat", os.lstat)):
        s = fn(p)
        d = {f: getattr(s, f) for f in fields}
        d.update(dev_major=os.major(s.st_dev), dev_minor=os.minor(s.st_dev),
                 rdev_major=os.major(s.st_rdev), rdev_minor=os.minor(s.st_rdev))
        out[name + ":" + p] = d
print(json.dumps(out))
)";

TEST_F(Statx, BasicFieldsMatchCPythonStatLive) {
  std::vector<std::string> paths;
  for (const char* name : {"file", "dir", "link", "fifo"}) paths.push_back(tmp / name);
  paths.push_back("/dev/null");
  paths.push_back("/");
  const auto python = test::run_python(kPythonStat, paths);
  for (const auto& p : paths) {
    SCOPED_TRACE(p);
    const statx_result followed = statx(p, kAllBits);
    const statx_result link = statx(p, kAllBits, {.follow_symlinks = false});
    expect_present_iff_returned(followed);
    expect_present_iff_returned(link);
    EXPECT_EQ(as_stat_json(followed), python.at("stat:" + p));
    EXPECT_EQ(as_stat_json(link), python.at("lstat:" + p));
    // And with pyos's own stat(), field for field.
    EXPECT_EQ(as_stat_json(followed), as_stat_json(stat(p)));
    EXPECT_EQ(as_stat_json(link), as_stat_json(lstat(p)));
  }
}

TEST_F(Statx, SymlinkFollowedOrNot) {
  const auto file = statx(tmp / "file", STATX_BASIC_STATS);
  const auto followed = statx(tmp / "link", STATX_BASIC_STATS);
  const auto link = statx(tmp / "link", STATX_BASIC_STATS, {.follow_symlinks = false});
  ASSERT_TRUE(followed.stx_mode && link.stx_mode && file.stx_ino && link.stx_size);
  EXPECT_TRUE(S_ISREG(*followed.stx_mode));
  EXPECT_EQ(followed.stx_ino, file.stx_ino);
  EXPECT_TRUE(S_ISLNK(*link.stx_mode));
  EXPECT_NE(link.stx_ino, file.stx_ino);
  EXPECT_EQ(*link.stx_size, 4U);  // a symlink's size is the length of its target, "file"
  // A dangling link: following fails as os.stat does, not following works.
  EXPECT_RAISES(statx(tmp / "dangling", STATX_BASIC_STATS), FileNotFoundError, ENOENT);
  EXPECT_TRUE(S_ISLNK(*statx(tmp / "dangling", STATX_TYPE, {.follow_symlinks = false}).stx_mode));
}

TEST_F(Statx, ByFdAndByDirFd) {
  const int dirfd = ::open(tmp.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  const int fd = ::open((tmp / "file").c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(dirfd, 0);
  ASSERT_GE(fd, 0);
  const auto by_path = statx(tmp / "file", kAllBits);
  // The same file three ways: the results are equal field for field (nothing touches the
  // file in between, so even atime agrees).
  EXPECT_EQ(statx(fd, kAllBits), by_path);
  EXPECT_EQ(statx("file", kAllBits, {.dir_fd = dirfd}), by_path);
  EXPECT_EQ(as_stat_json(statx(fd, STATX_BASIC_STATS)), as_stat_json(fstat(fd)));
  // dir_fd with follow_symlinks=False is fstatat(dirfd, "link", AT_SYMLINK_NOFOLLOW).
  const auto link = statx("link", STATX_BASIC_STATS, {.dir_fd = dirfd, .follow_symlinks = false});
  EXPECT_EQ(as_stat_json(link), as_stat_json(lstat("link", dirfd)));
  // The fd of a directory, and an O_PATH fd of a symlink (statx with AT_EMPTY_PATH reports
  // the link itself, as fstat does).
  EXPECT_EQ(as_stat_json(statx(dirfd, STATX_BASIC_STATS)), as_stat_json(stat(tmp.path())));
  const int linkfd = ::open((tmp / "link").c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC);
  ASSERT_GE(linkfd, 0);
  EXPECT_TRUE(S_ISLNK(*statx(linkfd, STATX_TYPE).stx_mode));
  ::close(linkfd);
  ::close(fd);
  ::close(dirfd);
}

TEST_F(Statx, CharacterDeviceNumbers) {
  // /dev/null is character device 1:3 on Linux; the expected numbers come from CPython's
  // os.major/os.minor of os.stat('/dev/null').st_rdev, compared live.
  const auto python = test::run_python(R"(
import json, os
s = os.stat("/dev/null")
print(json.dumps({"major": os.major(s.st_rdev), "minor": os.minor(s.st_rdev), "rdev": s.st_rdev}))
)");
  const auto x = statx("/dev/null", STATX_BASIC_STATS);
  ASSERT_TRUE(x.stx_mode.has_value());
  EXPECT_TRUE(S_ISCHR(*x.stx_mode));
  EXPECT_EQ(x.stx_rdev_major, python.at("major").get<unsigned>());
  EXPECT_EQ(x.stx_rdev_minor, python.at("minor").get<unsigned>());
  EXPECT_EQ(x.stx_rdev, python.at("rdev").get<std::uint64_t>());
  EXPECT_EQ(x.stx_rdev_major, 1U);
  EXPECT_EQ(x.stx_rdev_minor, 3U);
}

// coreutils' stat prints the birth time with %W (seconds, "0" when unknown), %.9W (with
// nanoseconds) and %w (human, "-" when unknown); it asks statx for STATX_BTIME as we do.
constexpr const char* kCoreutilsBirth = R"(
import json, subprocess, sys
out = {}
for p in sys.argv[1:]:
    human, precise = subprocess.check_output(["stat", "-L", "--printf=%w\n%.9W", p], text=True).split("\n")
    if human == "-":
        out[p] = {"known": False}
    else:
        sec, frac = precise.split(".")
        out[p] = {"known": True, "ns": int(sec) * 10**9 + int(frac),
                  "seconds": int(sec) + int(frac) * 1e-9}
print(json.dumps(out))
)";

TEST_F(Statx, BirthTimeMatchesCoreutils) {
  std::vector<std::string> paths = {tmp / "file", tmp / "dir", "/dev/null", "/"};
  const auto coreutils = test::run_python(kCoreutilsBirth, paths);
  for (const auto& p : paths) {
    SCOPED_TRACE(p);
    const auto x = statx(p, STATX_BTIME);
    const auto& expected = coreutils.at(p);
    EXPECT_EQ(x.stx_btime.has_value(), expected.at("known").get<bool>());
    if (!x.stx_btime) continue;
    EXPECT_EQ(*x.stx_btime_ns, expected.at("ns").get<std::int64_t>());
    // The float is sec + nsec * 1e-9 in double, CPython's arithmetic (the oracle script
    // computes it the same way in Python).
    EXPECT_EQ(*x.stx_btime, expected.at("seconds").get<double>());
  }
}

TEST_F(Statx, MountIdMatchesProcFdinfo) {
  // /proc/self/fdinfo/<fd> shows "mnt_id:", the same (non-unique) mount id that
  // STATX_MNT_ID returns; CPython 3.13 reads it for an O_PATH descriptor of the file.
  const std::vector<std::string> paths = {tmp / "file", "/dev/null", "/"};
  const auto python = test::run_python(R"(
import json, os, sys
out = {}
for p in sys.argv[1:]:
    fd = os.open(p, os.O_PATH)
    with open(f"/proc/self/fdinfo/{fd}") as f:
        out[p] = next(int(l.split()[1]) for l in f if l.startswith("mnt_id:"))
    os.close(fd)
print(json.dumps(out))
)",
                                       paths);
  for (const auto& p : paths) {
    SCOPED_TRACE(p);
    const auto x = statx(p, STATX_MNT_ID);
    expect_present_iff_returned(x);
    if (x.stx_mask & STATX_MNT_ID) {
      EXPECT_EQ(*x.stx_mnt_id, python.at(p).get<std::uint64_t>());
    }
  }
}

TEST_F(Statx, FieldsPresentExactlyWhenReturned) {
  // Asking for STATX_SIZE alone: the kernel may return more than asked (local file systems
  // fill every basic stat for free, Linux always adds STATX_MNT_ID), but whatever it
  // returns, each optional field is there iff its bit came back.
  const auto size_only = statx(tmp / "file", STATX_SIZE);
  expect_present_iff_returned(size_only);
  ASSERT_TRUE(size_only.stx_mask & STATX_SIZE);
  EXPECT_EQ(*size_only.stx_size, 5U);  // SetUp wrote "hello"
  for (unsigned mask : {0U, STATX_TYPE, STATX_MODE, STATX_BTIME, STATX_MNT_ID, STATX_MNT_ID_UNIQUE,
                        STATX_DIOALIGN, STATX_SUBVOL, STATX_WRITE_ATOMIC, STATX_DIO_READ_ALIGN, kAllBits}) {
    for (const char* name : {"file", "dir", "link", "fifo"}) {
      SCOPED_TRACE(std::string(name) + " mask " + std::to_string(mask));
      expect_present_iff_returned(statx(tmp / name, mask));
      expect_present_iff_returned(statx(tmp / name, mask, {.follow_symlinks = false}));
    }
  }
  // Bits pyos does not know are dropped before the call, as CPython drops what is not in
  // its _Py_STATX_KNOWN: STATX__RESERVED (0x80000000), which the kernel refuses with EINVAL,
  // asks for nothing instead.
  struct ::statx raw;
  errno = 0;
  EXPECT_EQ(::statx(AT_FDCWD, (tmp / "file").c_str(), 0, STATX_SIZE | STATX__RESERVED, &raw), -1);
  EXPECT_EQ(errno, EINVAL);
  const auto reserved = statx(tmp / "file", STATX_SIZE | STATX__RESERVED | 0x40000U);
  EXPECT_EQ(reserved.stx_mask, size_only.stx_mask);
  EXPECT_EQ(reserved.stx_size, size_only.stx_size);
}

TEST_F(Statx, TimesUseStatArithmetic) {
  // Times with every nanosecond digit set, compared with CPython 3.13's os.stat of the same
  // file: the float seconds must be the very same double.
  const struct timespec times[2] = {{1'002'003'004, 5'006'007}, {1'700'000'000, 999'999'999}};
  ASSERT_EQ(::utimensat(AT_FDCWD, (tmp / "file").c_str(), times, 0), 0);
  const auto python = test::run_python(kPythonStat, {tmp / "file"});
  const auto& st = python.at("stat:" + (tmp / "file"));
  const auto x = statx(tmp / "file", STATX_ATIME | STATX_MTIME);
  ASSERT_TRUE(x.stx_atime && x.stx_mtime);
  EXPECT_EQ(*x.stx_atime, st.at("st_atime").get<double>());
  EXPECT_EQ(*x.stx_mtime, st.at("st_mtime").get<double>());
  EXPECT_EQ(*x.stx_atime_ns, 1'002'003'004'005'006'007LL);
  EXPECT_EQ(*x.stx_mtime_ns, 1'700'000'000'999'999'999LL);
}

TEST_F(Statx, FlagsAsCPython) {
  // CPython's test_posix.test_statx_flags: these four are accepted...
  for (int flags : {AT_NO_AUTOMOUNT, AT_STATX_SYNC_AS_STAT, AT_STATX_FORCE_SYNC, AT_STATX_DONT_SYNC}) {
    SCOPED_TRACE(flags);
    EXPECT_EQ(statx(tmp / "file", STATX_SIZE, {.flags = flags}).stx_size, 5U);
  }
  // ...the flags its keyword arguments stand for are refused with ValueError (messages from
  // CPython's os_statx_impl, checked before the call, whatever the path)...
  EXPECT_RAISES_MSG(statx(tmp / "file", STATX_SIZE, {.flags = AT_SYMLINK_NOFOLLOW}), ValueError,
                    "use follow_symlinks kwarg instead of AT_SYMLINK_* flag");
  EXPECT_RAISES_MSG(statx(tmp / "file", STATX_SIZE, {.flags = AT_SYMLINK_FOLLOW}), ValueError,
                    "use follow_symlinks kwarg instead of AT_SYMLINK_* flag");
  EXPECT_RAISES_MSG(statx(tmp / "file", STATX_SIZE, {.flags = AT_EMPTY_PATH}), ValueError,
                    "use dir_fd kwarg instead of AT_EMPTY_PATH flag");
  EXPECT_RAISES_MSG(statx(0, STATX_SIZE, {.flags = AT_EMPTY_PATH}), ValueError,
                    "use dir_fd kwarg instead of AT_EMPTY_PATH flag");
  // ...and a contradictory pair goes to the kernel, which says EINVAL (test_posix checks
  // the errno; the str() is path_error's, as for every failing os.stat).
  EXPECT_RAISES_MSG(statx(tmp / "file", STATX_SIZE, {.flags = AT_STATX_FORCE_SYNC | AT_STATX_DONT_SYNC}),
                    OSError, "[Errno 22] Invalid argument: '" + (tmp / "file") + "'");
}

TEST(StatxConstants, KernelValues) {
  // include/uapi/linux/stat.h and include/uapi/linux/fcntl.h (Linux 6.16); Python's
  // os.STATX_* / os.AT_* are these numbers.
  EXPECT_EQ(STATX_TYPE, 0x1U);
  EXPECT_EQ(STATX_MODE, 0x2U);
  EXPECT_EQ(STATX_NLINK, 0x4U);
  EXPECT_EQ(STATX_UID, 0x8U);
  EXPECT_EQ(STATX_GID, 0x10U);
  EXPECT_EQ(STATX_ATIME, 0x20U);
  EXPECT_EQ(STATX_MTIME, 0x40U);
  EXPECT_EQ(STATX_CTIME, 0x80U);
  EXPECT_EQ(STATX_INO, 0x100U);
  EXPECT_EQ(STATX_SIZE, 0x200U);
  EXPECT_EQ(STATX_BLOCKS, 0x400U);
  EXPECT_EQ(STATX_BASIC_STATS, 0x7ffU);
  EXPECT_EQ(STATX_BTIME, 0x800U);
  EXPECT_EQ(STATX_MNT_ID, 0x1000U);
  EXPECT_EQ(STATX_DIOALIGN, 0x2000U);
  EXPECT_EQ(STATX_MNT_ID_UNIQUE, 0x4000U);
  EXPECT_EQ(STATX_SUBVOL, 0x8000U);
  EXPECT_EQ(STATX_WRITE_ATOMIC, 0x10000U);
  EXPECT_EQ(STATX_DIO_READ_ALIGN, 0x20000U);
  EXPECT_EQ(AT_STATX_SYNC_AS_STAT, 0);
  EXPECT_EQ(AT_STATX_FORCE_SYNC, 0x2000);
  EXPECT_EQ(AT_STATX_DONT_SYNC, 0x4000);
  EXPECT_EQ(AT_NO_AUTOMOUNT, 0x800);
}

TEST_F(Statx, ErrorsAsStat) {
  // os.statx reports a failing call with path_error(path), as os.stat does: the same class
  // and str() as CPython 3.13's os.stat on the same argument, asked live.
  const std::vector<std::string> missing = {tmp / "dangling", "/nonexist/x", (tmp / "file") + "/x", ""};
  const auto python = test::run_python(R"(
import json, os, sys
out = {}
for p in sys.argv[1:]:
    try:
        os.stat(p)
    except OSError as e:
        out[p] = [type(e).__name__, str(e)]
print(json.dumps(out))
)",
                                       missing);
  for (const auto& p : missing) {
    SCOPED_TRACE(p);
    const auto& expected = python.at(p);
    bool raised = false;
    try {
      statx(p, STATX_BASIC_STATS);
    } catch (const OSError& e) {
      raised = true;
      EXPECT_EQ(e.type_name(), expected.at(0).get<std::string>());
      EXPECT_EQ(std::string(e.what()), expected.at(1).get<std::string>());
    }
    EXPECT_TRUE(raised);
  }
  EXPECT_RAISES_MSG(statx(tmp / "missing", STATX_SIZE), FileNotFoundError,
                    "[Errno 2] No such file or directory: '" + (tmp / "missing") + "'");
  // An fd argument names the fd (as os.stat(999) does).
  EXPECT_RAISES_MSG(statx(999, STATX_SIZE), OSError, "[Errno 9] Bad file descriptor: 999");
  // os.statx(-1): CPython marks fd arguments apart from its -1 "no fd" value, so this is
  // statx(-1, "", AT_EMPTY_PATH), which the kernel refuses with EBADF (os.stat(-1) instead
  // ends in stat(NULL): EFAULT).
  EXPECT_RAISES_MSG(statx(-1, STATX_SIZE), OSError, "[Errno 9] Bad file descriptor: -1");
  EXPECT_RAISES_MSG(statx("x", STATX_SIZE, {.dir_fd = 999}), OSError, "[Errno 9] Bad file descriptor: 'x'");
  // The option checks and messages of os.stat(fd), with the function's name.
  EXPECT_RAISES_MSG(statx(3, STATX_SIZE, {.follow_symlinks = false}), ValueError,
                    "statx: cannot use fd and follow_symlinks together");
  EXPECT_RAISES_MSG(statx(3, STATX_SIZE, {.dir_fd = 4}), ValueError,
                    "statx: can't specify dir_fd without matching path");
  EXPECT_RAISES_MSG(statx(3, STATX_SIZE, {.dir_fd = 4, .follow_symlinks = false}), ValueError,
                    "statx: can't specify dir_fd without matching path");
  // path_converter's message carries the function name: "stat: ..." for os.stat in 3.13.
  EXPECT_RAISES_MSG(statx(std::string("a\0b", 3), STATX_SIZE), ValueError,
                    "statx: embedded null character in path");
}

}  // namespace
}  // namespace pyos::os
