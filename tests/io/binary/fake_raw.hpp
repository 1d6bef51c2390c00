// File: tests/io/binary/fake_raw.hpp
//
// FakeRaw: a scripted raw stream, the C++ twin of FakeRaw in tools/oracle/gen_io_binary.py
// (read that docstring for the script format). Drives the buffered classes through short
// reads and writes, would-block, errors and misbehaving lengths/positions.
#pragma once

#include <cstring>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pyos/io/iobase.hpp"
#include "support/pyos_test.hpp"

namespace pyos::test {

std::string to_hex(std::string_view bytes);

class FakeRaw : public io::RawIOBase {
 public:
  explicit FakeRaw(const nlohmann::json& spec) {
    if (spec.contains("reads")) for (const auto& r : spec["reads"]) reads.push_back(r);
    if (spec.contains("writes")) for (const auto& w : spec["writes"]) writes.push_back(w);
    if (spec.contains("file")) file = from_hex(spec["file"].get<std::string>());
    if (spec.contains("chunk")) chunk = spec["chunk"].get<std::size_t>();
    if (spec.contains("tell") && !spec["tell"].is_null()) fixed_tell = spec["tell"].get<std::int64_t>();
    if (spec.contains("close_error") && !spec["close_error"].is_null()) close_error = spec["close_error"].get<int>();
  }

  bool readable() const override { return true; }
  bool writable() const override { return true; }
  bool seekable() const override { return file.has_value() || fixed_tell.has_value(); }

  io::Position tell() override {
    if (fixed_tell) return *fixed_tell;
    if (!file) throw io::UnsupportedOperation("seek");
    return pos;
  }
  io::Position seek(io::Position offset, int whence) override {
    if (fixed_tell) return *fixed_tell;
    if (!file) throw io::UnsupportedOperation("seek");
    log.push_back("seek " + std::to_string(offset.offset()) + " " + std::to_string(whence));
    std::int64_t p = offset;
    if (whence == 1) p += pos;
    if (whence == 2) p += static_cast<std::int64_t>(file->size());
    if (p < 0) raise_from_errno(EINVAL);
    pos = p;
    return p;
  }
  std::int64_t truncate(std::optional<std::int64_t> size) override {
    if (!file) throw io::UnsupportedOperation("truncate");
    const std::int64_t n = size.value_or(pos);
    file->resize(static_cast<std::size_t>(n), '\0');
    return n;
  }

  std::optional<std::size_t> readinto(std::span<std::byte> b) override {
    log.push_back("readinto " + std::to_string(b.size()));
    if (file) {
      const auto p = static_cast<std::size_t>(pos);
      const std::size_t n = p >= file->size() ? 0 : std::min({b.size(), chunk, file->size() - p});
      if (n) std::memcpy(b.data(), file->data() + p, n);
      pos += static_cast<std::int64_t>(n);
      return n;
    }
    if (reads.empty()) return 0;
    nlohmann::json item = reads.front();
    reads.pop_front();
    if (item.is_null()) return std::nullopt;
    if (item.is_object()) {
      if (item.contains("error")) raise_from_errno(item["error"].get<int>());
      // Misbehaving: the claimed length, whatever the buffer (a negative one reads as huge,
      // as a negative Python int would be rejected just the same).
      return static_cast<std::size_t>(item["len"].get<std::int64_t>());
    }
    std::string data = from_hex(item.get<std::string>());
    if (data.size() > b.size()) {
      reads.push_front(to_hex(std::string_view(data).substr(b.size())));
      data.resize(b.size());
    }
    std::memcpy(b.data(), data.data(), data.size());
    return data.size();
  }

  std::optional<std::size_t> raw_write(std::span<const std::byte> b) override {
    std::string_view data(reinterpret_cast<const char*>(b.data()), b.size());
    log.push_back("write " + std::to_string(b.size()));
    if (file) {
      const std::size_t n = std::min(data.size(), chunk);
      const auto p = static_cast<std::size_t>(pos);
      if (p + n > file->size()) file->resize(p + n, '\0');
      std::memcpy(file->data() + p, data.data(), n);
      pos += static_cast<std::int64_t>(n);
      written.append(data.substr(0, n));
      return n;
    }
    if (writes.empty()) {
      written.append(data);
      return data.size();
    }
    nlohmann::json item = writes.front();
    writes.pop_front();
    if (item.is_null()) return std::nullopt;
    if (item.is_object()) {
      if (item.contains("error")) raise_from_errno(item["error"].get<int>());
      const std::int64_t n = item["len"].get<std::int64_t>();
      written.append(data.substr(0, static_cast<std::size_t>(std::max<std::int64_t>(0, std::min<std::int64_t>(n, static_cast<std::int64_t>(data.size()))))));
      return static_cast<std::size_t>(n);
    }
    const std::size_t n = std::min(item.get<std::size_t>(), data.size());
    written.append(data.substr(0, n));
    return n;
  }

  void close() override {
    if (closed_) return;
    closed_ = true;
    if (close_error) raise_from_errno(*close_error);
  }

  std::deque<nlohmann::json> reads, writes;
  std::optional<std::string> file;
  std::size_t chunk = std::size_t{1} << 30;
  std::optional<std::int64_t> fixed_tell;
  std::optional<int> close_error;
  std::int64_t pos = 0;
  std::string written;
  // The calls buffered objects made, as the Python FakeRaw logs them: "readinto <size>",
  // "write <size>", "seek <offset> <whence>".
  std::vector<std::string> log;
};

}  // namespace pyos::test
