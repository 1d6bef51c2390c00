// File: logging/callsite.cpp
//
// The per-process facts a record carries, each computed once (see runtime.hpp).
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "_sys/process.hpp"
#include "logging/runtime.hpp"
#include "pyos/time.hpp"

namespace pyos::logging::detail {

// ---- Call sites

PathParts split_pathname(std::string_view pathname) noexcept {
  std::size_t slash = pathname.rfind('/');
  std::string_view filename = slash == std::string_view::npos ? pathname : pathname.substr(slash + 1);
  // os.path.splitext: the last dot, unless the name is all dots up to it (".bashrc").
  std::string_view module = filename;
  std::size_t dot = filename.rfind('.');
  if (dot != std::string_view::npos) {
    std::size_t first_non_dot = filename.find_first_not_of('.');
    if (first_non_dot != std::string_view::npos && dot > first_non_dot) module = filename.substr(0, dot);
  }
  return {filename, module};
}

std::string_view short_function_name(std::string_view sig) noexcept {
  // Drop " [with T = ...]" (templates).
  if (std::size_t with = sig.find(" [with "); with != std::string_view::npos) sig = sig.substr(0, with);
  // A lambda: "...::<lambda(int)>" is Python's "<lambda>".
  if (!sig.empty() && sig.back() == '>' && sig.find("<lambda") != std::string_view::npos) return "<lambda>";
  // Strip trailing qualifiers after the parameter list: " const", " &&", " noexcept"...
  std::size_t close = sig.rfind(')');
  if (close == std::string_view::npos) return sig;
  // The '(' that opens the parameter list.
  int depth = 0;
  std::size_t open = std::string_view::npos;
  for (std::size_t i = close + 1; i-- > 0;) {
    if (sig[i] == ')') ++depth;
    else if (sig[i] == '(' && --depth == 0) {
      open = i;
      break;
    }
  }
  if (open == std::string_view::npos || open == 0) return sig;
  std::string_view head = sig.substr(0, open);
  // Back to the start of the unqualified name: the last "::" or space outside <...>.
  depth = 0;
  std::size_t start = 0;
  for (std::size_t i = head.size(); i-- > 0;) {
    char c = head[i];
    if (c == '>') ++depth;
    else if (c == '<') --depth;
    else if (depth == 0 && (c == ' ' || (c == ':' && i > 0 && head[i - 1] == ':'))) {
      start = i + 1;
      break;
    }
  }
  std::string_view name = head.substr(start);
  return name.empty() ? sig : name;
}

namespace {

struct SiteEntry {
  const char* file;
  const char* function;
  CallSite site;
};

// Open addressing over the (file, function) pointers of std::source_location; entries are
// never freed (there is one per logging call site in the program).
constexpr std::size_t kSlots = 4096;
std::array<std::atomic<const SiteEntry*>, kSlots> g_sites{};

CallSite compute(const char* file, const char* function) {
  CallSite s;
  s.pathname = file;
  PathParts parts = split_pathname(s.pathname);
  s.filename = parts.filename;
  s.module = parts.module;
  s.funcName = short_function_name(function);
  return s;
}

}  // namespace

const CallSite& call_site(const std::source_location& where) {
  const char* file = where.file_name();
  const char* function = where.function_name();
  std::size_t h = std::hash<const void*>()(file) * 31 + std::hash<const void*>()(function);
  for (std::size_t probe = 0; probe < 16; ++probe) {
    std::size_t slot = (h + probe) % kSlots;
    const SiteEntry* e = g_sites[slot].load(std::memory_order_acquire);
    if (e == nullptr) {
      auto* fresh = new SiteEntry{file, function, compute(file, function)};  // lives forever
      const SiteEntry* expected = nullptr;
      if (g_sites[slot].compare_exchange_strong(expected, fresh, std::memory_order_acq_rel)) return fresh->site;
      delete fresh;
      e = expected;
    }
    if (e->file == file && e->function == function) return e->site;
  }
  // The table is crowded: keep the answer for this thread only.
  thread_local SiteEntry overflow{};
  overflow = SiteEntry{file, function, compute(file, function)};
  return overflow.site;
}

// ---- Threads and process

namespace {
std::atomic<int> g_pid{0};
std::atomic<unsigned> g_thread_counter{0};
const std::int64_t g_start_ns = time::time_ns();

void refresh_pid_in_child() { g_pid.store(static_cast<int>(::getpid()), std::memory_order_relaxed); }

struct ThreadState {
  ThreadInfo info{};
  std::string name;
  bool ready = false;
};
thread_local ThreadState t_thread;
}  // namespace

constinit thread_local const ThreadInfo* t_thread_info = nullptr;

const ThreadInfo& compute_current_thread() {
  ThreadState& t = t_thread;
  if (!t.ready) [[unlikely]] {
    t.info.ident = static_cast<unsigned long>(::pthread_self());
    if (::syscall(SYS_gettid) == ::getpid()) {
      t.name = "MainThread";
    } else {
      // A name given with pthread_setname_np differs from the process's own name.
      char mine[16] = {};
      char process[16] = {};
      ::pthread_getname_np(::pthread_self(), mine, sizeof mine);
      if (FILE* f = std::fopen("/proc/self/comm", "r")) {
        if (std::fgets(process, sizeof process, f) != nullptr) process[std::strcspn(process, "\n")] = '\0';
        std::fclose(f);
      }
      if (mine[0] != '\0' && std::strcmp(mine, process) != 0) {
        t.name = mine;
      } else {
        t.name = "Thread-" + std::to_string(g_thread_counter.fetch_add(1, std::memory_order_relaxed) + 1);
      }
    }
    t.info.name = t.name;
    t.ready = true;
  }
  t_thread_info = &t.info;
  return t.info;
}

int cached_pid() noexcept {
  int pid = g_pid.load(std::memory_order_relaxed);
  if (pid == 0) [[unlikely]] {
    static std::once_flag once;
    std::call_once(once, [] { ::pthread_atfork(nullptr, nullptr, &refresh_pid_in_child); });
    pid = static_cast<int>(::getpid());
    g_pid.store(pid, std::memory_order_relaxed);
  }
  return pid;
}

std::int64_t start_time_ns() noexcept { return g_start_ns; }

// ---- Buffers

constinit thread_local BufferPool* t_buffer_pool = nullptr;

namespace {
// Given to threads whose own pool is gone: takes nothing, holds nothing (never written).
BufferPool g_no_pool{.count = 0, .limit = 0, .slots = {}};

struct PoolOwner {
  BufferPool pool;
  PoolOwner() noexcept { t_buffer_pool = &pool; }
  ~PoolOwner() {
    t_buffer_pool = &g_no_pool;
    for (std::size_t i = 0; i < pool.count; ++i) std::destroy_at(pool.slot(i));
    pool.count = 0;
  }
  PoolOwner(const PoolOwner&) = delete;
  PoolOwner& operator=(const PoolOwner&) = delete;
};
}  // namespace

BufferPool* make_buffer_pool() noexcept {
  thread_local PoolOwner owner;  // constructed here, on the thread's first give
  return &owner.pool;
}

}  // namespace pyos::logging::detail
