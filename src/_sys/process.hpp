// File: _sys/process.hpp
//
// Process system calls. Calls that cannot fail return their value directly.
// (The rest of the process calls are in process_linux.hpp.)
#pragma once

#include <sys/types.h>

#include <mutex>

namespace pyos::_sys {

pid_t getpid() noexcept;
pid_t getppid() noexcept;

// Fork safety for pyos's own locks. A registered mutex is taken before every fork() of the
// process (pthread_atfork "prepare", in registration order, whoever calls fork: os.fork,
// os.forkpty, or foreign code) and released after it in the parent and in the child, so a
// child never inherits it locked by a thread that does not exist there, and the data it
// guards is never copied half-changed. posix_spawn and vfork-style spawns do not run
// these handlers and do not need them (the child execs at once).
//
// Only for leaf mutexes: code holding one must never wait for another registered mutex
// (the prepare handler takes them in order). A mutex must outlive every later fork; pyos
// registers function-local statics, which live until exit. Registering a mutex again is a
// no-op. At most 64 mutexes; more return false (and the extra is not guarded).
bool register_fork_mutex(std::mutex& mutex) noexcept;

}  // namespace pyos::_sys
