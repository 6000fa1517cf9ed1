/* stubs.h - stubs.c: the descriptor exec_self_fd() answers (vxlinux's
   own binary, which the filter lets execveat run). */
#ifndef OUTER_STUBS_H
#define OUTER_STUBS_H
extern int stub_self_fd;
#endif
