// os.popen: Python builds it from subprocess.Popen(cmd, shell=True, text=True, stdout or
// stdin=PIPE, bufsize=buffering); this does the same steps with os.posix_spawn.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "_core/text.hpp"
#include "pyos/io/open.hpp"
#include "pyos/io/textio.hpp"
#include "pyos/os/fd.hpp"
#include "pyos/os/popen.hpp"
#include "pyos/os/spawn.hpp"
#include "pyos/os/wait.hpp"

namespace pyos::os {

PopenFile::PopenFile(std::shared_ptr<io::TextIOBase> stream, pid_t pid) : stream_(std::move(stream)), pid_(pid) {}

PopenFile::~PopenFile() { close_from_destructor(); }

void PopenFile::close() {
  if (waited_) return;
  // As Python's _wrap_close.close: the stream first (a flush error still waits below).
  std::exception_ptr error;
  try {
    stream_->close();
  } catch (...) {
    error = std::current_exception();
  }
  const int raw = waitpid(pid_, 0).status;
  waited_ = true;
  closed_ = true;
  // subprocess's returncode: the exit status, or -signal.
  const int returncode = WIFSIGNALED(raw) ? -WTERMSIG(raw) : WEXITSTATUS(raw);
  if (returncode != 0) status_ = static_cast<int>(static_cast<unsigned>(returncode) << 8);
  if (error) std::rethrow_exception(error);
}

bool PopenFile::closed() const { return stream_->closed(); }
std::optional<Filename> PopenFile::name() const { return stream_->name(); }
std::optional<std::string> PopenFile::mode() const { return stream_->mode(); }
int PopenFile::fileno() const { return stream_->fileno(); }
void PopenFile::flush() { stream_->flush(); }
bool PopenFile::emergency_flush() noexcept { return stream_->emergency_flush(); }
bool PopenFile::isatty() const { return stream_->isatty(); }
bool PopenFile::readable() const { return stream_->readable(); }
bool PopenFile::seekable() const { return stream_->seekable(); }
bool PopenFile::writable() const { return stream_->writable(); }
io::Position PopenFile::seek(io::Position offset, int whence) { return stream_->seek(offset, whence); }
io::Position PopenFile::tell() { return stream_->tell(); }
std::int64_t PopenFile::truncate(std::optional<std::int64_t> size) { return stream_->truncate(size); }
std::string PopenFile::read(std::int64_t size) { return stream_->read(size); }
std::string PopenFile::readline(std::int64_t size) { return stream_->readline(size); }
std::vector<std::string> PopenFile::readlines(std::int64_t hint) { return stream_->readlines(hint); }
std::size_t PopenFile::write(std::string_view data) { return stream_->write(data); }
std::optional<std::string> PopenFile::encoding() const { return stream_->encoding(); }
std::optional<std::string> PopenFile::errors() const { return stream_->errors(); }
std::optional<std::vector<std::string>> PopenFile::newlines() const { return stream_->newlines(); }
std::shared_ptr<io::BufferedIOBase> PopenFile::buffer() const { return stream_->buffer(); }

std::shared_ptr<PopenFile> popen(std::string_view cmd, std::string_view mode, std::int64_t buffering) {
  if (mode != "r" && mode != "w") throw ValueError("invalid mode " + _core::repr_str(mode));
  if (buffering == 0) throw ValueError("popen() does not support unbuffered streams");
  // subprocess: bufsize=1 means line buffering of the text layer over a default buffer.
  const bool line_buffering = buffering == 1;
  if (buffering == 1) buffering = -1;

  const bool reading = mode == "r";
  auto [r, w] = pipe();
  const int child_end = reading ? w : r, parent_end = reading ? r : w;
  pid_t pid = 0;
  try {
    // The child gets its end as stdout/stdin and, as subprocess's close_fds=True, nothing
    // else beyond the standard three.
    pid = posix_spawn("/bin/sh", {"/bin/sh", "-c", std::string(cmd)}, std::nullopt,
                      {.file_actions = {SpawnFileAction(POSIX_SPAWN_DUP2, child_end, reading ? 1 : 0),
                                        SpawnFileAction(POSIX_SPAWN_CLOSEFROM, 3)}});
  } catch (...) {
    close(r);
    close(w);
    throw;
  }
  close(child_end);
  auto binary = std::dynamic_pointer_cast<io::BufferedIOBase>(
      io::open(parent_end, reading ? "rb" : "wb", {.buffering = buffering}));
  auto text = std::make_shared<io::TextIOWrapper>(
      binary, io::TextIOWrapperOptions{.line_buffering = line_buffering, .write_through = !reading});
  return std::make_shared<PopenFile>(std::move(text), pid);
}

}  // namespace pyos::os
