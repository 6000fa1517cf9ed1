/* assert.h - run-time assertions; may be included more than once. */
#undef assert

#ifdef NDEBUG
#define assert(e)	((void)0)
#else
void __vxc_assert_fail(const char *expr, const char *file, int line,
		       const char *func) __attribute__((__noreturn__));
#define assert(e)	((e) ? (void)0 : \
			 __vxc_assert_fail(#e, __FILE__, __LINE__, __func__))
#endif

#if !defined(__cplusplus) && __STDC_VERSION__ >= 201112L && !defined(static_assert)
#define static_assert	_Static_assert
#endif
