#include "_sys/dir_linux.hpp"

#include <cstring>
#include <utility>

#include "_sys/retry.hpp"

namespace pyos::_sys {

namespace {

// One spare buffer per thread. `gone` is set when the thread's storage is destroyed, so that a
// stream destroyed later in the thread's exit frees its buffer instead.
struct SpareBuffer {
  char* buffer = nullptr;
  bool gone = false;
  ~SpareBuffer() {
    delete[] buffer;
    buffer = nullptr;
    gone = true;
  }
};
thread_local SpareBuffer spare;

char* take_buffer(std::size_t size) {
  if (spare.buffer != nullptr) return std::exchange(spare.buffer, nullptr);
  return new char[size];
}

}  // namespace

void DirStream::GiveBack::operator()(char* buffer) const noexcept {
  if (spare.buffer == nullptr && !spare.gone) {
    spare.buffer = buffer;
  } else {
    delete[] buffer;
  }
}

DirStream::DirStream(UniqueFd fd) : fd_(std::move(fd)), buffer_(take_buffer(kBufferSize)) {}

Result<const DirStream::Entry*> DirStream::refill() noexcept {
  auto got = detail::transfer(Call::getdents64, kBufferSize,
                              [&](std::size_t n) { return ::getdents64(fd_.get(), buffer_.get(), n); });
  if (!got) return got.error();
  if (*got == 0) return static_cast<const Entry*>(nullptr);
  pos_ = 0;
  end_ = *got;
  return &decode();
}

}  // namespace pyos::_sys
