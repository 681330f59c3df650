#ifndef PLAYBOOK_ALLOCATOR_H
#define PLAYBOOK_ALLOCATOR_H
// Nothing to call: this target exists for what it links (jemalloc) and defines (malloc_conf).
#endif
