// io.BytesIO against CPython: operation scripts with the state after each step
// (tests/golden/io/binary_bytesio.json) and getbuffer()'s export rules.
#include "pyos/io/bytesio.hpp"
#include "support/pyos_test.hpp"

namespace pyos::test {
std::string to_hex(std::string_view bytes);
namespace {

using nlohmann::json;
namespace io = pyos::io;

template <class F>
json outcome(F&& fn) {
  try {
    return json{{"result", fn()}};
  } catch (const BaseException& e) {
    return json{{"exc", std::string(e.type_name())}, {"msg", e.what()}};
  }
}

TEST(BytesIO, GoldenScripts) {
  const json doc = golden("io/binary_bytesio.json");
  for (const json& c : golden_cases(doc)) {
    io::BytesIO b(from_hex(c["initial"].get<std::string>()));
    std::size_t i = 0;
    for (const json& step : c["steps"]) {
      const json& op = step["op"];
      const std::string name = op[0];
      json got;
      if (name == "write") got = outcome([&] { return b.write(from_hex(op[1].get<std::string>())); });
      else if (name == "seek") got = outcome([&] { return b.seek(op[1].get<std::int64_t>(), op[2].get<int>()).offset(); });
      else if (name == "read") got = outcome([&] { return to_hex(b.read(op[1].get<std::int64_t>())); });
      else if (name == "read1") got = outcome([&] { return to_hex(b.read1(op[1].get<std::int64_t>())); });
      else if (name == "readline") got = outcome([&] { return to_hex(b.readline(op[1].get<std::int64_t>())); });
      else if (name == "truncate") {
        got = outcome([&] {
          return b.truncate(op[1].is_null() ? std::nullopt : std::optional<std::int64_t>(op[1].get<std::int64_t>()));
        });
      } else if (name == "readinto") {
        got = outcome([&] {
          std::string buf(op[1].get<std::size_t>(), '\0');
          const std::size_t n = b.readinto(std::as_writable_bytes(std::span(buf)));
          return to_hex(buf.substr(0, n));
        });
      } else {
        got = outcome([&] { return b.tell().offset(); });
      }
      json want = step;
      want.erase("op");
      want.erase("pos");
      want.erase("value");
      const std::string where = c["name"].get<std::string>() + " step " + std::to_string(i++) + " " + op.dump();
      EXPECT_EQ(got, want) << where;
      EXPECT_EQ(b.tell().offset(), step["pos"].get<std::int64_t>()) << where;
      EXPECT_EQ(to_hex(b.getvalue()), step["value"].get<std::string>()) << where;
    }
  }
}

TEST(BytesIO, GetbufferBlocksResizeAndClose) {
  io::BytesIO b("abc");
  {
    auto view = b.getbuffer();
    ASSERT_EQ(view.size(), 3u);
    view.bytes()[0] = std::byte{'X'};  // a writable view of the contents, no copy
    EXPECT_EQ(b.getvalue(), "Xbc");
    EXPECT_RAISES_MSG(b.write("x"), BufferError, "Existing exports of data: object cannot be re-sized");
    EXPECT_RAISES_MSG(b.truncate(0), BufferError, "Existing exports of data: object cannot be re-sized");
    EXPECT_RAISES_MSG(b.close(), BufferError, "Existing exports of data: object cannot be re-sized");
    EXPECT_EQ(b.seek(1), 1);  // moving is not resizing
    auto moved = std::move(view);
    EXPECT_RAISES_MSG(b.write("x"), BufferError, "Existing exports of data: object cannot be re-sized");
    moved.release();
    EXPECT_EQ(b.write("y"), 1u);
  }
  EXPECT_EQ(b.getvalue(), "Xyc");
  b.close();
  EXPECT_RAISES_MSG(b.getbuffer(), ValueError, "I/O operation on closed file.");
  EXPECT_RAISES_MSG(b.getvalue(), ValueError, "I/O operation on closed file.");
  EXPECT_RAISES_MSG(b.read(), ValueError, "I/O operation on closed file.");
  EXPECT_RAISES_MSG((void)b.readable(), ValueError, "I/O operation on closed file.");
  EXPECT_TRUE(b.closed());
}

TEST(BytesIO, ViewOutlivesTheStream) {
  std::optional<io::BytesIO::Buffer> view;
  {
    io::BytesIO b("hello");
    view.emplace(b.getbuffer());
  }
  EXPECT_EQ(view->tobytes(), "hello");
}

TEST(BytesIO, Unsupported) {
  io::BytesIO b;
  EXPECT_RAISES_MSG(b.detach(), UnsupportedOperation, "detach");
  EXPECT_RAISES_MSG((void)b.fileno(), UnsupportedOperation, "fileno");
  EXPECT_FALSE(b.isatty());
  EXPECT_EQ(b.repr(), "<_io.BytesIO>");
}

TEST(BytesIO, LinesAndIteration) {
  io::BytesIO b("ab\ncd\nef");
  EXPECT_EQ(b.readlines(3), (std::vector<std::string>{"ab\n"}));
  std::vector<std::string> rest;
  for (const std::string& line : b) rest.push_back(line);
  EXPECT_EQ(rest, (std::vector<std::string>{"cd\n", "ef"}));
  b.seek(0, SEEK_END);
  b.writelines({"x\n", "y"});
  EXPECT_EQ(b.getvalue(), "ab\ncd\nefx\ny");
}

}  // namespace
}  // namespace pyos::test
