// io.BytesIO, following CPython's Modules/_io/bytesio.c.
#include "pyos/io/bytesio.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "io_internal.hpp"

namespace pyos::io {

struct BytesIO::Storage {
  std::string bytes;
  std::size_t exports = 0;  // live getbuffer() views
};

BytesIO::Buffer::Buffer(std::shared_ptr<Storage> storage) noexcept : storage_(std::move(storage)) {
  ++storage_->exports;
}
BytesIO::Buffer::Buffer(Buffer&& other) noexcept : storage_(std::move(other.storage_)) {}
BytesIO::Buffer& BytesIO::Buffer::operator=(Buffer&& other) noexcept {
  if (this != &other) {
    release();
    storage_ = std::move(other.storage_);
  }
  return *this;
}
BytesIO::Buffer::~Buffer() { release(); }

void BytesIO::Buffer::release() noexcept {
  if (storage_) {
    --storage_->exports;
    storage_.reset();
  }
}

std::span<std::byte> BytesIO::Buffer::bytes() const {
  if (!storage_) return {};
  return std::as_writable_bytes(std::span(storage_->bytes));
}

std::string BytesIO::Buffer::tobytes() const {
  if (!storage_) throw ValueError("operation forbidden on released memoryview object");
  return storage_->bytes;
}

BytesIO::BytesIO(std::string_view initial_bytes) : storage_(std::make_shared<Storage>()) {
  storage_->bytes.assign(initial_bytes);
}

BytesIO::~BytesIO() {
  // A live view keeps the bytes (as Python's memoryview keeps the BytesIO); nothing to report.
  if (storage_->exports == 0) close_from_destructor();
}

void BytesIO::check_exports() const {
  if (storage_ && storage_->exports > 0) throw BufferError("Existing exports of data: object cannot be re-sized");
}

std::string BytesIO::getvalue() const {
  check_closed();
  return storage_->bytes;
}

BytesIO::Buffer BytesIO::getbuffer() {
  check_closed();
  return Buffer(storage_);
}

std::string_view BytesIO::remaining(std::int64_t size) const {
  const std::string& b = storage_->bytes;
  if (pos_ >= b.size()) return {};
  std::size_t n = b.size() - pos_;
  if (size >= 0) n = std::min(n, static_cast<std::size_t>(size));
  return std::string_view(b).substr(pos_, n);
}

std::string BytesIO::read(std::int64_t size) {
  check_closed();
  std::string_view r = remaining(size);
  pos_ += r.size();
  return std::string(r);
}

std::string BytesIO::read1(std::int64_t size) { return read(size); }

std::size_t BytesIO::readinto(std::span<std::byte> buffer) {
  check_closed();
  std::string_view r = remaining(static_cast<std::int64_t>(buffer.size()));
  if (!r.empty()) std::memcpy(buffer.data(), r.data(), r.size());
  pos_ += r.size();
  return r.size();
}

std::size_t BytesIO::readinto1(std::span<std::byte> buffer) { return readinto(buffer); }

std::string BytesIO::readline(std::int64_t size) {
  check_closed();
  std::string_view r = remaining(size);
  const std::size_t nl = r.find('\n');
  if (nl != std::string_view::npos) r = r.substr(0, nl + 1);
  pos_ += r.size();
  return std::string(r);
}

std::vector<std::string> BytesIO::readlines(std::int64_t hint) {
  check_closed();
  std::vector<std::string> lines;
  std::int64_t total = 0;
  for (;;) {
    std::string line = readline();
    if (line.empty()) break;
    total += static_cast<std::int64_t>(line.size());
    lines.push_back(std::move(line));
    if (hint > 0 && total >= hint) break;
  }
  return lines;
}

std::size_t BytesIO::write(std::string_view data) {
  check_closed();
  check_exports();
  if (data.empty()) return 0;
  std::string& b = storage_->bytes;
  const std::size_t end = pos_ + data.size();
  if (end > b.size()) b.resize(end, '\0');  // a gap after the old end is zero-filled
  std::memcpy(b.data() + pos_, data.data(), data.size());
  pos_ = end;
  return data.size();
}

Position BytesIO::seek(Position pos, int whence) {
  check_closed();
  std::int64_t target = pos.offset();
  if (target < 0 && whence == 0) throw ValueError("negative seek value " + std::to_string(target));
  if (whence == 1) {
    target = target > INT64_MAX - static_cast<std::int64_t>(pos_) ? INT64_MAX : target + static_cast<std::int64_t>(pos_);
  } else if (whence == 2) {
    target += static_cast<std::int64_t>(storage_->bytes.size());
  } else if (whence != 0) {
    throw ValueError("invalid whence (" + std::to_string(whence) + ", should be 0, 1 or 2)");
  }
  if (target < 0) target = 0;
  pos_ = static_cast<std::size_t>(target);
  return target;
}

Position BytesIO::tell() {
  check_closed();
  return static_cast<std::int64_t>(pos_);
}

std::int64_t BytesIO::truncate(std::optional<std::int64_t> size) {
  check_closed();
  check_exports();
  const std::int64_t n = size ? *size : static_cast<std::int64_t>(pos_);
  if (n < 0) throw ValueError("negative size value " + std::to_string(n));
  if (static_cast<std::uint64_t>(n) < storage_->bytes.size()) storage_->bytes.resize(static_cast<std::size_t>(n));
  return n;
}

void BytesIO::close() {
  if (closed_) return;
  check_exports();
  closed_ = true;
  // The buffer is discarded; a view that outlived a close cannot exist (close refuses).
  storage_->bytes.clear();
  storage_->bytes.shrink_to_fit();
}

bool BytesIO::closed() const { return closed_; }

bool BytesIO::readable() const {
  check_closed();
  return true;
}
bool BytesIO::writable() const {
  check_closed();
  return true;
}
bool BytesIO::seekable() const {
  check_closed();
  return true;
}
void BytesIO::flush() { check_closed(); }

std::string BytesIO::repr() const { return "<_io.BytesIO>"; }

}  // namespace pyos::io
