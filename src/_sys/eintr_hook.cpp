#include <atomic>

#include "_sys/retry.hpp"

namespace pyos::_sys {

namespace {
std::atomic<EintrHook> g_hook{nullptr};
}

void set_eintr_hook(EintrHook hook) noexcept { g_hook.store(hook, std::memory_order_release); }
EintrHook eintr_hook() noexcept { return g_hook.load(std::memory_order_acquire); }

}  // namespace pyos::_sys
