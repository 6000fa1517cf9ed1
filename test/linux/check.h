/*
 * check.h - how the self-checking programs of test/linux/ report: one
 * line per check, "ok   ..." or "FAIL ... (errno NAME)", and the count
 * in `failures` for the closing "N failures" line.  stdout is flushed
 * after each line, so that a fork or a crash neither repeats nor loses
 * one.
 */
#ifndef LINUX_CHECK_H
#define LINUX_CHECK_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

static int failures;

#define CHECK(cond, ...) do {						\
	int ok_ = (cond), e_ = errno;					\
	printf("%s ", ok_ ? "ok  " : "FAIL");				\
	printf(__VA_ARGS__);						\
	if (!ok_) {							\
		printf(" (errno %s)", strerrorname_np(e_));		\
		failures++;						\
	}								\
	printf("\n");							\
	fflush(stdout);							\
} while (0)

#endif
