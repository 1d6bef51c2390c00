#include "_sys/dir_linux.hpp"

#include <cstring>

#include "_sys/retry.hpp"

namespace pyos::_sys {

DirStream::DirStream(UniqueFd fd) : fd_(std::move(fd)), buffer_(new char[kBufferSize]) {}

Result<const DirStream::Entry*> DirStream::next() noexcept {
  if (pos_ >= end_) {
    auto got = detail::transfer(Call::getdents64, kBufferSize,
                                [&](std::size_t n) { return ::getdents64(fd_.get(), buffer_.get(), n); });
    if (!got) return got.error();
    if (*got == 0) return static_cast<const Entry*>(nullptr);
    pos_ = 0;
    end_ = *got;
  }
  // The record is not necessarily aligned for dirent64 inside a char buffer: copy the
  // fixed-size head instead of casting.
  const char* record = buffer_.get() + pos_;
  struct dirent64 head;
  std::memcpy(&head, record, offsetof(struct dirent64, d_name));
  const char* name = record + offsetof(struct dirent64, d_name);
  entry_ = {std::string_view(name, std::strlen(name)), head.d_ino, head.d_type};
  pos_ += head.d_reclen;
  return &entry_;
}

}  // namespace pyos::_sys
