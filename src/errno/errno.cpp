#include "pyos/errno.hpp"

#include <algorithm>
#include <array>
#include <cerrno>

#include "_core/strerror.hpp"
#include "pyos/exceptions.hpp"

namespace pyos::errno_ {
namespace {

constexpr Symbol kGenerated[] = {
#include "errno_symbols.inc"
};
constexpr std::size_t kSymbolCount = std::size(kGenerated);

constexpr bool by_value_then_name(const Symbol& a, const Symbol& b) {
  return a.value != b.value ? a.value < b.value : a.name < b.name;
}

constexpr auto kByValue = [] {
  std::array<Symbol, kSymbolCount> a{};
  std::copy(std::begin(kGenerated), std::end(kGenerated), a.begin());
  std::sort(a.begin(), a.end(), by_value_then_name);
  return a;
}();

// Where names share a value, CPython's errorcode keeps the name its module table inserts
// last. On Linux that gives these (checked by the golden vectors from CPython):
// EAGAIN over EWOULDBLOCK, EDEADLOCK over EDEADLK, ENOTSUP over EOPNOTSUPP. For an alias
// pair not listed here (another platform), the alphabetically first name is used.
constexpr std::string_view kPreferred[] = {"EAGAIN", "EDEADLOCK", "ENOTSUP"};

constexpr bool preferred(std::string_view name) {
  return std::find(std::begin(kPreferred), std::end(kPreferred), name) != std::end(kPreferred);
}

constexpr std::size_t kDistinctValues = [] {
  std::size_t n = 0;
  for (std::size_t i = 0; i < kSymbolCount; ++i) n += (i == 0 || kByValue[i].value != kByValue[i - 1].value);
  return n;
}();

constexpr auto kErrorCode = [] {
  std::array<Symbol, kDistinctValues> out{};
  std::size_t n = 0;
  for (std::size_t i = 0; i < kSymbolCount; ++i) {
    const Symbol& s = kByValue[i];
    if (n > 0 && out[n - 1].value == s.value) {
      if (preferred(s.name)) out[n - 1] = s;
    } else {
      out[n++] = s;
    }
  }
  return out;
}();

}  // namespace

std::span<const Symbol> symbols() noexcept { return kByValue; }

std::optional<int> value(std::string_view name) noexcept {
  // kGenerated is sorted by name (the generator sorts it).
  const auto* it = std::lower_bound(std::begin(kGenerated), std::end(kGenerated), name,
                                    [](const Symbol& s, std::string_view n) { return s.name < n; });
  if (it == std::end(kGenerated) || it->name != name) return std::nullopt;
  return it->value;
}

std::optional<std::string_view> ErrorCodeMap::get(int code) const noexcept {
  const auto* it = std::lower_bound(kErrorCode.begin(), kErrorCode.end(), code,
                                    [](const Symbol& s, int v) { return s.value < v; });
  if (it == kErrorCode.end() || it->value != code) return std::nullopt;
  return it->name;
}

std::string_view ErrorCodeMap::at(int code) const {
  if (auto name = get(code)) return *name;
  throw KeyError(static_cast<long long>(code));
}

std::size_t ErrorCodeMap::size() const noexcept { return kErrorCode.size(); }

std::span<const Symbol> ErrorCodeMap::items() const noexcept { return kErrorCode; }

std::string strerror(int code) { return _core::strerror(code); }

}  // namespace pyos::errno_
