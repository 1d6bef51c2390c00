// The exception tree against CPython: class chosen from errno, str(), attributes, and the
// base-class catching Python's except clauses rely on.
#include "pyos/exceptions.hpp"

#include <cerrno>
#include <exception>
#include <stdexcept>
#include <string>

#include "support/pyos_test.hpp"

namespace pyos {
namespace {

using test::from_hex;

Filename filename_from_json(const nlohmann::json& j) {
  const std::string kind = j.at("kind");
  if (kind == "fd") return Filename::fd(j.at("number").get<long long>());
  const std::string raw = from_hex(j.at("hex").get<std::string>());
  return kind == "bytes" ? Filename::bytes(raw) : Filename(raw);
}

std::optional<std::string> optional_string(const nlohmann::json& j) {
  if (j.is_null()) return std::nullopt;
  return j.get<std::string>();
}

TEST(OSErrorGolden, ClassAndStrMatchCPythonForEveryErrno) {
  const auto doc = test::golden("errno/oserror.json");
  std::size_t checked = 0;
  for (const auto& c : test::golden_cases(doc)) {
    const int code = c.at("errno");
    std::optional<Filename> f1, f2;
    const auto& names = c.at("filenames");
    if (names.size() >= 1) f1 = filename_from_json(names[0]);
    if (names.size() >= 2) f2 = filename_from_json(names[1]);
    SCOPED_TRACE(c.dump());

    EXPECT_EQ(oserror_type_name(code), c.at("type").get<std::string>());
    try {
      raise_from_errno(code, f1, f2);
      ADD_FAILURE() << "raise_from_errno returned";
    } catch (const OSError& e) {
      EXPECT_EQ(e.type_name(), c.at("type").get<std::string>());
      EXPECT_EQ(std::string(e.what()), c.at("str").get<std::string>());
      EXPECT_EQ(e.errno_(), code);
      auto repr = [](const std::optional<Filename>& f) -> std::optional<std::string> {
        return f ? std::optional(f->repr()) : std::nullopt;
      };
      EXPECT_EQ(repr(e.filename()), optional_string(c.at("filename")));
      EXPECT_EQ(repr(e.filename2()), optional_string(c.at("filename2")));
      if (c.contains("characters_written")) {
        const auto* b = dynamic_cast<const BlockingIOError*>(&e);
        ASSERT_NE(b, nullptr);
        const auto& cw = c.at("characters_written");
        EXPECT_EQ(b->characters_written(),
                  cw.is_null() ? std::nullopt : std::optional<std::size_t>(cw.get<std::size_t>()));
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, test::golden_cases(doc).size());
}

TEST(OSError, StrForms) {
  // Python: str(OSError("m")) == "m"; OSError(2, "s") == "[Errno 2] s".
  EXPECT_STREQ(OSError("m").what(), "m");
  EXPECT_FALSE(OSError("m").errno_().has_value());
  EXPECT_STREQ(OSError(2, "s").what(), "[Errno 2] s");
  EXPECT_STREQ(OSError(2, "s", "f").what(), "[Errno 2] s: 'f'");
  EXPECT_STREQ(OSError(18, "Invalid cross-device link", "a", "b").what(),
               "[Errno 18] Invalid cross-device link: 'a' -> 'b'");
  // filename2 without filename is not shown (Python: OSError(2, 's', None, None, 'b')).
  EXPECT_STREQ(OSError(2, "s", std::nullopt, Filename("b")).what(), "[Errno 2] s");
  EXPECT_STREQ(FileNotFoundError(2, "s", Filename::fd(-1)).what(), "[Errno 2] s: -1");
}

TEST(OSError, BlockingIOErrorCharactersWritten) {
  // Python: BlockingIOError(11, 's', 5).characters_written == 5, str "[Errno 11] s".
  BlockingIOError e(EAGAIN, "s", std::size_t{5});
  EXPECT_STREQ(e.what(), "[Errno 11] s");
  EXPECT_EQ(e.characters_written(), 5U);
  EXPECT_FALSE(BlockingIOError(EAGAIN, "s").characters_written().has_value());
}

TEST(Hierarchy, SubclassesAreCaughtByTheirPythonBases) {
  auto caught_as_connection_error = [] {
    try {
      raise_from_errno(EPIPE);
    } catch (const ConnectionError& e) {
      return e.type_name() == "BrokenPipeError";
    }
    return false;
  };
  EXPECT_TRUE(caught_as_connection_error());
  EXPECT_RAISES(raise_from_errno(ENOENT, "x"), OSError, ENOENT);
  EXPECT_RAISES(raise_from_errno(ENOENT, "x"), Exception, 0);
  EXPECT_RAISES(raise_from_errno(ENOENT, "x"), BaseException, 0);
  EXPECT_RAISES(throw KeyError("k"), LookupError, 0);
  EXPECT_RAISES(throw IndexError("i"), LookupError, 0);
  EXPECT_RAISES(throw NotImplementedError("n"), RuntimeError, 0);
  EXPECT_RAISES(throw OverflowError("o"), ArithmeticError, 0);
  EXPECT_RAISES(throw UnicodeError("u"), ValueError, 0);
  EXPECT_RAISES(throw UnicodeDecodeError("utf-8", "\xff", 0, 1, "invalid start byte"),
                ValueError, 0);
  // Everything is a std::exception whose what() is str(exc).
  try {
    raise_from_errno(EACCES, "secret");
  } catch (const std::exception& e) {
    EXPECT_STREQ(e.what(), "[Errno 13] Permission denied: 'secret'");
  }
}

// A diamond as Python has it (io.UnsupportedOperation is both OSError and ValueError): the
// virtual bases keep `catch (const Exception&)` unambiguous.
class DiamondError : public virtual OSError, public virtual ValueError {
 public:
  explicit DiamondError(std::string m) : BaseException(std::move(m)) {}
  std::string_view type_name() const noexcept override { return "DiamondError"; }
};

TEST(Hierarchy, DiamondIsCaughtByEveryBase) {
  EXPECT_RAISES(throw DiamondError("d"), OSError, 0);
  EXPECT_RAISES(throw DiamondError("d"), ValueError, 0);
  EXPECT_RAISES(throw DiamondError("d"), Exception, 0);
  EXPECT_RAISES_MSG(throw DiamondError("d"), DiamondError, "d");
}

// std::throw_with_nested copies the thrown object into a class derived from its type, which
// default-constructs the virtual bases: the copy constructors copy their state again, so
// the wrapped exception keeps str(), the OSError attributes and its context().
template <class E>
const E& nested_copy(const E& original) {
  static std::exception_ptr keep;
  try {
    try {
      throw std::runtime_error("inner");
    } catch (...) {
      std::throw_with_nested(original);
    }
  } catch (...) {
    keep = std::current_exception();
  }
  try {
    std::rethrow_exception(keep);
  } catch (const E& e) {
    EXPECT_NE(dynamic_cast<const std::nested_exception*>(&e), nullptr);
    return e;
  }
  throw std::logic_error("unreachable");
}

TEST(Hierarchy, CopiesMadeByThrowWithNestedKeepTheState) {
  EXPECT_STREQ(nested_copy(RuntimeError("outer")).what(), "outer");
  EXPECT_STREQ(nested_copy(KeyError("k")).what(), "'k'");
  const FileNotFoundError& f = nested_copy(FileNotFoundError(ENOENT, "No such file or directory", "x"));
  EXPECT_STREQ(f.what(), "[Errno 2] No such file or directory: 'x'");
  EXPECT_EQ(f.errno_(), ENOENT);
  EXPECT_EQ(f.strerror(), "No such file or directory");
  EXPECT_EQ(f.filename(), Filename("x"));
  const BlockingIOError& b = nested_copy(BlockingIOError(EAGAIN, "s", std::size_t{5}));
  EXPECT_STREQ(b.what(), "[Errno 11] s");
  EXPECT_EQ(b.errno_(), EAGAIN);
  EXPECT_EQ(b.characters_written(), 5U);
  const UnicodeDecodeError& u = nested_copy(UnicodeDecodeError("utf-8", "\xff", 0, 1, "invalid start byte"));
  EXPECT_STREQ(u.what(), "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte");
  EXPECT_EQ(u.end(), 1U);
  ValueError with_context("outer");
  with_context.set_context(std::make_exception_ptr(OSError("inner")));
  const ValueError& v = nested_copy(with_context);
  EXPECT_STREQ(v.what(), "outer");
  ASSERT_TRUE(v.context());
  EXPECT_RAISES_MSG(std::rethrow_exception(v.context()), OSError, "inner");
}

TEST(Hierarchy, ContextIsKeptByCopiesAndRethrow) {
  // Python's __context__: empty unless set; set on the caught object and rethrown with
  // `throw;`, the caller sees it.
  EXPECT_FALSE(OSError("x").context());
  try {
    try {
      raise_from_errno(EBADF);
    } catch (BaseException& e) {
      e.set_context(std::make_exception_ptr(ValueError("flush failed")));
      throw;
    }
  } catch (const OSError& e) {
    EXPECT_EQ(e.errno_(), EBADF);
    const OSError copy = e;
    ASSERT_TRUE(copy.context());
    EXPECT_RAISES_MSG(std::rethrow_exception(copy.context()), ValueError, "flush failed");
  }
}

TEST(KeyErrorStr, IsTheReprOfTheKey) {
  // Python: str(KeyError('a')) == "'a'"; str(KeyError(9999)) == '9999'.
  EXPECT_STREQ(KeyError("a").what(), "'a'");
  EXPECT_STREQ(KeyError("it's").what(), "\"it's\"");
  EXPECT_STREQ(KeyError(9999LL).what(), "9999");
}

TEST(UnicodeErrorsGolden, StrMatchesCPython) {
  const auto doc = test::golden("core/unicode_errors.json");
  for (const auto& c : test::golden_cases(doc)) {
    SCOPED_TRACE(c.dump());
    const std::size_t start = c.at("start"), end = c.at("end");
    if (c.at("kind") == "decode") {
      UnicodeDecodeError e(c.at("encoding"), from_hex(c.at("hex").get<std::string>()), start, end,
                           c.at("reason"));
      EXPECT_EQ(std::string(e.what()), c.at("str").get<std::string>());
    } else {
      std::u32string object;
      for (const auto& cp : c.at("code_points")) object.push_back(cp.get<char32_t>());
      UnicodeEncodeError e(c.at("encoding"), object, start, end, c.at("reason"));
      EXPECT_EQ(std::string(e.what()), c.at("str").get<std::string>());
    }
  }
}

}  // namespace
}  // namespace pyos
