// The default behaviour of the abstract classes, as CPython's (messages checked with 3.13).
#include "pyos/io/iobase.hpp"

#include <vector>

#include "pyos/io/buffered.hpp"
#include "pyos/io/bytesio.hpp"
#include "pyos/io/fileio.hpp"
#include "pyos/io/stringio.hpp"
#include "pyos/io/textio.hpp"
#include "support/pyos_test.hpp"

namespace pyos::test {
namespace {

namespace io = pyos::io;

struct Raw : io::RawIOBase {};
struct Buf : io::BufferedIOBase {};
struct Text : io::TextIOBase {};

// A raw stream over a string, one byte per readinto() (IOBase.readline's worst case).
struct Trickle : io::RawIOBase {
  std::string data;
  std::size_t pos = 0;
  bool readable() const override { return true; }
  std::optional<std::size_t> readinto(std::span<std::byte> b) override {
    if (pos >= data.size() || b.empty()) return 0;
    b[0] = static_cast<std::byte>(data[pos++]);
    return 1;
  }
};

TEST(IOBase, AbstractDefaults) {
  Raw r;
  EXPECT_RAISES_MSG(r.read(1), NotImplementedError, "");
  EXPECT_RAISES_MSG(r.write(""), NotImplementedError, "");
  EXPECT_RAISES_MSG(r.seek(0), UnsupportedOperation, "seek");
  EXPECT_RAISES_MSG(r.tell(), UnsupportedOperation, "seek");
  EXPECT_RAISES_MSG(r.truncate(), UnsupportedOperation, "truncate");
  EXPECT_RAISES_MSG((void)r.fileno(), UnsupportedOperation, "fileno");
  EXPECT_FALSE(r.readable());
  EXPECT_FALSE(r.writable());
  EXPECT_FALSE(r.seekable());
  EXPECT_FALSE(r.isatty());
  Buf b;
  EXPECT_RAISES_MSG(b.read(), UnsupportedOperation, "read");
  EXPECT_RAISES_MSG(b.read1(), UnsupportedOperation, "read1");
  EXPECT_RAISES_MSG(b.write(""), UnsupportedOperation, "write");
  EXPECT_RAISES_MSG(b.detach(), UnsupportedOperation, "detach");
  std::string buf(2, '\0');
  EXPECT_RAISES_MSG(b.readinto(std::as_writable_bytes(std::span(buf))), UnsupportedOperation, "read");
  Text t;
  EXPECT_RAISES_MSG(t.read(), UnsupportedOperation, "read");
  EXPECT_RAISES_MSG(t.write("x"), UnsupportedOperation, "write");
  EXPECT_RAISES_MSG(t.readline(), UnsupportedOperation, "readline");
  EXPECT_RAISES_MSG(t.detach(), UnsupportedOperation, "detach");
  EXPECT_EQ(t.encoding(), std::nullopt);
}

TEST(IOBase, UnsupportedOperationIsBothOSErrorAndValueError) {
  try {
    Raw().seek(0);
    FAIL();
  } catch (const ValueError& e) {
    EXPECT_NE(dynamic_cast<const OSError*>(&e), nullptr);
  }
}

TEST(IOBase, ClosedChecks) {
  Raw r;
  r.close();
  r.close();  // idempotent
  EXPECT_TRUE(r.closed());
  EXPECT_RAISES_MSG(r.flush(), ValueError, "I/O operation on closed file.");
  EXPECT_RAISES_MSG((void)r.isatty(), ValueError, "I/O operation on closed file.");
  EXPECT_RAISES_MSG(r.writelines({"a"}), ValueError, "I/O operation on closed file.");
  EXPECT_RAISES_MSG(r.begin(), ValueError, "I/O operation on closed file.");
}

TEST(IOBase, ReadlineReadlinesIteration) {
  Trickle t;
  t.data = "ab\ncd\n\nef";
  EXPECT_EQ(t.readline(), "ab\n");
  EXPECT_EQ(t.readline(1), "c");
  EXPECT_EQ(t.readlines(), (std::vector<std::string>{"d\n", "\n", "ef"}));
  t.pos = 0;
  std::vector<std::string> lines;
  for (const std::string& line : t) lines.push_back(line);
  EXPECT_EQ(lines, (std::vector<std::string>{"ab\n", "cd\n", "\n", "ef"}));
  t.pos = 0;
  EXPECT_EQ(t.readlines(4), (std::vector<std::string>{"ab\n", "cd\n"}));
  t.pos = 0;
  EXPECT_EQ(t.readall(), std::optional<std::string>("ab\ncd\n\nef"));
  t.pos = 0;
  EXPECT_EQ(t.read(), "ab\ncd\n\nef");
}

TEST(Position, StrIsTheDecimalCookie) {
  EXPECT_EQ(io::Position(42).str(), "42");
  EXPECT_EQ(io::Position(-1).str(), "-1");
  // CPython's layout: start | dec_flags << 64 | bytes_to_feed << 96 | chars_to_skip << 128 |
  // need_eof << 160; python3 -c "print(5 | 1<<64 | 2<<96 | 3<<128 | 1<<160)".
  EXPECT_EQ(io::Position::cookie(5, 1, 2, 3, true).str(), "1461501638351750019124956548153382261212034629637");
  // A cookie CPython 3.13 returned from tell() (utf-16-le, universal newlines, 5-byte chunks
  // after read(3) and readline()): start 8, dec_flags 1, bytes_to_feed 2, chars_to_skip 1.
  EXPECT_EQ(io::Position::cookie(8, 1, 2, 1, false).str(), "340282367079394788510350026692565663752");
  EXPECT_EQ(io::Position::cookie(0, 1, 0, 0, false).str(), "18446744073709551616");
}

// io.Reader / io.Writer (3.14): every stream class is both, as every Python stream class
// has read() and write(); the concepts also check the call and the result type.
static_assert(io::Reader<io::FileIO> && io::Writer<io::FileIO>);
static_assert(io::Reader<io::BytesIO> && io::Writer<io::BytesIO>);
static_assert(io::Reader<io::BufferedReader> && io::Writer<io::BufferedWriter>);
static_assert(io::Reader<io::BufferedRandom> && io::Writer<io::BufferedRandom>);
static_assert(io::Reader<io::BufferedRWPair> && io::Writer<io::BufferedRWPair>);
static_assert(io::Reader<io::TextIOWrapper> && io::Writer<io::TextIOWrapper>);
static_assert(io::Reader<io::StringIO> && io::Writer<io::StringIO>);
static_assert(io::Reader<io::IOBase> && io::Writer<io::IOBase>);

// Shapes that are not streams of this module. Python's protocol is generic in T.
struct Numbers {
  std::vector<int> read(std::int64_t size = -1);
  std::int64_t write(const std::vector<int>& items);
};
static_assert(io::Reader<Numbers, std::vector<int>> && !io::Reader<Numbers>);
static_assert(io::Writer<Numbers, std::vector<int>> && !io::Writer<Numbers>);
struct NoSize {
  std::string read();  // read(size, /) is part of the protocol
};
static_assert(!io::Reader<NoSize>);
struct NoCount {
  void write(std::string_view data);  // write() returns the count written
};
static_assert(!io::Writer<NoCount>);
static_assert(!io::Reader<int> && !io::Writer<std::string>);

// What the protocols are for: code generic over any reader and writer.
template <io::Reader R, io::Writer W>
std::size_t copy_in_chunks(R& from, W& to, std::int64_t chunk) {
  std::size_t total = 0;
  for (std::string piece = from.read(chunk); !piece.empty(); piece = from.read(chunk)) total += to.write(piece);
  return total;
}

TEST(Protocols, GenericCopyThroughReaderAndWriter) {
  auto source = std::make_shared<io::BytesIO>("line one\nline two\n");
  auto sink = std::make_shared<io::BytesIO>();
  EXPECT_EQ(copy_in_chunks(*source, *sink, 3), 18u);
  EXPECT_EQ(sink->getvalue(), "line one\nline two\n");
  auto text = std::make_shared<io::StringIO>("ünïcode\n");
  auto out = std::make_shared<io::StringIO>();
  // Counts are characters for text streams: 8 of them in 10 bytes.
  EXPECT_EQ(copy_in_chunks(*text, *out, 2), 8u);
  EXPECT_EQ(out->getvalue(), "ünïcode\n");
}

}  // namespace
}  // namespace pyos::test
