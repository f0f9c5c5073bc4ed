#include "sim/event_log.h"

#include <sys/mman.h>

#include <cstdlib>
#include <new>

namespace ripple::sim {
namespace {
constexpr size_t kHugePage = size_t{2} << 20;
constexpr size_t kBlockBytes = EventLog::kBlockSize * sizeof(Event);
static_assert(kBlockBytes % kHugePage == 0);
}  // namespace

void EventLog::FreeBlock::operator()(Event* block) const { std::free(block); }

EventLog::Block EventLog::AllocateBlock() {
  void* memory = std::aligned_alloc(kHugePage, kBlockBytes);
  if (memory == nullptr) throw std::bad_alloc();
  ::madvise(memory, kBlockBytes, MADV_HUGEPAGE);  // a hint; failure only costs speed
  return Block(static_cast<Event*>(memory));
}

}  // namespace ripple::sim
