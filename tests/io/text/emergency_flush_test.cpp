// IOBase::emergency_flush (the C++ addition a crash handler calls): it must put in the file
// exactly the bytes flush() would, at the same place, and leave the stream so that what
// follows (more writes, flush, close) writes nothing twice. Each case runs the same steps on
// two files, one with flush() where the other has emergency_flush(), and compares the files
// after the call (read through another descriptor) and at the end.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>

#include "pyos/io/buffered.hpp"
#include "pyos/io/bytesio.hpp"
#include "pyos/io/fileio.hpp"
#include "pyos/io/open.hpp"
#include "pyos/io/stringio.hpp"
#include "pyos/io/textio.hpp"
#include "support/pyos_test.hpp"

namespace io = pyos::io;
using pyos::test::read_bytes;
using pyos::test::TempDir;

namespace {

// `before`, then flush() or emergency_flush() (which must return true), then `after` and
// close(), on `path`; the file's bytes right after the flush and at the end.
struct Twin {
  std::string at_flush, at_end;
};

Twin run(const std::string& path, const std::function<std::shared_ptr<io::IOBase>()>& make,
         const std::function<void(io::IOBase&)>& before, const std::function<void(io::IOBase&)>& after,
         bool emergency) {
  Twin out;
  auto f = make();
  before(*f);
  if (emergency) {
    EXPECT_TRUE(f->emergency_flush());
  } else {
    f->flush();
  }
  out.at_flush = read_bytes(path);
  after(*f);
  f->close();
  out.at_end = read_bytes(path);
  return out;
}

void expect_same(const TempDir& tmp, const std::string& seed, const std::string& mode,
                 const std::function<void(io::IOBase&)>& before, const std::function<void(io::IOBase&)>& after) {
  Twin got[2];
  for (int emergency = 0; emergency < 2; ++emergency) {
    const std::string path = tmp / (mode + std::to_string(emergency));
    if (!seed.empty()) {
      auto w = io::open(path, "wb");
      w->write(seed);
      w->close();
    }
    io::OpenOptions options;
    if (mode.find('b') == std::string::npos) options.encoding = "utf-8";
    got[emergency] = run(path, [&] { return io::open(path, mode, options); }, before, after, emergency == 1);
  }
  EXPECT_EQ(got[1].at_flush.size(), got[0].at_flush.size()) << mode;
  EXPECT_EQ(got[1].at_flush, got[0].at_flush) << mode;
  EXPECT_EQ(got[1].at_end, got[0].at_end) << mode;
}

// 13-byte records, as a log writes them: n of them from `first`.
std::string records(int first, int n) {
  std::string out;
  char line[32];
  for (int i = first; i < first + n; ++i) out.append(line, static_cast<std::size_t>(std::snprintf(line, sizeof line, "record %05d\n", i)));
  return out;
}

}  // namespace

TEST(IoEmergencyFlush, BufferedWriterWritesItsBufferOnce) {
  TempDir tmp;
  // 100 bytes stay in the BufferedWriter's buffer; then more, then close.
  expect_same(tmp, "", "wb", [](io::IOBase& f) { f.write(records(1, 8)); }, [](io::IOBase& f) { f.write(records(9, 3)); });
  // Nothing held: a no-op that returns true.
  expect_same(tmp, "", "wb", [](io::IOBase&) {}, [](io::IOBase& f) { f.write("x"); });
}

TEST(IoEmergencyFlush, TextWrapperWritesBufferThenPendingText) {
  TempDir tmp;
  // 1,000 records (13,000 bytes): the text layer hands its first 8 KiB chunk to the
  // BufferedWriter and keeps the rest pending, so both are written, in order.
  const std::string text = records(1, 1000);
  expect_same(
      tmp, "", "w",
      [&](io::IOBase& f) {
        for (std::size_t i = 0; i < text.size(); i += 13) f.write(std::string_view(text).substr(i, 13));
      },
      [](io::IOBase& f) { f.write(records(1001, 5)); });
  // Non-ASCII text: the pending bytes are the encoded ones.
  expect_same(tmp, "", "w", [](io::IOBase& f) { f.write("naïve café: 5 € → ✓\n"); }, [](io::IOBase& f) { f.write("ü\n"); });
}

TEST(IoEmergencyFlush, AppendAndRandomAccessLandWhereFlushPutsThem) {
  TempDir tmp;
  const std::string seed = records(1, 1000);
  // Appending: after the existing bytes.
  expect_same(tmp, seed, "ab", [](io::IOBase& f) { f.write("appended\n"); }, [](io::IOBase& f) { f.write("more\n"); });
  // BufferedRandom: a read fills the buffer ahead, the write lands at the caller's position
  // (raw is moved back over the read-ahead first), and reading goes on after it.
  expect_same(
      tmp, seed, "rb+",
      [](io::IOBase& f) {
        EXPECT_EQ(f.read(26), records(1, 2));
        f.write("RECORD 00003\n");
      },
      [](io::IOBase& f) {
        EXPECT_EQ(f.read(13), records(4, 1));
        f.write("RECORD 00005\n");
      });
  // Text over BufferedRandom: pending text after a seek.
  expect_same(
      tmp, seed, "r+",
      [](io::IOBase& f) {
        f.seek(130);
        f.write("RECORD 00011\n");
      },
      [](io::IOBase& f) { f.write("RECORD 00012\n"); });
}

TEST(IoEmergencyFlush, StreamsWithoutADescriptorSayWhatTheyKeep) {
  // In-memory streams hold nothing for a file.
  io::BytesIO bytes;
  bytes.write("abc");
  EXPECT_TRUE(bytes.emergency_flush());
  io::StringIO text;
  text.write("abc");
  EXPECT_TRUE(text.emergency_flush());
  // A BufferedWriter over a raw stream that is not a FileIO: its bytes cannot be reached
  // from a signal handler; false, and flush() still writes them afterwards.
  class Sink final : public io::RawIOBase {
   public:
    std::string data;
    bool writable() const override { return true; }
    std::optional<std::size_t> raw_write(std::span<const std::byte> b) override {
      data.append(reinterpret_cast<const char*>(b.data()), b.size());
      return b.size();
    }
  };
  auto sink = std::make_shared<Sink>();
  io::BufferedWriter writer(sink);
  writer.write("held");
  EXPECT_FALSE(writer.emergency_flush());
  EXPECT_EQ(sink->data, "");
  writer.flush();
  EXPECT_EQ(sink->data, "held");
  EXPECT_TRUE(writer.emergency_flush());  // nothing held now
}
