// File: pyos/io/bytesio.hpp
//
// io.BytesIO: an in-memory binary stream. getbuffer() returns an RAII view (Python's
// memoryview) over the contents; while a view is alive the BytesIO cannot be resized or
// closed (BufferError "Existing exports of data: object cannot be re-sized"), as in Python.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "pyos/io/iobase.hpp"

namespace pyos::io {

class BytesIO : public BufferedIOBase {
  struct Storage;

 public:
  // BytesIO(initial_bytes=b''): positioned at the start.
  explicit BytesIO(std::string_view initial_bytes = {});
  ~BytesIO() override;

  // The memoryview getbuffer() returns: writable, no copy; it keeps the bytes alive (like
  // Python's view keeps the BytesIO alive) and blocks resizing until it is destroyed or
  // release()d. Movable, not copyable.
  class Buffer {
   public:
    Buffer(Buffer&& other) noexcept;
    Buffer& operator=(Buffer&& other) noexcept;
    Buffer(const Buffer&) = delete;
    Buffer& operator=(const Buffer&) = delete;
    ~Buffer();

    std::span<std::byte> bytes() const;  // empty once released
    std::size_t size() const { return bytes().size(); }
    std::string tobytes() const;          // memoryview.tobytes()
    void release() noexcept;              // memoryview.release()

   private:
    friend class BytesIO;
    explicit Buffer(std::shared_ptr<Storage> storage) noexcept;
    std::shared_ptr<Storage> storage_;
  };

  // getvalue() -> the whole contents. getbuffer() -> a view (ValueError when closed).
  std::string getvalue() const;
  Buffer getbuffer();

  std::string read(std::int64_t size = -1) override;
  std::string read1(std::int64_t size = -1) override;
  std::size_t readinto(std::span<std::byte> buffer) override;
  std::size_t readinto1(std::span<std::byte> buffer) override;
  std::string readline(std::int64_t size = -1) override;
  // readlines(hint=-1): BytesIO's own, which stops once the total reaches hint (IOBase's
  // stops once it exceeds it).
  std::vector<std::string> readlines(std::int64_t hint = -1) override;
  // write(b): overwrites at the position; writing past the end zero-fills the gap.
  std::size_t write(std::string_view data) override;
  // seek(pos, whence): ValueError "negative seek value -1", "invalid whence (3, should be 0,
  // 1 or 2)"; SEEK_CUR/SEEK_END clamp at 0.
  Position seek(Position pos, int whence = 0) override;
  Position tell() override;
  // truncate(size=None): never moves the position, never extends.
  std::int64_t truncate(std::optional<std::int64_t> size = std::nullopt) override;

  void close() override;
  bool closed() const override;
  bool readable() const override;
  bool writable() const override;
  bool seekable() const override;
  void flush() override;
  std::string repr() const override;

 private:
  void check_exports() const;
  std::string_view remaining(std::int64_t size) const;

  std::shared_ptr<Storage> storage_;
  std::size_t pos_ = 0;
};

}  // namespace pyos::io
