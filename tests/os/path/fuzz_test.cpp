// A fuzz-like test without libFuzzer: 100,000 seeded random path strings built from the
// pieces that matter (slashes, ".", "..", names, bytes >= 0x80, partial UTF-8, NUL, "~",
// "$", braces) go through every string function, which must not crash (ASan/UBSan builds
// check that) and must keep the properties posixpath guarantees. The seed is printed, so a
// failure can be replayed with PYOS_FUZZ_SEED.
#include <chrono>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "_core/text.hpp"
#include "pyos/os/path.hpp"
#include "support/pyos_test.hpp"

namespace pyos::os::path {
namespace {

class Generator {
 public:
  explicit Generator(std::uint64_t seed) : rng_(seed) {}

  std::string path() {
    static const std::vector<std::string> pieces = {
        "/", "/", "/", "//", "///", ".", ".", "..", "..", "...", "a", "b", "name", ".ext",
        "x.tar.gz", "~", "~root", "$", "$HOME", "${", "}", "{", " ", std::string("\0", 1),
        "\xff", "\x80", "\xc3\xa9", "\xe2\x82", "\xe2\x82\xac", "\xed\xa0\x80", "\xf0\x9f\x98\x80",
        "\xc3", "\\"};
    std::string out;
    const auto count = pick(12);
    for (std::size_t i = 0; i < count; ++i) {
      if (pick(20) == 0) {
        out.push_back(static_cast<char>(pick(256)));  // any byte at all
      } else {
        out += pieces[pick(pieces.size())];
      }
    }
    return out;
  }

  std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }

 private:
  std::mt19937_64 rng_;
};

bool has_two_slash_root(const std::string& p) { return p.size() >= 2 && p[0] == '/' && p[1] == '/' && (p.size() == 2 || p[2] != '/'); }

// The decoded characters of s (Python's str of the bytes).
std::u32string chars(const std::string& s) { return _core::decode_surrogateescape(s); }

void check_invariants(const std::string& p, const std::string& q) {
  SCOPED_TRACE(::testing::PrintToString(p) + " / " + ::testing::PrintToString(q));

  // normpath: idempotent, never empty, keeps the kind of root.
  const std::string n = normpath(p);
  ASSERT_EQ(normpath(n), n);
  ASSERT_FALSE(n.empty());
  ASSERT_EQ(isabs(n), isabs(p));
  ASSERT_EQ(splitroot(n).root, p.empty() ? "" : splitroot(p).root);

  // split: head + tail rejoin to the same place; dirname/basename are its halves.
  const auto [head, tail] = split(p);
  ASSERT_EQ(tail.find('/'), std::string::npos);
  ASSERT_EQ(dirname(p), head);
  ASSERT_EQ(basename(p), tail);
  if (!p.empty()) {
    ASSERT_EQ(normpath(join(head, tail)), n);
  }

  // splitext: root + ext is the path; ext is "" or one dot and no slash.
  const auto [root, ext] = splitext(p);
  ASSERT_EQ(root + ext, p);
  if (!ext.empty()) {
    ASSERT_EQ(ext[0], '.');
    ASSERT_EQ(ext.find('.', 1), std::string::npos);
    ASSERT_EQ(ext.find('/'), std::string::npos);
  }

  // splitroot / splitdrive put the path back together.
  const auto [drive, r, t] = splitroot(p);
  ASSERT_EQ(drive + r + t, p);
  ASSERT_EQ(isabs(p), !r.empty());
  ASSERT_EQ(splitdrive(p).tail, p);

  // join: an absolute second part wins; otherwise the first part is a prefix.
  const std::string j = join(p, q);
  if (isabs(q)) {
    ASSERT_EQ(j, q);
  } else {
    ASSERT_EQ(j.compare(0, p.size(), p), 0);
  }

  // commonprefix: a prefix of both, cut at a character boundary.
  const std::string cp = commonprefix({p, q});
  ASSERT_EQ(p.compare(0, cp.size(), cp), 0);
  ASSERT_EQ(q.compare(0, cp.size(), cp), 0);
  const auto pc = chars(p), qc = chars(q), cc = chars(cp);
  ASSERT_EQ(pc.compare(0, cc.size(), cc), 0);
  ASSERT_EQ(qc.compare(0, cc.size(), cc), 0);
  ASSERT_TRUE(cc.size() == pc.size() || cc.size() == qc.size() || pc[cc.size()] != qc[cc.size()]);

  // commonpath: either raises the mixing error, or is a common sub-path of both.
  if (isabs(p) != isabs(q)) {
    EXPECT_RAISES_MSG(commonpath({p, q}), ValueError, "Can't mix absolute and relative paths");
  } else {
    const std::string c = commonpath({p, q});
    ASSERT_EQ(commonpath({c, p}), c);
    ASSERT_EQ(commonpath({p, p}), commonpath({p}));
  }

  // relpath on absolute paths is lexical: start + relpath leads back to the path.
  const std::string ap = "/" + p, aq = "/" + q;
  const std::string rel = relpath(ap, aq);
  ASSERT_FALSE(isabs(rel));
  if (!has_two_slash_root(ap) && !has_two_slash_root(aq)) {
    ASSERT_EQ(normpath(join(aq, rel)), normpath(ap));
  }
  ASSERT_EQ(abspath(ap), normpath(ap));

  // The expanders: no crash; unchanged when there is nothing to expand.
  if (p.find('$') == std::string::npos) {
    ASSERT_EQ(expandvars(p), p);
  }
  (void)expandvars(p);
  if (p.empty() || p[0] != '~') {
    ASSERT_EQ(expanduser(p), p);
  }
  try {
    (void)expanduser(p);
  } catch (const ValueError& e) {  // only for a NUL in the user name
    ASSERT_STREQ(e.what(), "embedded null byte");
    ASSERT_NE(p.substr(0, p.find('/')).find('\0'), std::string::npos);
  }
}

TEST(OsPathFuzz, HundredThousandRandomPaths) {
  std::uint64_t seed = 0x9e3779b97f4a7c15ULL;
  if (const char* s = std::getenv("PYOS_FUZZ_SEED")) seed = std::strtoull(s, nullptr, 0);
  std::cerr << "PYOS_FUZZ_SEED=" << seed << "\n";
  Generator gen(seed);
  const auto start = std::chrono::steady_clock::now();
  constexpr int kInputs = 100'000;
  int done = 0;
  for (; done < kInputs; ++done) {
    const std::string p = gen.path(), q = gen.path();
    check_invariants(p, q);
    if (::testing::Test::HasFatalFailure()) break;
    // Bounded in time: a slow (sanitizer) build stops early rather than time out.
    if (std::chrono::steady_clock::now() - start > std::chrono::seconds(90)) break;
  }
  std::cerr << done << " inputs checked\n";
  EXPECT_GE(done, 20'000);
}

}  // namespace
}  // namespace pyos::os::path
