#ifndef CMARK_THREAD_FIX_H
#define CMARK_THREAD_FIX_H
/// How many times libcmark-gfm called our interposed
/// cmark_manage_extensions_special_characters. Zero after a parse means the dynamic
/// linker did not bind the library's call to our definition: parse under a lock then.
long cmark_thread_fix_calls(void);
#endif
