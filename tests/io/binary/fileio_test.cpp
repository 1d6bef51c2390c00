// io.FileIO: live comparisons with CPython (error table, files byte-identical, attributes)
// and the non-blocking None semantics on a real pipe.
#include <fcntl.h>
#include <unistd.h>

#include <fstream>

#include "pyos/io/buffered.hpp"
#include "pyos/io/fileio.hpp"
#include "support/pyos_test.hpp"

namespace pyos::test {
namespace {

using nlohmann::json;
namespace io = pyos::io;

json describe(const std::function<json()>& fn) {
  try {
    return json{{"ok", fn()}};
  } catch (const BaseException& e) {
    return json{{"exc", std::string(e.type_name())}, {"msg", e.what()}};
  }
}

class FileIOTest : public TempDirTest {};

// FileIO(path, mode) for every mode shape, against CPython: class and message of the error,
// or the mode string FileIO reports.
TEST_F(FileIOTest, ModeTableMatchesCPython) {
  const std::vector<std::string> modes = {"r", "rb", "w", "wb", "a", "ab", "x", "xb", "r+", "rb+", "r+b", "w+", "a+",
                                          "x+", "rw", "rr", "", "b", "+", "t", "rt", "U", "rU", "bt", "r+++", "wx",
                                          "ra", "++", "bb", "br", "a+b", std::string("r\0", 2)};
  const std::string existing = tmp / "exists";
  { std::ofstream(existing) << "data"; }
  json cases = json::array();
  for (const auto& m : modes) {
    for (const std::string& path : {existing, tmp / "missing"}) cases.push_back({m, path});
  }
  const json want = run_python(R"(
import _io, json, os, sys
cases = json.loads(sys.argv[1])
out = []
for mode, path in cases:
    try:
        f = _io.FileIO(path, mode); out.append({"ok": f.mode}); f.close()
    except Exception as e:
        out.append({"exc": type(e).__name__, "msg": str(e)})
    if os.path.exists(path) and not path.endswith("exists"): os.unlink(path)
print(json.dumps(out))
)", {cases.dump()});
  ASSERT_EQ(want.size(), cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const std::string mode = cases[i][0], path = cases[i][1];
    const json got = describe([&] { return json(*io::FileIO(path, mode).mode()); });
    EXPECT_EQ(got, want[i]) << "mode " << json(mode).dump() << " path " << path;
    if (path.ends_with("missing")) ::unlink(path.c_str());
  }
}

TEST_F(FileIOTest, ConstructorErrors) {
  EXPECT_RAISES_MSG(io::FileIO(-3), ValueError, "negative file descriptor");
  EXPECT_RAISES_MSG(io::FileIO(tmp / "x", "w", {.closefd = false}), ValueError, "Cannot use closefd=False with file name");
  EXPECT_RAISES_MSG(io::FileIO(tmp.path().string()), IsADirectoryError,
                    "[Errno 21] Is a directory: '" + tmp.path().string() + "'");
  EXPECT_RAISES_MSG(io::FileIO(tmp.path().string(), "w"), IsADirectoryError,
                    "[Errno 21] Is a directory: '" + tmp.path().string() + "'");
  EXPECT_RAISES_MSG(io::FileIO(tmp / "no/such"), FileNotFoundError,
                    "[Errno 2] No such file or directory: '" + (tmp / "no/such") + "'");
  EXPECT_RAISES_MSG(io::FileIO(std::string_view("a\0b", 3)), ValueError, "embedded null byte");
  EXPECT_RAISES(io::FileIO(987654), OSError, EBADF);
  EXPECT_RAISES_MSG(io::FileIO(tmp / "o", "w", {.opener = [](std::string_view, int) { return -2; }}), ValueError,
                    "opener returned -2");
}

TEST_F(FileIOTest, AttributesAndRepr) {
  const std::string p = tmp / "f";
  io::FileIO f(p, "w");
  EXPECT_EQ(f.name(), Filename(p));
  EXPECT_EQ(f.mode(), "wb");
  EXPECT_TRUE(f.closefd());
  EXPECT_EQ(f.repr(), "<_io.FileIO name='" + p + "' mode='wb' closefd=True>");
  EXPECT_TRUE(f.writable());
  EXPECT_FALSE(f.readable());
  EXPECT_TRUE(f.seekable());
  EXPECT_FALSE(f.isatty());
  EXPECT_RAISES_MSG(f.read(1), UnsupportedOperation, "File not open for reading");
  const int fd = f.fileno();
  io::FileIO g(fd, "r", {.closefd = false});
  EXPECT_EQ(g.name(), Filename::fd(fd));
  EXPECT_EQ(g.repr(), "<_io.FileIO fd=" + std::to_string(fd) + " mode='rb' closefd=False>");
  g.close();
  EXPECT_EQ(::fcntl(fd, F_GETFD), FD_CLOEXEC);  // still open (closefd=False), non-inheritable
  f.close();
  EXPECT_EQ(f.repr(), "<_io.FileIO [closed]>");
  EXPECT_RAISES_MSG(f.write("x"), ValueError, "I/O operation on closed file");
  EXPECT_RAISES_MSG((void)f.fileno(), ValueError, "I/O operation on closed file");
  io::FileIO r(p, "r");
  EXPECT_RAISES_MSG(r.write("x"), UnsupportedOperation, "File not open for writing");
  EXPECT_RAISES_MSG(r.truncate(), UnsupportedOperation, "File not open for writing");
}

// The same operations in pyos and CPython leave byte-identical files with the same
// positions reported on the way.
TEST_F(FileIOTest, OperationsMatchCPythonByteForByte) {
  const std::string mine = tmp / "mine", theirs = tmp / "theirs";
  { std::ofstream(mine) << "0123456789"; }
  { std::ofstream(theirs) << "0123456789"; }
  std::vector<std::int64_t> positions;
  {
    io::FileIO f(mine, "a+");
    positions.push_back(f.tell());
    f.write("abc");
    positions.push_back(f.seek(2));
    positions.push_back(static_cast<std::int64_t>(f.read(3).size()));
    f.write("XY");  // append mode: to the end
    positions.push_back(f.tell());
    positions.push_back(f.truncate(20));
    positions.push_back(f.seek(0, SEEK_END));
  }
  {
    io::FileIO f(mine, "r+");
    f.seek(4);
    f.write("__");
    positions.push_back(f.tell());
    positions.push_back(static_cast<std::int64_t>(f.readall()->size()));
  }
  const json want = run_python(R"(
import _io, json, sys
p = sys.argv[1]; pos = []
with _io.FileIO(p, "a+") as f:
    pos.append(f.tell()); f.write(b"abc"); pos.append(f.seek(2)); pos.append(len(f.read(3)))
    f.write(b"XY"); pos.append(f.tell()); pos.append(f.truncate(20)); pos.append(f.seek(0, 2))
with _io.FileIO(p, "r+") as f:
    f.seek(4); f.write(b"__"); pos.append(f.tell()); pos.append(len(f.readall()))
print(json.dumps(pos))
)", {theirs});
  EXPECT_EQ(json(positions), want);
  EXPECT_EQ(pyos::test::read_bytes(mine), pyos::test::read_bytes(theirs));
}

TEST_F(FileIOTest, ReadallSizesAndEof) {
  const std::string p = tmp / "big";
  std::string data(300000, 'z');
  for (std::size_t i = 0; i < data.size(); i += 7) data[i] = static_cast<char>('a' + i % 26);
  { std::ofstream(p, std::ios::binary) << data; }
  io::FileIO f(p);
  EXPECT_EQ(f.read(5), data.substr(0, 5));
  EXPECT_EQ(f.readall(), std::optional<std::string>(data.substr(5)));
  EXPECT_EQ(f.read(10), "");
  EXPECT_EQ(f.readall(), std::optional<std::string>(""));
}

// read(n) of a file holding more than n bytes returns exactly its next n bytes (Python's
// "at most size bytes", and a regular file gives all of them), for every n from 0 to 100:
// FileIO.read, RawIOBase.read through a subclass's readinto, BufferedReader.read1 with an
// empty buffer (one raw read of n) and BufferedReader.read past a 16-byte buffer. Reads into
// a fresh string of 16 to 29 bytes once came back 30 bytes long (GCC 12's
// resize_and_overwrite hands its operation the capacity it allocated, not the size asked).
TEST_F(FileIOTest, ReadReturnsTheSizeAskedFor) {
  const std::string p = tmp / "sizes";
  std::string data(256, '\0');
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>('a' + i % 26);
  { std::ofstream(p, std::ios::binary) << data; }
  struct Subclass : io::FileIO {
    using io::FileIO::FileIO;
    std::optional<std::size_t> readinto(std::span<std::byte> b) override { return io::FileIO::readinto(b); }
  };
  for (std::size_t n = 0; n <= 100; ++n) {
    const auto size = static_cast<std::int64_t>(n);
    const std::string want = data.substr(0, n);
    io::FileIO raw(p);
    EXPECT_EQ(raw.read(size), want) << "FileIO.read(" << n << ")";
    auto sub = std::make_shared<Subclass>(p);
    EXPECT_EQ(sub->read(size), want) << "RawIOBase.read(" << n << ")";
    io::BufferedReader one(std::make_shared<io::FileIO>(p));
    EXPECT_EQ(one.read1(size), want) << "BufferedReader.read1(" << n << ")";
    io::BufferedReader small(std::make_shared<io::FileIO>(p), 16);
    EXPECT_EQ(small.read(size), want) << "BufferedReader(16).read(" << n << ")";
  }
}

TEST(FileIOPipe, NonBlockingNoneSemantics) {
  int fds[2];
  ASSERT_EQ(::pipe2(fds, O_NONBLOCK | O_CLOEXEC), 0);
  io::FileIO r(fds[0], "r"), w(fds[1], "w");
  std::string buf(4, '\0');
  EXPECT_EQ(r.readinto(std::as_writable_bytes(std::span(buf))), std::nullopt);  // Python: None
  EXPECT_EQ(r.readall(), std::nullopt);
  EXPECT_RAISES(r.read(4), BlockingIOError, EAGAIN);  // documented deviation: Python: None
  EXPECT_FALSE(r.seekable());
  std::string big(1 << 20, 'x');
  std::size_t total = 0;
  for (;;) {
    auto n = w.raw_write(std::as_bytes(std::span(big)));
    if (!n) break;
    total += *n;
  }
  EXPECT_GT(total, 0u);
  EXPECT_EQ(r.read(3), "xxx");
}

// BufferedWriter on a non-blocking pipe: characters_written as CPython's, live.
TEST(FileIOPipe, BlockingIOErrorCharactersWrittenMatchesCPython) {
  int fds[2];
  ASSERT_EQ(::pipe2(fds, O_NONBLOCK | O_CLOEXEC), 0);
  auto w = std::make_shared<io::BufferedWriter>(std::make_shared<io::FileIO>(fds[1], "w"), 8192);
  std::optional<std::size_t> chars;
  try {
    w->write(std::string(200000, 'a'));
  } catch (const BlockingIOError& e) {
    chars = e.characters_written();
    EXPECT_EQ(e.errno_(), EAGAIN);
  }
  const json want = run_python(R"(
import io, os, json, sys
r, w = os.pipe2(os.O_NONBLOCK)
b = io.BufferedWriter(io.FileIO(w, "w"), 8192)
try:
    b.write(b"a" * 200000); print(json.dumps(None))
except BlockingIOError as e:
    print(json.dumps(e.characters_written))
sys.stdout.flush(); os._exit(0)  # no finalizer report for the still-buffered bytes
)");
  EXPECT_EQ(chars ? json(*chars) : json(), want);
  char drain[65536];
  while (::read(fds[0], drain, sizeof drain) > 0) {
  }
  w->close();  // the buffered rest fits in the drained pipe
  ::close(fds[0]);
}

}  // namespace
}  // namespace pyos::test
