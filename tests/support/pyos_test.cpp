#include "support/pyos_test.hpp"

#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#if __has_include(<sys/single_threaded.h>)
#include <sys/single_threaded.h>
#endif

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <fcntl.h>

namespace pyos::test {

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/pyos-test-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::system_error(errno, std::generic_category(), "mkdtemp " + pattern);
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  // Make everything removable again (tests chmod things away).
  for (auto it = std::filesystem::recursive_directory_iterator(path_, ignored);
       !ignored && it != std::filesystem::recursive_directory_iterator(); it.increment(ignored)) {
    std::filesystem::permissions(it->path(), std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add |
                                     std::filesystem::perm_options::nofollow,
                                 ignored);
  }
  std::filesystem::remove_all(path_, ignored);
}

namespace {
std::string golden_path(std::string_view relpath) { return std::string(PYOS_GOLDEN_DIR) + "/" + std::string(relpath); }
}  // namespace

nlohmann::json golden(std::string_view relpath) {
  const std::string path = golden_path(relpath);
  std::ifstream in(path);
  if (!in) {
    ADD_FAILURE() << "golden file missing: " << path << " (run tools/oracle/run.sh)";
    throw std::runtime_error("golden file missing: " + path);
  }
  return nlohmann::json::parse(in);
}

const nlohmann::json& golden_cases(const nlohmann::json& doc) {
  const auto& cases = doc.at("cases");
  if (!cases.is_array() || cases.empty()) throw std::runtime_error("golden file has no cases");
  return cases;
}

namespace {

// Collects the string "id" of each object directly inside the top-level "cases" array;
// everything else is tokenised and dropped.
class CaseIds final : public nlohmann::json_sax<nlohmann::json> {
 public:
  std::vector<std::string> ids;

  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(number_integer_t) override { return value(); }
  bool number_unsigned(number_unsigned_t) override { return value(); }
  bool number_float(number_float_t, const string_t&) override { return value(); }
  bool string(string_t& s) override {
    if (id_next_) ids.push_back(std::move(s));
    return value();
  }
  bool binary(binary_t&) override { return value(); }
  bool start_object(std::size_t) override {
    ++depth_;
    return value();
  }
  bool end_object() override {
    --depth_;
    return true;
  }
  bool start_array(std::size_t) override {
    in_cases_ = in_cases_ || cases_next_;
    if (cases_next_) cases_depth_ = depth_ + 1;
    ++depth_;
    return value();
  }
  bool end_array() override {
    if (depth_-- == cases_depth_) in_cases_ = false;
    return true;
  }
  bool key(string_t& k) override {
    cases_next_ = depth_ == 1 && k == "cases";
    id_next_ = in_cases_ && depth_ == cases_depth_ + 1 && k == "id";
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

 private:
  // A value (or the start of one) ends what the key before it announced.
  bool value() {
    cases_next_ = id_next_ = false;
    return true;
  }
  int depth_ = 0;
  int cases_depth_ = -1;  // the depth of the cases array's elements' container
  bool in_cases_ = false;
  bool cases_next_ = false;
  bool id_next_ = false;
};

}  // namespace

std::vector<std::string> golden_case_ids(std::string_view relpath) {
  std::ifstream in(golden_path(relpath));
  CaseIds sax;
  if (!in || !nlohmann::json::sax_parse(in, &sax) || sax.ids.empty()) return {"golden_file_unreadable"};
  return std::move(sax.ids);
}

std::uint64_t fnv1a64(std::string_view data) noexcept {
  std::uint64_t h = 0xcbf29ce484222325u;
  for (const char ch : data) h = (h ^ static_cast<unsigned char>(ch)) * 0x100000001b3u;
  return h;
}

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string from_hex(std::string_view hex) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    throw std::invalid_argument("bad hex digit");
  };
  if (hex.size() % 2 != 0) throw std::invalid_argument("odd hex length");
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    out.push_back(static_cast<char>(nibble(hex[i]) * 16 + nibble(hex[i + 1])));
  }
  return out;
}

bool single_threaded_child_possible() {
#if __has_include(<sys/single_threaded.h>) && !defined(__SANITIZE_THREAD__)
  return __libc_single_threaded != 0;
#else
  return true;
#endif
}

int exit_code_in_single_threaded_child(const std::function<int()>& body) {
  const pid_t pid = ::fork();
  if (pid < 0) return -1;
  if (pid == 0) {
#if __has_include(<sys/single_threaded.h>) && !defined(__SANITIZE_THREAD__)
    if (__libc_single_threaded == 0) ::_exit(1);
#endif
    ::_exit(body());
  }
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return -1;
  return WEXITSTATUS(status);
}

std::string repr_class(std::string_view repr) {
  repr.remove_prefix(std::min(repr.size(), std::string_view("<_io.").size()));
  return std::string(repr.substr(0, repr.find_first_of(" >")));
}

std::string hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 15]);
  }
  return out;
}

namespace {

bool executable(const std::string& path) { return ::access(path.c_str(), X_OK) == 0; }

// The pinned oracle's major.minor (tools/oracle uses the same default).
std::string oracle_version() {
  const char* v = std::getenv("PYOS_ORACLE_VERSION");
  return v && *v ? v : "3.13";
}

std::vector<std::string> candidates() {
  std::vector<std::string> out;
  if (const char* env = std::getenv("PYOS_ORACLE_PYTHON"); env && *env) return {env};
  const char* home = std::getenv("HOME");
  const std::string pyenv = std::string(home ? home : "/root") + "/.pyenv/versions";
  std::error_code ec;
  std::string best;
  for (const auto& entry : std::filesystem::directory_iterator(pyenv, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(oracle_version() + ".", 0) == 0 && executable(entry.path().string() + "/bin/python3")) {
      best = std::max(best, entry.path().string() + "/bin/python3");
    }
  }
  if (!best.empty()) out.push_back(best);
  for (const char* candidate : {"/usr/bin/python3", "/usr/local/bin/python3"}) {
    if (executable(candidate)) out.push_back(candidate);
  }
  return out;
}

// Runs argv, returns its stdout; throws when it cannot run or exits non-zero.
std::string capture(const std::vector<std::string>& argv) {
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe2");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int rc = ::posix_spawn(&pid, argv[0].c_str(), &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  if (rc != 0) {
    ::close(out[0]);
    throw std::system_error(rc, std::generic_category(), "posix_spawn " + argv[0]);
  }
  std::string text;
  std::array<char, 4096> buf;
  for (;;) {
    const ssize_t n = ::read(out[0], buf.data(), buf.size());
    if (n > 0) {
      text.append(buf.data(), static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  ::close(out[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error(argv[0] + " failed (status " + std::to_string(status) + ")");
  }
  return text;
}

// The first candidate that is the pinned CPython version, or empty. Live comparisons against
// any other version would compare against another Python's behaviour (3.11's messages differ
// from 3.13's), so none is used instead.
std::optional<std::string> find_oracle() {
  for (const std::string& python : candidates()) {
    try {
      const std::string version =
          capture({python, "-I", "-c", "import sys; print('%d.%d' % sys.version_info[:2])"});
      if (version.substr(0, version.find('\n')) == oracle_version()) return python;
    } catch (const std::exception&) {
      // not runnable: try the next one
    }
  }
  return std::nullopt;
}

}  // namespace

bool oracle_available() {
  static const std::optional<std::string> python = find_oracle();
  return python.has_value();
}

nlohmann::json run_python(std::string_view code, const std::vector<std::string>& argv) {
  static const std::optional<std::string> oracle = find_oracle();
  if (!oracle) {
    // ctest turns a test that prints this into a skipped test (SKIP_REGULAR_EXPRESSION in
    // cmake/PyosHelpers.cmake): a fresh machine without the pinned CPython skips the live
    // comparisons instead of comparing against another Python.
    std::printf("\npyos-test: live oracle unavailable (no CPython %s; set PYOS_ORACLE_PYTHON)\n",
                oracle_version().c_str());
    std::fflush(stdout);
    throw std::runtime_error("live oracle unavailable");
  }
  const std::string& python = *oracle;
  std::vector<std::string> cmd = {python, "-I", "-c", std::string(code)};
  cmd.insert(cmd.end(), argv.begin(), argv.end());
  return nlohmann::json::parse(capture(cmd));
}

std::string python_description() {
  return run_python("import sys, json; print(json.dumps(sys.executable + ' (' + sys.version.split()[0] + ')'))")
      .get<std::string>();
}

}  // namespace pyos::test
