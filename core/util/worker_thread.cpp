#include "core/util/worker_thread.h"

#if NNDF_THREADS
#include <cerrno>
#include <system_error>

namespace nndf {

#if NNDF_PLACE_THREADS
int worker_start_core(int index, int here, const cpu_set_t& allowed) {
    if (index < 1 || here < 0 || here >= CPU_SETSIZE) return -1;
    const int others = CPU_COUNT(&allowed) - (CPU_ISSET(here, &allowed) ? 1 : 0);
    if (others < 1) return -1;
    int k = 1 + (index - 1) % others;
    for (int step = 1; step < CPU_SETSIZE; ++step) {
        const int cpu = (here + step) % CPU_SETSIZE;
        if (CPU_ISSET(cpu, &allowed) && --k == 0) return cpu;
    }
    return -1;
}
#endif

WorkerThread::WorkerThread(int index, std::function<void()> body) : body_(std::move(body)) {
    pthread_attr_t attr;
    if (pthread_attr_init(&attr) != 0)
        throw std::system_error(ENOMEM, std::generic_category(), "pthread_attr_init");
#if NNDF_PLACE_THREADS
    const int cpu = pthread_getaffinity_np(pthread_self(), sizeof allowed_, &allowed_) == 0
                        ? worker_start_core(index, sched_getcpu(), allowed_)
                        : -1;
    if (cpu >= 0) {
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(cpu, &one);
        placed_ = pthread_attr_setaffinity_np(&attr, sizeof one, &one) == 0;
    }
#else
    (void)index;
#endif
    const int rc = pthread_create(&id_, &attr, &WorkerThread::entry, this);
    pthread_attr_destroy(&attr);
    if (rc != 0) throw std::system_error(rc, std::generic_category(), "pthread_create");
}

WorkerThread::~WorkerThread() {
    pthread_join(id_, nullptr);
}

void* WorkerThread::entry(void* self) {
    auto* thread = static_cast<WorkerThread*>(self);
#if NNDF_PLACE_THREADS
    if (thread->placed_)
        pthread_setaffinity_np(pthread_self(), sizeof thread->allowed_, &thread->allowed_);
#endif
    thread->body_();
    return nullptr;
}

}  // namespace nndf
#endif
