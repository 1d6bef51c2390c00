// StringIO against CPython: operation scripts with the state after each step.
#include <gtest/gtest.h>


#include "pyos/io/stringio.hpp"
#include "support/allocations.hpp"
#include "text_support.hpp"

namespace {
using namespace pyos;
using namespace pyos::test::text;

std::optional<std::vector<std::string>> newlines_of(const nlohmann::json& j) {
  if (j.is_null()) return std::nullopt;
  if (j.is_string()) return std::vector<std::string>{j.get<std::string>()};
  return j.get<std::vector<std::string>>();
}

TEST(StringIO, GoldenScripts) {
  const auto doc = pyos::test::golden("io/text_stringio.json");
  std::size_t steps = 0;
  for (const auto& c : pyos::test::golden_cases(doc)) {
    io::StringIOOptions options;
    options.newline = c["newline"].is_null() ? std::nullopt : std::optional<std::string>(c["newline"].get<std::string>());
    io::StringIO f(T(c["initial"]), options);
    std::size_t k = 0;
    for (const auto& s : c["steps"]) {
      const std::string op = s["op"];
      const std::string where = c["newline"].dump() + " step " + std::to_string(k++) + " " + s.dump();
      nlohmann::json result;
      auto err = capture([&] {
        if (op == "write") {
          result = f.write(T(s["text"]));
        } else if (op == "read") {
          result = f.read();
        } else if (op == "read_n") {
          result = f.read(s["n"].get<std::int64_t>());
        } else if (op == "readline") {
          result = f.readline();
        } else if (op == "readline_n") {
          result = f.readline(s["n"].get<std::int64_t>());
        } else if (op == "seek") {
          result = static_cast<std::int64_t>(f.seek(s["pos"].get<std::int64_t>()));
        } else if (op == "seek_end") {
          result = static_cast<std::int64_t>(f.seek(0, 2));
        } else if (op == "seek_cur") {
          result = static_cast<std::int64_t>(f.seek(s["pos"].get<std::int64_t>(), 1));
        } else if (op == "tell") {
          result = static_cast<std::int64_t>(f.tell());
        } else if (op == "truncate") {
          result = s["size"].is_null() ? f.truncate() : f.truncate(s["size"].get<std::int64_t>());
        }
      });
      if (s.contains("error")) {
        expect_error(s["error"], err, where);
      } else {
        ASSERT_FALSE(err.has_value()) << where << ": " << err->message;
        if (result.is_string()) {
          EXPECT_EQ(result.get<std::string>(), T(s["result"])) << where;
        } else {
          EXPECT_EQ(result, s["result"]) << where;
        }
      }
      EXPECT_EQ(static_cast<std::int64_t>(f.tell()), s["pos_after"].get<std::int64_t>()) << where;
      EXPECT_EQ(f.getvalue(), T(s["value"])) << where;
      EXPECT_EQ(f.newlines(), newlines_of(s["newlines"])) << where;
      ++steps;
    }
  }
  EXPECT_GT(steps, 1000u);
}

TEST(StringIO, ErrorsAsCPython) {
  EXPECT_RAISES_MSG(io::StringIO("", {.newline = "x"}), ValueError, "illegal newline value: 'x'");
  io::StringIO f("abc");
  EXPECT_RAISES_MSG(f.seek(1, 1), OSError, "Can't do nonzero cur-relative seeks");
  EXPECT_RAISES_MSG(f.seek(0, 3), ValueError, "Invalid whence (3, should be 0, 1 or 2)");
  EXPECT_RAISES_MSG(f.detach(), UnsupportedOperation, "detach");
  EXPECT_RAISES_MSG(f.fileno(), UnsupportedOperation, "fileno");
}

// CPython 3.13, s = io.StringIO(); s.close(), then each method (the ValueError's text):
//   flush() -> ok; close() -> ok
//   write getvalue read readline tell seek truncate readable writable seekable
//   line_buffering newlines              -> 'I/O operation on closed file'
//   isatty readlines writelines __iter__ -> 'I/O operation on closed file.'
//   fileno, detach                       -> UnsupportedOperation 'fileno', 'detach'
// StringIO's own methods say it without the period; those it takes from IOBase keep it, and
// IOBase's flush looks at a closed flag that StringIO's close leaves unset.
TEST(StringIO, ClosedAsCPython) {
  io::StringIO f("abc");
  f.close();
  EXPECT_TRUE(f.closed());
  f.flush();
  f.close();
  constexpr const char* kOwn = "I/O operation on closed file";
  EXPECT_RAISES_MSG(f.write("x"), ValueError, kOwn);
  EXPECT_RAISES_MSG(f.getvalue(), ValueError, kOwn);
  EXPECT_RAISES_MSG(f.read(), ValueError, kOwn);
  EXPECT_RAISES_MSG(f.readline(), ValueError, kOwn);
  EXPECT_RAISES_MSG(f.tell(), ValueError, kOwn);
  EXPECT_RAISES_MSG(f.seek(0), ValueError, kOwn);
  EXPECT_RAISES_MSG(f.truncate(0), ValueError, kOwn);
  EXPECT_RAISES_MSG(f.readable(), ValueError, kOwn);
  EXPECT_RAISES_MSG(f.writable(), ValueError, kOwn);
  EXPECT_RAISES_MSG(f.seekable(), ValueError, kOwn);
  EXPECT_RAISES_MSG(f.line_buffering(), ValueError, kOwn);
  EXPECT_RAISES_MSG(f.newlines(), ValueError, kOwn);
  constexpr const char* kIOBase = "I/O operation on closed file.";
  EXPECT_RAISES_MSG(f.isatty(), ValueError, kIOBase);
  EXPECT_RAISES_MSG(f.readlines(), ValueError, kIOBase);
  EXPECT_RAISES_MSG(f.writelines({"a"}), ValueError, kIOBase);
  EXPECT_RAISES_MSG(f.begin(), ValueError, kIOBase);
  EXPECT_RAISES_MSG(f.fileno(), UnsupportedOperation, "fileno");
  EXPECT_RAISES_MSG(f.detach(), UnsupportedOperation, "detach");
}

TEST(StringIO, WritePastEndPadsWithNul) {
  io::StringIO f;
  f.seek(3);
  EXPECT_EQ(f.write("\xc3\xa9"), 1u);
  EXPECT_EQ(f.getvalue(), std::string("\0\0\0\xc3\xa9", 5));
  EXPECT_EQ(static_cast<std::int64_t>(f.tell()), 4);
  std::vector<std::string> lines;
  io::StringIO g("a\nb\r\nc", {.newline = std::nullopt});
  for (const auto& line : g) lines.push_back(line);
  EXPECT_EQ(lines, (std::vector<std::string>{"a\n", "b\n", "c"}));
}

// write() puts the code points straight into the storage: writing over text already there
// allocates nothing, and appending allocates only when the storage grows (doubling), for
// every newline mode (None translates through the newline decoder, "\r\n" expands '\n').
TEST(StringIO, WriteDoesNotAllocatePerCall) {
  const std::string line = "caf\xc3\xa9 \xe2\x82\xac line\r\n";
  for (const std::optional<std::string>& nl : {std::optional<std::string>(), std::optional<std::string>(""),
                                               std::optional<std::string>("\n"), std::optional<std::string>("\r\n")}) {
    io::StringIO s("", {.newline = nl});
    {
      pyos::test::AllocationCount appending;
      for (int i = 0; i < 1000; ++i) s.write(line);
      EXPECT_LE(appending.count(), 24u) << (nl ? *nl : "None");
    }
    const std::string value = s.getvalue();
    s.seek(0);
    {
      pyos::test::AllocationCount overwriting;
      for (int i = 0; i < 1000; ++i) s.write(line);
      EXPECT_EQ(overwriting.count(), 0u) << (nl ? *nl : "None");
    }
    EXPECT_EQ(s.getvalue(), value);
  }
}

}  // namespace
