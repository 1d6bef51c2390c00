// os.path's string functions on POSIX (posixpath, genericpath): no system call here.
//
// Speed: each function makes one pass over its input and builds its result with at most one
// allocation (none when the result fits the string's inline buffer). normpath works in place
// inside the result string.
#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "_core/text.hpp"
#include "path_internal.hpp"
#include "pyos/exceptions.hpp"
#include "pyos/os/path.hpp"

namespace pyos::os::path {

namespace {

// Index just past the last '/', or 0: where split() cuts.
std::size_t tail_start(std::string_view p) noexcept {
  const std::size_t i = p.rfind('/');
  return i == std::string_view::npos ? 0 : i + 1;
}

// split()'s head: p[:i] without its trailing slashes, unless it is nothing but slashes.
std::string_view head_of(std::string_view p, std::size_t i) noexcept {
  std::string_view head = p.substr(0, i);
  const std::size_t last = head.find_last_not_of('/');
  if (last == std::string_view::npos) return head;  // "" or only slashes: kept as is
  return head.substr(0, last + 1);
}

}  // namespace

std::string normcase(const PathLike& path) { return path.str(); }

bool isabs(const PathLike& path) {
  const std::string_view p = path.fspath();
  return !p.empty() && p.front() == '/';
}

std::string detail::join(std::span<const PathLike> parts) {
  if (parts.empty()) throw TypeError("join() missing 1 required positional argument: 'a'");
  // An absolute part discards everything before it, so start at the last one.
  std::size_t first = 0;
  std::size_t bound = 0;
  for (std::size_t i = parts.size(); i-- > 1;) {
    const std::string_view b = parts[i].fspath();
    if (!b.empty() && b.front() == '/') {
      first = i;
      break;
    }
  }
  for (std::size_t i = first; i < parts.size(); ++i) bound += parts[i].fspath().size() + 1;
  std::string out;
  out.reserve(bound);
  for (std::size_t i = first; i < parts.size(); ++i) {
    const std::string_view b = parts[i].fspath();
    if (out.empty()) {
      out.assign(b);  // Python: `if b.startswith(sep) or not path: path = b`
    } else {
      if (out.back() != '/') out.push_back('/');
      out.append(b);
    }
  }
  return out;
}

split_result split(const PathLike& path) {
  const std::string_view p = path.fspath();
  const std::size_t i = tail_start(p);
  return {std::string(head_of(p, i)), std::string(p.substr(i))};
}

std::string basename(const PathLike& path) {
  const std::string_view p = path.fspath();
  return std::string(p.substr(tail_start(p)));
}

std::string dirname(const PathLike& path) {
  const std::string_view p = path.fspath();
  return std::string(head_of(p, tail_start(p)));
}

splitext_result splitext(const PathLike& path) {
  const std::string_view p = path.fspath();
  const std::size_t sep_index = p.rfind('/');
  const std::size_t dot = p.rfind('.');
  if (dot != std::string_view::npos && (sep_index == std::string_view::npos || dot > sep_index)) {
    // Leading dots of the last component belong to the root (".cshrc", "..x").
    const std::size_t name = sep_index == std::string_view::npos ? 0 : sep_index + 1;
    for (std::size_t i = name; i < dot; ++i) {
      if (p[i] != '.') return {std::string(p.substr(0, dot)), std::string(p.substr(dot))};
    }
  }
  return {std::string(p), std::string()};
}

splitdrive_result splitdrive(const PathLike& path) { return {std::string(), path.str()}; }

splitroot_result splitroot(const PathLike& path) {
  const std::string_view p = path.fspath();
  if (p.empty() || p[0] != '/') return {std::string(), std::string(), std::string(p)};
  if (p.size() >= 2 && p[1] == '/' && (p.size() == 2 || p[2] != '/')) {
    return {std::string(), std::string(p.substr(0, 2)), std::string(p.substr(2))};
  }
  return {std::string(), std::string("/"), std::string(p.substr(1))};
}

std::size_t detail::normalize_in_place(char* s, std::size_t n) noexcept {
  // The root: none, "/" (one or three-plus slashes) or "//" (exactly two).
  std::size_t r = 0;
  while (r < n && s[r] == '/') ++r;
  const std::size_t root = r == 0 ? 0 : (r == 2 ? 2 : 1);
  std::size_t w = root;  // s[0, root) already holds the root's slashes
  while (r < n) {
    if (s[r] == '/') {
      ++r;
      continue;
    }
    const std::size_t start = r;
    while (r < n && s[r] != '/') ++r;  // components are short: a loop beats a memchr call
    const std::size_t len = r - start;
    if (len == 1 && s[start] == '.') continue;
    if (len == 2 && s[start] == '.' && s[start + 1] == '.') {
      if (w > root) {
        // The last component written: pop it, unless it is itself "..".
        std::size_t last = w;
        while (last > root && s[last - 1] != '/') --last;
        if (!(w - last == 2 && s[last] == '.' && s[last + 1] == '.')) {
          w = last > root ? last - 1 : root;
          continue;
        }
      } else if (root != 0) {
        continue;  // "/.." is "/"
      }
    }
    if (w > root) s[w++] = '/';
    if (w != start) std::memmove(s + w, s + start, len);  // an already normal part stays put
    w += len;
  }
  if (w == 0) {
    s[0] = '.';
    w = 1;
  }
  return w;
}

std::string normpath(const PathLike& path) {
  const std::string_view p = path.fspath();
  if (p.empty()) return ".";
  std::string out(p);
  out.resize(detail::normalize_in_place(out.data(), out.size()));
  return out;
}

// ---- commonprefix / commonpath ---------------------------------------------------------

namespace {

// The length of the longest common prefix of a and b in Python str characters: a UTF-8
// sequence is one character, any other byte is one (surrogateescape).
std::size_t common_chars(std::string_view a, std::string_view b) noexcept {
  const std::size_t n = std::min(a.size(), b.size());
  std::size_t pos = 0;
  while (pos < n && a[pos] == b[pos]) {
    if (static_cast<unsigned char>(a[pos]) < 0x80) {
      ++pos;
      continue;
    }
    std::size_t end_a = pos, end_b = pos;
    _core::decode_code_point(a, end_a);
    _core::decode_code_point(b, end_b);
    if (end_a != end_b || a.compare(pos, end_a - pos, b, pos, end_b - pos) != 0) break;
    pos = end_a;
  }
  return pos;
}

// The components of p as commonpath() sees them: split on "/", without "" and ".".
std::vector<std::string_view> components(std::string_view p) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i <= p.size()) {
    std::size_t j = p.find('/', i);
    if (j == std::string_view::npos) j = p.size();
    const std::string_view c = p.substr(i, j - i);
    if (!c.empty() && c != ".") out.push_back(c);
    i = j + 1;
  }
  return out;
}

std::string join_components(std::string_view prefix, std::span<const std::string_view> parts) {
  std::size_t size = prefix.size();
  for (const auto& c : parts) size += c.size() + 1;
  std::string out;
  out.reserve(size);
  out.append(prefix);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i != 0) out.push_back('/');
    out.append(parts[i]);
  }
  return out;
}

}  // namespace

std::string detail::commonprefix(std::span<const PathLike> paths) {
  if (paths.empty()) return std::string();
  std::string_view prefix = paths[0].fspath();
  for (std::size_t i = 1; i < paths.size() && !prefix.empty(); ++i) {
    prefix = prefix.substr(0, common_chars(prefix, paths[i].fspath()));
  }
  return std::string(prefix);
}

std::string commonprefix(std::initializer_list<PathLike> paths) {
  return detail::commonprefix(std::span<const PathLike>(paths.begin(), paths.size()));
}

std::vector<std::string> detail::commonprefix_parts(std::span<const std::vector<std::string>> lists) {
  if (lists.empty()) return {};
  std::size_t n = lists[0].size();
  for (const auto& list : lists.subspan(1)) {
    std::size_t i = 0;
    while (i < n && i < list.size() && list[i] == lists[0][i]) ++i;
    n = i;
  }
  return {lists[0].begin(), lists[0].begin() + static_cast<std::ptrdiff_t>(n)};
}

std::string detail::commonpath(std::span<const PathLike> paths) {
  if (paths.empty()) throw ValueError("commonpath() arg is an empty sequence");
  const bool absolute = isabs(paths[0]);
  for (const auto& p : paths.subspan(1)) {
    if (isabs(p) != absolute) throw ValueError("Can't mix absolute and relative paths");
  }
  const std::vector<std::string_view> first = components(paths[0].fspath());
  std::size_t n = first.size();
  for (const auto& p : paths.subspan(1)) {
    const std::vector<std::string_view> other = components(p.fspath());
    std::size_t i = 0;
    while (i < n && i < other.size() && other[i] == first[i]) ++i;
    n = i;
  }
  return join_components(absolute ? "/" : "", std::span(first).first(n));
}

std::string commonpath(std::initializer_list<PathLike> paths) {
  return detail::commonpath(std::span<const PathLike>(paths.begin(), paths.size()));
}

}  // namespace pyos::os::path
