// File: tests/support/faultfs.cpp
//
// pyos_test_faultfs MOUNTPOINT: a FUSE filesystem held in memory whose files fail as their
// names ask, for the tests that put pyos and CPython on the same failing files
// (support/write_fault.hpp's FaultyFilesystem starts it). The failures come from the real
// kernel: close(2) returns the error of the file's flush, write(2) returns a short count.
//
// A file's name is a comma-separated list of key=value (the unknown ones are ignored):
//   flush=E     every close(2) of a descriptor open for writing fails with errno E (the
//               descriptor is released all the same, as close(2) always does; readers,
//               such as the tests' state(path), close cleanly)
//   short=N     each write(2) transfers at most N bytes
//   wlimit=N    the file holds N bytes: a write(2) that crosses N transfers what fits, one
//   werr=E        at or past N fails with errno E (EIO by default)
//   rlimit=N    a read(2) that reaches past byte N returns the bytes before N, one at or
//   rerr=E        past N fails with errno E (EIO by default)
// Every file is opened with direct_io, so each read(2) and write(2) reaches this process
// with its own size and offset, and its count or error reaches the caller unchanged. One
// thread serves the requests; the server exits when the mount goes (or on SIGTERM).
#define FUSE_USE_VERSION 31
#include <fuse.h>

#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <string_view>

namespace {

struct Faults {
  int flush = 0;
  std::size_t short_count = 0;  // 0: no limit
  long wlimit = -1, rlimit = -1;
  int werr = EIO, rerr = EIO;
};

long number(std::string_view text) { return std::strtol(std::string(text).c_str(), nullptr, 10); }

Faults faults_of(std::string_view path) {
  Faults f;
  std::string_view name = path.substr(path.rfind('/') + 1);
  while (!name.empty()) {
    const std::size_t comma = name.find(',');
    const std::string_view item = name.substr(0, comma);
    name = comma == std::string_view::npos ? std::string_view() : name.substr(comma + 1);
    const std::size_t eq = item.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view key = item.substr(0, eq);
    const long value = number(item.substr(eq + 1));
    if (key == "flush") f.flush = static_cast<int>(value);
    if (key == "short") f.short_count = static_cast<std::size_t>(value);
    if (key == "wlimit") f.wlimit = value;
    if (key == "werr") f.werr = static_cast<int>(value);
    if (key == "rlimit") f.rlimit = value;
    if (key == "rerr") f.rerr = static_cast<int>(value);
  }
  return f;
}

std::map<std::string, std::string>& files() {
  static std::map<std::string, std::string> all;
  return all;
}

std::string* find(const char* path) {
  const auto it = files().find(path);
  return it == files().end() ? nullptr : &it->second;
}

void* do_init(fuse_conn_info*, fuse_config* cfg) {
  cfg->direct_io = 1;
  cfg->kernel_cache = 0;
  cfg->entry_timeout = 0;
  cfg->attr_timeout = 0;
  cfg->negative_timeout = 0;
  return nullptr;
}

int do_getattr(const char* path, struct stat* st, fuse_file_info*) {
  std::memset(st, 0, sizeof *st);
  st->st_uid = ::getuid();
  st->st_gid = ::getgid();
  st->st_blksize = 4096;
  if (std::strcmp(path, "/") == 0) {
    st->st_mode = S_IFDIR | 0755;
    st->st_nlink = 2;
    return 0;
  }
  const std::string* data = find(path);
  if (!data) return -ENOENT;
  st->st_mode = S_IFREG | 0644;
  st->st_nlink = 1;
  st->st_size = static_cast<off_t>(data->size());
  return 0;
}

int do_readdir(const char* path, void* buf, fuse_fill_dir_t fill, off_t, fuse_file_info*, fuse_readdir_flags) {
  if (std::strcmp(path, "/") != 0) return -ENOTDIR;
  fill(buf, ".", nullptr, 0, fuse_fill_dir_flags{});
  fill(buf, "..", nullptr, 0, fuse_fill_dir_flags{});
  for (const auto& [name, data] : files()) fill(buf, name.c_str() + 1, nullptr, 0, fuse_fill_dir_flags{});
  return 0;
}

// The handle of an open file is whether it was opened for writing (what flush asks).
void opened(fuse_file_info* fi) {
  fi->direct_io = 1;
  fi->fh = (fi->flags & O_ACCMODE) != O_RDONLY ? 1 : 0;
}

int do_create(const char* path, mode_t, fuse_file_info* fi) {
  files()[path].clear();
  opened(fi);
  return 0;
}

int do_open(const char* path, fuse_file_info* fi) {
  std::string* data = find(path);
  if (!data) return -ENOENT;
  if (fi->flags & O_TRUNC) data->clear();
  opened(fi);
  return 0;
}

int do_truncate(const char* path, off_t size, fuse_file_info*) {
  std::string* data = find(path);
  if (!data) return -ENOENT;
  data->resize(static_cast<std::size_t>(size));
  return 0;
}

int do_unlink(const char* path) { return files().erase(path) ? 0 : -ENOENT; }

int do_read(const char* path, char* buf, std::size_t size, off_t offset, fuse_file_info*) {
  const std::string* data = find(path);
  if (!data) return -ENOENT;
  const Faults f = faults_of(path);
  auto end = static_cast<long>(data->size());
  if (f.rlimit >= 0) {
    if (offset >= f.rlimit) return -f.rerr;
    end = std::min(end, f.rlimit);
  }
  if (offset >= end) return 0;
  const auto n = std::min(size, static_cast<std::size_t>(end - offset));
  std::memcpy(buf, data->data() + offset, n);
  return static_cast<int>(n);
}

int do_write(const char* path, const char* buf, std::size_t size, off_t offset, fuse_file_info*) {
  std::string* data = find(path);
  if (!data) return -ENOENT;
  const Faults f = faults_of(path);
  if (f.short_count > 0) size = std::min(size, f.short_count);
  if (f.wlimit >= 0) {
    if (offset >= f.wlimit) return -f.werr;
    size = std::min(size, static_cast<std::size_t>(f.wlimit - offset));
  }
  const auto at = static_cast<std::size_t>(offset);
  if (data->size() < at + size) data->resize(at + size);
  data->replace(at, size, buf, size);
  return static_cast<int>(size);
}

int do_flush(const char* path, fuse_file_info* fi) { return fi->fh ? -faults_of(path).flush : 0; }

int do_utimens(const char* path, const timespec*, fuse_file_info*) { return find(path) ? 0 : -ENOENT; }

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: pyos_test_faultfs MOUNTPOINT\n");
    return 2;
  }
  // The test that started the server may die without stopping it.
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);
  fuse_operations ops{};
  ops.init = do_init;
  ops.getattr = do_getattr;
  ops.readdir = do_readdir;
  ops.create = do_create;
  ops.open = do_open;
  ops.truncate = do_truncate;
  ops.unlink = do_unlink;
  ops.read = do_read;
  ops.write = do_write;
  ops.flush = do_flush;
  ops.utimens = do_utimens;
  // Foreground, one thread; the mount is the test's (its own mount namespace).
  char name[] = "pyos_test_faultfs", fg[] = "-f", single[] = "-s";
  char* args[] = {name, fg, single, argv[1], nullptr};
  return fuse_main(4, args, &ops, nullptr);
}
