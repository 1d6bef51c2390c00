// File: logging/logger.cpp
//
// Logger, RootLogger, Manager: the hierarchy and the dispatch of records to handlers.
//
// Fast paths. isEnabledFor() reads one atomic threshold per logger, recomputed for every
// logger whenever a level, manager.disable or `disabled` changes (Python's cache
// invalidation, done eagerly). callHandlers() walks an immutable "chain" — the handlers of
// the logger and of its ancestors up to the first propagate=false — that is rebuilt only
// after a change (a global epoch) and cached per thread, so dispatch takes no lock.
#include <algorithm>
#include <array>
#include <climits>
#include <map>
#include <optional>
#include <set>
#include <typeinfo>
#include <utility>
#include <vector>

#include "logging/clock.hpp"
#include "logging/direct.hpp"
#include "logging/module.hpp"
#include "logging/replacement.hpp"
#include "logging/runtime.hpp"
#include "logging/snapshot.hpp"
#include "logging/traceback.hpp"
#include "pyos/exceptions.hpp"
#include "pyos/logging.hpp"
#include "_core/text.hpp"
#include "_sys/process.hpp"

namespace pyos::logging {

struct Logger::Chain {
  std::vector<std::shared_ptr<Handler>> handlers;
  // Where each handler is: its logger and its index in that logger's list, for a dispatch
  // that goes on over the live lists once a handler has changed the configuration.
  std::vector<std::pair<Logger*, std::size_t>> origin;
  // The one handler, when the record can take the direct route to it (logging/direct.hpp):
  // the logger is a Logger or the RootLogger and the handler exactly a StreamHandler or a
  // FileHandler. What can change without a new chain is checked at each call.
  StreamHandler* direct = nullptr;
};

namespace detail {

// Exactly a Logger or the RootLogger: no subclass whose overrides (findCaller, makeRecord,
// handle) a record must go through.
inline bool is_plain_logger(const Logger& l) noexcept {
  return typeid(l) == typeid(Logger) || typeid(l) == typeid(RootLogger);
}

// Above every int level: a disabled logger's threshold.
constexpr long long kNoLevelEnabled = static_cast<long long>(INT_MAX) + 1;

struct LoggerAccess {
  static void recompute(Logger& l, int disable) {
    long long threshold = kNoLevelEnabled;
    if (!l.disabled) {
      threshold = std::max(static_cast<long long>(disable) + 1, static_cast<long long>(l.getEffectiveLevel()));
    }
    l.threshold_.store(threshold, std::memory_order_relaxed);
  }
  static void set_parent(Logger& l, Logger* p) { l.parent_.store(p, std::memory_order_release); }
  static void set_manager(Logger& l, Manager* m) { l.manager_ = m; }
  static std::size_t handler_count(const Logger& l) { return l.handler_count_.load(std::memory_order_relaxed); }
  static bool log_direct(Logger& l, int level, const Msg& msg, std::span<const Value> args);
  static void log_general(Logger& l, int level, const Msg& msg, std::span<const Value> args, const Kwargs& kw);
  static const Logger::Chain& refresh_chain(Logger& l, std::shared_ptr<const Logger::Chain>& pin);
  static std::size_t call_live(Logger* c, std::size_t i, LogRecord& record);
};

namespace {

// Every Logger object alive (those of the hierarchy and any made directly).
std::set<Logger*>& all_loggers() {
  static auto* s = new std::set<Logger*>;
  return *s;
}

std::atomic<std::uint64_t> g_epoch{0};
std::atomic<int> g_disable{0};  // manager.disable (there is one manager)
std::atomic<bool> g_has_factory{false};

// A manager's loggerDict entry: a logger, or a placeholder with the loggers waiting for it.
struct Node {
  std::unique_ptr<Logger> logger;
  std::vector<Logger*> waiting;  // PlaceHolder.loggerMap, in insertion order
};

struct State {
  RootLogger* root;
  Manager* manager;
  std::map<std::string, Node, std::less<>> nodes;
  LogRecordFactory factory;  // empty: the built-in LogRecord
  LoggerClass klass = logger_class<Logger>();  // logging._loggerClass
};

State& state() {
  static State* s = [] {
    auto* st = new State;  // never destroyed: loggers are immortal
    st->root = new RootLogger(WARNING);
    st->manager = new Manager(*st->root);
    LoggerAccess::set_manager(*st->root, st->manager);
    register_atexit();
    return st;
  }();
  return *s;
}

struct ChainSlot {
  const Logger* logger = nullptr;
  std::uint64_t epoch = 0;
  std::shared_ptr<const Logger::Chain> chain;
};
thread_local std::array<ChainSlot, 8> t_chains;

// Empties this thread's slots that `drop` picks, handing what they held to `out` (which the
// caller releases when the slots are no longer in use: a handler's destructor may log).
template <class Drop, class Out>
void evict_slots(Drop&& drop, Out&& out) {
  for (ChainSlot& slot : t_chains) {
    if (!drop(slot)) continue;
    out(std::exchange(slot.chain, nullptr));
    slot.logger = nullptr;
  }
}
thread_local int t_dispatch_depth = 0;
thread_local const CallSite* t_site_hint = nullptr;

}  // namespace

constinit thread_local std::uint64_t t_direct_records = 0;

std::mutex& module_lock() {
  static auto* m = [] {
    auto* mutex = new std::mutex;
    _sys::register_fork_mutex(*mutex);
    return mutex;
  }();
  return *m;
}

bool root_has_handlers() noexcept { return LoggerAccess::handler_count(*state().root) != 0; }

namespace {
thread_local int t_module_lock_depth = 0;
std::atomic<std::uint64_t> g_dropped_under_lock{0};
}  // namespace

ModuleLock::ModuleLock() {
  ++t_module_lock_depth;  // before locking: a signal may arrive while we wait
  module_lock().lock();
}
ModuleLock::~ModuleLock() {
  module_lock().unlock();
  --t_module_lock_depth;
}
bool ModuleLock::held_by_this_thread() noexcept { return t_module_lock_depth != 0; }
std::uint64_t records_dropped_under_module_lock() noexcept { return g_dropped_under_lock.load(std::memory_order_relaxed); }

void bump_epoch() noexcept { g_epoch.fetch_add(1, std::memory_order_acq_rel); }
std::uint64_t epoch() noexcept { return g_epoch.load(std::memory_order_acquire); }

void recompute_thresholds_locked() {
  int disable = g_disable.load(std::memory_order_relaxed);
  for (Logger* l : all_loggers()) LoggerAccess::recompute(*l, disable);
}

}  // namespace detail

// ---- LoggerFlag

LoggerFlag& LoggerFlag::operator=(bool value) {
  detail::ModuleLock lock;
  value_.store(value, std::memory_order_relaxed);
  if (this == &owner_->disabled) {
    detail::LoggerAccess::recompute(*owner_, detail::g_disable.load(std::memory_order_relaxed));
  } else {
    detail::bump_epoch();
  }
  return *this;
}

// ---- Logger

Logger::Logger(std::string name_, int level)
    : name(std::move(name_)), level_(level), threshold_(detail::kNoLevelEnabled) {
  detail::ModuleLock lock;
  detail::all_loggers().insert(this);
  detail::LoggerAccess::recompute(*this, detail::g_disable.load(std::memory_order_relaxed));
}

Logger::~Logger() {
  detail::ModuleLock lock;
  detail::all_loggers().erase(this);
}

RootLogger::RootLogger(int level) : Logger("root", level) {}

void Logger::setLevel(int level) {
  detail::state();  // the hierarchy exists before a level is set
  detail::ModuleLock lock;
  level_.store(level, std::memory_order_relaxed);
  detail::recompute_thresholds_locked();
}

void Logger::setLevel(std::string_view level) { setLevel(detail::check_level(level)); }

int Logger::getEffectiveLevel() const noexcept {
  for (const Logger* l = this; l; l = l->parent()) {
    if (int lv = l->level()) return lv;
  }
  return NOTSET;
}

Logger& Logger::root() { return logging::root(); }

Manager* Logger::manager() const { return manager_ ? manager_ : detail::state().manager; }

Logger& Logger::getChild(std::string_view suffix) {
  Manager* m = manager();
  if (this == &m->root) return m->getLogger(suffix);
  std::string full = name;
  full += '.';
  full += suffix;
  return m->getLogger(full);
}

std::vector<Logger*> Logger::getChildren() const {
  const Logger* root_logger = &detail::state().manager->root;
  auto hier = [root_logger](const Logger* l) -> long {
    if (l == root_logger) return 0;
    return 1 + static_cast<long>(std::count(l->name.begin(), l->name.end(), '.'));
  };
  std::vector<Logger*> out;
  detail::ModuleLock lock;
  for (auto& [n, node] : detail::state().nodes) {
    Logger* l = node.logger.get();
    if (l && l->parent() == this && hier(l) == 1 + hier(this)) out.push_back(l);
  }
  return out;
}

void Logger::addHandler(std::shared_ptr<Handler> handler) {
  detail::ModuleLock lock;
  if (std::find(handlers_.begin(), handlers_.end(), handler) != handlers_.end()) return;
  handlers_.push_back(std::move(handler));
  handler_count_.store(handlers_.size(), std::memory_order_relaxed);
  detail::bump_epoch();
}

void Logger::removeHandler(const std::shared_ptr<Handler>& handler) {
  // Released after the lock, the handler last (its destructor may run, and log).
  std::shared_ptr<Handler> removed;
  std::vector<std::shared_ptr<const Chain>> stale;
  {
    detail::ModuleLock lock;
    auto it = std::find(handlers_.begin(), handlers_.end(), handler);
    if (it == handlers_.end()) return;
    removed = std::move(*it);
    handlers_.erase(it);
    handler_count_.store(handlers_.size(), std::memory_order_relaxed);
    detail::bump_epoch();
    // As in Python, the logger no longer keeps the handler alive: the cached handler lists
    // that hold it (this logger's, its descendants', this thread's) go now, not at their
    // next record. Inside a dispatch this thread's own are in use, and stay until it ends.
    const auto holds = [&](const std::shared_ptr<const Chain>& chain) {
      return chain && std::find(chain->handlers.begin(), chain->handlers.end(), removed) != chain->handlers.end();
    };
    for (Logger* l : detail::all_loggers()) {
      if (holds(l->chain_)) stale.push_back(std::move(l->chain_));
    }
    if (detail::t_dispatch_depth == 0) {
      detail::evict_slots([&](const detail::ChainSlot& slot) { return holds(slot.chain); },
                          [&](std::shared_ptr<const Chain> chain) { stale.push_back(std::move(chain)); });
    }
  }
  stale.clear();
}

bool Logger::hasHandlers() const {
  detail::ModuleLock lock;
  for (const Logger* c = this; c; c = c->parent()) {
    if (!c->handlers_.empty()) return true;
    if (!c->propagate) break;
  }
  return false;
}

std::vector<std::shared_ptr<Handler>> Logger::handlers() const {
  detail::ModuleLock lock;
  return handlers_;
}

namespace {
// stacklevel <= 0 walks no frame: CPython reports its own findCaller's frame, pyos this one.
detail::Frame own_frame(std::source_location here = std::source_location::current()) {
  return {here.file_name(), static_cast<int>(here.line()), "findCaller"};
}
}  // namespace

Caller Logger::findCaller(bool stack_info, int stacklevel, std::source_location where) const {
  Caller c;
  if (stacklevel <= 0) {
    const detail::Frame f = own_frame();
    c.filename = f.filename;
    c.lineno = f.lineno;
    c.funcName = f.function;
  } else if (stacklevel == 1) {
    const detail::CallSite& site = detail::call_site(where);
    c.filename = site.pathname;
    c.lineno = static_cast<int>(where.line());
    c.funcName = site.funcName;
  } else if (auto f = detail::find_caller(stacklevel)) {
    c.filename = f->filename;
    c.lineno = f->lineno;
    c.funcName = f->function;
  } else {
    c.filename = "(unknown file)";
    c.funcName = "(unknown function)";
  }
  if (stack_info) {
    std::string s = "Stack (most recent call last):\n" + detail::format_stack();
    if (!s.empty() && s.back() == '\n') s.pop_back();
    c.stack_info = std::move(s);
  }
  return c;
}

namespace {
// LogRecord's constructor as a factory: what getLogRecordFactory() returns while none is set.
LogRecord default_record_factory(std::string_view name, int level, std::string_view pathname, int lineno,
                                 const Value& msg, std::span<const Value> args, std::exception_ptr exc_info,
                                 std::optional<std::string_view> func, std::optional<std::string> sinfo) {
  return LogRecord(name, level, pathname, lineno, msg, args, std::move(exc_info), func,
                   sinfo ? std::optional<std::string_view>(*sinfo) : std::nullopt);
}
}  // namespace

namespace {
// makeRecord (and makeLogRecord) through a factory set by setLogRecordFactory. Kept apart so
// that makeRecord's own record is built in place (one named return value).
LogRecord make_with_factory(std::string_view name_, int level, std::string_view fn, int lno, const Value& msg,
                            std::span<const Value> args, std::exception_ptr exc_info,
                            std::optional<std::string_view> func, const std::optional<Mapping>& extra,
                            std::optional<std::string> sinfo) {
  LogRecordFactory factory;
  {
    detail::ModuleLock lock;
    factory = detail::state().factory;
  }
  LogRecord rv = factory(name_, level, fn, lno, msg, args, std::move(exc_info), func, std::move(sinfo));
  if (extra) rv.add_extra(*extra);
  return rv;
}
}  // namespace

LogRecord Logger::makeRecord(std::string_view name_, int level, std::string_view fn, int lno, const Value& msg,
                             std::span<const Value> args, std::exception_ptr exc_info,
                             std::optional<std::string_view> func, std::optional<Mapping> extra,
                             std::optional<std::string> sinfo) {
  if (detail::g_has_factory.load(std::memory_order_acquire)) {
    return make_with_factory(name_, level, fn, lno, msg, args, std::move(exc_info), func, extra, std::move(sinfo));
  }
  std::string_view filename, module;
  if (const detail::CallSite* hint = detail::t_site_hint; hint && hint->pathname.data() == fn.data()) {
    filename = hint->filename;
    module = hint->module;
  } else {
    auto parts = detail::split_pathname(fn);
    filename = parts.filename;
    module = parts.module;
  }
  // A prvalue on every path: the record is built in the caller's variable.
  return LogRecord(LogRecord::FastInit{}, name_, level, fn, filename, module, lno, func, msg, args,
                   std::move(exc_info), std::move(sinfo), extra ? &*extra : nullptr);
}

namespace detail {
namespace {
ChainSlot& chain_slot(const Logger* l) {
  return t_chains[(reinterpret_cast<std::uintptr_t>(l) >> 6) % t_chains.size()];
}
}  // namespace
}  // namespace detail

// The list this thread cached for the current configuration, in line; anything else is
// refresh_chain's.
inline const Logger::Chain& Logger::chain_for_this_thread(std::shared_ptr<const Chain>& pin) {
  if (detail::t_dispatch_depth == 0) {
    const detail::ChainSlot& slot = detail::chain_slot(this);
    if (slot.logger == this && slot.epoch == detail::epoch()) [[likely]] return *slot.chain;
  }
  return detail::LoggerAccess::refresh_chain(*this, pin);
}

// A plain call goes the direct route when it can (logging/direct.hpp); everything else,
// and the drop of a call made under the module lock, is log_general's, out of line, so that
// the common call runs few code lines.
void Logger::_log(int level, const Msg& msg, std::span<const Value> args, const Kwargs& kw) {
  if (kw.stacklevel == 1 && !kw.exc_info && !kw.stack_info && !kw.extra && msg.value.kind() == Value::Kind::Str &&
      !has_filters() && !detail::g_has_factory.load(std::memory_order_acquire) &&
      !detail::ModuleLock::held_by_this_thread() && detail::LoggerAccess::log_direct(*this, level, msg, args))
      [[likely]] {
    return;
  }
  detail::LoggerAccess::log_general(*this, level, msg, args, kw);
}

[[gnu::noinline]] void detail::LoggerAccess::log_general(Logger& l, int level, const Msg& msg,
                                                          std::span<const Value> args, const Kwargs& kw) {
  if (detail::ModuleLock::held_by_this_thread()) {
    // Logged from a signal handler that interrupted this thread inside a configuration call.
    detail::g_dropped_under_lock.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  std::string_view fn;
  std::string_view func;
  int lno = 0;
  std::optional<detail::Frame> frame;
  const detail::CallSite* site = nullptr;
  std::optional<std::string> sinfo;
  std::optional<Caller> caller;
  if (!detail::is_plain_logger(l)) {
    // A subclass may override findCaller, as in Python (whose _log always calls it).
    caller = l.findCaller(kw.stack_info, kw.stacklevel, msg.location);
    fn = caller->filename;
    func = caller->funcName;
    lno = caller->lineno;
    sinfo = std::move(caller->stack_info);
  } else if (kw.stacklevel <= 0) {
    frame = own_frame();
    fn = frame->filename;
    func = frame->function;
    lno = frame->lineno;
  } else if (kw.stacklevel == 1) {
    site = &detail::call_site(msg.location);
    fn = site->pathname;
    func = site->funcName;
    lno = static_cast<int>(msg.location.line());
  } else if ((frame = detail::find_caller(kw.stacklevel))) {
    fn = frame->filename;
    func = frame->function;
    lno = frame->lineno;
  } else {
    fn = "(unknown file)";
    func = "(unknown function)";
  }
  if (kw.stack_info && !caller) {
    sinfo = "Stack (most recent call last):\n" + detail::format_stack();
    if (sinfo->back() == '\n') sinfo->pop_back();
  }
  detail::t_site_hint = site;
  LogRecord record = l.makeRecord(l.name, level, fn, lno, msg.value, args, kw.exc_info, func, kw.extra, std::move(sinfo));
  detail::t_site_hint = nullptr;
  l.handle(record);
}

// The direct route (logging/direct.hpp) of a plain call, once _log() has checked the call,
// the logger's filters and the record factory: false when it must take the general route.
// The arguments are looked at only when the record has a direct handler to go to.
bool detail::LoggerAccess::log_direct(Logger& l, int level, const Msg& msg, std::span<const Value> args) {
  std::shared_ptr<const Logger::Chain> pin;
  const Logger::Chain& chain = l.chain_for_this_thread(pin);
  StreamHandler* h = chain.direct;
  if (h == nullptr || !direct_arguments(args)) return false;
  if (l.disabled) return true;  // Logger.handle()
  if (level < h->level()) return true;  // callHandlers(): the one handler does not take it
  const DirectCall call{l.name, level, &msg.location, &msg.value, args, record_time_ns()};
  ++t_dispatch_depth;
  const DirectResult result = h->handle_direct(call);
  --t_dispatch_depth;
  if (result != DirectResult::done) return false;
  ++t_direct_records;
  return true;
}

void Logger::handle(LogRecord& record) {
  if (disabled) return;
  if (!has_filters()) return callHandlers(record);
  // A filter may replace the record (Python 3.12): the handlers get the replacement.
  std::optional<detail::FilterReplacement> replacements;
  if (may_replace()) replacements.emplace(this);
  try {
    if (!filter(record)) return;
  } catch (...) {
    // Python lets a logger filter's exception reach the caller; pyos reports it instead.
    std::string report = "--- Logging error ---\n";
    detail::format_exception(report, std::current_exception());
    report += "\nin a filter of logger " + _core::repr_str(name) + "\n";
    detail::write_stderr(report);
    return;
  }
  callHandlers(replacements ? replacements->record(record) : record);
}

[[gnu::noinline]] const Logger::Chain& detail::LoggerAccess::refresh_chain(Logger& l,
                                                                          std::shared_ptr<const Logger::Chain>& pin) {
  using Chain = Logger::Chain;
  const bool top = detail::t_dispatch_depth == 0;
  detail::ChainSlot* slot = nullptr;
  if (top) slot = &detail::chain_slot(&l);  // chain_for_this_thread found it stale
  std::shared_ptr<const Chain> fresh;
  std::shared_ptr<const Chain> old;  // released after the lock
  std::uint64_t built;
  {
    detail::ModuleLock lock;
    const std::uint64_t current = detail::epoch();
    if (l.chain_epoch_ != current || !l.chain_) {
      auto chain = std::make_shared<Chain>();
      for (Logger* c = &l; c; c = c->parent()) {
        chain->handlers.insert(chain->handlers.end(), c->handlers_.begin(), c->handlers_.end());
        for (std::size_t i = 0; i < c->handlers_.size(); ++i) chain->origin.emplace_back(c, i);
        if (!c->propagate) break;
      }
      if (chain->handlers.size() == 1 && detail::is_plain_logger(l)) {
        Handler& h = *chain->handlers.front();
        if (typeid(h) == typeid(StreamHandler) || typeid(h) == typeid(FileHandler)) {
          chain->direct = static_cast<StreamHandler*>(&h);
        }
      }
      old = std::exchange(l.chain_, std::move(chain));
      l.chain_epoch_ = current;
    }
    fresh = l.chain_;
    built = l.chain_epoch_;
  }
  if (top) {
    // The slot takes the new list, and every slot of an older configuration is emptied, so
    // that this thread no longer keeps a removed handler alive. What they held is released
    // at the block's end, while `fresh` holds the list the caller uses: a handler's
    // destructor may log, and so refill the slots.
    std::array<std::shared_ptr<const Chain>, std::tuple_size_v<decltype(detail::t_chains)>> evicted;
    std::size_t n = 0;
    detail::evict_slots([&](const detail::ChainSlot& other) { return &other == slot || other.epoch != built; },
                        [&](std::shared_ptr<const Chain> chain) { evicted[n++] = std::move(chain); });
    slot->chain = fresh;
    slot->logger = &l;
    slot->epoch = built;
  }
  pin = std::move(fresh);
  return *pin;
}

// Python's callHandlers walks each logger's live handler list by index, and reads
// `propagate` and `parent` as it goes: what a handler changes while the record is being
// dispatched applies to the rest of the dispatch. The list is taken again at every step.
std::size_t detail::LoggerAccess::call_live(Logger* c, std::size_t i, LogRecord& record) {
  std::size_t found = 0;
  while (c != nullptr) {
    for (;; ++i) {
      std::shared_ptr<Handler> h;
      {
        detail::ModuleLock lock;
        if (i >= c->handlers_.size()) break;
        h = c->handlers_[i];
      }
      ++found;
      if (record.levelno >= h->level()) h->handle(record);
    }
    if (!c->propagate) break;
    c = c->parent();
    i = 0;
  }
  return found;
}

void Logger::callHandlers(LogRecord& record) {
  const std::uint64_t epoch = detail::epoch();
  std::shared_ptr<const Chain> pin;
  const Chain& chain = chain_for_this_thread(pin);
  std::size_t found = 0;
  ++detail::t_dispatch_depth;
  for (std::size_t k = 0; k < chain.handlers.size(); ++k) {
    const std::shared_ptr<Handler>& h = chain.handlers[k];
    ++found;
    if (record.levelno >= h->level()) h->handle(record);
    if (detail::epoch() != epoch) [[unlikely]] {
      // The configuration changed (this handler, or another thread): on over the live lists.
      found += detail::LoggerAccess::call_live(chain.origin[k].first, chain.origin[k].second + 1, record);
      break;
    }
  }
  --detail::t_dispatch_depth;
  if (found != 0) return;
  if (std::shared_ptr<Handler> last = lastResort.load()) {
    if (record.levelno >= last->level()) last->handle(record);
  } else if (raiseExceptions.load(std::memory_order_relaxed)) {
    Manager* m = manager();
    bool first = false;
    {
      detail::ModuleLock lock;
      first = !m->emittedNoHandlerWarning;
      m->emittedNoHandlerWarning = true;
    }
    if (first) detail::write_stderr("No handlers could be found for logger \"" + name + "\"\n");
  }
}

std::string Logger::repr() const { return detail::angle_repr(class_name(), name, getEffectiveLevel()); }

// ---- Manager

Manager::Manager(Logger& root_) : root(root_) {}

Logger& Manager::getLogger(std::string_view name) {
  auto& nodes = detail::state().nodes;
  LoggerClass klass;
  {
    detail::ModuleLock lock;
    auto it = nodes.find(name);
    if (it != nodes.end() && it->second.logger) return *it->second.logger;
    klass = logger_class_ ? logger_class_ : detail::state().klass;  // self.loggerClass or _loggerClass
  }
  // A logger is made outside the lock (its constructor registers itself under it).
  std::unique_ptr<Logger> made = klass(name);
  std::unique_ptr<Logger> lost_race;  // destroyed after the lock
  detail::ModuleLock lock;
  auto it = nodes.find(name);
  if (it != nodes.end() && it->second.logger) {
    lost_race = std::move(made);
    return *it->second.logger;
  }
  Logger* rv = made.get();
  detail::LoggerAccess::set_manager(*rv, this);
  std::vector<Logger*> waiting;
  if (it == nodes.end()) {
    it = nodes.emplace(std::string(name), detail::Node{}).first;
  } else {
    waiting = std::move(it->second.waiting);  // it was a placeholder
  }
  it->second.logger = std::move(made);
  it->second.waiting.clear();

  // _fixupChildren: loggers that waited for this name get it as their parent, unless their
  // current parent is already below it.
  for (Logger* c : waiting) {
    Logger* p = c->parent();
    if (p == nullptr || p->name.compare(0, rv->name.size(), rv->name) != 0) {
      detail::LoggerAccess::set_parent(*rv, p);
      detail::LoggerAccess::set_parent(*c, rv);
    }
  }
  // _fixupParents: the nearest existing ancestor, placeholders for the missing ones.
  Logger* parent = nullptr;
  std::string_view n = rv->name;
  std::size_t i = n.rfind('.');
  while (i != std::string_view::npos && i > 0 && parent == nullptr) {
    std::string_view sub = n.substr(0, i);
    auto pit = nodes.find(sub);
    if (pit == nodes.end()) {
      detail::Node ph;
      ph.waiting.push_back(rv);
      nodes.emplace(std::string(sub), std::move(ph));
    } else if (pit->second.logger) {
      parent = pit->second.logger.get();
    } else {
      auto& w = pit->second.waiting;
      if (std::find(w.begin(), w.end(), rv) == w.end()) w.push_back(rv);
    }
    // Python's rfind(".", 0, i - 1): the next dot strictly before position i - 1.
    i = i < 2 ? std::string_view::npos : n.substr(0, i - 1).rfind('.');
  }
  detail::LoggerAccess::set_parent(*rv, parent ? parent : &root);
  detail::bump_epoch();
  detail::recompute_thresholds_locked();
  return *rv;
}

int Manager::disable() const noexcept { return detail::g_disable.load(std::memory_order_relaxed); }

void Manager::setLoggerClass(LoggerClass klass) {
  detail::ModuleLock lock;
  logger_class_ = std::move(klass);
}

void Manager::setLogRecordFactory(LogRecordFactory factory) {
  detail::ModuleLock lock;
  log_record_factory_ = std::move(factory);
}

LoggerClass Manager::loggerClass() const {
  detail::ModuleLock lock;
  return logger_class_;
}

LogRecordFactory Manager::logRecordFactory() const {
  detail::ModuleLock lock;
  return log_record_factory_;
}

std::vector<std::string> Manager::loggerNames() const {
  detail::ModuleLock lock;
  std::vector<std::string> out;
  for (const auto& [n, node] : detail::state().nodes) {
    if (node.logger) out.push_back(n);
  }
  return out;
}

// ---- The hierarchy saved and put back (logging/snapshot.hpp)

namespace detail {

namespace {
// The loggers that left the loggerDict at a restore: alive as long as the process, as a
// reference to one may remain.
std::vector<std::unique_ptr<Logger>>& departed_loggers() {
  static auto* v = new std::vector<std::unique_ptr<Logger>>;
  return *v;
}
}  // namespace

HierarchyImage hierarchy_image() {
  State& s = state();
  ModuleLock lock;
  HierarchyImage image;
  image.parents.emplace_back(s.root, s.root->parent());
  for (const auto& [n, node] : s.nodes) {
    image.nodes.push_back({n, node.logger.get(), node.waiting});
    if (node.logger) image.parents.emplace_back(node.logger.get(), node.logger->parent());
  }
  return image;
}

std::vector<Logger*> restore_hierarchy(const HierarchyImage& image) {
  State& s = state();
  std::vector<Logger*> departed;
  ModuleLock lock;
  std::map<std::string, Node, std::less<>> nodes;
  for (const HierarchyImage::Node& saved : image.nodes) {
    Node& node = nodes[saved.name];
    node.waiting = saved.waiting;
    if (saved.logger == nullptr) continue;
    auto it = s.nodes.find(saved.name);  // a logger, once in the dict, stays until a restore
    node.logger = std::move(it->second.logger);
  }
  for (auto& [n, node] : s.nodes) {
    if (!node.logger) continue;
    departed.push_back(node.logger.get());
    departed_loggers().push_back(std::move(node.logger));
  }
  s.nodes = std::move(nodes);
  for (const auto& [logger, parent] : image.parents) LoggerAccess::set_parent(*logger, parent);
  bump_epoch();
  recompute_thresholds_locked();
  return departed;
}

}  // namespace detail

// ---- Module functions that need the state

Logger& root() { return *detail::state().root; }
Logger& getLogger() { return root(); }

Logger& getLogger(std::string_view name) {
  detail::State& s = detail::state();
  if (name.empty() || name == s.root->name) return *s.root;
  return s.manager->getLogger(name);
}

LoggerClass getLoggerClass() {
  detail::State& s = detail::state();
  detail::ModuleLock lock;
  return s.klass;
}

void setLoggerClass(LoggerClass klass) {
  detail::State& s = detail::state();
  detail::ModuleLock lock;
  s.klass = klass ? std::move(klass) : logger_class<Logger>();
}

LogRecordFactory getLogRecordFactory() {
  detail::State& s = detail::state();
  detail::ModuleLock lock;
  if (s.factory) return s.factory;
  return &default_record_factory;
}

LogRecord makeLogRecord(Mapping attributes) {
  // _logRecordFactory(None, None, "", 0, "", (), None, None), then the attributes. Python's
  // None name and level are "None" and 0 here; levelname is what LogRecord makes of a None
  // level, "Level None", whichever factory made the record.
  const std::string_view none = "None";
  LogRecord record = detail::g_has_factory.load(std::memory_order_acquire)
                         ? make_with_factory(none, NOTSET, "", 0, Value(""), {}, nullptr, std::nullopt,
                                             std::nullopt, std::nullopt)
                         : LogRecord(none, NOTSET, "", 0, Value(""), {}, nullptr, std::nullopt, std::nullopt);
  record.levelname = "Level None";
  for (const Item& item : attributes) record.set(item.key, item.value);
  return record;
}

void setLogRecordFactory(LogRecordFactory factory) {
  detail::State& s = detail::state();
  detail::ModuleLock lock;
  // The default factory given back (what getLogRecordFactory() returned) is no factory: the
  // records are made in place again, and plain calls take the direct route again.
  using Function = decltype(&default_record_factory);
  const Function* f = factory.target<Function>();
  if (f && *f == &default_record_factory) factory = nullptr;
  detail::g_has_factory.store(static_cast<bool>(factory), std::memory_order_release);
  s.factory = std::move(factory);
}

void disable(int level) {
  detail::state();
  detail::ModuleLock lock;
  detail::g_disable.store(level, std::memory_order_relaxed);
  detail::recompute_thresholds_locked();
}

void disable(std::string_view level) { disable(detail::check_level(level)); }

}  // namespace pyos::logging
