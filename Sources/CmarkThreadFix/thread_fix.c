// libcmark-gfm 0.29.0.gfm.6 keeps the inline extensions' special characters ('~', ':', 'w')
// in a process-global table: cmark_parser_finish adds them at the start of every parse and
// removes them at the end (github/cmark-gfm#176). Two threads parsing at once therefore see
// the table emptied under their feet (~~x~~ not struck, autolinks missed).
//
// The library calls the exported cmark_manage_extensions_special_characters through its PLT,
// so defining the symbol here interposes it: we forward "add" to the real function and
// ignore "remove", keeping the characters set for good. Every parser attaches the same
// extensions, so the table never needs to shrink. If interposition does not happen (the
// symbol not exported from the executable), cmark_thread_fix_calls() stays 0 and the
// Swift wrapper falls back to a global parse lock.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdatomic.h>
#include <stddef.h>
#include "cmark_thread_fix.h"

typedef struct cmark_parser cmark_parser;
typedef void (*manage_fn)(cmark_parser *, int);

static _Atomic long calls;
static _Atomic(manage_fn) real_manage;

void cmark_manage_extensions_special_characters(cmark_parser *parser, int add) {
    atomic_fetch_add(&calls, 1);
    if (!add) return;
    manage_fn fn = atomic_load(&real_manage);
    if (fn == NULL) {
        fn = (manage_fn)dlsym(RTLD_NEXT, "cmark_manage_extensions_special_characters");
        atomic_store(&real_manage, fn);
    }
    if (fn != NULL) fn(parser, add);
}

long cmark_thread_fix_calls(void) { return atomic_load(&calls); }
