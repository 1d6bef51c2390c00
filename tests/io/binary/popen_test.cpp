// os.popen against CPython (live): what the command's output reads as, what close()
// returns for exit statuses and signals, the pipe in write mode, and the argument errors.
#include "pyos/os/popen.hpp"

#include <fstream>
#include <sstream>

#include "support/pyos_test.hpp"

namespace pyos::os {
namespace {

constexpr const char* kPython = R"(
import json, os, sys
out = []
for c in json.loads(sys.argv[1]):
    f = os.popen(c)
    text = f.read()
    out.append([text, f.close()])
print(json.dumps(out))
)";

TEST(Popen, ReadModeAndStatusesMatchCPython) {
  const std::vector<std::string> commands = {"echo hi; echo there", "exit 3", "kill -9 $$", "exit 0",
                                             "printf 'a\\r\\nb'", "echo out; exit 255"};
  nlohmann::json ours = nlohmann::json::array();
  for (const auto& c : commands) {
    auto f = popen(c);
    const std::string text = f->read();
    f->close();
    ours.push_back({text, f->status() ? nlohmann::json(*f->status()) : nlohmann::json(nullptr)});
  }
  EXPECT_EQ(ours, test::run_python(kPython, {nlohmann::json(commands).dump()}));
}

class PopenWrite : public test::TempDirTest {};

TEST_F(PopenWrite, WriteModeFeedsTheCommand) {
  const std::string out = tmp / "out.txt";
  auto f = popen("cat > '" + out + "'", "w");
  f->write("a\nb");
  f->close();
  EXPECT_EQ(f->status(), std::nullopt);
  std::ifstream in(out);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), "a\nb");  // Python: the same bytes (no newline translation on POSIX)
}

TEST(Popen, LinesAndDestructorReap) {
  auto f = popen("printf 'x\\ny\\n'");
  std::vector<std::string> lines;
  for (const auto& line : *f) lines.push_back(line);
  EXPECT_EQ(lines, (std::vector<std::string>{"x\n", "y\n"}));
  // Dropped without close(): the destructor closes and reaps (no zombie left behind).
  const pid_t pid = f->pid();
  f.reset();
  EXPECT_EQ(::waitpid(pid, nullptr, WNOHANG), -1);
  EXPECT_EQ(errno, ECHILD);
}

TEST(Popen, ArgumentErrorsAsPython) {
  // Python: os.popen('x', 'rb') -> ValueError: invalid mode 'rb';
  //         os.popen('x', 'r', 0) -> ValueError: popen() does not support unbuffered streams
  EXPECT_RAISES_MSG(popen("x", "rb"), ValueError, "invalid mode 'rb'");
  EXPECT_RAISES_MSG(popen("x", "r", 0), ValueError, "popen() does not support unbuffered streams");
}

}  // namespace
}  // namespace pyos::os
